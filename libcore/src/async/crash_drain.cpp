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
#include "picolog/crash.hpp"
#include "picolog/fork_gate.hpp"
#include "picolog/printf_plan.hpp"

namespace picolog {

namespace async {

void Channel::drain_for_crash(TakenRecord& buf, void (*fn)(const TakenRecord& record, void* ctx),
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
        fn(buf, ctx);
        (void)buf.heap.release();  // freeing is not async-signal-safe
    }
}

}  // namespace async

namespace {

struct DrainContext {
    QueueListener::State* state;
    bool watch_hand;  // every handler's lock is held here
    bool in_hand_written = false;
};

void write_record(QueueListener::State& s, const std::byte* data) noexcept {
    try {
        Record record = async::decode(data, s.crash_fields);
        // Formatted late: rendered now, into room reserved beforehand.
        printf_plan::render_record(record, s.crash_rendered);
        // Native writers only: no callback into other code from here.
        for (const Ref<Handler>& h : s.handlers)
            if (h->writes_in_crash()) h->handle_locked(record, s.options.respect_handler_level);
    } catch (const std::bad_alloc&) {
        // A record with more fields than were reserved: lost.
    }
}

// The listener takes a batch's first record out before it takes the
// handlers' locks: caught in between (the locks are held here), it waits
// for them with that record in hand, and this thread writes it in its
// place: before `next`, the record this thread is about to write, if it was
// queued first (the listener may have taken it before or after this
// thread took `next`), or at the end (`next` null). It holds at most one.
void write_in_hand(DrainContext& ctx, const async::TakenRecord* next) noexcept {
    QueueListener::State& s = *ctx.state;
    if (!ctx.watch_hand || ctx.in_hand_written) return;
    for (unsigned rounds = 0; s.hand.load(std::memory_order_seq_cst) == QueueListener::State::kHandTaking &&
                              crash::may_wait_more();)
        fork_gate::backoff(rounds);
    if (s.hand.load(std::memory_order_seq_cst) != QueueListener::State::kHandHolding) return;
    if (next != nullptr && !async::queued_before(s.taken, *next)) return;
    write_record(s, s.taken.data);
    ctx.in_hand_written = true;
}

void emit_for_crash(const async::TakenRecord& record, void* p) {
    auto& ctx = *static_cast<DrainContext*>(p);
    write_in_hand(ctx, &record);
    write_record(*ctx.state, record.data);
}

}  // namespace

void QueueListener::crash_drain(const Record& last) noexcept {
    State& s = *state_;
    // The listener takes its handlers' locks per batch: wait for it to let
    // go (crash::may_wait_more), then go on without (it may be the thread
    // that crashed).
    constexpr size_t kMaxLocked = 64;
    bool all_locked = s.handlers.size() <= kMaxLocked && !s.on_thread();
    for (size_t i = 0; i < s.handlers.size() && i < kMaxLocked; ++i)
        all_locked = s.handlers[i]->lock_for_crash() && all_locked;
    DrainContext ctx{&s, all_locked};
    s.channel.drain_for_crash(s.crash_taken, &emit_for_crash, &ctx);
    write_in_hand(ctx, nullptr);
    for (const Ref<Handler>& h : s.handlers) h->crash_write_locked(last);
    // The locks stay held: the process is ending, and the listener must
    // not write again what was written here.
}

void QueueHandler::crash_flush(const Record& last) noexcept {
    listener_->crash_drain(last);
}

}  // namespace picolog
