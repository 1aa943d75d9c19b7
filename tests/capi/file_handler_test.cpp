// file_handler_test.cpp - file handlers: options, open failures, append and
// truncate, buffering.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

// Logs `messages` at INFO through a new file handler on `path`.
int log_to_file(const std::string& path, const picolog_file_options* options,
                const std::vector<std::string>& messages) {
    picolog_handler* h = nullptr;
    int rc = picolog_file_handler_new(&h, path.c_str(), options);
    if (rc != PICOLOG_OK) return rc;
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        for (const auto& m : messages) picolog_log(logger, PICOLOG_INFO, m.c_str());
    }
    picolog_handler_release(h);
    return PICOLOG_OK;
}

}  // namespace

TEST(CapiFileHandler, AppendsByDefaultAndTruncatesOnRequest) {
    TempDir dir;
    std::string path = dir.file("app.log");
    ASSERT_EQ(log_to_file(path, nullptr, {"one"}), PICOLOG_OK) << picolog_last_error();
    ASSERT_EQ(log_to_file(path, nullptr, {"two"}), PICOLOG_OK);
    EXPECT_EQ(read_file(path), "one\ntwo\n");
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.truncate = 1;
    ASSERT_EQ(log_to_file(path, &options, {"three"}), PICOLOG_OK);
    EXPECT_EQ(read_file(path), "three\n");
}

TEST(CapiFileHandler, ModeOfANewFile) {
    TempDir dir;
    std::string path = dir.file("private.log");
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.mode = 0600;
    ASSERT_EQ(log_to_file(path, &options, {"secret"}), PICOLOG_OK);
    struct stat st;
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(CapiFileHandler, UnwritablePathIsEio) {
    TempDir dir;
    std::string path = dir.file("missing-dir/app.log");
    picolog_handler* h = reinterpret_cast<picolog_handler*>(0x1);
    EXPECT_EQ(picolog_file_handler_new(&h, path.c_str(), nullptr), PICOLOG_EIO);
    EXPECT_EQ(h, nullptr);
    std::string error = picolog_last_error();
    EXPECT_EQ(error.rfind("picolog_file_handler_new: ", 0), 0u) << error;
    EXPECT_NE(error.find(path), std::string::npos) << error;
}

TEST(CapiFileHandler, DelayedOpenReportsThroughTheHook) {
    TempDir dir;
    std::string path = dir.file("missing-dir/app.log");
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.delay = 1;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_OK);
    std::vector<std::string> reports;
    picolog_set_error_hook(
        [](const char* message, void* self) {
            static_cast<std::vector<std::string>*>(self)->emplace_back(message);
        },
        &reports);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "lost"), PICOLOG_OK);
    }
    picolog_set_error_hook(nullptr, nullptr);
    uint64_t failures = 0;
    ASSERT_EQ(picolog_handler_failures(h, &failures), PICOLOG_OK);
    EXPECT_EQ(failures, 1u);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_NE(reports[0].find(path), std::string::npos) << reports[0];
    picolog_handler_release(h);
}

TEST(CapiFileHandler, BufferedWritesOnFlushAndAtFlushLevel) {
    TempDir dir;
    std::string path = dir.file("buffered.log");
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.flush_policy = PICOLOG_FLUSH_BUFFERED;
    options.flush_level = PICOLOG_ERROR;
    options.flush_interval_ms = 0;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    Attached attached(logger, h);
    picolog_log(logger, PICOLOG_INFO, "held");
    EXPECT_EQ(read_file(path), "");
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    EXPECT_EQ(read_file(path), "held\n");
    picolog_log(logger, PICOLOG_INFO, "held again");
    picolog_log(logger, PICOLOG_ERROR, "urgent");
    EXPECT_EQ(read_file(path), "held\nheld again\nurgent\n");
    picolog_handler_release(h);
}

TEST(CapiFileHandler, OptionsAreChecked) {
    TempDir dir;
    std::string path = dir.file("x.log");
    picolog_handler* h = nullptr;
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.version = 9;
    EXPECT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_EINVAL);
    EXPECT_STREQ(
        picolog_last_error(),
        "picolog_file_handler_new: picolog_file_options version 9 is newer than this library's version 1");
    options = PICOLOG_FILE_OPTIONS_INIT;
    options.flush_policy = 5;
    EXPECT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(),
                 "picolog_file_handler_new: flush_policy 5 is not a PICOLOG_FLUSH_* value");
    options = PICOLOG_FILE_OPTIONS_INIT;
    options.flush_level = -1;
    EXPECT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_EINVAL);
    options = PICOLOG_FILE_OPTIONS_INIT;
    options.mode = 010000;
    EXPECT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_EINVAL);
    options = PICOLOG_FILE_OPTIONS_INIT;
    options.flush_policy = PICOLOG_FLUSH_BUFFERED;
    options.buffer_size = 0;
    EXPECT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_file_handler_new(&h, nullptr, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_file_handler_new: path is NULL");
    EXPECT_EQ(picolog_file_handler_new(&h, "", nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_file_handler_new(nullptr, path.c_str(), nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(h, nullptr);
}
