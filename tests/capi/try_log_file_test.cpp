// try_log_file_test.cpp - picolog_try_log_ex into a file handler: a
// buffered file's buffer takes a record that needs no write, when its lock
// is free; a record the buffer would write, a file that writes every
// record and filters answer PICOLOG_EAGAIN with nothing done (a held lock:
// tests/core/file_handler_test.cpp).
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

constexpr const char* kPattern = "%(levelname)s %(name)s %(threadName)s %(filename)s:%(lineno)d %(message)s";

// A file handler with the test's pattern; buffered unless every_record.
picolog_handler* new_file(const std::string& path, bool every_record, size_t buffer_size = 65536) {
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.flush_policy = every_record ? PICOLOG_FLUSH_EVERY_RECORD : PICOLOG_FLUSH_BUFFERED;
    options.flush_level = PICOLOG_CRITICAL;
    options.flush_interval_ms = 0;
    options.buffer_size = buffer_size;
    picolog_handler* handler = nullptr;
    EXPECT_EQ(picolog_file_handler_new(&handler, path.c_str(), &options), PICOLOG_OK) << picolog_last_error();
    picolog_formatter* formatter = nullptr;
    EXPECT_EQ(picolog_formatter_new(&formatter, kPattern, nullptr, 0), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(picolog_handler_set_formatter(handler, formatter), PICOLOG_OK);
    picolog_formatter_release(formatter);
    return handler;
}

int try_log(picolog_logger* logger, const char* message, int level = PICOLOG_INFO) {
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.file = "/srv/app/service.py";
    info.line = 17;
    info.func = "handle";
    info.thread_name = "worker-1";
    info.thread_id = 4242;
    return picolog_try_log_ex(logger, level, message, PICOLOG_NUL_TERMINATED, &info);
}

std::string line_for(const std::string& level, const std::string& message) {
    return level + " " + unique_name() + " worker-1 service.py:17 " + message;
}

int reject_all(const picolog_record*, void*) {
    return 0;
}

}  // namespace

TEST(CapiTryLogFile, ABufferedFilesBufferTakesTheRecordWithoutAWrite) {
    TempDir dir;
    const std::string path = dir.file("app.log");
    picolog_handler* file = new_file(path, false);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, file);
        ASSERT_EQ(try_log(logger, "first"), PICOLOG_OK) << picolog_last_error();
        ASSERT_EQ(try_log(logger, "second", PICOLOG_WARNING), PICOLOG_OK);
        EXPECT_EQ(read_file(path), "");  // in the buffer, not written
        ASSERT_EQ(picolog_handler_flush(file), PICOLOG_OK);
    }
    picolog_handler_release(file);
    EXPECT_EQ(read_lines(path),
              (std::vector<std::string>{line_for("INFO", "first"), line_for("WARNING", "second")}));
}

TEST(CapiTryLogFile, ARecordsOwnFieldsAreFormattedIntoTheBuffer) {
    TempDir dir;
    const std::string path = dir.file("app.log");
    picolog_handler* file = new_file(path, false);
    picolog_formatter* formatter = nullptr;
    ASSERT_EQ(picolog_formatter_new(&formatter, "%(message)s task=%(taskName)s", nullptr, 0), PICOLOG_OK);
    ASSERT_EQ(picolog_handler_set_formatter(file, formatter), PICOLOG_OK);
    picolog_formatter_release(formatter);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, file);
        const picolog_field field = {"taskName", "Task-7"};
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.fields = &field;
        info.field_count = 1;
        ASSERT_EQ(picolog_try_log_ex(logger, PICOLOG_INFO, "in a task", PICOLOG_NUL_TERMINATED, &info),
                  PICOLOG_OK)
            << picolog_last_error();
        EXPECT_EQ(read_file(path), "");
        ASSERT_EQ(picolog_handler_flush(file), PICOLOG_OK);
    }
    picolog_handler_release(file);
    EXPECT_EQ(read_lines(path), std::vector<std::string>{"in a task task=Task-7"});
}

TEST(CapiTryLogFile, ARecordThatWouldBeWrittenIsRefusedWithNothingDone) {
    TempDir dir;
    const std::string path = dir.file("app.log");
    const std::string every_path = dir.file("every.log");
    const size_t line_size = line_for("INFO", "one").size() + 1;
    // Room for one line and a half: the second fills the buffer.
    picolog_handler* file = new_file(path, false, line_size + line_size / 2);
    picolog_handler* every = new_file(every_path, true);
    picolog_logger* logger = test_logger();
    picolog_logger* other = test_logger("every");
    {
        Attached attached(logger, file);
        ASSERT_EQ(try_log(logger, "one"), PICOLOG_OK);
        EXPECT_EQ(try_log(logger, "two"), PICOLOG_EAGAIN);
        // At the flush level: the buffer would be written at once.
        EXPECT_EQ(try_log(logger, "fatal", PICOLOG_CRITICAL), PICOLOG_EAGAIN);
        EXPECT_EQ(read_file(path), "");
        // The ordinary call, as the caller makes it next.
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.file = "/srv/app/service.py";
        info.line = 17;
        info.thread_name = "worker-1";
        ASSERT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "two", PICOLOG_NUL_TERMINATED, &info), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(file), PICOLOG_OK);
        Attached every_attached(other, every);
        EXPECT_EQ(try_log(other, "written at once"), PICOLOG_EAGAIN);
    }
    picolog_handler_release(file);
    picolog_handler_release(every);
    EXPECT_EQ(read_lines(path), (std::vector<std::string>{line_for("INFO", "one"), line_for("INFO", "two")}));
    EXPECT_EQ(read_file(every_path), "");
}

TEST(CapiTryLogFile, FiltersAndTheLevelAreTheHandlers) {
    TempDir dir;
    const std::string path = dir.file("app.log");
    picolog_handler* file = new_file(path, false);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, file);
        ASSERT_EQ(picolog_handler_set_level(file, PICOLOG_WARNING), PICOLOG_OK);
        EXPECT_EQ(try_log(logger, "below the handler's level"), PICOLOG_OK);
        picolog_filter* filter = nullptr;
        ASSERT_EQ(picolog_callback_filter_new(&filter, reject_all, nullptr, nullptr), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_add_filter(file, filter), PICOLOG_OK);
        EXPECT_EQ(try_log(logger, "filtered", PICOLOG_ERROR), PICOLOG_EAGAIN);
        ASSERT_EQ(picolog_handler_remove_filter(file, filter), PICOLOG_OK);
        picolog_filter_release(filter);
        ASSERT_EQ(try_log(logger, "taken", PICOLOG_ERROR), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(file), PICOLOG_OK);
    }
    picolog_handler_release(file);
    EXPECT_EQ(read_lines(path), std::vector<std::string>{line_for("ERROR", "taken")});
}
