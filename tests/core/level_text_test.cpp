// level_text_test.cpp - records at unnamed levels above 255 are formatted
// with "Level N" without adding the text to the level table, so a program
// logging at levels taken from its data keeps nothing per level it used.
#include <gtest/gtest.h>

#include <string>

#include "formatter_test_util.hpp"
#include "picolog/level.hpp"

namespace picolog {
namespace {

constexpr int kFirst = 1'000'000;  // unnamed by every other test
constexpr int kLevels = 2'000;

TEST(LevelText, PatternFormatterInternsNoUnnamedLevel) {
    test::SampleRecord s;
    PatternFormatter f("%(levelname)s|%(levelno)d", "", FormatStyle::Percent);
    size_t before = levels::interned_unnamed_count();
    for (int level = kFirst; level < kFirst + kLevels; ++level) {
        s.record.level = level;
        ASSERT_EQ(test::format_with(f, s.record),
                  "Level " + std::to_string(level) + "|" + std::to_string(level));
    }
    EXPECT_EQ(levels::interned_unnamed_count(), before);
}

TEST(LevelText, JsonFormatterInternsNoUnnamedLevel) {
    test::SampleRecord s;
    JsonFormatter f;
    size_t before = levels::interned_unnamed_count();
    for (int level = kFirst + kLevels; level < kFirst + 2 * kLevels; ++level) {
        s.record.level = level;
        std::string line = test::format_with(f, s.record);
        ASSERT_NE(line.find("\"level\":\"Level " + std::to_string(level) + "\""), std::string::npos) << line;
    }
    EXPECT_EQ(levels::interned_unnamed_count(), before);
}

TEST(LevelText, AHighLevelNamedLaterFormatsByItsName) {
    test::SampleRecord s;
    s.record.level = kFirst + 3 * kLevels;
    PatternFormatter f("%(levelname)s", "", FormatStyle::Percent);
    EXPECT_EQ(test::format_with(f, s.record), "Level " + std::to_string(s.record.level));
    levels::add_name(s.record.level, "AUDIT");
    EXPECT_EQ(test::format_with(f, s.record), "AUDIT");
    EXPECT_NE(test::format_with(JsonFormatter(), s.record).find("\"level\":\"AUDIT\""), std::string::npos);
}

TEST(LevelText, TheStableNameInternsOncePerLevel) {
    size_t before = levels::interned_unnamed_count();
    std::string_view first = levels::name(kFirst + 4 * kLevels);
    std::string_view again = levels::name(kFirst + 4 * kLevels);
    EXPECT_EQ(first.data(), again.data());
    EXPECT_EQ(levels::interned_unnamed_count(), before + 1);
}

TEST(LevelText, TheLargestLevelFitsTheRoom) {
    levels::LevelText room;
    std::string_view text = levels::name(2147483647, room);
    EXPECT_EQ(text, "Level 2147483647");
    EXPECT_EQ(text.data()[text.size()], '\0');
}

}  // namespace
}  // namespace picolog
