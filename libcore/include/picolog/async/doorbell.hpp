// doorbell.hpp - how producers wake a sleeping listener without a syscall
// per record, and without a fence per record.
//
// One word: 0 while the consumer is awake, 2 while it naps, 1 while it is
// (about to be) in its deep sleep. An idle consumer first polls for a few
// tens of microseconds, then naps: short timed sleeps during which
// producers do not wake it (records wait for the end of the nap, under a
// millisecond). Only after a longer idle spell does it sleep without a
// timeout, and only then does a producer pay a wake-up. Flush, close and
// fork requests wake it from either sleep.
//
// Lost wake-ups are excluded by an asymmetric Dekker handshake
// (fence.hpp): the consumer stores 1, issues fence::heavy(), then loads the
// "is there work" state; a producer publishes its record, issues
// fence::light() (a compiler barrier), then loads the word. Either the
// consumer sees the record and does not sleep, or the producer sees 1 and
// wakes it. A request (flush, close, park) is stored, followed by
// fence::heavy() and ring(); the consumer's nap re-checks after a light
// fence, which that heavy one pairs with.
#pragma once

#include <atomic>
#include <cstdint>

#include "picolog/cpu_relax.hpp"

namespace picolog::async {

class Doorbell {
public:
    // Consumer: announce a nap; producers leave it alone, requests wake it.
    // Re-check for requests and records, then nap() or cancel().
    void arm_nap() noexcept { word_.store(2, std::memory_order_relaxed); }
    // Consumer: announce the deep sleep. Afterwards fence::heavy(), re-check
    // for work, then sleep() or cancel().
    void arm() noexcept { word_.store(1, std::memory_order_relaxed); }
    void cancel() noexcept { word_.store(0, std::memory_order_relaxed); }
    // Consumer: blocks while the word is 2, at most `timeout_ns`. True when
    // woken by a ring (the word is then 0).
    bool nap(long timeout_ns) noexcept;
    // Consumer: blocks (no CPU, no timeout) until a producer rings.
    void sleep() noexcept;

    // Producer, after publishing a record and fence::light(): wakes the
    // consumer from its deep sleep. True when it had to (the only case with
    // a syscall).
    bool ring_if_asleep() noexcept {
        if (word_.load(std::memory_order_relaxed) != 1) return false;
        return wake_from(1);
    }
    // Requests, after storing the request and fence::heavy(): wakes the
    // consumer from a nap or the deep sleep.
    bool ring() noexcept {
        uint32_t w = word_.load(std::memory_order_relaxed);
        return w != 0 && wake_from(w);
    }
    // How many times a producer or a request had to wake the consumer.
    uint64_t wakes() const noexcept { return wakes_.load(std::memory_order_relaxed); }

    // After fork() in the child: nobody sleeps on the word.
    void reset() noexcept { word_.store(0, std::memory_order_relaxed); }

private:
    bool wake_from(uint32_t expected) noexcept {
        if (!word_.compare_exchange_strong(expected, 0, std::memory_order_acq_rel)) return false;
        wakes_.fetch_add(1, std::memory_order_relaxed);
        wake();
        return true;
    }
    void wake() noexcept;
    std::atomic<uint32_t> word_{0};
    std::atomic<uint64_t> wakes_{0};  // written only when waking, like word_
};

}  // namespace picolog::async
