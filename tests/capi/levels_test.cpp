// levels_test.cpp - the level-name table through the C API.
#include <string>

#include "capi_test_util.hpp"

TEST(CapiLevels, StandardNames) {
    EXPECT_STREQ(picolog_level_name(PICOLOG_NOTSET), "NOTSET");
    EXPECT_STREQ(picolog_level_name(PICOLOG_DEBUG), "DEBUG");
    EXPECT_STREQ(picolog_level_name(PICOLOG_INFO), "INFO");
    EXPECT_STREQ(picolog_level_name(PICOLOG_WARNING), "WARNING");
    EXPECT_STREQ(picolog_level_name(PICOLOG_ERROR), "ERROR");
    EXPECT_STREQ(picolog_level_name(PICOLOG_CRITICAL), "CRITICAL");
    int level = -1;
    ASSERT_EQ(picolog_level_from_name("WARNING", &level), PICOLOG_OK);
    EXPECT_EQ(level, PICOLOG_WARNING);
    ASSERT_EQ(picolog_level_from_name("TRACE", &level), PICOLOG_OK);
    EXPECT_EQ(level, PICOLOG_TRACE);
}

TEST(CapiLevels, UnnamedLevelsReadLikePython) {
    EXPECT_STREQ(picolog_level_name(33), "Level 33");
    EXPECT_STREQ(picolog_level_name(100000), "Level 100000");
}

TEST(CapiLevels, CustomNamesWorkBothWays) {
    ASSERT_EQ(picolog_add_level_name(25, "CAPI_NOTICE"), PICOLOG_OK) << picolog_last_error();
    EXPECT_STREQ(picolog_level_name(25), "CAPI_NOTICE");
    int level = 0;
    ASSERT_EQ(picolog_level_from_name("CAPI_NOTICE", &level), PICOLOG_OK);
    EXPECT_EQ(level, 25);
    // The name is copied.
    std::string name = "CAPI_HIGH";
    ASSERT_EQ(picolog_add_level_name(1000, name.c_str()), PICOLOG_OK);
    name.assign("overwritten");
    EXPECT_STREQ(picolog_level_name(1000), "CAPI_HIGH");
}

TEST(CapiLevels, LookupIsExact) {
    int level = 7;
    EXPECT_EQ(picolog_level_from_name("warning", &level), PICOLOG_ENOTFOUND);
    EXPECT_STREQ(picolog_last_error(), "picolog_level_from_name: no level is named \"warning\"");
    EXPECT_EQ(picolog_level_from_name("", &level), PICOLOG_ENOTFOUND);
    EXPECT_EQ(level, 7);
}

TEST(CapiLevels, BadArguments) {
    EXPECT_EQ(picolog_add_level_name(-1, "NEG"), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_add_level_name: level -1 is negative");
    EXPECT_EQ(picolog_add_level_name(26, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_add_level_name: name is NULL");
    EXPECT_EQ(picolog_add_level_name(26, ""), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_level_name(-5), nullptr);
    EXPECT_STREQ(picolog_last_error(), "picolog_level_name: level -5 is negative");
    int level = 0;
    EXPECT_EQ(picolog_level_from_name(nullptr, &level), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_level_from_name("INFO", nullptr), PICOLOG_EINVAL);
}
