// crash_drain.cpp - emptying a queue from a fatal-signal handler, in the
// crashing thread, without its listener (crash.cpp calls it through
// QueueHandler::crash_flush). Kept apart from the listener's own loop: this
// path allocates nothing it can avoid and never waits for long.
#include <limits>
#include <new>

#include "lane.hpp"
#include "listener_state.hpp"
#include "picolog/async/owned_record.hpp"
#include "picolog/async/queue_handler.hpp"

namespace picolog {

namespace async {

void Channel::drain_for_crash(TakenRecord& buf, void (*fn)(const std::byte* data, size_t size, void* ctx),
                              void* ctx) noexcept {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    for (;;) {
        // The oldest first record among the lanes: a linear scan, as the
        // merge's heap belongs to the listener.
        Lane* oldest = nullptr;
        int64_t oldest_ns = std::numeric_limits<int64_t>::max();
        for (size_t i = 0; i < n; ++i) {
            Lane* lane = lane_at(i);
            int64_t created;
            if (lane != nullptr && peek(*lane, created) && (oldest == nullptr || created < oldest_ns)) {
                oldest = lane;
                oldest_ns = created;
            }
        }
        if (oldest == nullptr) return;
        // Fails only if the listener took it first; it writes it then.
        if (!pop_from(*oldest, &buf)) continue;
        fn(buf.data, buf.size, ctx);
        (void)buf.heap.release();  // freeing is not async-signal-safe
    }
}

}  // namespace async

namespace {

struct DrainContext {
    QueueListener::State* state;
};

void emit_for_crash(const std::byte* data, size_t, void* ctx) {
    QueueListener::State& s = *static_cast<DrainContext*>(ctx)->state;
    try {
        Record record = async::decode(data, s.crash_fields);
        // Native writers only: no callback into other code from here.
        for (const Ref<Handler>& h : s.handlers)
            if (h->writes_in_crash()) h->handle_locked(record, s.options.respect_handler_level);
    } catch (const std::bad_alloc&) {
        // A record with more fields than were reserved: lost.
    }
}

}  // namespace

void QueueListener::crash_drain(const Record& last) noexcept {
    State& s = *state_;
    // The listener takes its handlers' locks per batch: wait a moment for
    // it to let go, then go on without (it may be the thread that crashed).
    constexpr size_t kMaxLocked = 64;
    bool locked[kMaxLocked] = {};
    for (size_t i = 0; i < s.handlers.size() && i < kMaxLocked; ++i)
        locked[i] = s.handlers[i]->lock_for_crash();
    DrainContext ctx{&s};
    s.channel.drain_for_crash(s.crash_taken, &emit_for_crash, &ctx);
    for (const Ref<Handler>& h : s.handlers) h->crash_write_locked(last);
    for (size_t i = 0; i < s.handlers.size() && i < kMaxLocked; ++i)
        if (locked[i]) s.handlers[i]->unlock_after_crash();
}

void QueueHandler::crash_flush(const Record& last) noexcept {
    listener_->crash_drain(last);
}

}  // namespace picolog
