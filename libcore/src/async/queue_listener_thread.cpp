// queue_listener_thread.cpp - the listener thread's loop: drain in batches,
// answer flush tickets, poll briefly and then sleep on the doorbell when
// idle, park for fork, and close the handlers when the channel is closed
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

namespace picolog {

namespace {
// Records per batch: bounds how long the handler locks are held (flush_all,
// fork and the handlers' own flushes wait for them) and how late a park or
// flush request is seen.
constexpr size_t kBatch = 256;

// How long an idle listener polls before it sleeps. Waking a sleeping
// listener costs the producer a futex wake (microseconds); one logging at a
// steady pace usually logs again within this time and finds it polling,
// at the price of this much CPU per idle period.
constexpr auto kPollBeforeSleep = std::chrono::microseconds(30);
// Polls (with a pause each) between yields. The yield matters when there
// are more threads than CPUs: a producer that woke the listener is often
// preempted by it on its own CPU, and would otherwise wait out the whole
// polling window before its log call returns.
constexpr unsigned kPollsPerYield = 8;

thread_local const QueueListener::State* tls_listener = nullptr;
}  // namespace

bool QueueListener::State::on_thread() const noexcept {
    return tls_listener == this;
}

void QueueListener::State::run() noexcept {
    tls_listener = this;
    // Records logged from inside a handler (on this thread) carry this name.
    pthread_setname_np(pthread_self(), "picolog-queue");
    tid.store(static_cast<int>(gettid()), std::memory_order_release);
    for (;;) {
        if (park_requested.load(std::memory_order_acquire)) park();
        async::Channel::Pop r = drain_batch();
        flush_if_due();
        if (r == async::Channel::Pop::kOk) continue;
        if (r == async::Channel::Pop::kInFlight) {
            // A producer claimed the head and is writing it: it is running
            // and will publish within a few instructions.
            std::this_thread::yield();
            continue;
        }
        if (channel.closed() && channel.tail() == channel.head()) break;
        sleep_if_idle();
    }
    finish();
}

async::Channel::Pop QueueListener::State::drain_batch() noexcept {
    using Pop = async::Channel::Pop;
    // The high-water mark is sampled here (and by producers that find the
    // channel full) rather than on every push, to keep producers' fast path
    // free of reads of the consumer's cache line.
    const uint64_t depth = channel.depth();
    Pop r = channel.try_pop(taken);
    if (r != Pop::kOk) {
        processed_through = std::max(processed_through, taken.position);
        return r;
    }
    channel.note_depth(depth);
    batches.store(batches.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    for (const Ref<Handler>& h : handlers) locks.emplace_back(h->lock());
    size_t n = 0;
    for (;;) {
        unreleased_bytes += taken.charge();
        emit(taken);
        taken.heap.reset();
        processed_through = taken.position + 1;
        if (++n % notify_every == 0) make_room(false);
        if (n >= kBatch || park_requested.load(std::memory_order_relaxed) || flush_due()) break;
        r = channel.try_pop(taken);
        if (r != Pop::kOk) {
            processed_through = std::max(processed_through, taken.position);
            break;
        }
    }
    locks.clear();
    make_room(true);
    return r;
}

void QueueListener::State::make_room(bool all) noexcept {
    channel.release_bytes(unreleased_bytes);
    unreleased_bytes = 0;
    channel.notify_room(all);
}

void QueueListener::State::emit(const async::TakenRecord& t) noexcept {
    uint64_t failures = 0;
    try {
        Record record = async::decode(t.data, fields);
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
    emitted.store(emitted.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (failures) failed.store(failed.load(std::memory_order_relaxed) + failures, std::memory_order_relaxed);
}

bool QueueListener::State::flush_due() const noexcept {
    uint64_t target = flush_target.load(std::memory_order_acquire);
    return target > flushed_through.load(std::memory_order_relaxed) && processed_through >= target;
}

int QueueListener::State::flush_handlers() noexcept {
    int status = kOk;
    for (const Ref<Handler>& h : handlers) status = worse_status(status, h->flush());
    return status;
}

void QueueListener::State::flush_if_due() noexcept {
    if (!flush_due()) return;
    // Everything below processed_through has been emitted (or evicted)
    // before these flushes start, so every ticket up to it is answered.
    int status = flush_handlers();
    {
        std::lock_guard lock(flush_mutex);
        flush_status = status;
        flushed_through.store(processed_through, std::memory_order_release);
    }
    flush_cv.notify_all();
}

bool QueueListener::State::has_work() const noexcept {
    // seq_cst loads: after arming, this is the consumer's half of the
    // doorbell handshake (doorbell.hpp). On x86 they are plain loads.
    return channel.tail() != channel.head() || channel.closed() ||
           park_requested.load(std::memory_order_seq_cst) ||
           flush_target.load(std::memory_order_seq_cst) > flushed_through.load(std::memory_order_relaxed);
}

bool QueueListener::State::poll_for_work() const noexcept {
    const auto until = std::chrono::steady_clock::now() + kPollBeforeSleep;
    for (unsigned polls = 1;; ++polls) {
        if (has_work()) return true;
        if (polls % kPollsPerYield != 0) {
            async::cpu_relax();
            continue;
        }
        std::this_thread::yield();
        if (std::chrono::steady_clock::now() >= until) return false;
    }
}

void QueueListener::State::sleep_if_idle() noexcept {
    // The doorbell stays unarmed while polling, so producers keep ringing
    // with one load and no syscall.
    if (poll_for_work()) return;
    async::Doorbell& bell = channel.doorbell();
    bell.arm();
    // Every condition a producer, flusher, closer or forker changes before
    // ringing is re-read after arming: whichever side comes second in the
    // seq_cst order sees the other (doorbell.hpp).
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
    std::unique_lock lock(park_mutex);
    parked = true;
    park_cv.notify_all();
    park_cv.wait(lock, [this] { return !park_requested.load(std::memory_order_relaxed); });
    parked = false;
}

void QueueListener::State::finish() noexcept {
    int status = kOk;
    for (const Ref<Handler>& h : handlers) status = worse_status(status, h->close());
    close_status.store(status, std::memory_order_release);
    {
        std::lock_guard lock(flush_mutex);
        flush_status = status;
        flushed_through.store(std::numeric_limits<uint64_t>::max(), std::memory_order_release);
    }
    flush_cv.notify_all();
    {
        std::lock_guard lock(park_mutex);
        finished.store(true, std::memory_order_release);
    }
    park_cv.notify_all();
}

}  // namespace picolog
