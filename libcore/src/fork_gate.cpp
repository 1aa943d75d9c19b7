// fork_gate.cpp - the pool of per-thread fork gates, and freezing and
// thawing them around fork() (fork_gate.hpp).
#include "picolog/fork_gate.hpp"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <climits>
#include <new>

namespace picolog::fork_gate {

thread_local constinit Gate* detail::t_gate = nullptr;

namespace {
using detail::t_gate;

std::atomic<Gate*> g_gates{nullptr};

void futex(std::atomic<uint32_t>& word, int op, uint32_t value) noexcept {
    ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), op | FUTEX_PRIVATE_FLAG, value, nullptr, nullptr,
              0);
}

// Gives the thread's gate back at exit; created when the thread first
// takes one.
struct GiveBackAtExit {
    ~GiveBackAtExit() {
        Gate* g = t_gate;
        if (g == nullptr) return;
        // Quiet or frozen: a section left open, as when exit() is called
        // from inside a callback (a handler's emit), whose handlers' locks
        // name this gate. exit() runs this destructor before its hooks,
        // which take those locks again on this thread: the gate stays the
        // thread's (and is never given back), or a freed gate of another
        // thread would become this one's and make its own locks foreign.
        if (g->state.load(std::memory_order_acquire) != kRunning) return;
        t_gate = nullptr;
        g->owned.store(false, std::memory_order_release);
    }
};

}  // namespace

Gate* detail::claim() noexcept {
    Gate* mine = nullptr;
    for (Gate* g = g_gates.load(std::memory_order_acquire); g != nullptr; g = g->next) {
        bool expected = false;
        if (!g->owned.load(std::memory_order_relaxed) &&
            g->owned.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
            mine = g;
            break;
        }
    }
    if (mine == nullptr) {
        mine = new (std::nothrow) Gate;
        if (mine == nullptr) return nullptr;
        mine->owned.store(true, std::memory_order_relaxed);
        Gate* head = g_gates.load(std::memory_order_relaxed);
        do {
            mine->next = head;
        } while (!g_gates.compare_exchange_weak(head, mine, std::memory_order_acq_rel));
    }
    mine->state.store(kRunning, std::memory_order_relaxed);
    t_gate = mine;
    thread_local GiveBackAtExit give_back;
    (void)give_back;
    return mine;
}

void detail::resume_frozen(Gate& gate) noexcept {
    for (;;) {
        uint32_t s = kQuiet;
        if (gate.state.compare_exchange_strong(s, kRunning, std::memory_order_acquire,
                                               std::memory_order_relaxed))
            return;
        if (s == kRunning) return;
        futex(gate.state, FUTEX_WAIT, kFrozen);
    }
}

bool freeze(Gate& gate) noexcept {
    uint32_t s = gate.state.load(std::memory_order_acquire);
    if (s == kQuiet) gate.state.compare_exchange_strong(s, kFrozen, std::memory_order_acq_rel);
    return s != kRunning;
}

void backoff(unsigned& rounds) noexcept {
    ++rounds;
    if (rounds < 64) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    } else if (rounds < 128) {
        ::sched_yield();
    } else {
        timespec ts{0, 50000};  // 50 µs
        ::nanosleep(&ts, nullptr);
    }
}

void thaw_all_after_fork_parent() noexcept {
    for (Gate* g = g_gates.load(std::memory_order_acquire); g != nullptr; g = g->next) {
        uint32_t s = kFrozen;
        if (g->state.compare_exchange_strong(s, kQuiet, std::memory_order_release))
            futex(g->state, FUTEX_WAKE, INT_MAX);
    }
}

void reset_after_fork_child() noexcept {
    for (Gate* g = g_gates.load(std::memory_order_relaxed); g != nullptr; g = g->next) {
        if (g == t_gate) continue;
        g->state.store(kRunning, std::memory_order_relaxed);
        g->owned.store(false, std::memory_order_relaxed);
    }
}

}  // namespace picolog::fork_gate
