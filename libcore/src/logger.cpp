// logger.cpp - one node of the hierarchy: level changes, handler lists and
// the log path (filters, then handlers up the propagate chain).
#include "picolog/logger.hpp"

#include <algorithm>
#include <memory>
#include <new>

#include "picolog/context.hpp"
#include "picolog/last_resort.hpp"
#include "picolog/level.hpp"
#include "picolog/logger_route.hpp"
#include "picolog/registry.hpp"

namespace picolog {

namespace {

// Room on the stack for a record's fields merged with its thread's context.
constexpr size_t kMergedStackFields = 32;

}  // namespace

Logger::Logger(std::string name, Logger* parent) : name_(std::move(name)), parent_(parent) {}

void Logger::set_level(int level) {
    if (!levels::valid(level))
        throw Error(kInvalid, "logger '" + name_ + "': level " + std::to_string(level) + " is negative");
    Registry::instance().change_levels(*this, [&] { level_.store(level, std::memory_order_relaxed); });
}

void Logger::set_disabled(bool on) {
    Registry::instance().change_levels(*this, [&] { disabled_.store(on, std::memory_order_relaxed); });
}

void Logger::update_levels_locked(int disable_level) {
    int own = level_.load(std::memory_order_relaxed);
    Logger* parent = parent_.load(std::memory_order_relaxed);
    int effective = own != NOTSET       ? own
                    : parent != nullptr ? parent->effective_.load(std::memory_order_relaxed)
                                        : NOTSET;
    effective_.store(effective, std::memory_order_relaxed);
    int64_t threshold = effective;
    // Python's disable(L) drops records at or below L; NOTSET turns it off.
    if (disable_level != NOTSET) threshold = std::max<int64_t>(threshold, int64_t{disable_level} + 1);
    // A threshold beyond INT32_MAX stands as INT32_MAX, which a record at
    // INT32_MAX would pass: closed_ refuses that one.
    const bool closed = disabled_.load(std::memory_order_relaxed) || threshold > INT32_MAX;
    if (closed) threshold = INT32_MAX;
    threshold_.store(static_cast<int32_t>(threshold), std::memory_order_relaxed);
    closed_.store(closed, std::memory_order_relaxed);
    for (Logger* child : children_) child->update_levels_locked(disable_level);
}

bool Logger::add_handler(const Ref<Handler>& handler) {
    if (!handler) throw Error(kInvalid, "logger '" + name_ + "': the handler is NULL");
    if (!handler->attach_to_logger())
        throw Error(kInvalid, "logger '" + name_ + "': the handler belongs to a queue listener");
    bool added = false;
    try {
        added = handlers_.add(handler);
    } catch (...) {
        handler->detach_from_logger();
        throw;
    }
    if (!added) handler->detach_from_logger();
    return added;
}

bool Logger::remove_handler(const Handler* handler) {
    // Keep a reference until detached: the list's may be the last one.
    Ref<Handler> keep;
    for (const auto& h : *handlers_.snapshot())
        if (h.get() == handler) keep = h;
    if (!keep || !handlers_.remove(handler)) return false;
    keep->detach_from_logger();
    return true;
}

void Logger::clear_handlers() {
    auto old = handlers_.snapshot();
    handlers_.clear();
    for (const auto& h : *old) h->detach_from_logger();
}

void Logger::set_handlers(std::vector<Ref<Handler>> handlers) {
    auto old = handlers_.snapshot();
    auto held = [](const auto& list, const Handler* h) {
        return std::any_of(list.begin(), list.end(), [h](const Ref<Handler>& r) { return r.get() == h; });
    };
    std::vector<Handler*> attached;
    for (const auto& h : handlers) {
        if (!h) throw Error(kInvalid, "logger '" + name_ + "': the handler is NULL");
        if (held(*old, h.get()) || std::find(attached.begin(), attached.end(), h.get()) != attached.end())
            continue;
        if (!h->attach_to_logger()) {
            for (Handler* a : attached) a->detach_from_logger();
            throw Error(kInvalid, "logger '" + name_ + "': a handler belongs to a queue listener");
        }
        attached.push_back(h.get());
    }
    std::vector<Ref<Handler>> gone;
    for (const auto& h : *old)
        if (!held(handlers, h.get())) gone.push_back(h);
    try {
        handlers_.replace(std::move(handlers));
    } catch (...) {
        for (Handler* a : attached) a->detach_from_logger();
        throw;
    }
    for (const auto& h : gone) h->detach_from_logger();
}

bool Logger::has_handlers() const noexcept {
    for (const Logger* l = this; l != nullptr; l = l->parent()) {
        if (!l->handlers_.empty()) return true;
        if (!l->propagate()) break;
    }
    return false;
}

int Logger::log(Record& record) noexcept {
    if (closed()) return kOk;
    if (context::active()) [[unlikely]]
        return log_in_context(record);
    return dispatch(record);
}

int Logger::log_unrouted(int level, std::string_view message, bool deferred_format) noexcept {
    Record record;
    record.level = level;
    record.message = message;
    record.deferred_format = deferred_format;
    return log(record);
}

bool Logger::routes_to_queue() noexcept {
    const uint64_t route = current_route();
    return (route & kQueueBit) != 0 && (route & kHopsMask) != kNoRoute && filters_.empty() && !closed();
}

int Logger::log_captured(int level, std::string_view block) noexcept {
    const int status = through_route(current_route(), [&](Handler& h, std::span<const Field> fields) {
        // A list replaced since routes_to_queue() may hold another handler.
        if (!h.takes_deferred_format()) return kNotRouted;
        return h.handle_captured(level, block, name_, fields);
    });
    if (status != kNotRouted) return status;
    return log_unrouted(level, block, true);
}

int Logger::log_without_waiting(Record& record) noexcept {
    static_assert(kNotRouted == Handler::kNotTaken);
    const uint64_t route = current_route();
    if ((route & kWaitlessBit) == 0) return kNotRouted;
    // The record's own fields go as they are; merged with the thread's
    // context fields, they are log()'s (log_in_context).
    const std::span<const Field> own = record.fields;
    if (!own.empty() && context::active()) return kNotRouted;
    return through_route(route, [&](Handler& h, std::span<const Field> fields) {
        record.logger_name = name_;
        if (own.empty()) record.fields = fields;
        const int status = h.handle_without_waiting(record);
        record.fields = own;
        return status;
    });
}

bool Logger::reaches_user_code() noexcept {
    bool reaches = true;
    through_route(current_route(), [&](Handler& h, std::span<const Field>) {
        reaches = !h.filters().empty() || h.runs_user_code() || h.holds_records();
        return kOk;
    });
    return reaches;
}

uint64_t Logger::compute_route(uint64_t generation) noexcept {
    // Parent links are changing: the general path, and nothing cached.
    if (!route::routable(generation)) return (generation << kGenerationShift) | kNoRoute;
    uint64_t found = kNoRoute;
    uint64_t kind = 0;
    size_t reached = 0;
    uint64_t hops = 0;
    for (const Logger* l = this; l != nullptr && hops < kNoRoute; l = l->parent(), ++hops) {
        if (!l->handlers_.empty()) {
            auto handlers = l->handlers_.read();
            reached += handlers->size();
            found = hops;
            // A handler's kind never changes: the bits hold as long as the
            // route's generation does.
            if (handlers->size() == 1) {
                const Handler& h = *(*handlers)[0];
                kind = (h.is_queue() ? kQueueBit : 0) | (h.takes_without_waiting() ? kWaitlessBit : 0);
            }
        }
        if (reached > 1 || !l->propagate()) break;
    }
    // A chain too deep for the byte (255 loggers, walked all the way) keeps
    // the general path, as does anything but one handler.
    if (reached != 1 || hops == kNoRoute) {
        found = kNoRoute;
        kind = 0;
    }
    const uint64_t route = (generation << kGenerationShift) | kind | found;
    route_.store(route, std::memory_order_relaxed);
    return route;
}

int Logger::log_in_context(Record& record) noexcept {
    std::span<const Field> shared;
    if (record.fields.empty() && context::borrow(shared)) {
        record.fields = shared;
        int status = dispatch(record);
        context::give_back();
        record.fields = {};
        return status;
    }
    // Left uninitialised: merge() writes the entries it returns.
    union StackFields {
        StackFields() {}
        Field items[kMergedStackFields];
    } stack_fields;
    std::unique_ptr<Field[]> heap_fields;
    Field* merged = stack_fields.items;
    size_t n = context::merge(record.fields, merged, kMergedStackFields);
    if (n > kMergedStackFields) {
        heap_fields.reset(new (std::nothrow) Field[n]);
        // Out of memory: the record still goes out, without its context.
        if (!heap_fields) return dispatch(record);
        merged = heap_fields.get();
        n = context::merge(record.fields, merged, n);
    }
    std::span<const Field> own = record.fields;
    record.fields = {merged, n};
    int status = dispatch(record);
    record.fields = own;
    return status;
}

int Logger::dispatch(Record& record) noexcept {
    if (record.deferred_format) [[unlikely]]
        return dispatch_deferred(record);
    record.logger_name = name_;
    stamp(record);
    if (!filters_.accept(record)) return kOk;
    int status = kOk;
    bool found = false;
    for (const Logger* l = this; l != nullptr; l = l->parent()) {
        if (!l->handlers_.empty()) {
            auto handlers = l->handlers_.read();
            for (const auto& h : *handlers) {
                found = true;
                status = worse_status(status, h->handle(record));
            }
        }
        if (!l->propagate()) break;
    }
    if (!found) last_resort::handle(record);
    return status;
}

}  // namespace picolog
