// full_disk_test.cpp - a rotating file that cannot grow (RLIMIT_FSIZE, in a
// forked child so the test process keeps its limits): no crash, every
// failed write counted and reported, and logging and rotation resume once
// the limit is lifted.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "core_test_util.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"

namespace picolog::test {
namespace {

void log_n(RotatingFileHandler& h, const char* phase, int n) {
    char buf[64];
    for (int i = 0; i < n; ++i) {
        int len = std::snprintf(buf, sizeof buf, "%s record %04d padding padding", phase, i);
        Record r;
        r.level = INFO;
        r.message = std::string_view(buf, static_cast<size_t>(len));
        h.handle(r);
    }
}

// The child's checks, as an exit status: 0 when all hold.
int child(const std::string& path) {
    ::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of death
    SizeRotationOptions size;
    size.max_bytes = 4000;
    size.backup_count = 5;
    auto h = Ref<RotatingFileHandler>::make(path, size);
    rlimit full{2000, RLIM_INFINITY};
    if (::setrlimit(RLIMIT_FSIZE, &full) != 0) return 10;
    log_n(*h, "full", 100);  // about 4000 bytes: half cannot be written
    uint64_t failed = h->failures();
    if (failed == 0) return 11;
    rlimit room{RLIM_INFINITY, RLIM_INFINITY};
    if (::setrlimit(RLIMIT_FSIZE, &room) != 0) return 12;
    log_n(*h, "room", 200);  // about 8000 bytes: rotates
    if (h->failures() != failed) return 13;
    if (h->stats().rotations == 0) return 14;
    h->close();
    return 0;
}

TEST(FullDisk, FailuresAreCountedAndLoggingResumes) {
    TempDir dir;
    std::string path = dir.file("full.log");
    ErrorCapture errors;
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(child(path));
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "the child died: status " << status;
    ASSERT_EQ(WEXITSTATUS(status), 0) << "check " << WEXITSTATUS(status) << " failed in the child";
    // Every "room" record is in the files, whole. (The write that met the
    // limit may have left part of a "full" line before the first of them:
    // the partial-write policy is fd_io's.)
    std::string all;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        all += read_file(e.path().string());
    char want[64];
    for (int i = 0; i < 200; ++i) {
        std::snprintf(want, sizeof want, "room record %04d padding padding\n", i);
        size_t at = all.find(want);
        ASSERT_NE(at, std::string::npos) << want;
        EXPECT_EQ(all.find(want, at + 1), std::string::npos) << want;
    }
}

}  // namespace
}  // namespace picolog::test
