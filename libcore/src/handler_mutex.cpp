// handler_mutex.cpp - the slow paths of a handler's lock: spinning and
// sleeping on the word while it is held, waking a sleeper, the identity of a
// thread without a fork gate, and renewing the lock in a forked child.
#include "picolog/handler_mutex.hpp"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "picolog/cpu_relax.hpp"

namespace picolog {
namespace {

// The futex is the word's low half: it holds kWaiters and the low bits of
// the holder's identity, so every change of holder or of the flag shows.
uint32_t* futex_word(std::atomic<uintptr_t>& word) noexcept {
    return reinterpret_cast<uint32_t*>(&word);
}

alignas(8) thread_local char t_gateless_identity;

// How long a waiter spins before it sleeps: a little more than one write(2)
// to a local file lasts. 2.6 us (100 pauses here) ended before the write did,
// 26 us (1,000 pauses) measured worse than 8: a waiter then keeps a CPU busy
// through the times the holder is preempted.
constexpr std::chrono::nanoseconds kSpin{8000};

// The number of pauses that take about kSpin on this CPU (a pause lasts
// from a few ns to 40 and more, by model), or 0 where spinning cannot help:
// a process that runs on one CPU, where a spinning waiter only delays the
// holder. Measured once, at the first spin: the fastest of three timings of
// kProbe pauses, since a timing the scheduler interrupted reads long. The
// CPUs are the main thread's (the process's), not the caller's: a thread
// pinned to one CPU still waits for holders running on others.
int measure_spin_checks() noexcept {
    cpu_set_t set;
    if (sched_getaffinity(::getpid(), sizeof set, &set) == 0 && CPU_COUNT(&set) <= 1) return 0;
    using Clock = std::chrono::steady_clock;
    constexpr int kProbe = 32;
    auto fastest = Clock::duration::max();
    for (int round = 0; round < 3; ++round) {
        const auto start = Clock::now();
        for (int i = 0; i < kProbe; ++i) cpu_relax();
        fastest = std::min(fastest, Clock::now() - start);
    }
    const auto per_pause = std::max<Clock::duration>(fastest / kProbe, std::chrono::nanoseconds{1});
    return static_cast<int>(std::clamp<int64_t>(kSpin / per_pause, 50, 4000));
}

int spin_checks() noexcept {
    static std::atomic<int> known{-1};  // -1: not measured yet
    int n = known.load(std::memory_order_relaxed);
    if (n < 0) {
        n = measure_spin_checks();
        known.store(n, std::memory_order_relaxed);
    }
    return n;
}

}  // namespace

uintptr_t HandlerMutex::gateless_identity() noexcept {
    return reinterpret_cast<uintptr_t>(&t_gateless_identity) | kNoGate;
}

bool HandlerMutex::spin_for(uintptr_t me) noexcept {
    const int checks = spin_checks();
    for (int i = 0; i < checks; ++i) {
        cpu_relax();
        // Read first: a compare-and-swap while the word is held would take
        // its line from the holder on every check. Taken without kWaiters:
        // a thread asleep on the word was woken by the unlock that freed
        // it, and sets the flag again when it finds the lock held.
        if (word_.load(std::memory_order_relaxed) == 0 && try_lock(me)) return true;
    }
    return false;
}

void HandlerMutex::lock_contended(uintptr_t me) noexcept {
    if (spinning_.load(std::memory_order_relaxed) && spin_for(me)) return;
    for (;;) {
        uintptr_t w = word_.load(std::memory_order_relaxed);
        if (w == 0) {
            // Taken with kWaiters set: others may still sleep on the word,
            // so this holder's unlock wakes one of them.
            if (word_.compare_exchange_weak(w, me | kWaiters, std::memory_order_seq_cst,
                                            std::memory_order_relaxed)) {
                depth_ = 1;
                return;
            }
            continue;
        }
        if ((w & kWaiters) == 0 &&
            !word_.compare_exchange_weak(w, w | kWaiters, std::memory_order_relaxed, std::memory_order_relaxed))
            continue;
        // Returns at once if the word changed meanwhile.
        ::syscall(SYS_futex, futex_word(word_), FUTEX_WAIT | FUTEX_PRIVATE_FLAG,
                  static_cast<uint32_t>(w | kWaiters), nullptr, nullptr, 0);
    }
}

void HandlerMutex::wake_one() noexcept {
    ::syscall(SYS_futex, futex_word(word_), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, nullptr, nullptr, 0);
}

bool HandlerMutex::reinit_after_fork_child(uintptr_t me, unsigned dropped) noexcept {
    const uintptr_t w = word_.load(std::memory_order_relaxed);
    if ((w & ~kWaiters) == me && depth_ > dropped) {
        // fork() was called from inside this lock: the holder's frames
        // still unlock it. No other thread exists to wait for it.
        depth_ -= dropped;
        word_.store(me, std::memory_order_relaxed);
        return true;
    }
    // Free, held only by the prepare step, or held by a thread that does
    // not exist here (frozen at rest in the parent).
    depth_ = 0;
    word_.store(0, std::memory_order_relaxed);
    return false;
}

}  // namespace picolog
