// fork_test.cpp - fork(): hook ordering, fresh ids in the child, logging
// on both sides while other threads hold handler and registry locks, and a
// thread blocked in a handler's write. A watchdog turns a deadlock into a
// message and an abort.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "core_test_util.hpp"
#include "picolog/handlers.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"
#include "watchdog.hpp"

namespace picolog::test {
namespace {

std::string g_order;

// A logger of the test's own: every level, nothing propagated to the root.
Logger& isolated_logger(std::string_view name) {
    Logger& l = Registry::instance().get(name);
    l.set_level(DEBUG);
    l.set_propagate(false);
    return l;
}

void log_info(Logger& logger, std::string_view message) {
    Record r;
    r.level = INFO;
    r.message = message;
    logger.log(r);
}

// Waits for a child and tells whether it exited with status 0.
::testing::AssertionResult exited_cleanly(pid_t pid) {
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) return ::testing::AssertionFailure() << "waitpid failed";
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return ::testing::AssertionFailure() << "the child did not exit with status 0";
    return ::testing::AssertionSuccess();
}

void hook(char tag) {
    g_order += tag;
}

TEST(Fork, HooksRunInOrder) {
    g_order.clear();
    runtime::ForkHooks first{[](void*) { hook('P'); }, [](void*) { hook('p'); }, [](void*) { hook('c'); },
                             nullptr};
    runtime::ForkHooks second{[](void*) { hook('Q'); }, [](void*) { hook('q'); }, [](void*) { hook('d'); },
                              nullptr};
    int a = runtime::add_fork_hooks(first);
    int b = runtime::add_fork_hooks(second);
    ASSERT_GT(a, 0);
    ASSERT_NE(a, b);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    // Newest first at prepare and in the child, oldest first in the parent.
    if (pid == 0) _exit(g_order == "QPdc" ? 0 : 1);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child saw the wrong hook order";
    EXPECT_EQ(g_order, "QPpq");
    runtime::remove_fork_hooks(a);
    runtime::remove_fork_hooks(b);
    g_order.clear();
    pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) _exit(0);
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_EQ(g_order, "");
}

TEST(Fork, ChildGetsItsOwnProcessAndThreadIds) {
    TempDir dir;
    std::string path = dir.file("ids.log");
    Logger& l = isolated_logger("fork.ids");
    auto h = Ref<FileHandler>::make(path);
    h->set_formatter(Ref<const Formatter>::adopt(new PatternFormatter("%(process)d %(thread)d %(message)s")));
    l.add_handler(h);
    log_info(l, "parent");  // caches the parent's ids
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::alarm(60);
        log_info(l, "child");
        _exit(0);
    }
    ASSERT_TRUE(exited_cleanly(pid));
    auto lines = read_lines(path);
    ASSERT_EQ(lines.size(), 2u);
    std::string child_id = std::to_string(pid);
    EXPECT_EQ(lines[1],
              child_id + " " + child_id + " child");  // the forked thread is the child's main thread
    EXPECT_EQ(lines[0].substr(0, lines[0].find(' ')), std::to_string(::getpid()));
    l.clear_handlers();
}

TEST(Fork, BufferedOutputOfTheParentIsNotWrittenByTheChild) {
    TempDir dir;
    std::string path = dir.file("buffered.log");
    Logger& l = isolated_logger("fork.buffered");
    FileOptions options;
    options.flush_policy = FlushPolicy::Buffered;
    options.flush_level = CRITICAL;
    options.flush_interval_ms = 0;
    auto h = Ref<FileHandler>::make(path, options);
    l.add_handler(h);
    log_info(l, "parent, buffered before the fork");
    ASSERT_EQ(read_lines(path).size(), 0u) << "the record should still be buffered";
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::alarm(60);
        log_info(l, "child");
        _exit(h->flush() == kOk ? 0 : 1);
    }
    ASSERT_TRUE(exited_cleanly(pid));
    ASSERT_EQ(h->flush(), kOk);
    auto lines = read_lines(path);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "child");
    EXPECT_EQ(lines[1], "parent, buffered before the fork");
    l.clear_handlers();
}

