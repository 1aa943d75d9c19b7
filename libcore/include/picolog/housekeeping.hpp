// housekeeping.hpp - the runtime's one thread for work no log call should
// wait for: periodic tasks (the timed flush of buffered files) and one-shot
// jobs (compressing and deleting rotated files).
//
// The thread exists only while some task or job needs it: the first add
// starts it, and it ends when the last task is removed and no job is left.
// After a job with no task left it waits a second for another (jobs
// come in bursts, one per rotation of a busy file) before it ends.
// Fork: the child starts its own thread if it has periodic tasks; one-shot
// jobs queued before fork() stay the parent's (the child closes at once its
// copies of the descriptors queued with release() and of those the running
// job holds, open_held()). Exit: the state is never
// destroyed, so a thread still running at exit touches no freed memory.
#pragma once

#include <cstdint>
#include <functional>
#include <type_traits>

namespace picolog::housekeeping {

// Runs fn every period_ms on the housekeeping thread until remove_task(id).
// fn must not call add_task or remove_task. Returns an id (> 0), or 0 if the
// thread could not be started (the caller then runs without the timer).
uint64_t add_task(uint32_t period_ms, std::function<void()> fn) noexcept;

// Removes a task; when it is running, waits until that run ends (unless
// called from the housekeeping thread). Ends the thread if nothing is left.
void remove_task(uint64_t id) noexcept;

// Queues fn to run once, in order of submission, on the housekeeping thread.
// Returns false if it could not be queued (then the caller runs it itself).
bool submit(std::function<void()> fn) noexcept;

// Queues closing fd, a descriptor the caller gives up, as a job: the
// thread, not the caller, then frees what only fd still holds (a removed
// file's pages). Returns false if it could not be queued (then the caller
// closes fd itself).
bool release(int fd) noexcept;

// Descriptors a running job holds (a rotated file being compressed, its
// locked temporary). A forked child runs none of the parent's jobs, so it
// closes its copies at once, as it does those queued with release(): a copy
// would keep the file, and a temporary's lock, as long as the child lives.
//
// open_held runs open(arg), which returns a descriptor or -1, and on the
// housekeeping thread records the descriptor in the same step (with the
// state locked, which fork() takes first), so no fork falls between the two.
// On another thread it only runs open(arg): no job holds what it opens.
// open must not wait (O_NONBLOCK where a FIFO may stand at the name): every
// submit() waits for it meanwhile.
int open_held(int (*open)(void* arg), void* arg) noexcept;

template <class Open>
int open_held(Open&& open) noexcept {
    return open_held([](void* f) -> int { return (*static_cast<std::remove_reference_t<Open>*>(f))(); },
                     &open);
}

// Forgets fd before something else closes it (a library that owns it).
void forget_held(int fd) noexcept;
// Forgets fd, then closes it (outside the lock: closing the last reference
// to a removed file frees its pages). A fork between the two leaves the
// child a copy it does not know of.
void close_held(int fd) noexcept;

// Waits until every job submitted before the call has run (tests, shutdown).
void drain() noexcept;

// Whether the thread exists now.
bool thread_running() noexcept;

}  // namespace picolog::housekeeping
