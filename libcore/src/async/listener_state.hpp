// listener_state.hpp - what a queue listener shares with its thread.
//
// The thread holds its own reference to this state, so a queue released
// from inside one of its handlers (on the listener thread, which cannot
// join itself) stays valid until the thread has drained and exited.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "picolog/async/channel.hpp"
#include "picolog/async/owned_record.hpp"
#include "picolog/async/queue_listener.hpp"
#include "picolog/fork_gate.hpp"

namespace picolog {

struct QueueListener::State : std::enable_shared_from_this<QueueListener::State> {
    State(const QueueOptions& options, std::vector<Ref<Handler>> handlers);
    ~State();

    // Creates the thread; the caller holds ctl. Throws std::system_error.
    void start();
    bool on_thread() const noexcept;

    // ---- the thread (queue_listener_thread.cpp) ----
    void run() noexcept;
    bool drain_batch() noexcept;
    void emit(const async::TakenRecord& taken) noexcept;
    void take_flush_request() noexcept;
    bool flush_due() const noexcept;
    void make_room() noexcept;
    void flush_if_due() noexcept;
    // Publishes flushed_through = `ticket` and its status, and wakes the
    // flushers and an exiting listener waiting for it.
    void answer(uint64_t ticket, int status) noexcept;
    bool has_request() const noexcept;
    bool has_work() const noexcept;
    bool poll_for_work() const noexcept;
    bool nap_for_work() noexcept;
    void sleep_if_idle() noexcept;
    void park() noexcept;
    void finish() noexcept;
    // Drains the closed channel and finishes from inside one of the
    // handlers, for a thread that will not return to its loop (exit()).
    void finish_in_place() noexcept;
    // The thread's exit hook (runtime::set_thread_exit_hook).
    static void on_exit(void* self, bool closed) noexcept;
    // The listener whose thread this is, if that thread runs the exit hook.
    static State* exiting_here() noexcept;
    // For that listener, waiting for another one's thread (the exit hook
    // flushing or closing its queue): drains this queue until `other` has
    // answered `ticket` (the maximum: until it has finished), since
    // `other`'s thread may be waiting for room in it.
    void drain_until_answered(State& other, uint64_t ticket) noexcept;
    // Both waits' step: drains what this queue holds, answering its flushes.
    void drain_held() noexcept;
    // The same for this listener's thread as a producer (a memory handler
    // the exit hook closes passing its records on): drains this queue
    // until `other` has room for `charge` bytes in this thread's lane, as
    // Channel::wait_for_room answers.
    bool drain_until_room(async::Channel& other, size_t charge,
                          const std::chrono::steady_clock::time_point* deadline) noexcept;
    int flush_handlers() noexcept;

    // ---- fork (queue_listener_fork.cpp) ----
    void register_fork_hooks();
    void fork_prepare() noexcept;
    void fork_parent() noexcept;
    void fork_child() noexcept;

    const QueueOptions options;
    async::Channel channel;
    const std::vector<Ref<Handler>> handlers;
    const size_t notify_every;  // records between wake-ups of blocked producers
    int fork_hooks = -1;

    // Lifecycle: the thread object, guarded by ctl (close, fork).
    std::mutex ctl;
    std::thread thread;
    std::atomic<bool> finished{false};  // set under park_mutex
    std::atomic<int> close_status{0};

    // Flush tickets: flush() takes the next number from flush_requested;
    // flushed_through is raised (under flush_mutex) to the highest ticket
    // whose records have all been written and the handlers flushed.
    alignas(64) std::atomic<uint64_t> flush_requested{0};
    std::atomic<uint64_t> flushed_through{0};
    std::mutex flush_mutex;
    std::condition_variable flush_cv;
    int flush_status = 0;  // guarded by flush_mutex
    // Rung when flushed_through rises: the doorbell of an exiting listener
    // draining its own queue meanwhile (drain_until_answered). Guarded by
    // flush_mutex.
    async::Doorbell* waiter_bell = nullptr;

    // Parking for fork.
    std::atomic<bool> park_requested{false};
    std::mutex park_mutex;
    std::condition_variable park_cv;
    bool parked = false;               // guarded by park_mutex
    bool fork_parked = false;          // the forking thread's note
    bool fork_from_listener = false;   // fork() called on the listener thread
    bool fork_holds_ctl = false;       // prepare took ctl (not while a close() joins)
    std::atomic<bool> closing{false};  // a close() holds ctl and joins the thread
    std::atomic<bool> exiting{false};  // the thread runs the exit hook (exit() in a handler)
    // The listener thread's fork gate (fork_gate.hpp): a fork freezes the
    // listener when it is parked, or quiet inside one of its handlers.
    std::atomic<fork_gate::Gate*> gate{nullptr};

    // Written by the listener thread only.
    alignas(64) std::atomic<uint64_t> emitted{0};
    std::atomic<uint64_t> failed{0};
    std::atomic<uint64_t> naps{0};
    std::atomic<uint64_t> sleeps{0};
    std::atomic<uint64_t> wakeups{0};
    std::atomic<uint64_t> batches{0};
    std::atomic<int> tid{0};
    uint64_t flush_serving = 0;         // the ticket being answered, 0 if none
    std::vector<uint64_t> flush_marks;  // each lane's position at that ticket
    size_t unreleased_bytes = 0;        // taken out, not yet returned to the budget
    async::TakenRecord taken;
    std::vector<Field> fields;
    std::string rendered;      // the message of a record formatted late
    async::Releases releases;  // of the records emitted in this batch
    std::vector<Handler::Lock> locks;
    // Where the listener is with a batch's first record, for the crash
    // drain: taking it out, holding it before the handlers' locks, or not.
    enum : int { kHandEmpty, kHandTaking, kHandHolding };
    std::atomic<int> hand{kHandEmpty};
    // Made ahead for the crash drain, which must not allocate.
    async::TakenRecord crash_taken;
    std::vector<Field> crash_fields;
    std::string crash_rendered;
};

}  // namespace picolog
