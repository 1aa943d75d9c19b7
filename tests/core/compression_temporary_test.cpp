// compression_temporary_test.cpp - the hidden temporaries of compression: a
// writer killed mid-compression leaves whole files and a temporary that the
// next handler removes, while a live writer's temporary (another process
// compressing) survives every handler start and retention pass.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "core_test_util.hpp"
#include "handlers/compression.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"
#include "watchdog.hpp"

extern char** environ;

namespace picolog::test {
namespace {

// Set in the environment of the child process the tests start: the
// temporary to compress standard input into.
constexpr const char* kChildEnv = "PICOLOG_TEST_COMPRESS_INTO";

Record make(std::string_view message) {
    Record r;
    r.level = INFO;
    r.message = message;
    return r;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
}

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

void write_file(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

// The names in the directory holding path.
std::vector<std::string> directory(const std::string& path) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

Ref<RotatingFileHandler> compressing(const std::string& path, uint64_t max_bytes, unsigned backups) {
    SizeRotationOptions size;
    size.max_bytes = max_bytes;
    size.backup_count = backups;
    size.compress = true;
    return Ref<RotatingFileHandler>::make(path, size);
}

// Logs one 6-byte line per file (max_bytes 10) and waits for the gzip.
void rotate_lines(RotatingFileHandler& h, int first, int count) {
    for (int i = first; i < first + count; ++i) {
        h.handle(make("line" + std::to_string(i)));
        h.flush();
    }
}

// Another process compressing into `tmp`, fed through a pipe: it stays in
// the middle of its work until the pipe closes or it is killed.
struct CompressingChild {
    pid_t pid = -1;
    int feed = -1;

    explicit CompressingChild(const std::string& tmp) {
        int fds[2];
        if (::pipe(fds) != 0) std::abort();
        std::string env = std::string(kChildEnv) + "=" + tmp;
        std::vector<char*> envp;
        for (char** e = environ; *e != nullptr; ++e) envp.push_back(*e);
        envp.push_back(env.data());
        envp.push_back(nullptr);
        std::string filter = "--gtest_filter=CompressionChild.CompressesStandardInput";
        char* argv[] = {const_cast<char*>("/proc/self/exe"), filter.data(), nullptr};
        // A fresh program, not a fork of this threaded one.
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
        posix_spawn_file_actions_addclose(&actions, fds[1]);
        int rc = ::posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv, envp.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[0]);
        if (rc != 0) std::abort();
        feed = fds[1];
        // The pipe holds 64 KiB: once this much is written the child has
        // read some, so it has created and locked its temporary (before its
        // first read) and is compressing.
        // A child that failed early closes the pipe: EPIPE, not SIGPIPE.
        struct sigaction ignore {
        }, old{};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &ignore, &old);
        std::string chunk(256 * 1024, 'x');
        size_t done = 0;
        while (done < chunk.size()) {
            ssize_t n = ::write(feed, chunk.data() + done, chunk.size() - done);
            if (n <= 0 && errno != EINTR) break;
            if (n > 0) done += static_cast<size_t>(n);
        }
        ::sigaction(SIGPIPE, &old, nullptr);
        compressing = done == chunk.size();
    }

    bool compressing = false;

    int kill() {
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        ::close(feed);
        pid = -1;
        return status;
    }

