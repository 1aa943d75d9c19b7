// queue_listener_fork.cpp - a queue across fork().
//
// prepare: park the listener between batches (so it holds no handler lock
//          and no record when the runtime then locks every handler), or
//          find it quiet inside a handler (fork_gate.hpp), and freeze it
//          there; hold ctl so that no close() changes the thread meanwhile.
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
#include "picolog/fork_gate.hpp"
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
    fork_parked = false;
    fork_holds_ctl = false;
    for (unsigned rounds = 0; !fork_holds_ctl; fork_gate::backoff(rounds)) {
        fork_holds_ctl = ctl.try_lock();
        // A close() joining the thread: the channel is closed, the child
        // gets no listener; the runtime freezes this one if it holds a
        // handler.
        if (!fork_holds_ctl && closing.load(std::memory_order_acquire)) return;
    }
    if (!thread.joinable() || finished.load(std::memory_order_acquire)) return;
    park_requested.store(true, std::memory_order_relaxed);
    fence::heavy();
    channel.doorbell().ring();
    // Parked, or quiet inside a handler (waiting for the forking thread,
    // perhaps: a Python handler waits for the GIL os.fork() holds): either
    // way at rest, and frozen there until the parent's step.
    for (unsigned rounds = 0;; fork_gate::backoff(rounds)) {
        if (finished.load(std::memory_order_acquire)) return;
        fork_gate::Gate* g = gate.load(std::memory_order_acquire);
        if (g != nullptr && fork_gate::freeze(*g)) break;
    }
    fork_parked = !finished.load(std::memory_order_acquire);
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
    if (fork_holds_ctl) ctl.unlock();
    fork_holds_ctl = false;
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
    closing.store(false, std::memory_order_relaxed);
    fork_holds_ctl = false;
    // A listener frozen inside a handler held its batch's locks: the
    // handlers have fresh ones now, and these are abandoned, not released.
    new (&locks) std::vector<Handler::Lock>;
    try {
        locks.reserve(handlers.size());
    } catch (const std::bad_alloc&) {
        // The batch grows the vector as it takes the locks.
    }

    channel.reset_after_fork(emitted.load(std::memory_order_relaxed));
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
    if (!restart) {
        // Not parked: a close() in another parent thread was joining the
        // listener. The channel is closed and nothing will drain it here, so
        // the queue is finished in the child and a flush has nothing to wait
        // for.
        if (!finished.load(std::memory_order_relaxed)) {
            flushed_through.store(std::numeric_limits<uint64_t>::max(), std::memory_order_relaxed);
            finished.store(true, std::memory_order_relaxed);
        }
        return;
    }
    tid.store(0, std::memory_order_relaxed);
    gate.store(nullptr, std::memory_order_relaxed);
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
