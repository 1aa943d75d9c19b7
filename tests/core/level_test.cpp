// level_test.cpp - the level-name table: standard and custom names, "Level
// N" for unnamed levels, and Python's exact-match reverse lookup.
#include "picolog/level.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "picolog/error.hpp"

namespace picolog {
namespace {

TEST(Levels, StandardNames) {
    EXPECT_EQ(levels::name(NOTSET), "NOTSET");
    EXPECT_EQ(levels::name(TRACE), "TRACE");
    EXPECT_EQ(levels::name(DEBUG), "DEBUG");
    EXPECT_EQ(levels::name(INFO), "INFO");
    EXPECT_EQ(levels::name(WARNING), "WARNING");
    EXPECT_EQ(levels::name(ERROR), "ERROR");
    EXPECT_EQ(levels::name(CRITICAL), "CRITICAL");
}

TEST(Levels, UnnamedLevelsAreNumbered) {
    EXPECT_EQ(levels::name(1), "Level 1");
    EXPECT_EQ(levels::name(99), "Level 99");
    EXPECT_EQ(levels::name(255), "Level 255");
    EXPECT_EQ(levels::name(256), "Level 256");
    EXPECT_EQ(levels::name(1000000), "Level 1000000");
    EXPECT_TRUE(levels::name(-1).empty());
}

TEST(Levels, NamesAreStableAndTerminated) {
    std::string_view a = levels::name(12345);
    std::string_view b = levels::name(12345);
    EXPECT_EQ(a.data(), b.data());
    EXPECT_EQ(a.data()[a.size()], '\0');
    std::string_view c = levels::name(77);
    EXPECT_EQ(c.data()[c.size()], '\0');
}

TEST(Levels, CustomNames) {
    levels::add_name(15, "VERBOSE");
    levels::add_name(70000, "HUGE");
    EXPECT_EQ(levels::name(15), "VERBOSE");
    EXPECT_EQ(levels::name(70000), "HUGE");
    EXPECT_EQ(levels::from_name("VERBOSE"), 15);
    EXPECT_EQ(levels::from_name("HUGE"), 70000);
}

TEST(Levels, RenamingAStandardLevelKeepsOldViewsValid) {
    std::string_view before = levels::name(45);
    levels::add_name(45, "SEVERE");
    levels::add_name(45, "SEVERE2");
    EXPECT_EQ(before, "Level 45");
    EXPECT_EQ(levels::name(45), "SEVERE2");
    EXPECT_EQ(levels::from_name("SEVERE"), 45);  // as Python, the old name still maps
}

TEST(Levels, FromNameIsExact) {
    EXPECT_EQ(levels::from_name("INFO"), INFO);
    EXPECT_EQ(levels::from_name("WARN"), WARNING);
    EXPECT_EQ(levels::from_name("FATAL"), CRITICAL);
    EXPECT_EQ(levels::from_name("NOTSET"), NOTSET);
    EXPECT_FALSE(levels::from_name("info").has_value());
    EXPECT_FALSE(levels::from_name("INFO ").has_value());
    EXPECT_FALSE(levels::from_name("Level 5").has_value());
    EXPECT_FALSE(levels::from_name("").has_value());
}

TEST(Levels, BadNames) {
    EXPECT_THROW(levels::add_name(-1, "NEG"), Error);
    EXPECT_THROW(levels::add_name(3, ""), Error);
    EXPECT_THROW(levels::add_name(3, std::string_view("A\0B", 3)), Error);
    try {
        levels::add_name(-5, "X");
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
    }
}

TEST(Levels, ConcurrentNamingAndReading) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < 200; ++i) {
                int level = 100 + (i % 50);
                if (t == 0) levels::add_name(level, "CUSTOM" + std::to_string(i));
                std::string_view n = levels::name(level);
                EXPECT_FALSE(n.empty());
                EXPECT_EQ(n.data()[n.size()], '\0');
            }
        });
    }
    for (auto& th : threads) th.join();
}

}  // namespace
}  // namespace picolog
