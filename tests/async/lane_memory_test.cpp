// lane_memory_test.cpp - what a logging thread costs in resident memory:
// a thread that logs once commits a few pages of its lane, not the lane,
// and a child after fork() commits nothing for the lanes it inherits.
// Measured from /proc (statm, smaps_rollup); skipped under sanitizers,
// whose runtimes keep memory of their own for every thread and allocation.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <barrier>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/handlers.hpp"

namespace {

using namespace async_test;

uint64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Memory this process has written that no other process shares.
uint64_t private_dirty_bytes() {
    std::ifstream rollup("/proc/self/smaps_rollup");
    std::string key;
    uint64_t kib = 0;
    while (rollup >> key) {
        if (key == "Private_Dirty:") {
            rollup >> kib;
            return kib << 10;
        }
        rollup.ignore(1 << 10, '\n');
    }
    return 0;
}

#if defined(PICOLOG_TEST_ASAN) || defined(PICOLOG_TEST_TSAN)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

TEST(LaneMemory, AThousandThreadsLoggingOnceCostAtMost16KiBEach) {
    if (kSanitized) GTEST_SKIP() << "sanitizer runtimes add their own memory per thread";
    Watchdog dog("a thousand logging threads");
    constexpr unsigned kThreads = 1000;
    auto q = make_queue({}, {Ref<NullHandler>::make()});
    const uint64_t at_start = resident_bytes();
    uint64_t before_logging = 0;
    uint64_t after_logging = 0;
    std::barrier sync(kThreads + 1);
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            sync.arrive_and_wait();  // every thread alive
            sync.arrive_and_wait();  // measured
            q->handle(make_record("once"));
            sync.arrive_and_wait();  // every thread logged
            sync.arrive_and_wait();  // measured
        });
    }
    sync.arrive_and_wait();
    before_logging = resident_bytes();
    sync.arrive_and_wait();
    sync.arrive_and_wait();
    ASSERT_EQ(q->flush(), kOk);  // the listener has seen (and populated) every lane
    after_logging = resident_bytes();
    sync.arrive_and_wait();
    for (auto& t : threads) t.join();
    const uint64_t per_thread = (after_logging - before_logging) / kThreads;
    std::printf("resident memory: %llu KiB per thread for its first record, %llu KiB in all for %u threads\n",
                static_cast<unsigned long long>(per_thread >> 10),
                static_cast<unsigned long long>((after_logging - at_start) >> 10), kThreads);
    EXPECT_LE(per_thread, uint64_t{16} << 10);
    EXPECT_LE(after_logging - at_start, uint64_t{32} << 20);
    q->close();
}

TEST(LaneMemory, AChildAfterForkCommitsNothingForInheritedLanes) {
    if (kSanitized) GTEST_SKIP() << "sanitizer runtimes add their own memory per thread";
    Watchdog dog("fork with full lanes");
    QueueOptions o;
    o.capacity = 8192;
    auto q = make_queue(o, {Ref<NullHandler>::make()});
    // Eight lanes written all the way round: 2 MiB each, resident.
    constexpr unsigned kThreads = 8;
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            for (size_t n = 0; n < o.capacity; ++n) q->handle(make_record("fill"));
        });
    }
    for (auto& t : threads) t.join();
    ASSERT_EQ(q->flush(), kOk);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const unsigned long long kib = private_dirty_bytes() >> 10;
        (void)!::write(fds[1], &kib, sizeof kib);
        ::_exit(0);
    }
    ASSERT_GT(pid, 0);
    unsigned long long child_kib = 0;
    ASSERT_EQ(::read(fds[0], &child_kib, sizeof child_kib), static_cast<ssize_t>(sizeof child_kib));
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ::close(fds[0]);
    ::close(fds[1]);
    std::printf("child after fork: %llu KiB private dirty (the parent's lanes hold %u MiB)\n", child_kib,
                kThreads * 2);
    // The child's own stack, heap and the pages its fork handlers touch.
    EXPECT_LE(child_kib, 4096u);
    q->close();
}

}  // namespace
