// rotating_file_handler_test.cpp - size rotation: Python's check and names,
// no rotation when disabled, a line larger than max_bytes, a failed rename
// that keeps every record, buffering, and threads sharing one handler
// (buffered too).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "core_test_util.hpp"
#include "picolog/housekeeping.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"
#include "watchdog.hpp"

namespace picolog::test {
namespace {

Record make(std::string_view message, int level = INFO) {
    Record r;
    r.level = level;
    r.message = message;
    return r;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

Ref<RotatingFileHandler> rotating(const std::string& path, uint64_t max_bytes, unsigned backups,
                                  const FileOptions& file = {}) {
    SizeRotationOptions size;
    size.max_bytes = max_bytes;
    size.backup_count = backups;
    return Ref<RotatingFileHandler>::make(path, size, file);
}

TEST(RotatingFileHandler, RotatesBeforeTheLineThatWouldReachMaxBytes) {
    TempDir dir;
    std::string path = dir.file("app.log");
    auto h = rotating(path, 10, 2);
    h->handle(make("aaaa"));  // 5 bytes
    h->handle(make("bbbb"));  // 5 + 5 >= 10: rotate first
    EXPECT_EQ(read_file(path), "bbbb\n");
    EXPECT_EQ(read_file(path + ".1"), "aaaa\n");
    h->handle(make("cc"));  // 5 + 3 < 10
    EXPECT_EQ(read_file(path), "bbbb\ncc\n");
    h->handle(make("d"));  // 8 + 2 >= 10
    h->handle(make("eeee"));
    h->handle(make("ffff"));
    EXPECT_EQ(read_file(path), "ffff\n");
    EXPECT_EQ(read_file(path + ".1"), "d\neeee\n");
    EXPECT_EQ(read_file(path + ".2"), "bbbb\ncc\n");
    EXPECT_FALSE(exists(path + ".3"));  // aaaa dropped with backup_count 2
    EXPECT_EQ(h->stats().rotations, 3u);
    EXPECT_EQ(h->stats().rotation_failures, 0u);
}

TEST(RotatingFileHandler, CountsAnExistingFileAndContinuesIt) {
    TempDir dir;
    std::string path = dir.file("app.log");
    { std::ofstream(path) << "12345678\n"; }
    auto h = rotating(path, 12, 1);
    h->handle(make("xx"));  // 9 + 3 >= 12
    EXPECT_EQ(read_file(path + ".1"), "12345678\n");
    EXPECT_EQ(read_file(path), "xx\n");
}

TEST(RotatingFileHandler, NoRotationWhenMaxBytesOrBackupCountIsZero) {
    TempDir dir;
    for (auto [max_bytes, backups] : {std::pair<uint64_t, unsigned>{0, 3}, {4, 0}}) {
        std::string path = dir.file("off" + std::to_string(max_bytes) + ".log");
        auto h = rotating(path, max_bytes, backups);
        for (int i = 0; i < 5; ++i) h->handle(make("line"));
        EXPECT_EQ(read_lines(path).size(), 5u);
        EXPECT_FALSE(exists(path + ".1"));
        EXPECT_EQ(h->stats().rotations, 0u);
    }
}

TEST(RotatingFileHandler, ALineLongerThanMaxBytesGetsAFileOfItsOwn) {
    TempDir dir;
    std::string path = dir.file("big.log");
    auto h = rotating(path, 8, 3);
    std::string big(20, 'x');
    h->handle(make(big));  // empty file: never rotated
    h->handle(make(big));
    h->handle(make("s"));
    EXPECT_EQ(read_file(path), "s\n");
    EXPECT_EQ(read_file(path + ".1"), big + "\n");
    EXPECT_EQ(read_file(path + ".2"), big + "\n");
    EXPECT_FALSE(exists(path + ".3"));
}

TEST(RotatingFileHandler, ShiftsTheBackupsThereAreAsPythonDoes) {
    TempDir dir;
    std::string path = dir.file("gaps.log");
    { std::ofstream(path) << "live\n"; }
    for (const char* n : {"1", "3", "4", "03", "x"}) std::ofstream(path + "." + n) << n << "\n";
    auto h = rotating(path, 8, 4);
    h->handle(make("next"));  // 5 + 5 >= 8
    EXPECT_EQ(read_file(path), "next\n");
    EXPECT_EQ(read_file(path + ".1"), "live\n");
    EXPECT_EQ(read_file(path + ".2"), "1\n");
    EXPECT_FALSE(exists(path + ".3"));
    EXPECT_EQ(read_file(path + ".4"), "3\n");  // the old path.4 dropped
    EXPECT_EQ(read_file(path + ".03"), "03\n");
    EXPECT_EQ(read_file(path + ".x"), "x\n");
}

TEST(RotatingFileHandler, ARotationCostsTheBackupsThereAreNotTheBackupCount) {
    test_support::Watchdog watchdog("rotations with backup_count UINT_MAX");
    TempDir dir;
    std::string path = dir.file("many.log");
    auto h = rotating(path, 6, UINT_MAX);  // a C caller's -1
    for (int i = 0; i < 5; ++i) h->handle(make("rec" + std::to_string(i)));
    EXPECT_EQ(read_file(path), "rec4\n");
    for (int n = 1; n <= 4; ++n)
        EXPECT_EQ(read_file(path + "." + std::to_string(n)), "rec" + std::to_string(4 - n) + "\n");
    EXPECT_EQ(h->stats().rotations, 4u);
}

TEST(RotatingFileHandler, AFailedRenameKeepsTheLiveFileAndEveryRecord) {
    TempDir dir;
    std::string path = dir.file("stuck.log");
    // path.1 is a directory with an entry: it can be neither removed nor
    // replaced by a rename.
    ASSERT_EQ(::mkdir((path + ".1").c_str(), 0755), 0);
    { std::ofstream(path + ".1/keep") << "x"; }
    ErrorCapture errors;
    auto h = rotating(path, 10, 1);
    for (int i = 0; i < 6; ++i) h->handle(make("rec" + std::to_string(i)));
    std::vector<std::string> expected;
    for (int i = 0; i < 6; ++i) expected.push_back("rec" + std::to_string(i));
    EXPECT_EQ(read_lines(path), expected);  // never truncated, nothing lost
    EXPECT_GE(h->stats().rotation_failures, 1u);
    EXPECT_EQ(h->stats().rotations, 0u);
    EXPECT_GE(h->failures(), 1u);
    ASSERT_FALSE(errors.messages().empty());
    EXPECT_NE(errors.messages()[0].find("rotation"), std::string::npos);
    // Once the obstacle is gone, rotation works again.
    std::filesystem::remove_all(path + ".1");
    h->handle(make("after"));
    EXPECT_EQ(read_file(path), "after\n");
    EXPECT_EQ(h->stats().rotations, 1u);
}

TEST(RotatingFileHandler, AFailedShiftKeepsTheBackupsItCouldNotMove) {
    TempDir dir;
    std::string path = dir.file("shift.log");
    auto h = rotating(path, 10, 3);
    for (const char* m : {"aaaa", "bbbb", "cccc"}) h->handle(make(m));
    ASSERT_EQ(read_file(path + ".2"), "aaaa\n");
    // The oldest slot is a directory: path.2 cannot move there, so neither
    // path.1 nor path may move on.
    ASSERT_EQ(::mkdir((path + ".3").c_str(), 0755), 0);
    ErrorCapture errors;
    h->handle(make("dddd"));
    h->handle(make("eeee"));
    EXPECT_EQ(read_file(path + ".2"), "aaaa\n");
    EXPECT_EQ(read_file(path + ".1"), "bbbb\n");
    EXPECT_EQ(read_file(path), "cccc\ndddd\neeee\n");
    EXPECT_EQ(h->stats().rotations, 2u);
    EXPECT_GE(h->stats().rotation_failures, 2u);
    ASSERT_FALSE(errors.messages().empty());
    // Once the obstacle is gone, every file moves on by one.
    ASSERT_EQ(::rmdir((path + ".3").c_str()), 0);
    h->handle(make("ffff"));
    EXPECT_EQ(read_file(path + ".3"), "aaaa\n");
    EXPECT_EQ(read_file(path + ".2"), "bbbb\n");
    EXPECT_EQ(read_file(path + ".1"), "cccc\ndddd\neeee\n");
    EXPECT_EQ(read_file(path), "ffff\n");
}

TEST(RotatingFileHandler, BufferedBytesCountTowardsTheSize) {
    TempDir dir;
    std::string path = dir.file("buf.log");
    FileOptions file;
    file.flush_policy = FlushPolicy::Buffered;
    file.flush_interval_ms = 0;
    auto h = rotating(path, 10, 1, file);
    h->handle(make("aaaa"));
    h->handle(make("bbbb"));  // rotates: the buffered aaaa goes to path.1
    h->flush();
    EXPECT_EQ(read_file(path + ".1"), "aaaa\n");
    EXPECT_EQ(read_file(path), "bbbb\n");
}

TEST(RotatingFileHandler, ThreadsSharingItWriteEveryRecordOnceAndWhole) {
    TempDir dir;
    std::string path = dir.file("mt.log");
    constexpr int kThreads = 4;
    const int per_thread = scaled(5000);
    constexpr uint64_t kMaxBytes = 4096;
    auto h = rotating(path, kMaxBytes, 1000);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i)
                h->handle(make("t" + std::to_string(t) + " " + std::to_string(i)));
        });
    for (auto& th : threads) th.join();
    h->flush();
    std::set<std::string> seen;
    size_t total = 0;
    for (int n = 0;; ++n) {
        std::string f = n == 0 ? path : path + "." + std::to_string(n);
        if (!exists(f)) break;
        EXPECT_LT(std::filesystem::file_size(f), kMaxBytes);
        for (const auto& line : read_lines(f)) {
            seen.insert(line);
            ++total;
        }
    }
    EXPECT_EQ(total, size_t{kThreads} * per_thread);
    EXPECT_EQ(seen.size(), total);
}

