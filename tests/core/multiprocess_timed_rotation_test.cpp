// multiprocess_timed_rotation_test.cpp - 4 processes writing one file that
// rotates by time through the lock file, with an injected clock shared by
// the processes (every reading moves it on): every record once, each in the
// file of the second its handler saw, and exactly one rename per rollover.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "core_test_util.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"
#include "watchdog.hpp"

namespace picolog::test {
namespace {

constexpr int kProcesses = 4;
constexpr int kMaxRecords = 5000;
// About 20 rollovers at either size; prime, so rollovers fall anywhere in a
// process's run.
constexpr int64_t kTicksPerSecond = kSanitized ? 97 : 997;
constexpr int64_t kT0 = 1700000000;

// Lives in memory the processes share.
struct Shared {
    std::atomic<int64_t> ticks;
    int64_t tick_of[kProcesses][kMaxRecords];  // the clock reading each record's emit took
    uint64_t rotations[kProcesses];
};

Shared* g_shared = nullptr;
int g_process = -1;  // this process's index, -1 in the parent
int g_seq = -1;      // the record being handled

int64_t shared_clock(void*) {
    int64_t tick = g_shared->ticks.fetch_add(1);
    if (g_process >= 0 && g_seq >= 0) g_shared->tick_of[g_process][g_seq] = tick;
    return (kT0 + tick / kTicksPerSecond) * 1000000000;
}

std::string suffix_of(int64_t second) {
    time_t t = static_cast<time_t>(second);
    tm parts{};
    ::gmtime_r(&t, &parts);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d_%H-%M-%S", &parts);
    return buf;
}

TEST(MultiprocessTimedRotation, OneRenamePerRolloverAndEveryRecordInItsSecondsFile) {
    test_support::Watchdog watchdog("4 processes rotating one file by time", std::chrono::seconds(300));
    const int per_process = scaled(kMaxRecords);
    void* memory = ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(memory, MAP_FAILED);
    g_shared = new (memory) Shared{};
    TempDir dir;
    std::string path = dir.file("timed.log");
    TimeRotationOptions timed;
    timed.when = RotateWhen::Seconds;
    timed.utc = true;
    timed.multiprocess = true;
    RotationHooks hooks;
    hooks.now_ns = shared_clock;
    auto h = Ref<TimedRotatingFileHandler>::make(path, timed, FileOptions{}, hooks);
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            g_process = p;
            char buf[64];
            for (g_seq = 0; g_seq < per_process; ++g_seq) {
                int n = std::snprintf(buf, sizeof buf, "p%d %d", p, g_seq);
                Record r;
                r.level = INFO;
                r.message = std::string_view(buf, static_cast<size_t>(n));
                h->handle(r);
            }
            g_shared->rotations[p] = h->stats().rotations;
            ::_exit(h->failures() == 0 && h->stats().rotation_failures == 0 ? 0 : 3);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
    }

    int64_t last_second = 0;
    for (int p = 0; p < kProcesses; ++p)
        for (int seq = 0; seq < per_process; ++seq)
            last_second = std::max(last_second, kT0 + g_shared->tick_of[p][seq] / kTicksPerSecond);
    std::map<std::string, std::string> file_of_line;
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.file(""))) {
        std::string name = entry.path().filename().string();
        if (name == "timed.log.lock") continue;
        ++files;
        std::ifstream in(entry.path());
        for (std::string line; std::getline(in, line);) {
            auto [it, fresh] = file_of_line.emplace(line, name);
            EXPECT_TRUE(fresh) << line << " in " << name << " and " << it->second;
        }
    }
    EXPECT_EQ(file_of_line.size(), size_t{kProcesses} * static_cast<size_t>(per_process));
    for (int p = 0; p < kProcesses; ++p)
        for (int seq = 0; seq < per_process; ++seq) {
            std::string line = "p" + std::to_string(p) + " " + std::to_string(seq);
            int64_t second = kT0 + g_shared->tick_of[p][seq] / kTicksPerSecond;
            std::string expected = second == last_second ? "timed.log" : "timed.log." + suffix_of(second);
            auto found = file_of_line.find(line);
            ASSERT_NE(found, file_of_line.end()) << line << " is missing";
            ASSERT_EQ(found->second, expected) << line << " was written at second " << second;
        }
    const uint64_t rollovers = static_cast<uint64_t>(last_second - kT0);
    EXPECT_GT(rollovers, 10u);
    EXPECT_EQ(files, rollovers + 1);
    uint64_t renames = 0;
    for (int p = 0; p < kProcesses; ++p) renames += g_shared->rotations[p];
    EXPECT_EQ(renames, rollovers);  // exactly one process renamed per rollover
    h = Ref<TimedRotatingFileHandler>();
    ::munmap(memory, sizeof(Shared));
}

struct FakeClock {
    int64_t seconds = kT0;
    static int64_t now(void* self) { return static_cast<FakeClock*>(self)->seconds * 1000000000; }
};

Record record(std::string_view message) {
    Record r;
    r.level = INFO;
    r.message = message;
    return r;
}

// Two handlers of one file, as two processes would have: the second one
// first writes after the first has rotated, and after that new file's own
// period ended too. It must rotate that file, not write into it.
TEST(MultiprocessTimedRotation, AWriterThatFindsTheFileRotatedStillRotatesItAtItsEnd) {
    TempDir dir;
    std::string path = dir.file("timed.log");
    FakeClock clock;
    RotationHooks hooks;
    hooks.now_ns = &FakeClock::now;
    hooks.userdata = &clock;
    TimeRotationOptions timed;
    timed.when = RotateWhen::Seconds;
    timed.utc = true;
    timed.multiprocess = true;
    FileOptions delayed;
    delayed.delay = true;  // both start from the injected clock, not a file's mtime
    auto first = Ref<TimedRotatingFileHandler>::make(path, timed, delayed, hooks);
    auto second = Ref<TimedRotatingFileHandler>::make(path, timed, delayed, hooks);
    first->handle(record("first at 0"));
    second->handle(record("second at 0"));
    clock.seconds = kT0 + 1;
    first->handle(record("first at 1"));  // rotates second 0's file
    clock.seconds = kT0 + 2;
    second->handle(record("second at 2"));  // second 1's file has ended
    clock.seconds = kT0 + 3;
    first->handle(record("first at 3"));
    EXPECT_EQ(read_file(path + "." + suffix_of(kT0)), "first at 0\nsecond at 0\n");
    EXPECT_EQ(read_file(path + "." + suffix_of(kT0 + 1)), "first at 1\n");
    EXPECT_EQ(read_file(path + "." + suffix_of(kT0 + 2)), "second at 2\n");
    EXPECT_EQ(read_file(path), "first at 3\n");
    EXPECT_EQ(first->stats().rotations + second->stats().rotations, 3u);
}

}  // namespace
}  // namespace picolog::test