TEST(Fork, ForkWhileOtherThreadsLogAndCreateLoggers) {
    test_support::Watchdog watchdog("fork while logging");
    TempDir dir;
    std::string path = dir.file("busy.log");
    Logger& l = isolated_logger("fork.busy");
    auto h = Ref<FileHandler>::make(path);
    h->set_formatter(Ref<const Formatter>::adopt(new PatternFormatter("%(process)d %(message)s")));
    l.add_handler(h);
    std::atomic<bool> stop{false};
    std::vector<std::thread> busy;
    for (int t = 0; t < 2; ++t) {
        busy.emplace_back([&, t] {
            for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
                log_info(l, "busy");
                if (i % 64 == 0)
                    Registry::instance().get("fork.busy.t" + std::to_string(t) + "." + std::to_string(i));
            }
        });
    }
    const int forks = scaled(50) < 5 ? 5 : scaled(50);
    for (int i = 0; i < forks; ++i) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::alarm(60);  // a deadlocked child dies instead of lingering
            Registry::instance().get("fork.busy.child");
            log_info(l, "from the child");
            _exit(h->failures() == 0 ? 0 : 1);
        }
        ASSERT_TRUE(exited_cleanly(pid)) << "fork " << i;
    }
    stop = true;
    for (auto& t : busy) t.join();
    l.clear_handlers();
    int from_children = 0;
    for (const std::string& line : read_lines(path)) {
        if (line.ends_with(" from the child")) {
            ++from_children;
            EXPECT_NE(line.substr(0, line.find(' ')), std::to_string(::getpid()));
        } else {
            EXPECT_EQ(line, std::to_string(::getpid()) + " busy");
        }
    }
    EXPECT_EQ(from_children, forks);
}

TEST(Fork, AThreadBlockedInAHandlersWriteDoesNotHoldUpTheFork) {
    test_support::Watchdog watchdog("fork while a handler's write blocks");
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    // Filled to the brim: the handler's next write blocks until the pipe is
    // read, with the handler's lock held.
    ASSERT_EQ(::fcntl(fds[1], F_SETFL, O_NONBLOCK), 0);
    size_t filled = 0;
    const std::string chunk(4096, 'f');
    for (size_t size = chunk.size(); size > 0; size /= 2) {
        ssize_t n;
        while ((n = ::write(fds[1], chunk.data(), size)) > 0) filled += static_cast<size_t>(n);
        ASSERT_EQ(errno, EAGAIN);
    }
    ASSERT_EQ(::fcntl(fds[1], F_SETFL, 0), 0);
    Logger& l = isolated_logger("fork.blocked");
    auto h = Ref<StreamHandler>::make(fds[1]);
    h->set_formatter(Ref<const Formatter>::adopt(new PatternFormatter("%(message)s")));
    l.add_handler(h);
    std::atomic<pid_t> tid{0};
    std::atomic<bool> written{false};
    std::thread writer([&] {
        tid = static_cast<pid_t>(::syscall(SYS_gettid));
        log_info(l, "blocked, then written");
        written = true;
    });
    while (tid.load() == 0) std::this_thread::yield();
    ASSERT_TRUE(wait_in_syscall(tid.load(), SYS_write, written));
    // The fork freezes the writer, at rest in its write, instead of waiting
    // for the handler's lock; the child finds the lock free.
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::alarm(60);  // a deadlocked child dies instead of lingering
        _exit(h->flush() == kOk ? 0 : 1);
    }
    EXPECT_TRUE(exited_cleanly(pid));
    const std::string line = "blocked, then written\n";
    std::string got;
    char buf[65536];
    while (got.size() < filled + line.size()) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        ASSERT_GT(n, 0);
        got.append(buf, static_cast<size_t>(n));
    }
    writer.join();
    EXPECT_EQ(got.substr(filled), line);
    l.clear_handlers();
    ::close(fds[0]);
    ::close(fds[1]);
}

}  // namespace
}  // namespace picolog::test
