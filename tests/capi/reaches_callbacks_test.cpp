// reaches_callbacks_test.cpp - picolog_logger_reaches_callbacks: 0 only
// when a record logged now reaches one handler that runs no callback on
// the calling thread, with no filter on the way.
#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

int accept_all(const picolog_record*, void*) {
    return 1;
}

picolog_handler* new_null() {
    picolog_handler* handler = nullptr;
    EXPECT_EQ(picolog_null_handler_new(&handler), PICOLOG_OK) << picolog_last_error();
    return handler;
}

picolog_handler* new_queue(picolog_handler* inner) {
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    picolog_handler* queue = nullptr;
    EXPECT_EQ(picolog_queue_handler_new(&queue, &options, &inner, 1), PICOLOG_OK) << picolog_last_error();
    return queue;
}

picolog_filter* new_filter() {
    picolog_filter* filter = nullptr;
    EXPECT_EQ(picolog_callback_filter_new(&filter, accept_all, nullptr, nullptr), PICOLOG_OK);
    return filter;
}

}  // namespace

TEST(CapiReachesCallbacks, ANativeHandlerAloneRunsNone) {
    picolog_handler* native = new_null();
    picolog_logger* logger = test_logger();
    // No handler: the last resort takes the record, which may be anything.
    EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 1);
    {
        Attached attached(logger, native);
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 0);
        // A filter on the logger or on the handler runs code of its own.
        picolog_filter* filter = new_filter();
        ASSERT_EQ(picolog_logger_add_filter(logger, filter), PICOLOG_OK);
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 1);
        ASSERT_EQ(picolog_logger_remove_filter(logger, filter), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_add_filter(native, filter), PICOLOG_OK);
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 1);
        ASSERT_EQ(picolog_handler_remove_filter(native, filter), PICOLOG_OK);
        picolog_filter_release(filter);
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 0);
    }
    EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 1);
    picolog_handler_release(native);
}

TEST(CapiReachesCallbacks, ACallbackHandlerOrASecondHandlerMayRunOne) {
    Capture callback;
    picolog_handler* native = new_null();
    picolog_handler* other = new_null();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, callback.handler());
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 1);
    }
    {
        Attached first(logger, native);
        Attached second(logger, other);
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 1);
    }
    picolog_handler_release(other);
    picolog_handler_release(native);
}

TEST(CapiReachesCallbacks, AQueueRunsItsHandlersOnItsListener) {
    Capture callback;
    picolog_handler* queue = new_queue(callback.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, queue);
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 0);
    }
    picolog_handler_release(queue);
}

TEST(CapiReachesCallbacks, AMemoryHandlerPassesRecordsToItsTarget) {
    Capture callback;
    picolog_handler* memory = nullptr;
    ASSERT_EQ(picolog_memory_handler_new(&memory, nullptr, callback.handler()), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, memory);
        EXPECT_EQ(picolog_logger_reaches_callbacks(logger), 1);
    }
    picolog_handler_release(memory);
}

TEST(CapiReachesCallbacks, AParentsHandlerIsTheOneReached) {
    picolog_handler* native = new_null();
    picolog_logger* parent = test_logger("parent");
    picolog_logger* child = nullptr;
    ASSERT_EQ(picolog_get_logger(&child, (unique_name("parent") + ".child").c_str()), PICOLOG_OK);
    {
        Attached attached(parent, native);
        EXPECT_EQ(picolog_logger_reaches_callbacks(child), 0);
        ASSERT_EQ(picolog_logger_set_propagate(child, 0), PICOLOG_OK);
        EXPECT_EQ(picolog_logger_reaches_callbacks(child), 1);
    }
    picolog_handler_release(native);
}

TEST(CapiReachesCallbacks, ANullLoggerIsNamed) {
    EXPECT_EQ(picolog_logger_reaches_callbacks(nullptr), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("picolog_logger_reaches_callbacks"), std::string::npos);
}
