// large_message_test.cpp - 16 MiB messages written whole, synchronously and
// through a queue, and read back byte for byte.
#include <string>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

// Every byte value except newline, so the file splits into lines only where
// records end.
std::string big_message() {
    std::string message(size_t{16} << 20, '\0');
    for (size_t i = 0; i < message.size(); ++i) {
        char c = static_cast<char>((i * 131 + i / 4096) & 0xFF);
        message[i] = c == '\n' ? '\0' : c;
    }
    return message;
}

}  // namespace

TEST(CapiLargeMessages, SixteenMebibytesToAFile) {
    TempDir dir;
    std::string path = dir.file("big.log");
    picolog_handler* file = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&file, path.c_str(), nullptr), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    std::string message = big_message();
    {
        Attached attached(logger, file);
        ASSERT_EQ(picolog_log_len(logger, PICOLOG_INFO, message.data(), message.size()), PICOLOG_OK);
        ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "after"), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(file), PICOLOG_OK);
    }
    picolog_handler_release(file);
    std::string content = read_file(path);
    ASSERT_EQ(content.size(), message.size() + 1 + 6);
    EXPECT_TRUE(content.compare(0, message.size(), message) == 0);
    EXPECT_EQ(content.substr(message.size()), "\nafter\n");
}

TEST(CapiLargeMessages, SixteenMebibytesThroughAQueue) {
    TempDir dir;
    std::string path = dir.file("big-queue.log");
    picolog_handler *file = nullptr, *queue = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&file, path.c_str(), nullptr), PICOLOG_OK) << picolog_last_error();
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.max_bytes = 1 << 20;  // smaller than the record: accepted whole into an empty queue
    ASSERT_EQ(picolog_queue_handler_new(&queue, &options, &file, 1), PICOLOG_OK) << picolog_last_error();
    picolog_handler_release(file);
    picolog_logger* logger = test_logger();
    std::string message = big_message();
    {
        Attached attached(logger, queue);
        ASSERT_EQ(picolog_log_len(logger, PICOLOG_INFO, message.data(), message.size()), PICOLOG_OK);
        // The caller's buffer is free once the call returns.
        std::string expected = message;
        message.assign(message.size(), 'X');
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        std::string content = read_file(path);
        ASSERT_EQ(content.size(), expected.size() + 1);
        EXPECT_TRUE(content.compare(0, expected.size(), expected) == 0);
    }
    picolog_handler_release(queue);
}
