// producer_index.hpp - a small integer naming each thread that logs into a
// queue, so that a channel can keep one single-producer lane per thread in
// a plain array instead of a map.
//
// Indexes are dense: a thread takes the lowest free one on its first record
// and gives it back when it exits (after its thread_local destructors, which
// may still log; anything it logs later still goes to the shared lane), and a later thread reuses it (with
// the lane that goes with it: the lane has a single producer at any moment, and the old thread's records were
// published before it exited). After fork() the child's only thread keeps its index and every other one is
// free. The runtime's fork handler locks the pool around fork() (after the queue listeners have parked, so
// none of them waits for it).
#pragma once

#include <cstdint>

namespace picolog {

namespace detail {
// The calling thread's index plus one; 0 until assigned. Trivially
// destructible, so reading it needs no init guard.
extern thread_local constinit uint32_t t_producer_index;
[[gnu::cold]] uint32_t assign_producer_index() noexcept;
}  // namespace detail

// For the runtime's fork handler.
void lock_producer_indexes_for_fork() noexcept;
void unlock_producer_indexes_after_fork_parent() noexcept;
void reinit_producer_indexes_after_fork_child() noexcept;

// The calling thread's index, assigned on first use.
inline uint32_t producer_index() noexcept {
    uint32_t i = detail::t_producer_index;
    if (i == 0) [[unlikely]]
        return detail::assign_producer_index();
    return i - 1;
}

}  // namespace picolog
