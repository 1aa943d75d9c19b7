// cycle_clock.hpp - timestamps cheap enough to bracket a single log call.
// On x86-64 this is the TSC (invariant on the machines we run on), fenced so
// that the call being measured cannot move across the reads, and calibrated
// against steady_clock; elsewhere it falls back to steady_clock itself.
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace bench {

inline uint64_t ticks() noexcept {
#if defined(__x86_64__)
    _mm_lfence();
    uint64_t t = __rdtsc();
    _mm_lfence();
    return t;
#else
    return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

// The counter alone, as a logger would read it for a timestamp.
inline uint64_t ticks_unfenced() noexcept {
#if defined(__x86_64__)
    return __rdtsc();
#else
    return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

struct TickScale {
    double ns_per_tick = 1;
    double overhead_ns = 0;  // median cost of an empty ticks() pair

    // Converts a measured difference to ns with the timer's own cost removed.
    double to_ns(uint64_t delta) const noexcept {
        double ns = static_cast<double>(delta) * ns_per_tick - overhead_ns;
        return ns > 0 ? ns : 0;
    }
};

// Measures ticks against steady_clock for about 100 ms and the cost of an
// empty pair of reads.
TickScale calibrate_ticks();

}  // namespace bench
