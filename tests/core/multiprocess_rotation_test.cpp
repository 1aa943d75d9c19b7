// multiprocess_rotation_test.cpp - 4 processes writing one rotating file
// with a small max_bytes through the lock file: every record exactly once
// across all files, none torn, no file above max_bytes plus one record.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core_test_util.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"
#include "watchdog.hpp"

namespace picolog::test {
namespace {

constexpr int kProcesses = 4;
constexpr uint64_t kMaxBytes = 64 * 1024;
constexpr const char* kZeros = "0000000000000000000000000000000000000000";

int payload_length(int seq) {
    return seq % 40 + 1;
}

void log_records(RotatingFileHandler& h, int process, int count) {
    char buf[128];
    for (int seq = 0; seq < count; ++seq) {
        int n =
            std::snprintf(buf, sizeof buf, "p%d %d payload-%.*s", process, seq, payload_length(seq), kZeros);
        Record r;
        r.level = INFO;
        r.message = std::string_view(buf, static_cast<size_t>(n));
        h.handle(r);
    }
}

TEST(MultiprocessRotation, EveryRecordOnceAcrossAllFiles) {
    test_support::Watchdog watchdog("4 processes rotating one file", std::chrono::seconds(300));
    const int per_process = scaled(50000);
    TempDir dir;
    std::string path = dir.file("shared.log");
    SizeRotationOptions size;
    size.max_bytes = kMaxBytes;
    size.backup_count = 1000;
    size.multiprocess = true;
    auto h = Ref<RotatingFileHandler>::make(path, size);  // created before fork, as in a pre-forking server
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            log_records(*h, p, per_process);
            ::_exit(h->failures() == 0 ? 0 : 3);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
    }

    std::vector<std::vector<int>> seen(kProcesses, std::vector<int>(per_process, 0));
    size_t longest = 0, files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
        std::string name = entry.path().filename().string();
        if (name == "shared.log.lock") continue;
        ++files;
        std::ifstream in(entry.path(), std::ios::binary);
        for (std::string line; std::getline(in, line);) {
            int p = -1, seq = -1, consumed = 0;
            bool parsed = std::sscanf(line.c_str(), "p%d %d payload-%n", &p, &seq, &consumed) == 2 &&
                          p >= 0 && p < kProcesses && seq >= 0 && seq < per_process;
            bool whole = parsed && line.substr(consumed) == std::string(payload_length(seq), '0');
            ASSERT_TRUE(whole) << "torn line in " << name << ": " << line;
            seen[p][seq]++;
            longest = std::max(longest, line.size() + 1);
        }
        EXPECT_LE(entry.file_size(), kMaxBytes + longest) << name;
    }
    for (int p = 0; p < kProcesses; ++p)
        for (int seq = 0; seq < per_process; ++seq)
            ASSERT_EQ(seen[p][seq], 1) << "record p" << p << " " << seq;
    EXPECT_GT(files, 10u);  // it did rotate, many times
}

}  // namespace
}  // namespace picolog::test