TEST(RotatingFileHandler, BufferedThreadsWriteEveryRecordOnceInTheirOrder) {
    TempDir dir;
    std::string path = dir.file("bufmt.log");
    constexpr int kThreads = 4;
    const int per_thread = scaled(5000);
    constexpr uint64_t kMaxBytes = 4096;
    FileOptions file;
    file.flush_policy = FlushPolicy::Buffered;
    file.flush_interval_ms = 0;
    file.buffer_size = 300;  // a few records: many fill it, many rotate it
    auto h = rotating(path, kMaxBytes, 1000, file);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i)
                h->handle(make("t" + std::to_string(t) + " " + std::to_string(i) + std::string(i % 50, '.')));
        });
    for (auto& th : threads) th.join();
    h->flush();
    int files = 0;
    while (exists(files == 0 ? path : path + "." + std::to_string(files))) ++files;
    std::vector<int> next(kThreads, 0);
    for (int n = files - 1; n >= 0; --n) {  // oldest first
        std::string f = n == 0 ? path : path + "." + std::to_string(n);
        EXPECT_LT(std::filesystem::file_size(f), kMaxBytes);
        for (const auto& line : read_lines(f)) {
            int t = 0, i = 0;
            ASSERT_EQ(std::sscanf(line.c_str(), "t%d %d", &t, &i), 2) << line;
            ASSERT_TRUE(t >= 0 && t < kThreads) << line;
            EXPECT_EQ(i, next[t]) << line;
            EXPECT_EQ(line, "t" + std::to_string(t) + " " + std::to_string(i) + std::string(i % 50, '.'));
            next[t] = i + 1;
        }
    }
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], per_thread);
}

