// options_init_test.cpp - the versioned struct rules of docs/abi.md as seen
// by a caller of this library's own version: *_init functions give the _INIT
// macros' values and write nothing past the struct, unknown versions are
// refused with both versions named, output structs honour out_size.
#include <cstring>
#include <string>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

// A struct inside a buffer with guard bytes after it, to see what a call
// writes past the struct.
template <class T>
struct Guarded {
    alignas(T) unsigned char bytes[sizeof(T) + 32];
    Guarded() { std::memset(bytes, 0xAB, sizeof bytes); }
    T* get() { return reinterpret_cast<T*>(bytes); }
    bool tail_untouched(size_t from = sizeof(T)) const {
        for (size_t i = from; i < sizeof bytes; ++i)
            if (bytes[i] != 0xAB) return false;
        return true;
    }
};

// Runs init into a guarded buffer and returns a copy of what it wrote.
template <class T, class Init>
T init_guarded(Init init, unsigned version) {
    Guarded<T> opts;
    EXPECT_EQ(init(opts.get(), version), PICOLOG_OK) << picolog_last_error();
    EXPECT_TRUE(opts.tail_untouched());
    return *opts.get();
}

template <class T, class Init>
void expect_init_refused(Init init, const char* name, unsigned current) {
    Guarded<T> opts;
    EXPECT_EQ(init(opts.get(), current + 1), PICOLOG_EINVAL);
    std::string message = picolog_last_error();
    EXPECT_NE(message.find(std::string(name) + " version " + std::to_string(current + 1)), std::string::npos)
        << message;
    EXPECT_NE(message.find("version " + std::to_string(current)), std::string::npos) << message;
    EXPECT_TRUE(opts.tail_untouched(0));
    EXPECT_EQ(init(opts.get(), 0), PICOLOG_EINVAL);
    EXPECT_EQ(init(nullptr, current), PICOLOG_EINVAL);
}

}  // namespace

TEST(CapiOptionsInit, InitFunctionsGiveTheInitMacros) {
    const picolog_file_options file_macro = PICOLOG_FILE_OPTIONS_INIT;
    auto file = init_guarded<picolog_file_options>(picolog_file_options_init, PICOLOG_FILE_OPTIONS_VERSION);
    EXPECT_EQ(file.version, file_macro.version);
    EXPECT_EQ(file.truncate, file_macro.truncate);
    EXPECT_EQ(file.mode, file_macro.mode);
    EXPECT_EQ(file.delay, file_macro.delay);
    EXPECT_EQ(file.flush_policy, file_macro.flush_policy);
    EXPECT_EQ(file.flush_level, file_macro.flush_level);
    EXPECT_EQ(file.flush_interval_ms, file_macro.flush_interval_ms);
    EXPECT_EQ(file.buffer_size, file_macro.buffer_size);

    const picolog_queue_options queue_macro = PICOLOG_QUEUE_OPTIONS_INIT;
    auto queue =
        init_guarded<picolog_queue_options>(picolog_queue_options_init, PICOLOG_QUEUE_OPTIONS_VERSION);
    EXPECT_EQ(queue.version, queue_macro.version);
    EXPECT_EQ(queue.capacity, queue_macro.capacity);
    EXPECT_EQ(queue.max_bytes, queue_macro.max_bytes);
    EXPECT_EQ(queue.overflow, queue_macro.overflow);
    EXPECT_EQ(queue.timeout_ms, queue_macro.timeout_ms);
    EXPECT_EQ(queue.respect_handler_level, queue_macro.respect_handler_level);

    auto callback = init_guarded<picolog_callback_handler_options>(picolog_callback_handler_options_init,
                                                                   PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION);
    EXPECT_EQ(callback.version, unsigned{PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION});
    EXPECT_EQ(callback.emit, nullptr);
    EXPECT_EQ(callback.flush, nullptr);
    EXPECT_EQ(callback.destroy, nullptr);
    EXPECT_EQ(callback.userdata, nullptr);

    auto info = init_guarded<picolog_record_info>(picolog_record_info_init, PICOLOG_RECORD_INFO_VERSION);
    EXPECT_EQ(info.version, unsigned{PICOLOG_RECORD_INFO_VERSION});
    EXPECT_EQ(info.file, nullptr);
    EXPECT_EQ(info.line, 0);
    EXPECT_EQ(info.fields, nullptr);
    EXPECT_EQ(info.field_count, 0u);
    EXPECT_EQ(info.thread_name, nullptr);
    EXPECT_EQ(info.created_ns, 0);
}

TEST(CapiOptionsInit, NewerVersionsAreRefusedNamingBoth) {
    expect_init_refused<picolog_file_options>(picolog_file_options_init, "picolog_file_options",
                                              PICOLOG_FILE_OPTIONS_VERSION);
    expect_init_refused<picolog_queue_options>(picolog_queue_options_init, "picolog_queue_options",
                                               PICOLOG_QUEUE_OPTIONS_VERSION);
    expect_init_refused<picolog_callback_handler_options>(picolog_callback_handler_options_init,
                                                          "picolog_callback_handler_options",
                                                          PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION);
    expect_init_refused<picolog_record_info>(picolog_record_info_init, "picolog_record_info",
                                             PICOLOG_RECORD_INFO_VERSION);

    picolog_handler* h = nullptr;
    picolog_queue_options queue = PICOLOG_QUEUE_OPTIONS_INIT;
    queue.version = PICOLOG_QUEUE_OPTIONS_VERSION + 1;
    EXPECT_EQ(picolog_queue_handler_new(&h, &queue, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_EQ(h, nullptr);
    EXPECT_NE(std::string(picolog_last_error()).find("is newer than this library's version"),
              std::string::npos);
}

TEST(CapiOptionsInit, QueueStatsFillTheCallersSize) {
    picolog_handler* queue = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&queue, nullptr, nullptr, 0), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, queue), PICOLOG_OK);
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "one"), PICOLOG_OK);
    ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);

    // A larger (newer) struct: zeros past what this library knows.
    Guarded<picolog_queue_stats> larger;
    ASSERT_EQ(picolog_queue_handler_stats(queue, larger.get(), sizeof larger.bytes), PICOLOG_OK);
    EXPECT_EQ(larger.get()->enqueued, 1u);
    for (size_t i = sizeof(picolog_queue_stats); i < sizeof larger.bytes; ++i) EXPECT_EQ(larger.bytes[i], 0);

    // Exactly its size: nothing written past it.
    Guarded<picolog_queue_stats> exact;
    ASSERT_EQ(picolog_queue_handler_stats(queue, exact.get(), sizeof(picolog_queue_stats)), PICOLOG_OK);
    EXPECT_EQ(exact.get()->emitted, 1u);
    EXPECT_TRUE(exact.tail_untouched());

    // Below the first version: refused, nothing written.
    Guarded<picolog_queue_stats> smaller;
    EXPECT_EQ(picolog_queue_handler_stats(queue, smaller.get(), sizeof(picolog_queue_stats) - 8),
              PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("smaller than the first version"), std::string::npos);
    EXPECT_TRUE(smaller.tail_untouched(0));

    ASSERT_EQ(picolog_logger_remove_handler(logger, queue), PICOLOG_OK);
    picolog_handler_release(queue);
}
