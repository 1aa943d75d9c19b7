// partial_write_test.cpp - a write cut short and then refused (the file
// size limit here, a full disk alike): the file keeps whole lines only, and
// every line that did not make it counts as a failure; nothing is dropped
// silently, in either flush policy. Runs in a child under RLIMIT_FSIZE.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "capi_test_util.hpp"

namespace {

using capi_test::read_file;
using capi_test::test_logger;

constexpr int kLines = 100;
constexpr size_t kLineBytes = 37;  // "record NNN" padded, plus the newline
constexpr rlim_t kLimit = 1000;    // 27 whole lines and one byte of the 28th

// In a child: logs kLines lines into a file limited to kLimit bytes; exits
// with 0 when the handler counted exactly the lines the file lacks.
int log_past_the_limit(const std::string& path, int policy) {
    ::signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead
    rlimit limit{kLimit, kLimit};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 2;
    picolog_set_error_hook([](const char*, void*) {}, nullptr);
    picolog_file_options fo = PICOLOG_FILE_OPTIONS_INIT;
    fo.flush_policy = policy;
    fo.buffer_size = 4096;
    fo.flush_interval_ms = 0;
    fo.flush_level = PICOLOG_CRITICAL + 1;
    picolog_handler* h = nullptr;
    if (picolog_file_handler_new(&h, path.c_str(), &fo) != PICOLOG_OK) return 3;
    picolog_logger* logger = test_logger();
    picolog_logger_add_handler(logger, h);
    for (int i = 0; i < kLines; ++i) {
        char message[64];
        std::snprintf(message, sizeof message, "record %03d %-25s", i, "padding");
        if (picolog_log(logger, PICOLOG_WARNING, message) != PICOLOG_OK) return 4;
    }
    picolog_handler_flush(h);
    uint64_t failures = 0;
    picolog_handler_failures(h, &failures);
    const std::string text = read_file(path);
    const uint64_t whole = text.size() / kLineBytes;
    if (failures != kLines - whole) {
        std::fprintf(stderr, "failures %llu, lines in the file %llu\n",
                     static_cast<unsigned long long>(failures), static_cast<unsigned long long>(whole));
        return 5;
    }
    return 0;
}

void expect_whole_lines(const std::string& path, int policy) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(log_past_the_limit(path, policy));
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
    const std::string text = read_file(path);
    EXPECT_EQ(text.size() % kLineBytes, 0u) << "a torn line at the end: " << text.size() << " bytes";
    EXPECT_EQ(text.size() / kLineBytes, kLimit / kLineBytes);
    for (size_t i = 0; i + kLineBytes <= text.size(); i += kLineBytes)
        EXPECT_EQ(text[i + kLineBytes - 1], '\n') << "line at byte " << i;
}

TEST(PartialWrite, EveryRecordKeepsWholeLinesAndCountsTheRest) {
    capi_test::TempDir dir;
    expect_whole_lines(dir.file("every.log"), PICOLOG_FLUSH_EVERY_RECORD);
}

TEST(PartialWrite, BufferedKeepsWholeLinesAndCountsEveryLostLine) {
    capi_test::TempDir dir;
    expect_whole_lines(dir.file("buffered.log"), PICOLOG_FLUSH_BUFFERED);
}

}  // namespace
