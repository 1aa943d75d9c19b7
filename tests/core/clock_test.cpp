// clock_test.cpp - the TSC wall clock: agreement with clock_gettime after
// calibration, monotone within a tolerance, readers racing re-anchors, the
// forced realtime source, and a child forked while a re-anchor was running.
#include "picolog/clock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <latch>
#include <thread>
#include <vector>

#include "core_test_util.hpp"
#include "picolog/record.hpp"
#include "picolog/runtime.hpp"
#include "watchdog.hpp"

namespace picolog::test {
namespace {

// How far a reading may stray from clock_gettime read around it: a bound
// on correctness, far above the anchor and rate errors.
constexpr int64_t kToleranceNs = 100'000;

// Enough readings to cover kMinBaselineNs many times over at any speed.
constexpr long kCalibrationCallLimit = 1'000'000'000;

// Calls now_ns() until a rate is known, or fails the test.
::testing::AssertionResult calibrate() {
    for (long i = 0; i < kCalibrationCallLimit && !clock_calibrated(); ++i) now_ns();
    if (clock_calibrated()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no rate after " << kCalibrationCallLimit << " readings";
}

// Puts the TSC source in place for one test, and back what was there.
class TscClock : public ::testing::Test {
protected:
    void SetUp() override {
        if (!invariant_tsc()) GTEST_SKIP() << "no invariant TSC: the clock is clock_gettime";
        if (clock_source() != ClockSource::tsc) clock_use_source_for_test(ClockSource::tsc);
        ASSERT_TRUE(calibrate());
    }
    void TearDown() override {
        if (previous_ != clock_source()) clock_use_source_for_test(previous_);
    }

private:
    ClockSource previous_ = clock_source();
};

// Whether `value` lies within the tolerance of [before, after].
bool bracketed(int64_t before, int64_t value, int64_t after) {
    return value >= before - kToleranceNs && value <= after + kToleranceNs;
}

TEST(ClockSourceChoice, EnvironmentCpuAndKernelDecide) {
    EXPECT_EQ(choose_clock_source(nullptr, true, "tsc"), ClockSource::tsc);
    EXPECT_EQ(choose_clock_source("", true, "tsc"), ClockSource::tsc);
    EXPECT_EQ(choose_clock_source("tsc", true, "tsc"), ClockSource::tsc);
    EXPECT_EQ(choose_clock_source("realtime", true, "tsc"), ClockSource::realtime);
    EXPECT_EQ(choose_clock_source(nullptr, false, "tsc"), ClockSource::realtime);
    EXPECT_EQ(choose_clock_source("tsc", false, "tsc"), ClockSource::realtime);
    EXPECT_EQ(choose_clock_source("realtime", false, "tsc"), ClockSource::realtime);
    // The kernel has demoted the TSC, or cannot be asked: not used.
    EXPECT_EQ(choose_clock_source(nullptr, true, "kvm-clock"), ClockSource::realtime);
    EXPECT_EQ(choose_clock_source(nullptr, true, "hpet"), ClockSource::realtime);
    EXPECT_EQ(choose_clock_source(nullptr, true, nullptr), ClockSource::realtime);
}

TEST(ClockSourceChoice, TheKernelsClocksourceIsRead) {
    char name[32];
    if (!kernel_clocksource(name, sizeof name)) GTEST_SKIP() << "no /sys clocksource here";
    EXPECT_GT(std::strlen(name), 0u);
    EXPECT_EQ(std::strchr(name, '\n'), nullptr);
}

TEST(ClockSourceChoice, ForcedRealtimeIsClockGettime) {
    ClockSource previous = clock_source();
    clock_use_source_for_test(ClockSource::realtime);
    EXPECT_EQ(clock_source(), ClockSource::realtime);
    clock_reanchor_for_test();
    for (int i = 0; i < 100000; ++i) {
        int64_t before = realtime_ns();
        int64_t value = now_ns();
        int64_t after = realtime_ns();
        // The same clock read in order: no tolerance needed.
        ASSERT_LE(before, value) << "reading " << i;
        ASSERT_LE(value, after) << "reading " << i;
    }
    EXPECT_FALSE(clock_calibrated());
    clock_use_source_for_test(previous);
}

TEST_F(TscClock, AgreesWithClockGettime) {
    for (int i = 0; i < 100000; ++i) {
        int64_t before = realtime_ns();
        int64_t value = now_ns();
        int64_t after = realtime_ns();
        ASSERT_TRUE(bracketed(before, value, after))
            << "reading " << i << ": " << value - before << " ns after the first clock_gettime, "
            << after - value << " ns before the second";
    }
}

TEST_F(TscClock, AgreesAcrossReanchors) {
    for (int i = 0; i < 1000; ++i) {
        clock_reanchor_for_test();
        int64_t before = realtime_ns();
        int64_t value = now_ns();
        int64_t after = realtime_ns();
        ASSERT_TRUE(bracketed(before, value, after)) << "reading " << i;
    }
    EXPECT_TRUE(clock_calibrated());
}

TEST_F(TscClock, ConsecutiveReadingsNeverGoBackBeyondTheTolerance) {
    int64_t previous = now_ns();
    int64_t worst_step_back = 0;
    for (int i = 0; i < 1000000; ++i) {
        if (i % 50000 == 0) clock_reanchor_for_test();
        int64_t value = now_ns();
        if (previous - value > worst_step_back) worst_step_back = previous - value;
        previous = value;
    }
    EXPECT_LE(worst_step_back, kToleranceNs);
    RecordProperty("worst_step_back_ns", std::to_string(worst_step_back));
}

TEST_F(TscClock, ReadersRacingReanchorsStayWithinTheTolerance) {
    constexpr int kReaders = 4;
    // Readers go on until the re-anchoring thread has run this many times
    // too: on a loaded machine it may otherwise not be scheduled before the
    // readers are done, and nothing would race.
    constexpr long kMinReanchors = 20;
    const int readings = scaled(200000);
    std::latch start(kReaders + 1);
    std::atomic<int> readers_left{kReaders};
    std::atomic<long> reanchors{0};
    std::vector<long> strays(kReaders, 0);
    std::vector<std::thread> threads;
    for (int r = 0; r < kReaders; ++r) {
        threads.emplace_back([&, r] {
            start.arrive_and_wait();
            for (int i = 0; i < readings || reanchors.load(std::memory_order_relaxed) < kMinReanchors; ++i) {
                int64_t before = realtime_ns();
                int64_t value = now_ns();
                int64_t after = realtime_ns();
                if (!bracketed(before, value, after)) ++strays[r];
            }
            readers_left.fetch_sub(1, std::memory_order_release);
        });
    }
    threads.emplace_back([&] {
        start.arrive_and_wait();
        while (readers_left.load(std::memory_order_acquire) > 0) {
            clock_reanchor_for_test();
            reanchors.fetch_add(1, std::memory_order_relaxed);
        }
    });
    for (auto& t : threads) t.join();
    for (int r = 0; r < kReaders; ++r) EXPECT_EQ(strays[r], 0) << "reader " << r;
    EXPECT_GE(reanchors.load(), kMinReanchors);
    EXPECT_TRUE(clock_calibrated());
}

// A child forked while another thread held the re-anchor lock would wait
// for it forever in clock_reanchor_for_test (and the alarm would end it).
TEST_F(TscClock, ChildForkedDuringReanchorsKeepsAWorkingClock) {
    test_support::Watchdog watchdog("fork during re-anchors");
    runtime::ensure_initialized();  // installs the fork handler
    std::atomic<bool> stop{false};
    std::thread reanchoring([&] {
        while (!stop.load(std::memory_order_relaxed)) clock_reanchor_for_test();
    });
    const int forks = scaled(50) < 5 ? 5 : scaled(50);
    for (int i = 0; i < forks; ++i) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::alarm(60);
            clock_reanchor_for_test();
            bool ok = static_cast<bool>(calibrate());
            for (int j = 0; ok && j < 10000; ++j) {
                int64_t before = realtime_ns();
                int64_t value = now_ns();
                ok = bracketed(before, value, realtime_ns());
            }
            _exit(ok ? 0 : 1);
        }
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child of fork " << i;
    }
    stop = true;
    reanchoring.join();
}

}  // namespace
}  // namespace picolog::test
