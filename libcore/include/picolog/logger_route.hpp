// logger_route.hpp - the routed log calls: a record with only a level and a
// message (Logger::log_message), or a printf call with a fixed layout
// (Logger::log_printf), sent straight to the one handler the logger's
// cached route reaches. Inline, so that the C API's log calls compile the
// route into their own frame: one frame fewer on every queued call. The
// route itself is computed out of line (logger.cpp), when the generation
// moved.
#pragma once

#include "picolog/context.hpp"
#include "picolog/logger.hpp"
#include "picolog/route.hpp"

namespace picolog {

inline uint64_t Logger::current_route() noexcept {
    const uint64_t generation = route::generation();
    const uint64_t route = route_.load(std::memory_order_relaxed);
    if ((route >> kGenerationShift) != generation) [[unlikely]]
        return compute_route(generation);
    return route;
}

inline bool Logger::route_always_waits() const noexcept {
    const uint64_t route = route_.load(std::memory_order_relaxed);
    return (route & kWaitlessBit) == 0 && (route >> kGenerationShift) == route::generation();
}

template <class Handle>
inline int Logger::through_route(uint64_t route, Handle handle) noexcept {
    // The route says where the one handler is; this logger's own filters and
    // whether it is closed are read here, as log() reads them.
    if ((route & kHopsMask) == kNoRoute || !filters_.empty() || closed()) return kNotRouted;
    const Logger* owner = this;
    if (uint64_t hops = route & kHopsMask; hops > 0) {
        for (; hops > 0 && owner != nullptr; --hops) owner = owner->parent();
        // A parent link changed since the route was made: the hops may end
        // elsewhere now (route.hpp). No hops end here whatever the links.
        if (owner == nullptr || route::generation() != (route >> kGenerationShift)) [[unlikely]]
            return kNotRouted;
    }
    // The thread's context goes with the record as log_in_context() lends
    // it: the shared snapshot, which a queue handler carries by reference.
    // A context borrow() cannot lend takes log().
    std::span<const Field> fields;
    const bool in_context = context::active();
    if (in_context && !context::borrow(fields)) return kNotRouted;
    int status = kNotRouted;
    {
        // Pinned, the list keeps its handler alive; checked, because a
        // change made meanwhile may have replaced it.
        auto handlers = owner->handlers_.read();
        if (handlers->size() == 1) status = handle(*(*handlers)[0], fields);
    }
    if (in_context) [[unlikely]]
        context::give_back();
    return status;
}

inline int Logger::log_message(int level, std::string_view message) noexcept {
    const int status = through_route(current_route(), [&](Handler& h, std::span<const Field> fields) {
        return h.handle_message(level, message, name_, fields);
    });
    if (status != kNotRouted) return status;
    return log_unrouted(level, message, false);
}

inline int Logger::log_printf(int level, const printf_plan::Plan& plan, va_list* args) noexcept {
    // Not routed and not taken alike send the call the block's way.
    static_assert(kNotRouted == Handler::kNotTaken);
    const uint64_t route = current_route();
    if ((route & kQueueBit) == 0) return Handler::kNotTaken;
    return through_route(route, [&](Handler& h, std::span<const Field> fields) {
        return h.handle_printf(level, plan, args, name_, fields);
    });
}

}  // namespace picolog
