// fd_io_test.cpp - fd_io::write_lines past its one-write common case: a
// write cut short by the file size limit (in a forked child, so the test
// process keeps its limits), a first write that fails, a non-blocking pipe
// that cannot take the block at once, and no bytes at all.
#include "fd_io.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include "core_test_util.hpp"

namespace picolog::test {
namespace {

// "line 000 ...\n" lines of 32 bytes each, `count` of them.
std::string lines(int count) {
    std::string out;
    char buf[40];
    for (int i = 0; i < count; ++i) {
        std::snprintf(buf, sizeof buf, "line %03d padding padding paddin\n", i % 1000);
        out += buf;
    }
    return out;
}

// Runs check in a forked child whose files cannot grow past `limit` bytes,
// and expects it to exit 0.
template <class Check>
void in_child_with_size_limit(rlim_t limit, Check check) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of death
        rlimit r{limit, RLIM_INFINITY};
        if (::setrlimit(RLIMIT_FSIZE, &r) != 0) ::_exit(100);
        ::_exit(check());
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "the child died: status " << status;
    ASSERT_EQ(WEXITSTATUS(status), 0) << "check " << WEXITSTATUS(status) << " failed in the child";
}

// In the child: appends data to path with write_lines; the exit status
// says which expectation failed (0: none).
int write_expecting(const std::string& path, const std::string& data, int want_err, size_t want_kept) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) return 1;
    size_t kept = 12345;
    const int err = fd_io::write_lines(fd, data.data(), data.size(), false, &kept);
    ::close(fd);
    if (err != want_err) return 2;
    if (kept != want_kept) return 3;
    return 0;
}

TEST(WriteLines, AWriteCutShortThenRefusedLeavesOnlyWholeLines) {
    TempDir dir;
    const std::string path = dir.file("cut.log");
    const std::string data = lines(10);  // 320 bytes; the limit cuts line 4 (bytes 96-127) at 100
    in_child_with_size_limit(100, [&] { return write_expecting(path, data, EFBIG, 96); });
    EXPECT_EQ(read_file(path), data.substr(0, 96));
}

TEST(WriteLines, AFirstWriteThatFailsKeepsNothing) {
    TempDir dir;
    const std::string path = dir.file("none.log");
    in_child_with_size_limit(0, [&] { return write_expecting(path, lines(3), EFBIG, 0); });
    EXPECT_EQ(read_file(path), "");
}

// Writes `data` with write_lines into a non-blocking pipe (filled to the
// brim first when fill_first) while a thread reads it all; expects every
// byte to arrive once, in order.
void write_through_pipe(const std::string& data, bool fill_first) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_EQ(::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK), 0);
    std::string filled;
    while (fill_first) {
        const std::string line = lines(1);
        const ssize_t n = ::write(fds[1], line.data(), line.size());
        if (n < 0) {
            ASSERT_EQ(errno, EAGAIN);
            break;
        }
        filled.append(line, 0, static_cast<size_t>(n));
    }
    std::string received;
    // Started after the pipe is full: the first write(2) of write_lines
    // most often finds no room at all.
    std::thread reader([&] {
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(fds[0], buf, sizeof buf);
            if (n > 0) {
                received.append(buf, static_cast<size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            break;
        }
    });
    size_t kept = 0;
    const int err = fd_io::write_lines(fds[1], data.data(), data.size(), false, &kept);
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    EXPECT_EQ(err, 0);
    EXPECT_EQ(kept, data.size());
    EXPECT_TRUE(received == filled + data)
        << received.size() << " of " << filled.size() + data.size() << " bytes arrived";
}

TEST(WriteLines, ABlockLargerThanANonBlockingPipeIsWrittenInParts) {
    // Far larger than the pipe holds: written in parts, with EAGAIN (and a
    // wait) between them whenever the reader is behind.
    write_through_pipe(lines(32 * 1024), false);  // 1 MiB
}

TEST(WriteLines, AFullNonBlockingPipeIsWaitedForBeforeTheFirstPart) {
    write_through_pipe(lines(4), true);
}

TEST(WriteLines, NoBytesMakeNoWrite) {
    // A descriptor that is not open: a write(2) would fail with EBADF.
    size_t kept = 12345;
    EXPECT_EQ(fd_io::write_lines(-1, "", 0, false, &kept), 0);
    EXPECT_EQ(kept, 0u);
}

TEST(WriteLines, ABadDescriptorIsReportedWithNothingKept) {
    const std::string data = lines(2);
    size_t kept = 12345;
    EXPECT_EQ(fd_io::write_lines(-1, data.data(), data.size(), false, &kept), EBADF);
    EXPECT_EQ(kept, 0u);
}

}  // namespace
}  // namespace picolog::test
