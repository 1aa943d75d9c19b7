// sigpipe_test.cpp - writing to a pipe whose reader is gone: a counted
// failure of the handler, never a SIGPIPE that kills the program, and the
// program's own signal disposition, mask and pending set left as they were.
// Each case runs in a forked child with SIGPIPE at its default (terminate).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "capi_test_util.hpp"

namespace {

using capi_test::test_logger;

// Runs body in a child with SIGPIPE at its default disposition; the child
// exits with body's result. Returns the child's wait status.
int in_child(const std::function<int()>& body) {
    pid_t pid = ::fork();
    if (pid == 0) {
        ::alarm(60);  // a hung child dies
        ::signal(SIGPIPE, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::_exit(body());
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

// 0 when SIGPIPE is still at its default, unblocked and not pending.
int signal_state_untouched() {
    struct sigaction sa {};
    ::sigaction(SIGPIPE, nullptr, &sa);
    if (sa.sa_handler != SIG_DFL) return 10;
    sigset_t mask, pending;
    ::sigprocmask(SIG_BLOCK, nullptr, &mask);
    if (sigismember(&mask, SIGPIPE)) return 11;
    ::sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) return 12;
    return 0;
}

// Logs twice into `handler`, whose reader is gone; 0 when both writes
// failed and were counted.
int log_into_broken(picolog_handler* handler) {
    picolog_logger* logger = test_logger();
    if (picolog_logger_add_handler(logger, handler) != PICOLOG_OK) return 2;
    if (picolog_log(logger, PICOLOG_WARNING, "nobody reads this") != PICOLOG_OK) return 3;
    if (picolog_log(logger, PICOLOG_WARNING, "nor this") != PICOLOG_OK) return 4;
    uint64_t failures = 0;
    picolog_handler_failures(handler, &failures);
    if (failures != 2) return 5;
    return signal_state_untouched();
}

std::string describe(int status) {
    if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
    return "exit status " + std::to_string(WEXITSTATUS(status));
}

TEST(Sigpipe, StreamHandlerOnAPipeWithoutReader) {
    int status = in_child([] {
        int fds[2];
        if (::pipe(fds) != 0) return 1;
        ::close(fds[0]);
        picolog_set_error_hook([](const char*, void*) {}, nullptr);
        picolog_handler* h = nullptr;
        if (picolog_stream_handler_new(&h, fds[1]) != PICOLOG_OK) return 1;
        return log_into_broken(h);
    });
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << describe(status);
}

TEST(Sigpipe, FileHandlerOnAFifoWithoutReader) {
    capi_test::TempDir dir;
    const std::string path = dir.file("fifo");
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    int status = in_child([&] {
        // Open the FIFO with a reader, then let the reader go.
        int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
        if (reader < 0) return 1;
        picolog_set_error_hook([](const char*, void*) {}, nullptr);
        picolog_handler* h = nullptr;
        if (picolog_file_handler_new(&h, path.c_str(), nullptr) != PICOLOG_OK) return 1;
        ::close(reader);
        return log_into_broken(h);
    });
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << describe(status);
}

TEST(Sigpipe, ASigpipeAlreadyPendingStaysPending) {
    int status = in_child([] {
        int fds[2];
        if (::pipe(fds) != 0) return 1;
        ::close(fds[0]);
        sigset_t pipe_set;
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        ::sigprocmask(SIG_BLOCK, &pipe_set, nullptr);
        ::raise(SIGPIPE);  // the program's own, blocked and pending
        picolog_set_error_hook([](const char*, void*) {}, nullptr);
        picolog_handler* h = nullptr;
        if (picolog_stream_handler_new(&h, fds[1]) != PICOLOG_OK) return 1;
        picolog_logger* logger = test_logger();
        picolog_logger_add_handler(logger, h);
        picolog_log(logger, PICOLOG_WARNING, "nobody reads this");
        sigset_t pending;
        ::sigpending(&pending);
        if (!sigismember(&pending, SIGPIPE)) return 20;
        // Exactly one: taking it leaves none.
        timespec zero{0, 0};
        if (::sigtimedwait(&pipe_set, nullptr, &zero) != SIGPIPE) return 21;
        ::sigpending(&pending);
        return sigismember(&pending, SIGPIPE) ? 22 : 0;
    });
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << describe(status);
}

}  // namespace
