// reopen.hpp - asking every file handler to reopen its file (after
// logrotate moved it), safely from a signal handler.
//
// request_reopen() only increments a lock-free atomic generation counter:
// no lock, no allocation, no system call, so a SIGHUP handler may call it.
// Each file handler remembers the generation it opened its file at and, on
// its next record (or flush), closes and reopens the path when the counter
// has moved.
#pragma once

#include <atomic>
#include <cstdint>

namespace picolog {

namespace reopen_detail {
inline std::atomic<uint64_t> g_generation{0};
static_assert(std::atomic<uint64_t>::is_always_lock_free, "reopen must be async-signal-safe");
}  // namespace reopen_detail

// Async-signal-safe.
inline void request_reopen() noexcept {
    reopen_detail::g_generation.fetch_add(1, std::memory_order_release);
}

inline uint64_t reopen_generation() noexcept {
    return reopen_detail::g_generation.load(std::memory_order_acquire);
}

}  // namespace picolog
