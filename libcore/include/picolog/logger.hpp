// logger.hpp - one node of the logger hierarchy.
//
// A logger's enabled check is one relaxed load of `threshold_`: the runtime
// keeps it equal to max(effective level, global disable + 1), or INT32_MAX
// while the logger is disabled, and recomputes it for every descendant when a
// level, a parent link or the global disable level changes.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "picolog/filter.hpp"
#include "picolog/handler.hpp"
#include "picolog/record.hpp"
#include "picolog/route.hpp"

namespace picolog {

class Registry;

class Logger {
public:
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;

    std::string_view name() const noexcept { return name_; }  // NUL-terminated
    Logger* parent() const noexcept { return parent_.load(std::memory_order_acquire); }

    int level() const noexcept { return level_.load(std::memory_order_relaxed); }
    int effective_level() const noexcept { return effective_.load(std::memory_order_relaxed); }
    // Throws Error(kInvalid) for a negative level. Takes the registry's
    // exclusive lock to update descendants (a rare, configuration-time call).
    void set_level(int level);

    // The threshold check, one load and one compare. It cannot refuse a
    // record at INT32_MAX (the threshold's top); closed() does, where the
    // record is handled. enabled_for() is the two together.
    bool is_enabled_for(int level) const noexcept {
        return level >= threshold_.load(std::memory_order_relaxed);
    }
    bool enabled_for(int level) const noexcept { return is_enabled_for(level) && !closed(); }
    const std::atomic<int32_t>* threshold_ptr() const noexcept { return &threshold_; }

    bool propagate() const noexcept { return propagate_.load(std::memory_order_relaxed); }
    void set_propagate(bool on) noexcept {
        propagate_.store(on, std::memory_order_relaxed);
        route::changed();
    }
    bool disabled() const noexcept { return disabled_.load(std::memory_order_relaxed); }
    // No record passes, whatever its level: the logger is disabled, or the
    // global disable level is INT32_MAX.
    bool closed() const noexcept { return closed_.load(std::memory_order_relaxed); }
    void set_disabled(bool on);

    // Throws Error(kInvalid) if the handler belongs to a queue listener.
    // False if it was already attached.
    bool add_handler(const Ref<Handler>& handler);
    bool remove_handler(const Handler* handler);
    void clear_handlers();
    // Replaces the whole handler list at once: a record being logged meets
    // either the old list or the new one, so a handler swapped for another
    // neither loses nor doubles it. Throws Error(kInvalid), changing
    // nothing, if a new handler belongs to a queue listener.
    void set_handlers(std::vector<Ref<Handler>> handlers);
    std::shared_ptr<const std::vector<Ref<Handler>>> handlers() const noexcept {
        return handlers_.snapshot();
    }
    // This logger or an ancestor reached through propagate has a handler.
    bool has_handlers() const noexcept;

    FilterList& filters() noexcept { return filters_; }

    // Python's Logger.handle + callHandlers for an enabled record: sets the
    // record's logger name, stamps it, runs this logger's filters, then every
    // handler up the propagate chain (a handler's own level decides there);
    // with no handler anywhere, the record goes to the last resort
    // (last_resort.hpp). Does not re-check the level: callers test
    // is_enabled_for first. Returns the first non-ok handler status. The
    // calling thread's context fields (context.hpp) are merged in first.
    int log(Record& record) noexcept;
    // log() of a record with only a level and a message (picolog_log's).
    // When the cached route says the record reaches one handler and nothing
    // else, it goes to Handler::handle_message without the walk up the
    // hierarchy (a queue handler then builds no Record); otherwise log().
    // Inline (logger_route.hpp).
    inline int log_message(int level, std::string_view message) noexcept;
    // A cheap defers_formatting() for picolog_logf: true when the cached
    // route ends at one queue handler and this logger has no filter. No
    // handler list is read.
    bool routes_to_queue() noexcept;
    // log() of a record whose message is a captured printf call (`block`,
    // printf_plan.hpp) with only a level: straight to the queue handler the
    // route ends at (QueueHandler::handle_captured), else log().
    int log_captured(int level, std::string_view block) noexcept;
    // log_captured() of a printf call whose plan has a fixed layout, before
    // its arguments are captured: when the route ends at one queue handler,
    // they are read from `args` straight into its slot
    // (Handler::handle_printf). Handler::kNotTaken, with `args` untouched,
    // when the call must take log_captured() or log() instead. Inline
    // (logger_route.hpp).
    inline int log_printf(int level, const printf_plan::Plan& plan, va_list* args) noexcept;
    // log() that waits for nothing (picolog_try_log_ex): when the cached
    // route ends at one handler that may take a record without waiting
    // (Handler::takes_without_waiting: a queue handler, a buffered file
    // handler) and this logger has no filter, the handler is asked
    // (Handler::handle_without_waiting) with the record's own fields, or
    // with the thread's context fields when it has none (a record with
    // both takes log(), which merges them). Handler::kNotTaken, with
    // nothing done, when the record needs log() instead.
    int log_without_waiting(Record& record) noexcept;
    // False when a record logged here now would run no code outside picolog
    // on the calling thread: the cached route ends at one handler that runs
    // none (not a callback handler, nor one that holds records for a
    // target), with no filter on this logger or on the handler. A queue
    // handler's records reach its handlers on the listener's thread. True
    // when it may, or cannot be told (no route: several handlers, or none
    // and the last resort). A change made meanwhile may make the answer
    // stale by the time a record is logged.
    bool reaches_user_code() noexcept;
    // True when the cached route is current and does not end at such a
    // handler, so log_without_waiting() would not take a record: two loads
    // and nothing computed, safe anywhere (a signal handler included).
    // False says nothing. Inline (logger_route.hpp).
    inline bool route_always_waits() const noexcept;

