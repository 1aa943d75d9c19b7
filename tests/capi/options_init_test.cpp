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

TEST(CapiOptionsInit, BufferingHandlersInitGiveTheirMacros) {
    const picolog_memory_options memory_macro = PICOLOG_MEMORY_OPTIONS_INIT;
    auto memory =
        init_guarded<picolog_memory_options>(picolog_memory_options_init, PICOLOG_MEMORY_OPTIONS_VERSION);
    EXPECT_EQ(memory.version, memory_macro.version);
    EXPECT_EQ(memory.capacity, memory_macro.capacity);
    EXPECT_EQ(memory.flush_level, memory_macro.flush_level);
    EXPECT_EQ(memory.flush_on_close, memory_macro.flush_on_close);

    const picolog_backtrace_options backtrace_macro = PICOLOG_BACKTRACE_OPTIONS_INIT;
    auto backtrace = init_guarded<picolog_backtrace_options>(picolog_backtrace_options_init,
                                                             PICOLOG_BACKTRACE_OPTIONS_VERSION);
    EXPECT_EQ(backtrace.version, backtrace_macro.version);
    EXPECT_EQ(backtrace.capacity, backtrace_macro.capacity);
    EXPECT_EQ(backtrace.store_below, backtrace_macro.store_below);
    EXPECT_EQ(backtrace.trigger, backtrace_macro.trigger);
    EXPECT_EQ(backtrace.prefix, backtrace_macro.prefix);
}

// The embedded queue options come with the library's queue defaults.
static void expect_queue_defaults(const picolog_queue_options& queue) {
    const picolog_queue_options macro = PICOLOG_QUEUE_OPTIONS_INIT;
    EXPECT_EQ(queue.version, macro.version);
    EXPECT_EQ(queue.capacity, macro.capacity);
    EXPECT_EQ(queue.max_bytes, macro.max_bytes);
    EXPECT_EQ(queue.overflow, macro.overflow);
    EXPECT_EQ(queue.timeout_ms, macro.timeout_ms);
    EXPECT_EQ(queue.respect_handler_level, macro.respect_handler_level);
}

TEST(CapiOptionsInit, ShippingHandlersInitGiveTheirMacros) {
    const picolog_syslog_options m = PICOLOG_SYSLOG_OPTIONS_INIT;
    auto s =
        init_guarded<picolog_syslog_options>(picolog_syslog_options_init, PICOLOG_SYSLOG_OPTIONS_VERSION);
    EXPECT_EQ(s.version, m.version);
    EXPECT_EQ(s.transport, m.transport);
    EXPECT_EQ(s.address, m.address);
    EXPECT_EQ(s.port, m.port);
    EXPECT_EQ(s.format, m.format);
    EXPECT_EQ(s.framing, m.framing);
    EXPECT_EQ(s.facility, m.facility);
    EXPECT_EQ(s.hostname, m.hostname);
    EXPECT_EQ(s.app_name, m.app_name);
    EXPECT_EQ(s.msgid, m.msgid);
    EXPECT_EQ(s.ident, m.ident);
    EXPECT_EQ(s.sd_id, m.sd_id);
    EXPECT_EQ(s.append_nul, m.append_nul);
    EXPECT_EQ(s.severities, m.severities);
    EXPECT_EQ(s.severity_count, m.severity_count);
    EXPECT_EQ(s.default_severity, m.default_severity);
    EXPECT_EQ(s.max_datagram, m.max_datagram);
    EXPECT_EQ(s.hold, m.hold);
    EXPECT_EQ(s.backoff_initial_ms, m.backoff_initial_ms);
    EXPECT_EQ(s.backoff_max_ms, m.backoff_max_ms);
    EXPECT_EQ(s.connect_timeout_ms, m.connect_timeout_ms);
    EXPECT_EQ(s.send_timeout_ms, m.send_timeout_ms);
    EXPECT_EQ(s.tls_ca_file, m.tls_ca_file);
    EXPECT_EQ(s.tls_cert_file, m.tls_cert_file);
    EXPECT_EQ(s.tls_key_file, m.tls_key_file);
    EXPECT_EQ(s.tls_verify, m.tls_verify);
    expect_queue_defaults(s.queue);
    EXPECT_EQ(s.max_message, m.max_message);
    // Version 1 ends with its queue options: nothing after them is written.
    Guarded<picolog_syslog_options> v1;
    ASSERT_EQ(picolog_syslog_options_init(v1.get(), 1), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(v1.get()->version, 1u);
    EXPECT_EQ(v1.get()->hold, m.hold);
    expect_queue_defaults(v1.get()->queue);
    EXPECT_TRUE(v1.tail_untouched(offsetof(picolog_syslog_options, queue) + sizeof(picolog_queue_options)));

    const picolog_journald_options jm = PICOLOG_JOURNALD_OPTIONS_INIT;
    auto j = init_guarded<picolog_journald_options>(picolog_journald_options_init,
                                                    PICOLOG_JOURNALD_OPTIONS_VERSION);
    EXPECT_EQ(j.version, jm.version);
    EXPECT_EQ(j.socket_path, jm.socket_path);
    EXPECT_EQ(j.identifier, jm.identifier);
    EXPECT_EQ(j.facility, jm.facility);
    EXPECT_EQ(j.severities, jm.severities);
    EXPECT_EQ(j.severity_count, jm.severity_count);
    EXPECT_EQ(j.default_severity, jm.default_severity);
    expect_queue_defaults(j.queue);
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
    expect_init_refused<picolog_syslog_options>(picolog_syslog_options_init, "picolog_syslog_options",
                                                PICOLOG_SYSLOG_OPTIONS_VERSION);
    expect_init_refused<picolog_journald_options>(picolog_journald_options_init, "picolog_journald_options",
                                                  PICOLOG_JOURNALD_OPTIONS_VERSION);
    expect_init_refused<picolog_memory_options>(picolog_memory_options_init, "picolog_memory_options",
                                                PICOLOG_MEMORY_OPTIONS_VERSION);
    expect_init_refused<picolog_backtrace_options>(
        picolog_backtrace_options_init, "picolog_backtrace_options", PICOLOG_BACKTRACE_OPTIONS_VERSION);

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
