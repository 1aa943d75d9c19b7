// fence.hpp - asymmetric memory fences: a nearly free fence for the hot side
// of a Dekker-style handshake, paid for by an expensive one on the rare side.
//
// Several handshakes in picolog have a hot side (a thread logging a record)
// and a rare side (a writer replacing a handler list, a listener about to
// sleep, a queue closing). Each side stores, then loads what the other side
// stores; a full fence (a locked instruction on x86) between the two keeps
// them from both missing each other. On the hot side that fence also waits
// for every earlier store to leave the store buffer, which costs a cache
// miss whenever another core has read those lines, as a listener reading
// the record just written has.
//
// Linux's membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) runs a full barrier
// on every CPU that is running a thread of this process (a context switch
// is one for the others). With it, the hot side only needs to keep the
// compiler from reordering its store and load (light()), and the rare side
// issues heavy(). Either heavy() comes after the hot side's store reached
// memory, so the rare side's loads see it, or the hot side's load comes
// after heavy() and sees the rare side's store. Where membarrier is not
// available both sides use an ordinary full fence.
//
// The mode is chosen once, when the library is loaded, before any thread can
// use either function, so every pair of calls agrees on it.
#pragma once

#include <atomic>

#if defined(__SANITIZE_THREAD__)
#define PICOLOG_FENCE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PICOLOG_FENCE_TSAN 1
#endif
#endif

namespace picolog::fence {

namespace detail {
// True when the process is registered for expedited private membarrier.
extern bool g_asymmetric;
#ifdef PICOLOG_FENCE_TSAN
extern std::atomic<int> g_fence_word;
#endif

// A full fence. ThreadSanitizer does not support standalone fences; a
// sequentially consistent read-modify-write (a locked instruction, a full
// barrier on x86) stands in for one in those builds.
inline void full() noexcept {
#ifdef PICOLOG_FENCE_TSAN
    g_fence_word.fetch_add(0, std::memory_order_seq_cst);
#else
    std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}
}  // namespace detail

// Hot side: orders this thread's earlier stores before its later loads, as
// seen by a thread that calls heavy() between its own store and load.
inline void light() noexcept {
    if (detail::g_asymmetric) {
        std::atomic_signal_fence(std::memory_order_seq_cst);
    } else {
        detail::full();
    }
}

// Rare side: a full fence on this thread and every thread running light().
// A system call (tenths of a microsecond to a few) when asymmetric.
void heavy() noexcept;

// How many heavy() calls the process has made, for tests and diagnostics.
unsigned long heavy_count() noexcept;

// For the runtime's fork handler, in the child (one thread): renews the
// registration, which belongs to the address space, and falls back to full
// fences if that fails.
void reinit_after_fork_child() noexcept;

}  // namespace picolog::fence
