// queue_listener_fork.cpp - a queue across fork().
//
// prepare: park the listener between batches (so it holds no handler lock
//          and no record when the runtime then locks every handler), and
//          hold ctl so that no close() changes the thread meanwhile.
// parent:  resume the listener, release ctl.
// child:   the parent's queued records belong to the parent: empty lanes,
//          new locks, and a new thread if one was running. A producer that
//          was half-way through a push in another parent thread needs no
//          care: its record was not published and its lane restarts empty.
#include <limits>
#include <new>

#include "listener_state.hpp"
#include "picolog/error.hpp"
#include "picolog/fence.hpp"
#include "picolog/runtime.hpp"

namespace picolog {

namespace {
void prepare_hook(void* p) {
    static_cast<QueueListener::State*>(p)->fork_prepare();
}
void parent_hook(void* p) {
    static_cast<QueueListener::State*>(p)->fork_parent();
}
void child_hook(void* p) {
    static_cast<QueueListener::State*>(p)->fork_child();
}
}  // namespace

void QueueListener::State::register_fork_hooks() {
    fork_hooks = runtime::add_fork_hooks({&prepare_hook, &parent_hook, &child_hook, this});
    if (fork_hooks < 0) throw std::bad_alloc();
}

void QueueListener::State::fork_prepare() noexcept {
    if (on_thread()) {
        // A handler of this queue forks: the listener is mid-batch on this
        // very thread and cannot park; in the child it simply carries on.
        fork_from_listener = true;
        return;
    }
    ctl.lock();
    fork_parked = false;
    if (!thread.joinable() || finished.load(std::memory_order_acquire)) return;
    park_requested.store(true, std::memory_order_relaxed);
    fence::heavy();
    channel.doorbell().ring();
    std::unique_lock lock(park_mutex);
    park_cv.wait(lock, [this] { return parked || finished.load(std::memory_order_relaxed); });
    fork_parked = parked;
}

void QueueListener::State::fork_parent() noexcept {
    if (fork_from_listener) {
        fork_from_listener = false;
        return;
    }
    {
        std::lock_guard lock(park_mutex);
        park_requested.store(false, std::memory_order_relaxed);
    }
    park_cv.notify_all();
    ctl.unlock();
}

void QueueListener::State::fork_child() noexcept {
    // Fresh locks: the parent's may be held by threads the child lacks
    // (ctl by the forking thread itself). The old objects are abandoned.
    new (&ctl) std::mutex;
    new (&flush_mutex) std::mutex;
    new (&flush_cv) std::condition_variable;
    new (&park_mutex) std::mutex;
    new (&park_cv) std::condition_variable;
    park_requested.store(false, std::memory_order_relaxed);
    parked = false;

    channel.reset_after_fork();
    unreleased_bytes = 0;  // charged to the parent's records, gone with them
    // Tickets of the parent's flushers have no waiter here.
    const uint64_t ticket = flush_requested.load(std::memory_order_relaxed);
    if (!finished.load(std::memory_order_relaxed)) flushed_through.store(ticket, std::memory_order_relaxed);
    flush_serving = 0;
    flush_marks.clear();
    flush_status = 0;

    if (fork_from_listener) {
        fork_from_listener = false;
        return;
    }
    // The parent's listener thread does not exist here: forget its handle
    // without destroying it (destroying a joinable std::thread terminates).
    new (&thread) std::thread;
    const bool restart = fork_parked;
    fork_parked = false;
    if (!restart) return;
    tid.store(0, std::memory_order_relaxed);
    try {
        start();
    } catch (...) {
        runtime::report_error("picolog: cannot restart a queue listener after fork; the queue is closed");
        channel.close();
        close_status.store(kInternal, std::memory_order_relaxed);
        flushed_through.store(std::numeric_limits<uint64_t>::max(), std::memory_order_relaxed);
        finished.store(true, std::memory_order_relaxed);
    }
}

}  // namespace picolog
