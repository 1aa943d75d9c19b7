// queue_listener.hpp - the back end of the async path: the one thread that
// drains a queue handler's channel into the listener's handlers.
//
// The thread takes every handler's lock once per batch and passes each
// record to handle_locked(). When the channel is empty it polls, naps, then
// sleeps on the channel's doorbell (no CPU, no timeout). flush() takes a
// ticket; the listener marks every lane's position when it sees it and
// answers once everything below the marks is emitted and its handlers are
// flushed.
// close() refuses new records, lets the thread drain the channel, flush and
// close the handlers, and joins it. Around fork() the thread is parked
// between batches; the child gets an empty channel and a new thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "picolog/async/channel.hpp"
#include "picolog/async/queue_handler.hpp"

namespace picolog {

class QueueListener {
public:
    // Starts the thread and registers the fork hooks. The handlers must
    // already be claimed for the listener. Throws Error(kInternal) if the
    // thread cannot start.
    QueueListener(const QueueOptions& options, std::vector<Ref<Handler>> handlers);
    // Closes (drains and joins). On the listener's own thread (a handler
    // released the last reference to its queue) the thread cannot join
    // itself: it is detached and finishes the drain on its own.
    ~QueueListener();
    QueueListener(const QueueListener&) = delete;
    QueueListener& operator=(const QueueListener&) = delete;

    async::Channel& channel() noexcept;
    const QueueOptions& options() const noexcept;

    // See QueueHandler::flush. On the listener's own thread the records
    // before the call cannot be waited for (the caller is the one who would
    // write them): the handlers are flushed in place and kBadState returned.
    int flush() noexcept;
    // On a fatal signal, in the crashing thread: writes every queued record
    // and then `last` to the handlers (crash_drain.cpp).
    void crash_drain(const Record& last) noexcept;
    // See QueueHandler::close. Idempotent; concurrent calls all return after
    // the thread has finished. On the listener's own thread it only refuses
    // new records; the thread drains and closes when the current batch ends.
    int close() noexcept;

    bool on_listener_thread() const noexcept;

    // Waits until the calling thread's lane has room for a record of
    // `charge` bytes (the Block and BlockTimeout policies): true once it
    // has, or once the queue is closed; false at `deadline` (none: no end).
    // On the thread of another listener that runs the exit hook, that
    // listener drains its own queue meanwhile, since this queue's thread
    // may be waiting for room there.
    bool wait_for_room(size_t charge, const std::chrono::steady_clock::time_point* deadline) noexcept;

    uint64_t emitted() const noexcept;
    uint64_t failed() const noexcept;

    // What the thread has been doing, for tests and diagnostics.
    struct Activity {
        uint64_t naps = 0;     // idle spells it began napping (timed waits producers leave alone)
        uint64_t sleeps = 0;   // times it went to sleep on the doorbell
        uint64_t wakeups = 0;  // times it woke from that sleep
        uint64_t batches = 0;  // batches drained (handler locks taken)
        uint64_t rung = 0;     // times a producer had to wake it
        int thread_id = 0;     // the OS thread id (gettid), 0 before start
    };
    Activity activity() const noexcept;
    // Blocks until the thread has gone to sleep more than `sleeps` times.
    void wait_for_sleep(uint64_t sleeps) const noexcept;
    // Blocks until the thread has begun napping more than `naps` times.
    void wait_for_nap(uint64_t naps) const noexcept;

    struct State;  // shared with the thread; defined in queue_listener.cpp

private:
    std::shared_ptr<State> state_;
    int fork_hooks_ = -1;
};

}  // namespace picolog