    // True when a record logged here now would reach only handlers that take
    // it with its printf call still captured (queue handlers): no filter on
    // this logger, at least one handler, and every handler up the propagate
    // chain such a handler (logger_deferred.cpp). A record marked
    // deferred_format may still be given to log(): whatever needs its text
    // on the way (a handler added since) gets it rendered.
    bool defers_formatting() const noexcept;

private:
    friend class Registry;
    Logger(std::string name, Logger* parent);
    // Recomputes effective level and threshold here and below; registry lock
    // held exclusively.
    void update_levels_locked(int disable_level);
    // log() for a thread with context fields: merges them in, then dispatches.
    [[gnu::noinline]] int log_in_context(Record& record) noexcept;
    // log() of a record with only a level and a message: the way of a
    // log_message() or log_captured() that its route does not take. Out of
    // line, so that the Record is not on the routed call's stack.
    [[gnu::noinline]] int log_unrouted(int level, std::string_view message, bool deferred_format) noexcept;
    // Names, stamps and filters the record, then calls the handlers.
    int dispatch(Record& record) noexcept;
    // log_message's note that the route found no single handler: not a
    // status (every status is 0 or negative).
    static constexpr int kNotRouted = 1;
    // The low byte of a route: hops up the chain, or no direct route; the
    // next bit: the one handler is a queue handler; the next: it may take a
    // record without waiting; the generation above.
    static constexpr uint64_t kHopsMask = 0xff;
    static constexpr uint64_t kNoRoute = 0xff;
    static constexpr uint64_t kQueueBit = 0x100;
    static constexpr uint64_t kWaitlessBit = 0x200;
    static constexpr int kGenerationShift = 10;
    // Walks the propagate chain and caches the route for `generation`.
    [[gnu::cold, gnu::noinline]] uint64_t compute_route(uint64_t generation) noexcept;
    // The cached route, recomputed if the generation moved.
    inline uint64_t current_route() noexcept;
    // Calls handle(handler, context fields) for the one handler `route`
    // reaches, its list pinned, and returns its status; or kNotRouted (1,
    // not a status) when the record must take log().
    template <class Handle>
    inline int through_route(uint64_t route, Handle handle) noexcept;
    // dispatch() for a record whose message is a captured printf call:
    // rendered for the first consumer that needs its text.
    [[gnu::noinline]] int dispatch_deferred(Record& record) noexcept;

    std::string name_;
    std::atomic<Logger*> parent_;
    std::atomic<int> level_{0};
    std::atomic<int> effective_{0};
    std::atomic<int32_t> threshold_{0};
    std::atomic<bool> propagate_{true};
    std::atomic<bool> disabled_{false};
    std::atomic<bool> closed_{false};
    CowList<Handler> handlers_;
    FilterList filters_;
    // The cached route (route.hpp): (generation << 10) | waitless << 9 |
    // queue << 8 | hops, where hops is how many parents up lies the logger
    // whose list holds the one handler this logger's records reach (kNoRoute
    // in the low byte when they reach several handlers or none), queue says
    // that handler is a queue handler and waitless that it may take a record
    // without waiting. Any thread may recompute it: each stores a whole
    // word computed from one generation, and a word of an older generation
    // is simply computed again.
    std::atomic<uint64_t> route_{0};
    std::vector<Logger*> children_;  // guarded by the registry's exclusive lock
};

}  // namespace picolog
