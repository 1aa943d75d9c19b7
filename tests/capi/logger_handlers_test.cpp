// logger_handlers_test.cpp - attaching handlers and filters to loggers.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

TEST(CapiLoggerHandlers, AddListRemoveClear) {
    picolog_logger* logger = test_logger();
    picolog_handler *a = nullptr, *b = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&a), PICOLOG_OK);
    ASSERT_EQ(picolog_null_handler_new(&b), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_handlers(logger, nullptr, 0), 0);
    EXPECT_EQ(picolog_logger_has_handlers(logger), 0);

    ASSERT_EQ(picolog_logger_add_handler(logger, a), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_handler(logger, a), PICOLOG_OK);  // already there: nothing changes
    ASSERT_EQ(picolog_logger_add_handler(logger, b), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_has_handlers(logger), 1);

    picolog_handler* listed[4] = {};
    ASSERT_EQ(picolog_logger_handlers(logger, listed, 1), 2);  // more attached than room
    EXPECT_EQ(listed[0], a);
    EXPECT_EQ(listed[1], nullptr);
    picolog_handler_release(listed[0]);
    ASSERT_EQ(picolog_logger_handlers(logger, listed, 4), 2);
    EXPECT_EQ(listed[0], a);
    EXPECT_EQ(listed[1], b);
    picolog_handler_release(listed[0]);
    picolog_handler_release(listed[1]);

    ASSERT_EQ(picolog_logger_remove_handler(logger, a), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_remove_handler(logger, a), PICOLOG_ENOTFOUND);
    EXPECT_NE(std::string(picolog_last_error()).find("not attached"), std::string::npos);
    EXPECT_EQ(picolog_logger_handlers(logger, nullptr, 0), 1);
    ASSERT_EQ(picolog_logger_clear_handlers(logger), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_handlers(logger, nullptr, 0), 0);
    picolog_handler_release(a);
    picolog_handler_release(b);
}

TEST(CapiLoggerHandlers, ListedReferencesKeepTheHandlerAlive) {
    DestroyCounter counter;
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void*) { return 0; };
    options.destroy = &DestroyCounter::destroy;
    options.userdata = &counter;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, h), PICOLOG_OK);
    picolog_handler_release(h);  // the logger's reference remains
    picolog_handler* listed = nullptr;
    ASSERT_EQ(picolog_logger_handlers(logger, &listed, 1), 1);
    ASSERT_EQ(picolog_logger_clear_handlers(logger), PICOLOG_OK);
    EXPECT_EQ(counter.destroyed, 0);  // the listed reference remains
    picolog_handler_release(listed);
    EXPECT_EQ(counter.destroyed, 1);
}

TEST(CapiLoggerHandlers, HasHandlersLooksUpThePropagateChain) {
    picolog_logger* parent = test_logger("p");
    picolog_logger* child = nullptr;
    ASSERT_EQ(picolog_get_logger(&child, (unique_name("p") + ".c").c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_has_handlers(child), 0);
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&h), PICOLOG_OK);
    {
        Attached attached(parent, h);
        EXPECT_EQ(picolog_logger_has_handlers(child), 1);
        ASSERT_EQ(picolog_logger_set_propagate(child, 0), PICOLOG_OK);
        EXPECT_EQ(picolog_logger_has_handlers(child), 0);
    }
    picolog_handler_release(h);
}

TEST(CapiLoggerHandlers, LoggerFilters) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    picolog_filter* warnings = nullptr;
    ASSERT_EQ(picolog_level_filter_new(&warnings, PICOLOG_WARNING, PICOLOG_WARNING), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_filter(logger, warnings), PICOLOG_OK);
    picolog_log(logger, PICOLOG_INFO, "dropped");
    picolog_log(logger, PICOLOG_WARNING, "kept");
    ASSERT_EQ(picolog_logger_remove_filter(logger, warnings), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_remove_filter(logger, warnings), PICOLOG_ENOTFOUND);
    EXPECT_STREQ(picolog_last_error(), "picolog_logger_remove_filter: the filter is not attached");
    picolog_log(logger, PICOLOG_INFO, "after");
    picolog_filter_release(warnings);
    EXPECT_EQ(capture.messages(), (std::vector<std::string>{"kept", "after"}));
}

TEST(CapiLoggerHandlers, HandlersChangeWhileThreadsLog) {
    picolog_logger* logger = test_logger();
    std::atomic<bool> stop{false};
    std::vector<std::thread> loggers;
    for (int t = 0; t < 4; ++t)
        loggers.emplace_back([&] {
            while (!stop.load()) EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "busy"), PICOLOG_OK);
        });
    for (int i = 0; i < 200; ++i) {
        Capture capture;
        Attached attached(logger, capture.handler());
    }
    stop = true;
    for (auto& t : loggers) t.join();
    EXPECT_EQ(picolog_logger_handlers(logger, nullptr, 0), 0);
}

TEST(CapiLoggerHandlers, NullArguments) {
    picolog_logger* logger = test_logger();
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&h), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_add_handler(nullptr, h), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_add_handler(logger, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_logger_add_handler: handler is NULL");
    EXPECT_EQ(picolog_logger_remove_handler(nullptr, h), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_remove_handler(logger, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_clear_handlers(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_handlers(nullptr, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_handlers(logger, nullptr, 2), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_has_handlers(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_add_filter(nullptr, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_add_filter(logger, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_logger_add_filter: filter is NULL");
    EXPECT_EQ(picolog_logger_remove_filter(logger, nullptr), PICOLOG_EINVAL);
    picolog_handler_release(h);
}
