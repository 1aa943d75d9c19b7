// housekeeping.cpp - the one housekeeping thread of the runtime: periodic
// tasks and one-shot jobs, started on demand and ended when idle, restarted
// in a forked child that needs it.
#include "picolog/housekeeping.hpp"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "picolog/runtime.hpp"

namespace picolog::housekeeping {
namespace {

using Clock = std::chrono::steady_clock;

// How long the thread waits for another job once its queue is empty and no
// periodic task needs it.
constexpr auto kJobLinger = std::chrono::seconds(1);

struct Task {
    std::chrono::milliseconds period;
    Clock::time_point due;
    std::function<void()> fn;
};

struct Job {
    std::function<void()> fn;
    int releases = -1;  // the descriptor fn closes, or -1
};

struct State {
    std::mutex mutex;
    std::condition_variable wake;  // the thread: work or a change
    std::condition_variable idle;  // removers and drain(): a run ended
    std::map<uint64_t, Task> tasks;
    std::deque<Job> jobs;
    uint64_t next_id = 1;
    uint64_t running_task = 0;
    uint64_t jobs_submitted = 0;
    uint64_t jobs_done = 0;
    bool job_running = false;
    bool alive = false;          // a thread exists (or is being started); it is detached
    bool end_when_idle = false;  // the last task is gone: end without lingering
    std::thread::id thread_id;
    bool fork_hooks_added = false;
    std::vector<int> held;  // open_held() on this thread, not yet closed
};

// Never destroyed: a thread still running at exit must find it intact.
State& state() {
    static State* s = new State();
    return *s;
}

void run_thread() {
    State& s = state();
    std::unique_lock lock(s.mutex);
    s.thread_id = std::this_thread::get_id();
    while (true) {
        if (!s.jobs.empty()) {
            std::function<void()> job = std::move(s.jobs.front().fn);
            s.jobs.pop_front();
            s.job_running = true;
            lock.unlock();
            job();
            job = nullptr;
            lock.lock();
            s.job_running = false;
            ++s.jobs_done;
            s.idle.notify_all();
            continue;
        }
        if (s.tasks.empty()) {
            // One-shot jobs come in bursts (one per rotation of a busy
            // file): waiting a little for the next saves starting a thread
            // for each. The last task's removal ends the wait.
            if (s.end_when_idle || !s.wake.wait_for(lock, kJobLinger, [&] {
                    return !s.jobs.empty() || !s.tasks.empty() || s.end_when_idle;
                }))
                break;
            continue;
        }
        auto next = s.tasks.begin();
        for (auto it = s.tasks.begin(); it != s.tasks.end(); ++it)
            if (it->second.due < next->second.due) next = it;
        if (Clock::now() < next->second.due) {
            // A copy: the task may be removed while this thread waits.
            Clock::time_point due = next->second.due;
            s.wake.wait_until(lock, due);
            continue;
        }
        uint64_t id = next->first;
        next->second.due = Clock::now() + next->second.period;
        std::function<void()> fn = next->second.fn;
        s.running_task = id;
        lock.unlock();
        fn();
        lock.lock();
        s.running_task = 0;
        s.idle.notify_all();
    }
    // Nothing left: end (the thread is detached, and the state it still
    // touches while returning is never destroyed).
    s.alive = false;
    s.idle.notify_all();
}

// Starts a detached thread; with the lock held. False on failure.
bool start_thread(State& s) {
    try {
        s.alive = true;
        s.end_when_idle = false;
        std::thread(run_thread).detach();
        return true;
    } catch (...) {
        s.alive = false;
        return false;
    }
}

void prepare_fork(void*) {
    state().mutex.lock();
}

void parent_after_fork(void*) {
    state().mutex.unlock();
}

void child_after_fork(void*) {
    State& s = state();
    // The parent's thread does not exist here, and a thread that held these
    // may not either: fresh primitives, the old thread object forgotten.
    new (&s.mutex) std::mutex();
    new (&s.wake) std::condition_variable();
    new (&s.idle) std::condition_variable();
    // The parent runs its own jobs; the descriptors they would release, and
    // those the running one holds, are closed here at once, or this process
    // would hold their files as long as it lives.
    for (const Job& job : s.jobs)
        if (job.releases >= 0) ::close(job.releases);
    s.jobs.clear();
    for (int fd : s.held) ::close(fd);
    s.held.clear();
    s.jobs_done = s.jobs_submitted;
    s.job_running = false;
    s.running_task = 0;
    s.alive = false;
    if (!s.tasks.empty()) start_thread(s);
}

// Starts the thread if none is alive; with the lock held. False on failure.
bool ensure_thread(State& s, std::unique_lock<std::mutex>& lock) {
    if (!s.fork_hooks_added) {
        s.fork_hooks_added = true;
        lock.unlock();
        runtime::add_fork_hooks({prepare_fork, parent_after_fork, child_after_fork, nullptr});
        lock.lock();
    }
    s.end_when_idle = false;
    if (s.alive) {
        s.wake.notify_all();
        return true;
    }
    return start_thread(s);
}

}  // namespace

uint64_t add_task(uint32_t period_ms, std::function<void()> fn) noexcept {
    State& s = state();
    try {
        std::unique_lock lock(s.mutex);
        uint64_t id = s.next_id++;
        auto period = std::chrono::milliseconds(period_ms);
        s.tasks.emplace(id, Task{period, Clock::now() + period, std::move(fn)});
        if (!ensure_thread(s, lock)) {
            s.tasks.erase(id);
            return 0;
        }
        return id;
    } catch (...) {
        return 0;
    }
}

void remove_task(uint64_t id) noexcept {
    if (id == 0) return;
    State& s = state();
    std::unique_lock lock(s.mutex);
    bool on_thread = s.alive && std::this_thread::get_id() == s.thread_id;
    if (!on_thread) s.idle.wait(lock, [&] { return s.running_task != id; });
    s.tasks.erase(id);
    s.wake.notify_all();
    if (on_thread || !s.tasks.empty() || !s.jobs.empty() || s.job_running) return;
    // The last user: wait for the thread to end, so it exists only while
    // needed (unless someone added work meanwhile).
    s.end_when_idle = true;
    s.wake.notify_all();
    s.idle.wait(lock, [&] { return !s.alive || !s.tasks.empty() || !s.jobs.empty(); });
}

namespace {

bool queue(Job job) noexcept {
    State& s = state();
    try {
        std::unique_lock lock(s.mutex);
        s.jobs.push_back(std::move(job));
        ++s.jobs_submitted;
        if (!ensure_thread(s, lock)) {
            s.jobs.pop_back();
            --s.jobs_submitted;
            return false;
        }
        return true;
    } catch (...) {
        return false;
    }
}

}  // namespace

bool submit(std::function<void()> fn) noexcept {
    try {
        return queue(Job{std::move(fn)});
    } catch (...) {
        return false;
    }
}

bool release(int fd) noexcept {
    try {
        return queue(Job{[fd] { ::close(fd); }, fd});
    } catch (...) {
        return false;
    }
}

int open_held(int (*open)(void* arg), void* arg) noexcept {
    State& s = state();
    int fd, err;
    {
        std::lock_guard lock(s.mutex);
        fd = open(arg);
        err = errno;
        if (fd >= 0 && s.alive && std::this_thread::get_id() == s.thread_id) {
            try {
                s.held.push_back(fd);
            } catch (const std::bad_alloc&) {
                // Unrecorded, a child's copy stays open until it exits.
            }
        }
    }
    errno = err;  // open's, for the caller's message
    return fd;
}

void forget_held(int fd) noexcept {
    if (fd < 0) return;
    State& s = state();
    std::lock_guard lock(s.mutex);
    for (auto it = s.held.begin(); it != s.held.end(); ++it)
        if (*it == fd) {
            s.held.erase(it);
            return;
        }
}

void close_held(int fd) noexcept {
    if (fd < 0) return;
    forget_held(fd);
    ::close(fd);
}

void drain() noexcept {
    State& s = state();
    std::unique_lock lock(s.mutex);
    if (s.alive && std::this_thread::get_id() == s.thread_id) return;
    uint64_t target = s.jobs_submitted;
    s.idle.wait(lock, [&] { return s.jobs_done >= target || !s.alive; });
}

bool thread_running() noexcept {
    State& s = state();
    std::lock_guard lock(s.mutex);
    return s.alive;
}

}  // namespace picolog::housekeeping
