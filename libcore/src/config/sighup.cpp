// sighup.cpp - opt-in reload on SIGHUP. The signal handler only posts a
// semaphore (async-signal-safe); a runtime thread waits on it and reloads,
// since a reload allocates, opens files and takes locks.
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>

#include "picolog/config.hpp"
#include "picolog/error.hpp"
#include "picolog/runtime.hpp"

namespace picolog::config {
namespace {

struct SighupState {
    std::mutex mutex;
    sem_t wake;
    bool thread_running = false;  // guarded by mutex
    bool installed = false;       // guarded by mutex
    struct sigaction previous {};
};

SighupState& sighup_state() {
    static SighupState* s = [] {
        auto* state = new SighupState();
        sem_init(&state->wake, 0, 0);
        return state;
    }();
    return *s;
}

void on_sighup(int) {
    int saved = errno;
    sem_post(&sighup_state().wake);
    errno = saved;
}

void* reload_thread(void*) {
    SighupState& s = sighup_state();
    while (true) {
        while (sem_wait(&s.wake) != 0) {
        }
        try {
            reload();
        } catch (const std::exception& e) {
            runtime::report_error(std::string("picolog: reload on SIGHUP: ") + e.what());
        }
    }
    return nullptr;
}

void start_thread_locked(SighupState& s) {
    if (s.thread_running) return;
    // Signals stay with the program's threads: this one only waits.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t thread;
    int rc = pthread_create(&thread, nullptr, reload_thread, nullptr);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (rc != 0) throw Error(kInternal, std::string("cannot start the reload thread: ") + std::strerror(rc));
    pthread_detach(thread);
    s.thread_running = true;
}

// The child of a fork() has no reload thread; it gets one when it needs it.
void after_fork_child(void*) {
    SighupState& s = sighup_state();
    new (&s.mutex) std::mutex();
    sem_destroy(&s.wake);
    sem_init(&s.wake, 0, 0);
    s.thread_running = false;
    if (s.installed) {
        try {
            start_thread_locked(s);
        } catch (const Error& e) {
            runtime::report_error(std::string("picolog: ") + e.what());
        }
    }
}

void prepare_fork(void*) {
    sighup_state().mutex.lock();
}

void parent_after_fork(void*) {
    sighup_state().mutex.unlock();
}

}  // namespace

void set_reload_on_sighup(bool on) {
    SighupState& s = sighup_state();
    static std::once_flag fork_hooks;
    std::call_once(fork_hooks, [] {
        runtime::add_fork_hooks({prepare_fork, parent_after_fork, after_fork_child, nullptr});
    });
    std::lock_guard lock(s.mutex);
    if (on == s.installed) return;
    if (on) {
        start_thread_locked(s);
        struct sigaction action {};
        action.sa_handler = on_sighup;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (sigaction(SIGHUP, &action, &s.previous) != 0)
            throw Error(kInternal, std::string("cannot install the SIGHUP handler: ") + std::strerror(errno));
    } else if (sigaction(SIGHUP, &s.previous, nullptr) != 0) {
        throw Error(kInternal, std::string("cannot restore the SIGHUP handler: ") + std::strerror(errno));
    }
    s.installed = on;
}

}  // namespace picolog::config
