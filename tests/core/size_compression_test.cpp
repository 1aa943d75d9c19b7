// size_compression_test.cpp - gzip of size-rotated files: each rotated file
// becomes path.N.gz off the logging thread, the .gz files shift with later
// rotations (also while a compression is still running), retention counts
// them, and without a housekeeping thread a shared file's rotation
// compresses them itself. A kill mid-compression:
// compression_temporary_test.cpp.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "core_test_util.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"
#include "watchdog.hpp"

namespace picolog::test {
namespace {

Record make(std::string_view message) {
    Record r;
    r.level = INFO;
    r.message = message;
    return r;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

// The whole decompressed content, or nullopt when the file is not a
// complete gzip stream.
std::optional<std::string> gunzip(const std::string& path) {
    gzFile in = ::gzopen(path.c_str(), "rb");
    if (!in) return std::nullopt;
    std::string out;
    char buf[4096];
    int n;
    while ((n = ::gzread(in, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    int err = Z_OK;
    ::gzerror(in, &err);
    bool whole = n == 0 && err == Z_OK && ::gzeof(in);
    ::gzclose(in);
    if (!whole) return std::nullopt;
    return out;
}

Ref<RotatingFileHandler> compressing(const std::string& path, uint64_t max_bytes, unsigned backups) {
    SizeRotationOptions size;
    size.max_bytes = max_bytes;
    size.backup_count = backups;
    size.compress = true;
    return Ref<RotatingFileHandler>::make(path, size);
}

std::vector<std::string> directory(const std::string& path) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

TEST(SizeCompression, EachRotatedFileBecomesAGzAndTheGzFilesShift) {
    TempDir dir;
    std::string path = dir.file("app.log");
    auto h = compressing(path, 10, 3);
    for (int i = 0; i < 6; ++i) {
        h->handle(make("line" + std::to_string(i)));  // 6 bytes: one line per file
        h->flush();                                   // waits for the compression too
    }
    EXPECT_EQ(read_file(path), "line5\n");
    for (int n = 1; n <= 3; ++n) {
        std::string gz = path + "." + std::to_string(n) + ".gz";
        EXPECT_EQ(gunzip(gz).value_or("<torn>"), "line" + std::to_string(5 - n) + "\n") << gz;
        EXPECT_FALSE(exists(path + "." + std::to_string(n)));
    }
    // Retention counts the .gz files; no temporary is left.
    EXPECT_EQ(directory(path),
              (std::vector<std::string>{"app.log", "app.log.1.gz", "app.log.2.gz", "app.log.3.gz"}));
    EXPECT_EQ(h->stats().rotation_failures, 0u);
}

TEST(SizeCompression, AnyBackupCountCompressesTheFilesThereAre) {
    test_support::Watchdog watchdog("compressed rotations with backup_count UINT_MAX");
    TempDir dir;
    std::string path = dir.file("many.log");
    auto h = compressing(path, 10, UINT_MAX);
    for (int i = 0; i < 4; ++i) {
        h->handle(make("line" + std::to_string(i)));
        h->flush();
    }
    for (int n = 1; n <= 3; ++n) {
        std::string gz = path + "." + std::to_string(n) + ".gz";
        EXPECT_EQ(gunzip(gz).value_or("<torn>"), "line" + std::to_string(3 - n) + "\n") << gz;
    }
    EXPECT_EQ(directory(path),
              (std::vector<std::string>{"many.log", "many.log.1.gz", "many.log.2.gz", "many.log.3.gz"}));
    EXPECT_EQ(h->stats().rotation_failures, 0u);
}

TEST(SizeCompression, RotationsDuringCompressionKeepEveryRetainedRecordInItsFile) {
    TempDir dir;
    std::string path = dir.file("app.log");
    constexpr int kBackups = 4, kPerFile = 200, kFiles = 40;
    // Each file holds exactly kPerFile lines of 10 bytes.
    auto h = compressing(path, kPerFile * 10 + 5, kBackups);
    char buf[16];
    for (int i = 0; i < kPerFile * kFiles; ++i) {
        std::snprintf(buf, sizeof buf, "%09d", i);
        h->handle(make(buf));
    }
    h->flush();
    std::string expected[kBackups + 1];
    for (int f = 0; f <= kBackups; ++f)
        for (int i = 0; i < kPerFile; ++i) {
            std::snprintf(buf, sizeof buf, "%09d\n", (kFiles - 1 - f) * kPerFile + i);
            expected[f] += buf;
        }
    EXPECT_EQ(read_file(path), expected[0]);
    for (int n = 1; n <= kBackups; ++n) {
        std::string name = path + "." + std::to_string(n);
        EXPECT_FALSE(exists(name)) << name << " is still plain after flush";
        EXPECT_EQ(gunzip(name + ".gz").value_or("<torn>"), expected[n]) << name;
    }
    EXPECT_EQ(directory(path).size(), size_t{kBackups + 1});
    EXPECT_EQ(h->stats().rotations, uint64_t{kFiles - 1});
    EXPECT_EQ(h->stats().rotation_failures, 0u);
}

// A rotator that, while `hold` is set, tells the test it is inside and
// waits there for `go`: its thread holds the handler's rotation with the
// rotated files' names locked.
struct HeldRotation {
    std::atomic<bool> hold{false};
    std::mutex m;
    std::condition_variable cv;
    bool inside = false, go = false;
};

int holding_rotator(const char* source, const char* dest, void* userdata) {
    auto* held = static_cast<HeldRotation*>(userdata);
    if (held->hold.load()) {
        std::unique_lock lock(held->m);
        held->inside = true;
        held->cv.notify_all();
        held->cv.wait(lock, [&] { return held->go; });
    }
    return ::rename(source, dest) == 0 ? 0 : 1;
}

TEST(SizeCompression, AChildForkedDuringAnotherThreadsRotationRotatesItsOwnFile) {
#if defined(PICOLOG_TEST_TSAN)
    // The child's rotation starts the housekeeping thread: ThreadSanitizer's
    // runtime cannot follow a child of a multithreaded process that does.
    GTEST_SKIP() << "threads started in a child of a multithreaded fork";
#endif
    test_support::Watchdog watchdog("a child rotating after a fork during another thread's rotation");
    TempDir dir;
    std::string path = dir.file("app.log");
    HeldRotation held;
    SizeRotationOptions size;
    size.max_bytes = 10;
    size.backup_count = 3;
    size.compress = true;
    RotationHooks hooks;
    hooks.rotator = holding_rotator;
    hooks.userdata = &held;
    auto h = Ref<RotatingFileHandler>::make(path, size, FileOptions{}, hooks);
    h->handle(make("line0"));
    h->handle(make("line1"));  // a first rotation, not held
    h->flush();
    held.hold = true;
    std::thread rotating([&] { h->handle(make("line2")); });
    {
        std::unique_lock lock(held.m);
        held.cv.wait(lock, [&] { return held.inside; });
    }
    // The rotating thread waits in the rotator with the names locked.
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        held.hold = false;
        test_support::Watchdog child_watchdog("the child's rotation", std::chrono::seconds(60));
        h->handle(make("child0"));
        h->handle(make("child1"));  // rotates: takes the names lock
        ::_exit(h->flush() == kOk && h->stats().rotations >= 2 ? 0 : 1);
    }
    {
        std::lock_guard lock(held.m);
        held.go = true;
    }
    held.cv.notify_all();
    rotating.join();
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child's rotation: status " << status;
    EXPECT_EQ(h->flush(), kOk);
}

// The bytes of address space this process has mapped.
rlim_t address_space_in_use() {
    std::ifstream statm("/proc/self/statm");
    rlim_t pages = 0;
    statm >> pages;
    return pages * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE));
}

constexpr int kThreadsStillStart = 77;

// In a child whose address space is capped below a thread's stack, so the
// housekeeping thread cannot start and each rotation's compression runs on
// the logging thread, inside the rotation's lock file: returns 0 once every
// record is written (it did not wait for its own lock).
int rotate_without_a_thread(const std::string& path) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    SizeRotationOptions size;
    size.max_bytes = 10;
    size.backup_count = 2;
    size.compress = true;
    size.multiprocess = true;
    auto h = Ref<RotatingFileHandler>::make(path, size);
    rlimit cap{address_space_in_use() + (4 << 20), RLIM_INFINITY};
    if (::setrlimit(RLIMIT_AS, &cap) != 0) return 10;
    // Threads that ended leave their stacks cached for new ones: those are
    // taken (by threads that wait for the child's exit) until none is left.
    for (int started = 0;; ++started) {
        if (started == 64) return kThreadsStillStart;
        try {
            std::thread([] { ::pause(); }).detach();
        } catch (const std::system_error&) {
            break;
        }
    }
    for (int i = 0; i < 4; ++i) h->handle(make("line" + std::to_string(i)));  // rotates 3 times
    return h->stats().rotations == 3 && h->failures() == 0 ? 0 : 11;
}

TEST(SizeCompression, WithoutAThreadASharedFileIsCompressedByTheRotation) {
    if (kSanitized) GTEST_SKIP() << "a sanitizer maps more than the address space cap allows";
    TempDir dir;
    std::string path = dir.file("app.log");
    test_support::Watchdog watchdog("a rotation compressing on the logging thread");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(rotate_without_a_thread(path));
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "the child died: status " << status;
    if (WEXITSTATUS(status) == kThreadsStillStart) GTEST_SKIP() << "a thread still starts under the cap";
    ASSERT_EQ(WEXITSTATUS(status), 0) << "check " << WEXITSTATUS(status) << " failed in the child";
    EXPECT_EQ(read_file(path), "line3\n");
    EXPECT_EQ(gunzip(path + ".1.gz").value_or("<torn>"), "line2\n");
    EXPECT_EQ(gunzip(path + ".2.gz").value_or("<torn>"), "line1\n");
}

}  // namespace
}  // namespace picolog::test
