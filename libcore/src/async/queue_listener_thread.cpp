// queue_listener_thread.cpp - the listener thread's loop: drain in batches,
// answer flush tickets, poll briefly, nap, and then sleep on the doorbell
// when idle, park for fork, and close the handlers when the channel is closed
// and empty.
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <new>

#include "listener_state.hpp"
#include "picolog/async/owned_record.hpp"
#include "picolog/error.hpp"
#include "picolog/fence.hpp"
#include "picolog/printf_plan.hpp"
#include "picolog/runtime.hpp"

namespace picolog {

namespace {
// Records per batch: bounds how long the handler locks are held (flush_all,
// fork and the handlers' own flushes wait for them) and how late a park or
// flush request is seen.
constexpr size_t kBatch = 256;

// How long an idle listener polls before it naps. A producer logging at a
// steady pace usually logs again within this time and finds it polling.
constexpr auto kPollBeforeNap = std::chrono::microseconds(30);
// Polls (with a pause each) between yields. The yield matters when there
// are more threads than CPUs: a producer that woke the listener is often
// preempted by it on its own CPU, and would otherwise wait out the whole
// polling window before its log call returns.
constexpr unsigned kPollsPerYield = 8;
// Then it naps: timed sleeps during which producers do not wake it, so a
// record logged meanwhile waits at most one nap to be written, and its
// caller never pays for a wake-up. After kNapSpell of naps with nothing to
// do, the listener sleeps until woken: no CPU at all while the process
// does not log, at the price of one futex wake for the next record.
constexpr long kNapNs = 1000000;  // 1 ms
constexpr auto kNapSpell = std::chrono::milliseconds(50);

thread_local QueueListener::State* tls_listener = nullptr;
}  // namespace

bool QueueListener::State::on_thread() const noexcept {
    return tls_listener == this;
}

QueueListener::State* QueueListener::State::exiting_here() noexcept {
    State* s = tls_listener;
    return s != nullptr && s->exiting.load(std::memory_order_relaxed) ? s : nullptr;
}

void QueueListener::State::run() noexcept {
    tls_listener = this;
    // Records logged from inside a handler (on this thread) carry this name.
    pthread_setname_np(pthread_self(), "picolog-queue");
    tid.store(static_cast<int>(gettid()), std::memory_order_release);
    gate.store(fork_gate::current(), std::memory_order_release);
    runtime::set_thread_exit_hook(&State::on_exit, this);
    for (;;) {
        if (park_requested.load(std::memory_order_acquire)) park();
        take_flush_request();
        const bool drained = drain_batch();
        flush_if_due();
        if (drained) continue;
        // Sealed: every accepted record is published, so an empty channel
        // stays empty.
        if (channel.sealed() && !channel.has_records()) break;
        sleep_if_idle();
    }
    finish();
}

bool QueueListener::State::drain_batch() noexcept {
    // A batch's first record is taken out before the handlers' locks; a
    // crash drain holding them (crash_drain.cpp) writes it if this thread
    // is caught in between.
    hand.store(kHandTaking, std::memory_order_seq_cst);
    if (channel.try_pop(taken) != async::Channel::Pop::kOk) {
        hand.store(kHandEmpty, std::memory_order_release);
        return false;
    }
    hand.store(kHandHolding, std::memory_order_seq_cst);
    // The high-water mark is sampled here (and by producers that find their
    // lane full) rather than on every push, to keep producers' fast path
    // free of writes to shared lines.
    channel.sample_depth();
    channel.populate_ahead();
    batches.store(batches.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    for (const Ref<Handler>& h : handlers) locks.emplace_back(h->lock());
    hand.store(kHandEmpty, std::memory_order_release);
    size_t n = 0;
    for (;;) {
        unreleased_bytes += taken.charge();
        emit(taken);
        taken.heap.reset();
        if (++n % notify_every == 0) make_room();
        if (n >= kBatch || park_requested.load(std::memory_order_relaxed) || flush_due()) break;
        if (channel.try_pop(taken) != async::Channel::Pop::kOk) break;
    }
    for (const Ref<Handler>& h : handlers) h->end_batch();
    locks.clear();
    releases.flush();
    make_room();
    return true;
}

void QueueListener::State::make_room() noexcept {
    channel.release_bytes(unreleased_bytes);
    unreleased_bytes = 0;
    channel.notify_room();
}

void QueueListener::State::emit(const async::TakenRecord& t) noexcept {
    // Counted as it is passed on: a handler that forks on this thread
    // carries on with the record in the child, where it is counted too
    // (Channel::reset_after_fork).
    emitted.store(emitted.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    uint64_t failures = 0;
    try {
        Record record = async::decode(t.data, fields);
        printf_plan::render_record(record, rendered);
        for (const Ref<Handler>& h : handlers) {
            uint64_t before = h->failures();
            int status = h->handle_locked(record, options.respect_handler_level);
            if (status != kOk || h->failures() != before) ++failures;
        }
    } catch (const std::bad_alloc&) {
        // Only growing the field table can throw; the record is lost for
        // every handler.
        failures += std::max<size_t>(1, handlers.size());
    }
    // Every handler is done with the record: the context it shares goes
    // (with the batch, drain_batch()).
    releases.add(t.data);
    if (failures) failed.store(failed.load(std::memory_order_relaxed) + failures, std::memory_order_relaxed);
}

void QueueListener::State::take_flush_request() noexcept {
    if (flush_serving != 0) return;
    const uint64_t requested = flush_requested.load(std::memory_order_acquire);
    if (requested <= flushed_through.load(std::memory_order_relaxed)) return;
    // Every record enqueued before a flush() call that took a ticket up to
    // `requested` is published in its lane below these marks.
    try {
        channel.mark(flush_marks);
    } catch (const std::bad_alloc&) {
        return;  // tried again on the next turn of the loop
    }
    flush_serving = requested;
}

bool QueueListener::State::flush_due() const noexcept {
    return flush_serving != 0 && channel.reached(flush_marks);
}

int QueueListener::State::flush_handlers() noexcept {
    int status = kOk;
    for (const Ref<Handler>& h : handlers) status = worse_status(status, h->flush());
    return status;
}

void QueueListener::State::flush_if_due() noexcept {
    if (!flush_due()) return;
    answer(flush_serving, flush_handlers());
    flush_serving = 0;
}

void QueueListener::State::answer(uint64_t ticket, int status) noexcept {
    async::Doorbell* waiter = nullptr;
    {
        std::lock_guard lock(flush_mutex);
        flush_status = status;
        flushed_through.store(ticket, std::memory_order_release);
        waiter = waiter_bell;
    }
    flush_cv.notify_all();
    if (waiter != nullptr) {
        // A request to the exiting listener (doorbell.hpp).
        fence::heavy();
        waiter->ring();
    }
}

bool QueueListener::State::has_request() const noexcept {
    return channel.closed() || park_requested.load(std::memory_order_relaxed) ||
           flush_requested.load(std::memory_order_relaxed) > flushed_through.load(std::memory_order_relaxed);
}

bool QueueListener::State::has_work() const noexcept {
    return has_request() || channel.has_records();
}

bool QueueListener::State::poll_for_work() const noexcept {
    const auto until = std::chrono::steady_clock::now() + kPollBeforeNap;
    for (unsigned polls = 1;; ++polls) {
        if (has_work()) return true;
        if (polls % kPollsPerYield != 0) {
            cpu_relax();
            continue;
        }
        std::this_thread::yield();
        if (std::chrono::steady_clock::now() >= until) return false;
    }
}

bool QueueListener::State::nap_for_work() noexcept {
    async::Doorbell& bell = channel.doorbell();
    const auto until = std::chrono::steady_clock::now() + kNapSpell;
    bell.arm_nap();
    // Pairs with a requester's store, heavy fence, ring (doorbell.hpp).
    fence::light();
    if (!has_work()) {
        naps.fetch_add(1, std::memory_order_release);
        naps.notify_all();
    }
    while (!has_work()) {
        if (std::chrono::steady_clock::now() >= until) {
            bell.cancel();
            return false;
        }
        bell.nap(kNapNs);
    }
    bell.cancel();
    return true;
}

void QueueListener::State::sleep_if_idle() noexcept {
    if (poll_for_work() || nap_for_work()) return;
    async::Doorbell& bell = channel.doorbell();
    bell.arm();
    // Every condition a producer, flusher, closer or forker changes before
    // ringing is re-read after this fence: either this thread sees it, or
    // that thread sees the doorbell armed (doorbell.hpp).
    fence::heavy();
    if (has_work()) {
        bell.cancel();
        return;
    }
    sleeps.fetch_add(1, std::memory_order_release);
    sleeps.notify_all();
    bell.sleep();
    wakeups.fetch_add(1, std::memory_order_release);
}

void QueueListener::State::park() noexcept {
    // Parked is at rest: the fork freezes this thread here. Declared before
    // the lock, so the thread leaves park_mutex before it waits for the
    // thaw (the parent's fork step takes park_mutex first).
    fork_gate::Quiet quiet;
    std::unique_lock lock(park_mutex);
    parked = true;
    park_cv.notify_all();
    park_cv.wait(lock, [this] { return !park_requested.load(std::memory_order_relaxed); });
    parked = false;
}

void QueueListener::State::on_exit(void* self, bool closed) noexcept {
    auto& s = *static_cast<State*>(self);
    if (!closed) {
        s.exiting.store(true, std::memory_order_release);
        return;
    }
    // Every other handler is closed, and so is every queue that fed this
    // one: what this one holds now is all it will get.
    s.channel.close();
    s.finish_in_place();
}

void QueueListener::State::drain_until_answered(State& other, uint64_t ticket) noexcept {
    async::Doorbell& bell = channel.doorbell();
    // Under the mutex: either `other` raises flushed_through after this and
    // rings, or the check below sees the raise.
    {
        std::lock_guard lock(other.flush_mutex);
        other.waiter_bell = &bell;
    }
    for (;;) {
        drain_held();
        // Woken by a record pushed into this queue, a flush of it, or
        // `other`'s answer.
        bell.arm();
        fence::heavy();
        const bool answered = other.flushed_through.load(std::memory_order_acquire) >= ticket;
        const bool flushing =
            flush_requested.load(std::memory_order_relaxed) > flushed_through.load(std::memory_order_relaxed);
        if (!answered && !flushing && !channel.has_records()) bell.sleep();
        bell.cancel();
        if (answered) break;
    }
    std::lock_guard lock(other.flush_mutex);
    other.waiter_bell = nullptr;
}

void QueueListener::State::drain_held() noexcept {
    // As the loop in run(): the thread waited for may also be flushing this
    // queue (flushing its own handlers).
    for (;;) {
        take_flush_request();
        const bool drained = drain_batch();
        flush_if_due();
        if (!drained) return;
    }
}

bool QueueListener::State::drain_until_room(async::Channel& other, size_t charge,
                                            const std::chrono::steady_clock::time_point* deadline) noexcept {
    // Room in `other` is announced on its condition variable, not on this
    // queue's doorbell, so the wait is cut into short spells with this
    // queue drained between them.
    constexpr auto kSpell = std::chrono::milliseconds(1);
    for (;;) {
        drain_held();
        auto until = std::chrono::steady_clock::now() + kSpell;
        if (deadline != nullptr && *deadline < until) until = *deadline;
        if (other.wait_for_room(charge, &until)) return true;
        if (deadline != nullptr && std::chrono::steady_clock::now() >= *deadline) return false;
    }
}

void QueueListener::State::finish_in_place() noexcept {
    // The batch under way never resumes: its record and its handlers' locks
    // are this thread's, and the batches here take those locks again and
    // let go of every level of them (the batch's too).
    while (drain_batch()) {
    }
    finish();
}

void QueueListener::State::finish() noexcept {
    int status = kOk;
    for (const Ref<Handler>& h : handlers) status = worse_status(status, h->close());
    close_status.store(status, std::memory_order_release);
    answer(std::numeric_limits<uint64_t>::max(), status);
    {
        std::lock_guard lock(park_mutex);
        finished.store(true, std::memory_order_release);
    }
    park_cv.notify_all();
}

}  // namespace picolog