TEST(RotatingFileHandler, DroppedFilesAreGoneAtOnceAndReleasedByFlush) {
    TempDir dir;
    std::string path = dir.file("app.log");
    for (unsigned backups : {1u, 3u}) {
        auto h = rotating(path, 10, backups);
        for (int i = 0; i < 20; ++i) h->handle(make("line" + std::to_string(i % 10)));
        // The dropped names are gone before any housekeeping ran.
        EXPECT_FALSE(exists(path + "." + std::to_string(backups + 1)));
        h->flush();
        EXPECT_EQ(deleted_files_held(path), 0u);
        EXPECT_EQ(read_file(path + "." + std::to_string(backups)),
                  "line" + std::to_string(9 - backups) + "\n");
        EXPECT_EQ(h->stats().rotation_failures, 0u);
    }
}

TEST(RotatingFileHandler, AChildForkedBeforeADroppedFileIsReleasedDoesNotHoldIt) {
    TempDir dir;
    std::string path = dir.file("app.log");
    auto h = rotating(path, 10, 1);
    h->handle(make("line0"));
    h->handle(make("line1"));  // path.1 = line0
    // A job ahead in the queue: the release of the next dropped file waits.
    std::mutex m;
    std::condition_variable cv;
    bool go = false;
    ASSERT_TRUE(housekeeping::submit([&] {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return go; });
    }));
    h->handle(make("line2"));  // line0 dropped, its release queued
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(deleted_files_held(path) == 0 ? 0 : 1);
    {
        std::lock_guard lock(m);
        go = true;
    }
    cv.notify_all();
    h->flush();
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child holds the dropped file";
    EXPECT_EQ(deleted_files_held(path), 0u);
    EXPECT_EQ(read_file(path + ".1"), "line1\n");
}

TEST(RotatingFileHandler, RejectsBadOptions) {
    SizeRotationOptions size;
    EXPECT_THROW(Ref<RotatingFileHandler>::make("", size), Error);
    TempDir dir;
    EXPECT_THROW(Ref<RotatingFileHandler>::make(dir.file("no/such/dir.log"), size), Error);
}

}  // namespace
}  // namespace picolog::test
