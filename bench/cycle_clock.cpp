// cycle_clock.cpp - calibration of the tick counter used for per-call latency.
#include "cycle_clock.hpp"

#include <thread>
#include <vector>

#include "bench_support.hpp"

namespace bench {

TickScale calibrate_ticks() {
    using clock = std::chrono::steady_clock;
    TickScale scale;
    auto wall_start = clock::now();
    uint64_t tick_start = ticks();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    uint64_t tick_end = ticks();
    auto wall_end = clock::now();
    double wall_ns = std::chrono::duration<double, std::nano>(wall_end - wall_start).count();
    if (tick_end > tick_start) scale.ns_per_tick = wall_ns / static_cast<double>(tick_end - tick_start);

    std::vector<double> empty(10000);
    for (double& e : empty) {
        uint64_t t0 = ticks();
        uint64_t t1 = ticks();
        e = static_cast<double>(t1 - t0) * scale.ns_per_tick;
    }
    scale.overhead_ns = median(std::move(empty));
    return scale;
}

}  // namespace bench
