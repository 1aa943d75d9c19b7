// housekeeping_test.cpp - the housekeeping thread: the timed flush of a
// buffered file with no further record, the thread existing only while
// needed, jobs in order and on one thread, and a forked child with its own
// thread that keeps none of the descriptors the parent's jobs hold.
#include "picolog/housekeeping.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "core_test_util.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"
#include "watchdog.hpp"

#if defined(PICOLOG_TEST_TSAN)
// The fork test's child starts its own housekeeping thread, which
// ThreadSanitizer refuses by default after a multi-threaded fork.
extern "C" __attribute__((visibility("default"))) const char* __tsan_default_options() {
    return "die_after_fork=0";
}
#endif

namespace picolog::test {
namespace {

Record make(std::string_view message) {
    Record r;
    r.level = INFO;
    r.message = message;
    return r;
}

FileOptions buffered(uint32_t interval_ms) {
    FileOptions o;
    o.flush_policy = FlushPolicy::Buffered;
    o.flush_interval_ms = interval_ms;
    return o;
}

// Yields (no sleep) until the file holds `text`; the watchdog ends a hang.
void wait_for_content(const std::string& path, const std::string& text) {
    while (read_file(path) != text) std::this_thread::yield();
}

TEST(Housekeeping, ABufferedFileIsFlushedWithoutAnotherRecord) {
    test_support::Watchdog watchdog("timed flush");
    TempDir dir;
    std::string path = dir.file("b.log");
    {
        auto h = Ref<FileHandler>::make(path, buffered(5));
        EXPECT_TRUE(housekeeping::thread_running());
        h->handle(make("waiting in the buffer"));
        wait_for_content(path, "waiting in the buffer\n");
    }
    EXPECT_FALSE(housekeeping::thread_running());  // no handler needs it now
}

TEST(Housekeeping, RotatingAndWatchedHandlersAreFlushedToo) {
    test_support::Watchdog watchdog("timed flush of rotating handlers");
    TempDir dir;
    SizeRotationOptions size;
    size.max_bytes = 1000;
    size.backup_count = 1;
    auto rotating = Ref<RotatingFileHandler>::make(dir.file("r.log"), size, buffered(5));
    auto watched = Ref<WatchedFileHandler>::make(dir.file("w.log"), buffered(5));
    rotating->handle(make("r"));
    watched->handle(make("w"));
    wait_for_content(dir.file("r.log"), "r\n");
    wait_for_content(dir.file("w.log"), "w\n");
}

TEST(Housekeeping, NoThreadForUnbufferedFilesOrZeroIntervals) {
    TempDir dir;
    auto plain = Ref<FileHandler>::make(dir.file("p.log"));
    auto no_interval = Ref<FileHandler>::make(dir.file("n.log"), buffered(0));
    EXPECT_FALSE(housekeeping::thread_running());
}

TEST(Housekeeping, JobsRunInOrder) {
    std::vector<int> order;
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(housekeeping::submit([&order, i] { order.push_back(i); }));
    housekeeping::drain();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Housekeeping, JobsOneAfterAnotherShareAThread) {
    // Kernel thread ids: a thread started afresh gets a new one.
    pid_t first = 0, second = 0;
    ASSERT_TRUE(housekeeping::submit([&first] { first = ::gettid(); }));
    housekeeping::drain();
    ASSERT_TRUE(housekeeping::submit([&second] { second = ::gettid(); }));
    housekeeping::drain();
    EXPECT_NE(first, 0);
    EXPECT_EQ(first, second);
}

TEST(Housekeeping, TheThreadWaitingForJobsEndsWithTheLastTask) {
    ASSERT_TRUE(housekeeping::submit([] {}));
    housekeeping::drain();  // the thread now waits for another job
    TempDir dir;
    { auto h = Ref<FileHandler>::make(dir.file("t.log"), buffered(5)); }
    EXPECT_FALSE(housekeeping::thread_running());
}

TEST(Housekeeping, AForkedChildFlushesWithItsOwnThread) {
    test_support::Watchdog watchdog("timed flush after fork");
    TempDir dir;
    std::string path = dir.file("fork.log");
    auto h = Ref<FileHandler>::make(path, buffered(5));
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        h->handle(make("from the child"));
        while (read_file(path) != "from the child\n") std::this_thread::yield();
        ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(read_file(path), "from the child\n");
}

TEST(Housekeeping, AChildForkedWhileAJobHoldsADescriptorClosesItsCopy) {
    test_support::Watchdog watchdog("fork while a job holds a descriptor");
    TempDir dir;
    std::string path = dir.file("compressing.log");
    std::ofstream(path) << "a rotated file being compressed\n";
    std::mutex m;
    std::condition_variable cv;
    bool holding = false, go = false;
    ASSERT_TRUE(housekeeping::submit([&] {
        // As a compression holds the rotated file that its job then removes.
        int fd = housekeeping::open_held([&] { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC); });
        ::unlink(path.c_str());
        std::unique_lock lock(m);
        holding = fd >= 0;
        cv.notify_all();
        cv.wait(lock, [&] { return go; });
        lock.unlock();
        housekeeping::close_held(fd);
    }));
    {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return holding; });
    }
    ASSERT_EQ(deleted_files_held(dir.file("")), 1u);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(deleted_files_held(dir.file("")) == 0 ? 0 : 1);
    {
        std::lock_guard lock(m);
        go = true;
    }
    cv.notify_all();
    housekeeping::drain();
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child holds the job's file";
    EXPECT_EQ(deleted_files_held(dir.file("")), 0u);
}

}  // namespace
}  // namespace picolog::test
