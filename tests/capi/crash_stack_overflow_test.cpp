// crash_stack_overflow_test.cpp - the crash drain runs on an alternate
// signal stack: a thread that overflows its own stack still gets its
// buffered records written, plus the record naming the signal. Without an
// alternate stack the handler cannot even start (it would need the stack
// that just ran out) and the process dies with nothing written.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "capi_test_util.hpp"
#include "sanitizers.hpp"

namespace {

using capi_test::read_lines;
using capi_test::test_logger;

// Sanitizers run their own stack-overflow reporting on their own alternate
// stacks; the drain is tested in the plain builds.
#if !defined(PICOLOG_TEST_ASAN) && !defined(PICOLOG_TEST_TSAN)

constexpr int kRecords = 100;

// Deep enough recursion to exhaust any thread stack; the volatile buffer
// keeps each frame large and the recursion from becoming a loop, and the
// volatile bound (never reached) keeps the compiler from calling it infinite.
volatile int g_depth_bound = -1;

[[gnu::noinline]] int recurse(int depth) {
    if (depth == g_depth_bound) return 0;
    volatile char frame[1024];
    frame[0] = static_cast<char>(depth);
    return recurse(depth + 1) + frame[0];
}

picolog_logger* buffered_file_logger(const std::string& path) {
    picolog_file_options fo = PICOLOG_FILE_OPTIONS_INIT;
    fo.flush_policy = PICOLOG_FLUSH_BUFFERED;
    fo.buffer_size = 1 << 20;
    fo.flush_interval_ms = 0;
    fo.flush_level = PICOLOG_CRITICAL + 1;
    picolog_handler* file = nullptr;
    if (picolog_file_handler_new(&file, path.c_str(), &fo) != PICOLOG_OK) ::_exit(3);
    picolog_formatter* fmt = nullptr;
    picolog_formatter_new(&fmt, "%(name)s %(message)s", nullptr, PICOLOG_STYLE_PERCENT);
    picolog_handler_set_formatter(file, fmt);
    picolog_logger* logger = test_logger();
    picolog_logger_add_handler(logger, file);
    return logger;
}

void log_records(picolog_logger* logger) {
    for (int i = 0; i < kRecords; ++i) picolog_logf(logger, PICOLOG_INFO, "record %d", i);
}

// The child's two ways to overflow: on the thread that installed the crash
// handler, or on a thread started afterwards whose first record comes after
// the install.
[[noreturn]] void overflow_in_child(const std::string& path, bool on_new_thread) {
    ::alarm(60);
    picolog_logger* logger = buffered_file_logger(path);
    if (picolog_install_crash_handler() != PICOLOG_OK) ::_exit(5);
    if (on_new_thread) {
        std::thread t([logger] {
            log_records(logger);
            (void)recurse(0);
        });
        t.join();
    } else {
        log_records(logger);
        (void)recurse(0);
    }
    ::_exit(8);
}

void expect_drained_after_overflow(bool on_new_thread) {
    capi_test::TempDir dir;
    const std::string path = dir.file("overflow.log");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::signal(SIGSEGV, SIG_DFL);
        overflow_in_child(path, on_new_thread);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << "status " << status;
    const auto lines = read_lines(path);
    ASSERT_EQ(lines.size(), static_cast<size_t>(kRecords + 1));
    for (int i = 0; i < kRecords; ++i)
        EXPECT_NE(lines[i].find(" record " + std::to_string(i)), std::string::npos) << lines[i];
    EXPECT_EQ(lines.back(), "picolog fatal signal SIGSEGV");
}

TEST(CrashStackOverflow, TheInstallingThreadIsDrained) {
    expect_drained_after_overflow(false);
}

TEST(CrashStackOverflow, AThreadStartedAfterTheInstallIsDrained) {
    expect_drained_after_overflow(true);
}
#endif

}  // namespace
