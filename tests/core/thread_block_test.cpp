// thread_block_test.cpp - per-thread blocks (thread_block.hpp): one per
// thread, made on first use, destroyed when the thread exits, and absent,
// not dangling, for code that runs in the thread's exit after that (a
// thread-specific data destructor that logs). The formatter's caches live
// in one: a line formatted then is the same line.
#include "picolog/thread_block.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "formatter_test_util.hpp"
#include "thread_exit.hpp"

namespace picolog::test {
namespace {

std::atomic<int> g_made{0};
std::atomic<int> g_destroyed{0};

struct Counted {
    Counted() noexcept { g_made.fetch_add(1); }
    ~Counted() { g_destroyed.fetch_add(1); }
    int value = 0;
};

TEST(ThreadBlock, OnePerThreadMadeOnFirstUseAndDestroyedAtExit) {
    const int made = g_made.load();
    const int destroyed = g_destroyed.load();
    Counted* mine = nullptr;
    Counted* theirs = nullptr;
    std::thread t([&] {
        EXPECT_EQ(ThreadBlock<Counted>::existing(), nullptr);
        theirs = ThreadBlock<Counted>::get();
        ASSERT_NE(theirs, nullptr);
        theirs->value = 7;
        EXPECT_EQ(ThreadBlock<Counted>::get(), theirs);
        EXPECT_EQ(ThreadBlock<Counted>::existing(), theirs);
    });
    t.join();
    EXPECT_EQ(g_made.load(), made + 1);
    EXPECT_EQ(g_destroyed.load(), destroyed + 1);
    mine = ThreadBlock<Counted>::get();
    ASSERT_NE(mine, nullptr);
    EXPECT_EQ(mine->value, 0);  // value-initialized, not the other thread's
    EXPECT_EQ(g_made.load(), made + 2);
}

TEST(ThreadBlock, AbsentAfterTheThreadReleasedIt) {
    const int destroyed = g_destroyed.load();
    bool absent_late = false;
    bool existing_absent_late = false;
    int destroyed_when_late = -1;
    run_at_thread_exit_after_release([] { ASSERT_NE(ThreadBlock<Counted>::get(), nullptr); },
                                     [&] {
                                         destroyed_when_late = g_destroyed.load();
                                         absent_late = ThreadBlock<Counted>::get() == nullptr;
                                         existing_absent_late = ThreadBlock<Counted>::existing() == nullptr;
                                     });
    EXPECT_EQ(destroyed_when_late, destroyed + 1);
    EXPECT_TRUE(absent_late);
    EXPECT_TRUE(existing_absent_late);
    EXPECT_EQ(g_destroyed.load(), destroyed + 1);  // not made again
}

TEST(ThreadBlock, ALineFormattedAfterTheThreadsCachesWereReleasedIsTheSame) {
    use_utc();
    PatternFormatter f("%(asctime)s %(levelname)-8s %(name)s: %(message)s", "", FormatStyle::Percent);
    PatternFormatter dated("[%(asctime)s] %(message)s", "%Y/%m/%d %H:%M:%S", FormatStyle::Percent);
    SampleRecord s;
    const std::string expected = format_with(f, s.record);
    const std::string expected_dated = format_with(dated, s.record);
    ASSERT_EQ(expected, "2023-11-14 22:13:20,123 INFO     app.db: hello");
    std::string early, late, late_dated;
    run_at_thread_exit_after_release([&] { early = format_with(f, s.record); },
                                     [&] {
                                         late = format_with(f, s.record);
                                         late_dated = format_with(dated, s.record);
                                     });
    EXPECT_EQ(early, expected);
    EXPECT_EQ(late, expected);
    EXPECT_EQ(late_dated, expected_dated);
}

}  // namespace
}  // namespace picolog::test
