// doorbell.hpp - how producers wake a sleeping listener without a syscall
// per record.
//
// One word: 1 while the consumer is (about to be) asleep, 0 otherwise. The
// consumer arms it, re-checks for work, then sleeps on the word (a futex);
// a producer, after publishing, reads the word and only when it is 1 swaps
// it to 0 and issues the wake-up. While the consumer is busy the word stays
// 0 and ringing is one plain load of a cache line nobody writes.
//
// Lost wake-ups are excluded by pairing two seq_cst operations on each side
// (a Dekker handshake): the consumer stores 1, then loads the "is there work"
// state; the producer makes the work visible with a seq_cst operation, then
// loads the word. In the single total order of seq_cst operations one of the
// two loads comes last and sees the other side's write, so either the
// consumer sees the work and does not sleep, or the producer sees 1 and
// wakes it.
//
// The consumer polls for a few tens of microseconds before arming (see
// QueueListener::State::poll_for_work): a producer that finds it polling
// pays no wake-up, and one logging at a steady rate usually does.
#pragma once

#include <atomic>
#include <cstdint>

namespace picolog::async {

// One step of a busy wait: tells the CPU this is a spin loop, so it eases
// off the memory system and the sibling hyper-thread.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

class Doorbell {
public:
    // Consumer: announce the intent to sleep. Afterwards re-check for work
    // with seq_cst loads, then call sleep() or cancel().
    void arm() noexcept { word_.store(1, std::memory_order_seq_cst); }
    void cancel() noexcept { word_.store(0, std::memory_order_relaxed); }
    // Consumer: blocks (no CPU, no timeout) until a producer rings.
    void sleep() noexcept;

    // Producer: call after a seq_cst operation that published work. Returns
    // true when it had to wake the consumer (the only case with a syscall).
    bool ring() noexcept {
        if (word_.load(std::memory_order_seq_cst) == 0) return false;
        if (word_.exchange(0, std::memory_order_seq_cst) == 0) return false;
        wakes_.fetch_add(1, std::memory_order_relaxed);
        wake();
        return true;
    }
    // How many times a producer had to wake the consumer.
    uint64_t wakes() const noexcept { return wakes_.load(std::memory_order_relaxed); }

    // After fork() in the child: nobody sleeps on the word.
    void reset() noexcept { word_.store(0, std::memory_order_relaxed); }

private:
    void wake() noexcept;
    std::atomic<uint32_t> word_{0};
    std::atomic<uint64_t> wakes_{0};  // written only when waking, like word_
};

}  // namespace picolog::async
