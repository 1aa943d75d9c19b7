// handler_mutex.hpp - a handler's lock: recursive, and one word that names
// its holder by the holder's fork gate (fork_gate.hpp).
//
// The word is 0 when the lock is free, else the holder's identity: its fork
// gate's address (gates are 64-byte aligned), or, for a thread that has no
// gate, the address of a per-thread variable tagged kNoGate. Taking the lock
// is one compare-and-swap that also tells the forking thread who holds it;
// giving it back is one exchange. A thread that holds it already only counts
// one level deeper. Waiters sleep on the word (futex) after setting
// kWaiters, and the last unlock wakes one of them.
//
// A lock set_spinning(true) makes its waiters spin for about 8 us first
// (in a process that may run on more than one CPU), taking it if it comes
// free meanwhile: for a handler whose locked section is one system call per
// record (a write per record), a waiter that sleeps pays a futex wait and
// its holder a futex wake per record, more than the section lasts. Where
// the section is short (a line into a buffer) spinning waiters would pull
// the handler's lines from CPU to CPU on every record, where sleeping ones
// leave one thread to write many records in a row: such locks do not spin.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>

#include "picolog/fork_gate.hpp"

namespace picolog {

class HandlerMutex {
public:
    static constexpr uintptr_t kWaiters = 1;  // someone sleeps (or is about to) on the word
    static constexpr uintptr_t kNoGate = 2;   // the holder has no fork gate

    HandlerMutex() noexcept = default;
    HandlerMutex(const HandlerMutex&) = delete;
    HandlerMutex& operator=(const HandlerMutex&) = delete;

    // The identity a thread takes the lock under; `gate` is the calling
    // thread's fork_gate::current().
    static uintptr_t identity(fork_gate::Gate* gate) noexcept {
        return gate != nullptr ? reinterpret_cast<uintptr_t>(gate) : gateless_identity();
    }

    // Takes the lock for the thread `me` if it is free or `me` holds it.
    bool try_lock(uintptr_t me) noexcept {
        if ((word_.load(std::memory_order_relaxed) & ~kWaiters) == me) {
            ++depth_;
            return true;
        }
        uintptr_t expected = 0;
        if (!word_.compare_exchange_strong(expected, me, std::memory_order_seq_cst,
                                           std::memory_order_relaxed))
            return false;
        depth_ = 1;
        return true;
    }
    // Waits (asleep) until the lock is free, then takes it.
    void lock(uintptr_t me) noexcept {
        if (!try_lock(me)) lock_contended(me);
    }
    void unlock() noexcept {
        if (--depth_ != 0) return;
        if ((word_.exchange(0, std::memory_order_seq_cst) & kWaiters) != 0) wake_one();
    }

    // The same for the calling thread (std::lock_guard and the like).
    bool try_lock() noexcept { return try_lock(identity(fork_gate::current())); }
    void lock() noexcept { lock(identity(fork_gate::current())); }

    // Whether waiters spin before they sleep (see the top of this file).
    // Handlers set it when they are made; changing it later is safe.
    void set_spinning(bool on) noexcept { spinning_.store(on, std::memory_order_relaxed); }
    bool spinning() const noexcept { return spinning_.load(std::memory_order_relaxed); }
    // Whether a waiter sleeps on the lock (or is about to): for tests and
    // diagnostics.
    bool has_sleepers() const noexcept { return (word_.load(std::memory_order_seq_cst) & kWaiters) != 0; }

    // The gate of the thread holding the lock, or null (free, or held by a
    // thread without a gate).
    fork_gate::Gate* holder() const noexcept {
        const uintptr_t w = word_.load(std::memory_order_seq_cst);
        return (w & kNoGate) != 0 ? nullptr : reinterpret_cast<fork_gate::Gate*>(w & ~kWaiters);
    }

    // In the child after fork(), where only the thread `me` runs: the lock
    // stays held by `me` as deep as before less `dropped` levels (those
    // fork()'s prepare step took), or is free. Returns whether `me` holds it.
    bool reinit_after_fork_child(uintptr_t me, unsigned dropped) noexcept;

private:
    [[gnu::cold]] void lock_contended(uintptr_t me) noexcept;
    // Spins a bounded while for the lock to come free; true if it took it.
    bool spin_for(uintptr_t me) noexcept;
    [[gnu::cold]] void wake_one() noexcept;
    [[gnu::cold]] static uintptr_t gateless_identity() noexcept;

    std::atomic<uintptr_t> word_{0};
    unsigned depth_ = 0;  // the holder's nested locks; touched by the holder only
    std::atomic<bool> spinning_{false};

    static_assert(alignof(fork_gate::Gate) > (kWaiters | kNoGate), "a gate's address has free low bits");
    static_assert(std::atomic<uintptr_t>::is_always_lock_free);
    static_assert(std::endian::native == std::endian::little, "the futex word is the low half");
};

}  // namespace picolog
