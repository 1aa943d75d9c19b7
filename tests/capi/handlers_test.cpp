// handlers_test.cpp - handler references, level, flush, close and handle, and
// the stream, null and callback handlers.
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

struct CallbackState {
    int emitted = 0;
    int flushed = 0;
    int destroyed = 0;
    int emit_result = 0;
};

picolog_handler* new_callback_handler(CallbackState& state) {
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void* self) {
        auto* s = static_cast<CallbackState*>(self);
        ++s->emitted;
        return s->emit_result;
    };
    options.flush = [](void* self) {
        ++static_cast<CallbackState*>(self)->flushed;
        return 0;
    };
    options.destroy = [](void* self) { ++static_cast<CallbackState*>(self)->destroyed; };
    options.userdata = &state;
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_OK) << picolog_last_error();
    return h;
}

}  // namespace

TEST(CapiHandlers, CallbackDestroyRunsOnceOnTheLastRelease) {
    CallbackState state;
    picolog_handler* h = new_callback_handler(state);
    picolog_logger* logger = test_logger();
    picolog_handler_retain(h);
    ASSERT_EQ(picolog_logger_add_handler(logger, h), PICOLOG_OK);
    picolog_handler_release(h);
    picolog_handler_release(h);
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "still attached"), PICOLOG_OK);
    EXPECT_EQ(state.emitted, 1);
    EXPECT_EQ(state.destroyed, 0);
    ASSERT_EQ(picolog_logger_remove_handler(logger, h), PICOLOG_OK);
    EXPECT_EQ(state.destroyed, 1);
}

TEST(CapiHandlers, FlushCallsTheFlushCallback) {
    CallbackState state;
    picolog_handler* h = new_callback_handler(state);
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    EXPECT_EQ(state.flushed, 1);
    picolog_handler_release(h);
    EXPECT_EQ(state.destroyed, 1);
}

TEST(CapiHandlers, CallbackWithOnlyEmit) {
    int emitted = 0;
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void* self) {
        ++*static_cast<int*>(self);
        return 0;
    };
    options.userdata = &emitted;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "x");
    }
    EXPECT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    picolog_handler_release(h);
    EXPECT_EQ(emitted, 1);
}

TEST(CapiHandlers, CallbackOptionsAreChecked) {
    picolog_handler* h = reinterpret_cast<picolog_handler*>(0x1);
    EXPECT_EQ(picolog_callback_handler_new(&h, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_callback_handler_new: options is NULL");
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    EXPECT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_callback_handler_new: options->emit is NULL");
    options.emit = [](const picolog_record*, const char*, size_t, void*) { return 0; };
    options.version = 0;
    EXPECT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("version 0 is not a version"), std::string::npos);
    options.version = PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION;
    EXPECT_EQ(picolog_callback_handler_new(nullptr, &options), PICOLOG_EINVAL);
}

TEST(CapiHandlers, FailingEmitIsCountedNotReturned) {
    CallbackState state;
    state.emit_result = 3;
    picolog_handler* h = new_callback_handler(state);
    picolog_logger* logger = test_logger();
    struct Silence {
        Silence() {
            picolog_set_error_hook([](const char*, void*) {}, nullptr);
        }
        ~Silence() { picolog_set_error_hook(nullptr, nullptr); }
    } silence;
    {
        Attached attached(logger, h);
        EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "a"), PICOLOG_OK);
        EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "b"), PICOLOG_OK);
    }
    uint64_t failures = 0;
    ASSERT_EQ(picolog_handler_failures(h, &failures), PICOLOG_OK);
    EXPECT_EQ(failures, 2u);
    EXPECT_EQ(picolog_handler_failures(h, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_failures(nullptr, &failures), PICOLOG_EINVAL);
    picolog_handler_release(h);
}

TEST(CapiHandlers, LevelSkipsLowerRecords) {
    CallbackState state;
    picolog_handler* h = new_callback_handler(state);
    EXPECT_EQ(picolog_handler_level(h), PICOLOG_NOTSET);
    ASSERT_EQ(picolog_handler_set_level(h, PICOLOG_WARNING), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_level(h), PICOLOG_WARNING);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "skipped");
        picolog_log(logger, PICOLOG_WARNING, "kept");
    }
    EXPECT_EQ(state.emitted, 1);
    EXPECT_EQ(picolog_handler_set_level(h, -2), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_handler_set_level: level -2 is negative");
    EXPECT_EQ(picolog_handler_level(h), PICOLOG_WARNING);
    picolog_handler_release(h);
}

