// crash_handler_test.cpp - picolog_install_crash_handler: a child that has
// logged into a queue dies of a NULL dereference, and its file still gets
// every record, plus one naming the signal; the handler installed before
// picolog's still runs.
#include <fcntl.h>
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

constexpr int kRecords = 10000;

int g_listener_in[2];   // the listener's callback blocks reading this
int g_listener_out[2];  // and says so here first

int emit_and_block(const picolog_record*, const char*, size_t, void*) {
    char c = 1;
    (void)::write(g_listener_out[1], &c, 1);
    (void)::read(g_listener_in[0], &c, 1);  // never answered
    return 0;
}

// In the child: a queue whose listener writes the first record to a
// buffered file and then stops in a callback; kRecords records logged, and
// the crash. Never returns.
[[noreturn]] void log_then_crash(const std::string& path) {
    ::alarm(60);
    if (::pipe(g_listener_in) != 0 || ::pipe(g_listener_out) != 0) ::_exit(2);
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
    picolog_callback_handler_options co = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    co.emit = emit_and_block;
    picolog_handler* blocker = nullptr;
    picolog_callback_handler_new(&blocker, &co);
    picolog_handler* handlers[] = {file, blocker};
    picolog_queue_options qo = PICOLOG_QUEUE_OPTIONS_INIT;
    qo.capacity = 16384;
    picolog_handler* queue = nullptr;
    if (picolog_queue_handler_new(&queue, &qo, handlers, 2) != PICOLOG_OK) ::_exit(4);
    picolog_logger* logger = test_logger();
    picolog_logger_add_handler(logger, queue);
    if (picolog_install_crash_handler() != PICOLOG_OK) ::_exit(5);
    if (picolog_install_crash_handler() != PICOLOG_OK) ::_exit(6);  // idempotent
    for (int i = 0; i < kRecords; ++i) picolog_logf(logger, PICOLOG_INFO, "record %d", i);
    char c;
    if (::read(g_listener_out[0], &c, 1) != 1) ::_exit(7);  // the listener is stuck now
#if defined(PICOLOG_TEST_ASAN)
    ::raise(SIGSEGV);  // UBSan would stop a NULL store before it faults
#else
    *static_cast<volatile int*>(nullptr) = 1;
#endif
    ::_exit(8);
}

::testing::AssertionResult all_records_then_the_signal(const std::string& path) {
    const auto lines = read_lines(path);
    if (lines.size() != kRecords + 1)
        return ::testing::AssertionFailure() << lines.size() << " lines, expected " << kRecords + 1;
    for (int i = 0; i < kRecords; ++i)
        if (lines[i].find(" record " + std::to_string(i)) == std::string::npos)
            return ::testing::AssertionFailure() << "line " << i << ": " << lines[i];
    if (lines.back() != "picolog fatal signal SIGSEGV")
        return ::testing::AssertionFailure() << "last line: " << lines.back();
    return ::testing::AssertionSuccess();
}

TEST(CrashHandler, QueuedAndBufferedRecordsReachTheFile) {
    capi_test::TempDir dir;
    const std::string path = dir.file("crash.log");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::signal(SIGSEGV, SIG_DFL);
        log_then_crash(path);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) != 1) << "exit status " << WEXITSTATUS(status);
#if !defined(PICOLOG_TEST_ASAN) && !defined(PICOLOG_TEST_TSAN)
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << "status " << status;
#endif
    EXPECT_TRUE(all_records_then_the_signal(path));
}

void previous_handler(int) {
    ::_exit(42);  // proves it ran
}

TEST(CrashHandler, ThePreviousHandlerRunsAfterTheDrain) {
    capi_test::TempDir dir;
    const std::string path = dir.file("chained.log");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::signal(SIGSEGV, previous_handler);
        log_then_crash(path);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 42) << "status " << status;
    EXPECT_TRUE(all_records_then_the_signal(path));
}

// How many mappings the process has: read with no allocation, as a signal
// handler may.
int count_mappings() {
    const int fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) ::_exit(2);
    static char buf[1 << 16];
    int lines = 0;
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
        for (ssize_t i = 0; i < n; ++i) lines += buf[i] == '\n';
    ::close(fd);
    return lines;
}

int g_mappings_before = -1;

void mappings_unchanged_handler(int) {
    ::_exit(count_mappings() == g_mappings_before ? 40 : 41);
}

// A thread that never logged gets its signal stack with its first record.
// The record naming the signal is not such a record: making a stack there
// would map memory and allocate in the crashing thread, which may have
// crashed holding malloc's lock.
TEST(CrashHandler, TheDrainMapsNoSignalStackForAThreadThatNeverLogged) {
#if defined(PICOLOG_TEST_ASAN) || defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the sanitizer's runtime maps memory of its own while the handler runs";
#endif
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::alarm(60);
        ::signal(SIGABRT, mappings_unchanged_handler);
        if (picolog_install_crash_handler() != PICOLOG_OK) ::_exit(3);
        std::thread quiet([] {
            g_mappings_before = count_mappings();
            ::raise(SIGABRT);
            ::_exit(5);
        });
        quiet.join();
        ::_exit(6);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 40) << "status " << status;
}

}  // namespace
