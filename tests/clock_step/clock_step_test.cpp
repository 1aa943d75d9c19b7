// clock_step_test.cpp - a step of the wall clock shows in timestamps within
// a millisecond. This program defines clock_gettime itself (so it is its own
// test binary): the definition wins over the C library's for every call in
// the program, picolog's core among them, and adds a settable offset to
// CLOCK_REALTIME, as settimeofday or an NTP step would.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <time.h>

#include <atomic>
#include <cstdint>

#include "picolog/clock.hpp"
#include "picolog/record.hpp"
#include "watchdog.hpp"

namespace {

std::atomic<int64_t> g_realtime_offset_ns{0};

using ClockGettime = int (*)(clockid_t, timespec*);

ClockGettime real_clock_gettime() {
    static const auto real = reinterpret_cast<ClockGettime>(::dlsym(RTLD_NEXT, "clock_gettime"));
    return real;
}

int64_t ns_of(const timespec& ts) {
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int64_t real_ns(clockid_t id) {
    timespec ts;
    real_clock_gettime()(id, &ts);
    return ns_of(ts);
}

}  // namespace

extern "C" int clock_gettime(clockid_t id, timespec* ts) {
    const int rc = real_clock_gettime()(id, ts);
    if (rc == 0 && id == CLOCK_REALTIME) {
        const int64_t ns = ns_of(*ts) + g_realtime_offset_ns.load(std::memory_order_relaxed);
        ts->tv_sec = ns / 1'000'000'000;
        ts->tv_nsec = ns % 1'000'000'000;
    }
    return rc;
}

namespace {

using namespace picolog;

// Reads the clock (as log calls would) for `ns` of real time.
void read_for(int64_t ns) {
    const int64_t end = real_ns(CLOCK_MONOTONIC) + ns;
    while (real_ns(CLOCK_MONOTONIC) < end) (void)now_ns();
}

// Steps the wall clock by `step`, reads for 1 ms, and returns how far a
// reading then is from the stepped wall clock.
int64_t error_after_step(int64_t step) {
    g_realtime_offset_ns.fetch_add(step);
    read_for(kAnchorSpanNs + kAnchorSpanNs / 5);
    const int64_t value = now_ns();
    return value - (real_ns(CLOCK_REALTIME) + g_realtime_offset_ns.load());
}

class ClockStep : public ::testing::TestWithParam<ClockSource> {};

TEST_P(ClockStep, AStepShowsWithinAMillisecond) {
    ASSERT_NE(real_clock_gettime(), nullptr);
    test_support::Watchdog dog("clock step");
    clock_use_source_for_test(GetParam());
    if (clock_source() != GetParam()) GTEST_SKIP() << "no invariant TSC here";
    // A rate first, when the TSC is used: the steps must hit anchors.
    while (GetParam() == ClockSource::tsc && !clock_calibrated()) (void)now_ns();
    read_for(3 * kAnchorSpanNs);
    constexpr int64_t kStep = 5'000'000'000;
    constexpr int64_t kTolerance = 100'000;  // far below the step, far above a pair's error
    for (int64_t step : {kStep, -2 * kStep, kStep}) {
        const int64_t error = error_after_step(step);
        EXPECT_LT(error < 0 ? -error : error, kTolerance) << "after a step of " << step << " ns";
    }
    g_realtime_offset_ns.store(0);
}

INSTANTIATE_TEST_SUITE_P(Sources, ClockStep, ::testing::Values(ClockSource::tsc, ClockSource::realtime),
                         [](const auto& info) {
                             return info.param == ClockSource::tsc ? "tsc" : "realtime";
                         });

}  // namespace
