// capi_test_util.hpp - helpers shared by the C API tests: logger names no
// other test uses, reading files back, and a callback handler that keeps a
// copy of every record it receives.
#pragma once

#include <gtest/gtest.h>
#include <picolog.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "temp_dir.hpp"

namespace capi_test {

// Counts --gtest_repeat iterations, so that a repeated test gets fresh
// loggers rather than the ones its previous run configured.
class IterationCounter : public ::testing::EmptyTestEventListener {
public:
    static int current() { return iteration_.load(); }
    void OnTestIterationStart(const ::testing::UnitTest&, int iteration) override { iteration_ = iteration; }

private:
    static inline std::atomic<int> iteration_{0};
};
inline const bool iteration_counter_installed = [] {
    ::testing::UnitTest::GetInstance()->listeners().Append(new IterationCounter);
    return true;
}();

// The registry is process-wide and loggers live forever, so every test
// derives its logger names from its own name (and the repeat iteration).
inline std::string unique_name(const std::string& suffix = {}) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "capi_test." + std::to_string(IterationCounter::current()) + "." +
                       info->test_suite_name() + "." + info->name();
    if (!suffix.empty()) name += "." + suffix;
    return name;
}

// A logger of this test at `level` that keeps its records to itself.
inline picolog_logger* test_logger(const std::string& suffix = {}, int level = PICOLOG_TRACE) {
    picolog_logger* logger = nullptr;
    EXPECT_EQ(picolog_get_logger(&logger, unique_name(suffix).c_str()), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(picolog_logger_set_level(logger, level), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_set_propagate(logger, 0), PICOLOG_OK);
    return logger;
}

using test_support::read_lines;
using test_support::TempDir;

// The whole file, bytes as they are.
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A deep copy of a picolog_record_view, taken inside the callback.
struct Captured {
    int level = 0;
    std::string level_name, logger, message, line, thread_name, file, func, exc_text, stack_text;
    int64_t created_ns = 0;
    uint64_t thread_id = 0;
    int64_t process_id = 0;
    int lineno = 0;
    std::vector<std::pair<std::string, std::string>> fields;
};

inline Captured capture_record(const picolog_record* record, const char* line, size_t line_len) {
    picolog_record_view v;
    EXPECT_EQ(picolog_record_get(record, &v, sizeof v), PICOLOG_OK) << picolog_last_error();
    Captured c;
    c.level = v.level;
    c.level_name = v.level_name;
    c.logger = v.logger_name;
    c.message.assign(v.message, v.message_len);
    if (line) c.line.assign(line, line_len);
    c.thread_name = v.thread_name;
    c.file = v.file;
    c.func = v.func;
    c.exc_text = v.exc_text;
    c.stack_text = v.stack_text;
    c.created_ns = v.created_ns;
    c.thread_id = v.thread_id;
    c.process_id = v.process_id;
    c.lineno = v.line;
    for (size_t i = 0; i < v.field_count; ++i) c.fields.emplace_back(v.fields[i].key, v.fields[i].value);
    return c;
}

// Owns a callback handler that appends a Captured to a list for each record.
// A logging thread may still hold the handler (a snapshot of a logger's
// handler list) after the test let go of it, so the destructor waits for the
// handler's destroy callback before the state it writes to goes away.
class Capture {
public:
    Capture() {
        picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
        options.emit = [](const picolog_record* record, const char* line, size_t len, void* self) {
            auto* capture = static_cast<Capture*>(self);
            Captured c = capture_record(record, line, len);
            std::lock_guard lock(capture->mutex_);
            capture->records_.push_back(std::move(c));
            return 0;
        };
        options.destroy = [](void* self) {
            auto* capture = static_cast<Capture*>(self);
            std::lock_guard lock(capture->mutex_);
            capture->destroyed_ = true;
            capture->destroyed_cv_.notify_all();
        };
        options.userdata = this;
        EXPECT_EQ(picolog_callback_handler_new(&handler_, &options), PICOLOG_OK) << picolog_last_error();
    }
    ~Capture() {
        picolog_handler_release(handler_);
        std::unique_lock lock(mutex_);
        destroyed_cv_.wait(lock, [&] { return destroyed_; });
    }
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;

    picolog_handler* handler() const { return handler_; }
    std::vector<Captured> records() const {
        std::lock_guard lock(mutex_);
        return records_;
    }
    std::vector<std::string> messages() const {
        std::vector<std::string> out;
        for (const auto& r : records()) out.push_back(r.message);
        return out;
    }

private:
    picolog_handler* handler_ = nullptr;
    mutable std::mutex mutex_;
    std::condition_variable destroyed_cv_;
    bool destroyed_ = false;
    std::vector<Captured> records_;
};

// Attaches a handler to a logger for the scope of a test.
class Attached {
public:
    Attached(picolog_logger* logger, picolog_handler* handler) : logger_(logger), handler_(handler) {
        EXPECT_EQ(picolog_logger_add_handler(logger, handler), PICOLOG_OK) << picolog_last_error();
    }
    ~Attached() { picolog_logger_remove_handler(logger_, handler_); }
    Attached(const Attached&) = delete;
    Attached& operator=(const Attached&) = delete;

private:
    picolog_logger* logger_;
    picolog_handler* handler_;
};

// A callback handler whose emit blocks until released, so the test controls
// when the listener makes progress (no sleeps, no timing).
class Gate {
public:
    Gate() {
        picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
        options.emit = [](const picolog_record*, const char*, size_t, void* self) {
            auto* gate = static_cast<Gate*>(self);
            std::unique_lock lock(gate->mutex_);
            ++gate->entered_;
            gate->changed_.notify_all();
            gate->changed_.wait(lock, [&] { return gate->open_; });
            ++gate->emitted_;
            return 0;
        };
        options.userdata = this;
        EXPECT_EQ(picolog_callback_handler_new(&handler_, &options), PICOLOG_OK);
    }
    ~Gate() { picolog_handler_release(handler_); }
    picolog_handler* handler() const { return handler_; }

    void wait_until_entered(int n) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return entered_ >= n; });
    }
    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }
    int emitted() {
        std::lock_guard lock(mutex_);
        return emitted_;
    }

private:
    picolog_handler* handler_ = nullptr;
    std::mutex mutex_;
    std::condition_variable changed_;
    int entered_ = 0;
    int emitted_ = 0;
    bool open_ = false;
};

// Counts destroy callbacks (userdata of handlers and filters under test).
struct DestroyCounter {
    int destroyed = 0;
    static void destroy(void* self) { ++static_cast<DestroyCounter*>(self)->destroyed; }
};

}  // namespace capi_test