    ~CompressingChild() {
        if (pid > 0) kill();  // a test that stopped early
    }
};

// The child side of CompressingChild (skipped when run as a test).
TEST(CompressionChild, CompressesStandardInput) {
    const char* tmp = std::getenv(kChildEnv);
    if (tmp == nullptr) GTEST_SKIP() << "the child process of the compression temporary tests";
    LockedTemporary temp;
    ASSERT_EQ(temp.create(tmp), "");
    ASSERT_GE(temp.fd(), 0);
    EXPECT_EQ(gzip_descriptor(0, "stdin", temp), "");
}

TEST(SizeCompression, AKillMidCompressionLeavesWholeFilesOnly) {
    test_support::Watchdog watchdog("killed mid-compression");
    TempDir dir;
    std::string path = dir.file("app.log");
    {
        auto h = compressing(path, 10, 3);
        rotate_lines(*h, 0, 3);  // app.log, app.log.1.gz, app.log.2.gz
    }
    // The temporary the size compression makes for path.1 (inode 4242).
    std::string tmp = dir.file(".app.log.1.4242.gz.tmp");
    CompressingChild child(tmp);
    ASSERT_TRUE(child.compressing) << "the child stopped before compressing";
    ASSERT_TRUE(exists(tmp));
    {
        // Started, and rotating with its retention passes, while the other
        // process compresses: its temporary stays.
        auto h = compressing(path, 10, 3);
        EXPECT_TRUE(exists(tmp));
        rotate_lines(*h, 3, 2);
        EXPECT_TRUE(exists(tmp));
        EXPECT_EQ(h->stats().rotation_failures, 0u);
    }
    int status = child.kill();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
    // The kill left whole .gz files and the temporary, nothing torn in sight.
    EXPECT_TRUE(exists(tmp));
    for (const std::string& name : directory(path)) {
        if (name[0] != '.' && name.size() > 3 && name.substr(name.size() - 3) == ".gz") {
            EXPECT_TRUE(gunzip(dir.file(name)).has_value()) << name << " is a torn gzip";
        }
    }
    // The next handler removes it; rotation, retention and names go on.
    auto h = compressing(path, 10, 3);
    EXPECT_FALSE(exists(tmp));
    rotate_lines(*h, 5, 4);
    EXPECT_EQ(directory(path),
              (std::vector<std::string>{"app.log", "app.log.1.gz", "app.log.2.gz", "app.log.3.gz"}));
    EXPECT_EQ(read_file(path), "line8\n");
    for (int n = 1; n <= 3; ++n)
        EXPECT_EQ(gunzip(path + "." + std::to_string(n) + ".gz").value_or("<torn>"),
                  "line" + std::to_string(8 - n) + "\n");
    EXPECT_EQ(h->stats().rotation_failures, 0u);
}

TEST(SizeCompression, ARetentionPassRemovesATemporaryLeftSinceTheStart) {
    TempDir dir;
    std::string path = dir.file("app.log");
    auto h = compressing(path, 10, 2);
    // Left by a writer that died after this handler started: no lock held.
    std::string stale = dir.file(".app.log.2.77.gz.tmp");
    write_file(stale, "half a gzip");
    // Another program's hidden file, and a live temporary of this handler's
    // kind (held by this process), are no leftovers.
    std::string other = dir.file(".other.log.1.5.gz.tmp");
    write_file(other, "not ours");
    LockedTemporary live;
    ASSERT_EQ(live.create(dir.file(".app.log.1.99.gz.tmp")), "");
    rotate_lines(*h, 0, 3);
    EXPECT_FALSE(exists(stale));
    EXPECT_TRUE(exists(other));
    EXPECT_TRUE(exists(live.path()));
    live.discard();
    EXPECT_EQ(directory(path),
              (std::vector<std::string>{".other.log.1.5.gz.tmp", "app.log", "app.log.1.gz", "app.log.2.gz"}));
    EXPECT_EQ(h->stats().rotation_failures, 0u);
}

TEST(TimedCompression, AStartRemovesATemporaryLeftByAKill) {
    TempDir dir;
    std::string path = dir.file("app.log");
    std::string stale = dir.file(".app.log.2026-01-02.gz.tmp");
    write_file(stale, "half a gzip");
    TimeRotationOptions time;
    time.when = RotateWhen::Days;
    time.compress = true;
    auto h = Ref<TimedRotatingFileHandler>::make(path, time);
    EXPECT_FALSE(exists(stale));
}

TEST(CompressionTemporary, ASecondWriterOfTheSameNameLeavesTheWorkToTheFirst) {
    TempDir dir;
    std::string name = dir.file(".app.log.1.7.gz.tmp");
    LockedTemporary first;
    ASSERT_EQ(first.create(name), "");
    LockedTemporary second;
    EXPECT_EQ(second.create(name), "");
    EXPECT_LT(second.fd(), 0);
    first.close();  // as if its writer died: the name is taken over
    EXPECT_EQ(second.create(name), "");
    EXPECT_GE(second.fd(), 0);
    EXPECT_EQ(remove_if_stale(name), EWOULDBLOCK);
    second.close();
    EXPECT_EQ(remove_if_stale(name), 0);
    EXPECT_FALSE(exists(name));
}

TEST(TimedCompression, ARotatedNameThatIsNoRegularFileIsRefusedWithoutWaiting) {
    // A FIFO with no writer: opening it to read would wait for one, and
    // the housekeeping thread with it.
    test_support::Watchdog watchdog("compressing a FIFO");
    TempDir dir;
    std::string fifo = dir.file("app.log.2024-03-08");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::string error = gzip_rotated_file(fifo);
    EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
    EXPECT_TRUE(exists(fifo));
    EXPECT_FALSE(exists(fifo + ".gz"));
    EXPECT_EQ(directory(fifo), std::vector<std::string>{"app.log.2024-03-08"});  // no temporary left
}

}  // namespace
}  // namespace picolog::test
