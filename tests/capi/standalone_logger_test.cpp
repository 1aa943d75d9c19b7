// standalone_logger_test.cpp - loggers outside the hierarchy (Python's
// Logger(name) made directly).
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

TEST(CapiStandaloneLogger, HasNoParentAndIsNotTheRegisteredOne) {
    std::string name = unique_name("alone");
    picolog_logger *registered = nullptr, *a = nullptr, *b = nullptr;
    ASSERT_EQ(picolog_get_logger(&registered, name.c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_new_standalone(&a, name.c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_new_standalone(&b, name.c_str()), PICOLOG_OK);
    EXPECT_NE(a, registered);
    EXPECT_NE(a, b);
    EXPECT_EQ(picolog_logger_parent(a), nullptr);
    EXPECT_STREQ(picolog_logger_name(a), name.c_str());
    picolog_logger* again = nullptr;
    ASSERT_EQ(picolog_get_logger(&again, name.c_str()), PICOLOG_OK);
    EXPECT_EQ(again, registered);
}

TEST(CapiStandaloneLogger, LogsToItsOwnHandlersOnly) {
    std::string name = unique_name("alone");
    picolog_logger *alone = nullptr, *registered = nullptr;
    ASSERT_EQ(picolog_logger_new_standalone(&alone, name.c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_get_logger(&registered, name.c_str()), PICOLOG_OK);
    Capture own, root_capture, registered_capture;
    Attached a(alone, own.handler());
    Attached r(picolog_root_logger(), root_capture.handler());
    Attached g(registered, registered_capture.handler());
    ASSERT_EQ(picolog_logger_set_level(alone, PICOLOG_INFO), PICOLOG_OK);
    ASSERT_EQ(picolog_log(alone, PICOLOG_INFO, "mine"), PICOLOG_OK);
    ASSERT_EQ(picolog_log(alone, PICOLOG_DEBUG, "below"), PICOLOG_OK);
    EXPECT_EQ(own.messages(), std::vector<std::string>{"mine"});
    EXPECT_TRUE(root_capture.records().empty());
    EXPECT_TRUE(registered_capture.records().empty());
    EXPECT_EQ(picolog_logger_level(registered), PICOLOG_NOTSET);
}

TEST(CapiStandaloneLogger, FollowsTheGlobalDisableLevel) {
    picolog_logger* alone = nullptr;
    ASSERT_EQ(picolog_logger_new_standalone(&alone, unique_name("alone").c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_set_level(alone, PICOLOG_DEBUG), PICOLOG_OK);
    EXPECT_TRUE(picolog_logger_is_enabled_for(alone, PICOLOG_WARNING));
    ASSERT_EQ(picolog_disable(PICOLOG_WARNING), PICOLOG_OK);
    EXPECT_FALSE(picolog_logger_is_enabled_for(alone, PICOLOG_WARNING));
    EXPECT_TRUE(picolog_logger_is_enabled_for(alone, PICOLOG_ERROR));
    ASSERT_EQ(picolog_disable(PICOLOG_NOTSET), PICOLOG_OK);
    EXPECT_TRUE(picolog_logger_is_enabled_for(alone, PICOLOG_DEBUG));
}

TEST(CapiStandaloneLogger, BadArguments) {
    picolog_logger* l = nullptr;
    EXPECT_EQ(picolog_logger_new_standalone(nullptr, "x"), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_new_standalone(&l, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_logger_new_standalone: name is NULL");
    EXPECT_EQ(l, nullptr);
}