TEST(CapiHandlers, ClosedHandlersIgnoreRecords) {
    CallbackState state;
    picolog_handler* h = new_callback_handler(state);
    picolog_logger* logger = test_logger();
    Attached attached(logger, h);
    picolog_log(logger, PICOLOG_INFO, "before");
    ASSERT_EQ(picolog_handler_close(h), PICOLOG_OK);
    ASSERT_EQ(picolog_handler_close(h), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "after"), PICOLOG_OK);
    EXPECT_EQ(state.emitted, 1);
    picolog_handler_release(h);
}

TEST(CapiHandlers, StreamHandlerWritesLines) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_stream_handler_new(&h, fds[1]), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "first");
        picolog_log_len(logger, PICOLOG_INFO, "sec\0nd", 6);
    }
    picolog_handler_release(h);  // does not close the fd
    EXPECT_EQ(fcntl(fds[1], F_GETFD), 0);
    close(fds[1]);
    std::string got;
    char buf[256];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    EXPECT_EQ(got, std::string("first\nsec\0nd\n", 13));
}

TEST(CapiHandlers, StreamHandlerArguments) {
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_stream_handler_new(&h, -1), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_stream_handler_new: fd -1 is negative");
    EXPECT_EQ(picolog_stream_handler_new(nullptr, PICOLOG_STDERR), PICOLOG_EINVAL);
    ASSERT_EQ(picolog_stream_handler_new(&h, PICOLOG_STDERR), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_is_queue(h), 0);
    picolog_handler_release(h);
}

TEST(CapiHandlers, NullHandlerAcceptsEverything) {
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&h), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        EXPECT_EQ(picolog_log(logger, PICOLOG_CRITICAL, "gone"), PICOLOG_OK);
    }
    EXPECT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_close(h), PICOLOG_OK);
    picolog_handler_release(h);
    EXPECT_EQ(picolog_null_handler_new(nullptr), PICOLOG_EINVAL);
}

TEST(CapiHandlers, NullHandlesAreRejected) {
    picolog_handler_retain(nullptr);
    picolog_handler_release(nullptr);
    EXPECT_EQ(picolog_handler_set_level(nullptr, 10), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_level(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_set_formatter(nullptr, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_flush(nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_handler_flush: handler is NULL");
    EXPECT_EQ(picolog_handler_close(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_handle(nullptr, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_is_queue(nullptr), PICOLOG_EINVAL);
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&h), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_handle(h, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_handler_handle: record is NULL");
    picolog_handler_release(h);
}

// A handler's last reference may go inside a log call: here the handler's
// own emit detaches it and drops the caller's reference, so the logger's
// handler list, pinned by that call, holds the last one until the call
// lets go of it. The destroy callback then runs inside the log call, and
// may log like any other callback.
TEST(CapiHandlers, DestroyMayLogWhenTheLastReferenceGoesInsideALogCall) {
    Capture other;
    picolog_logger* other_logger = test_logger("other");
    Attached attached_other(other_logger, other.handler());
    struct State {
        picolog_logger* logger;
        picolog_logger* other;
        picolog_handler* self = nullptr;
        int destroy_rc = 100;
    } state{test_logger(), other_logger};
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void* p) {
        auto* s = static_cast<State*>(p);
        EXPECT_EQ(picolog_logger_remove_handler(s->logger, s->self), PICOLOG_OK);
        picolog_handler_release(s->self);
        return 0;
    };
    options.destroy = [](void* p) {
        auto* s = static_cast<State*>(p);
        s->destroy_rc = picolog_log(s->other, PICOLOG_INFO, "destroyed");
    };
    options.userdata = &state;
    ASSERT_EQ(picolog_callback_handler_new(&state.self, &options), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_handler(state.logger, state.self), PICOLOG_OK);
    EXPECT_EQ(picolog_log(state.logger, PICOLOG_INFO, "last"), PICOLOG_OK);
    EXPECT_EQ(state.destroy_rc, PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(other.messages(), (std::vector<std::string>{"destroyed"}));
}
