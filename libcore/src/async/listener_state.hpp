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
#include <thread>
#include <vector>

#include "picolog/async/channel.hpp"
#include "picolog/async/queue_listener.hpp"

namespace picolog {

struct QueueListener::State : std::enable_shared_from_this<QueueListener::State> {
    State(const QueueOptions& options, std::vector<Ref<Handler>> handlers);
    ~State();

    // Creates the thread; the caller holds ctl. Throws std::system_error.
    void start();
    bool on_thread() const noexcept;

    // ---- the thread (queue_listener_thread.cpp) ----
    void run() noexcept;
    async::Channel::Pop drain_batch() noexcept;
    void emit(const async::TakenRecord& taken) noexcept;
    bool flush_due() const noexcept;
    void make_room(bool all) noexcept;
    void flush_if_due() noexcept;
    bool has_work() const noexcept;
    bool poll_for_work() const noexcept;
    void sleep_if_idle() noexcept;
    void park() noexcept;
    void finish() noexcept;
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

    // Flush tickets: positions. flushed_through is raised (under
    // flush_mutex) only after the handlers were flushed.
    alignas(64) std::atomic<uint64_t> flush_target{0};
    std::atomic<uint64_t> flushed_through{0};
    std::mutex flush_mutex;
    std::condition_variable flush_cv;
    int flush_status = 0;  // guarded by flush_mutex

    // Parking for fork.
    std::atomic<bool> park_requested{false};
    std::mutex park_mutex;
    std::condition_variable park_cv;
    bool parked = false;              // guarded by park_mutex
    bool fork_parked = false;         // the forking thread's note
    bool fork_from_listener = false;  // fork() called on the listener thread

    // Written by the listener thread only.
    alignas(64) std::atomic<uint64_t> emitted{0};
    std::atomic<uint64_t> failed{0};
    std::atomic<uint64_t> sleeps{0};
    std::atomic<uint64_t> wakeups{0};
    std::atomic<uint64_t> batches{0};
    std::atomic<int> tid{0};
    uint64_t processed_through = 0;  // every position below is emitted or evicted
    size_t unreleased_bytes = 0;     // taken out, not yet returned to the budget
    async::TakenRecord taken;
    std::vector<Field> fields;
    std::vector<std::unique_lock<std::recursive_mutex>> locks;
};

}  // namespace picolog
