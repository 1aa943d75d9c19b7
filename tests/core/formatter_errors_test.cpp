// formatter_errors_test.cpp - malformed patterns are rejected when the
// formatter is built, with kBadFormat and a message naming the problem.
#include <gtest/gtest.h>

#include "formatter_test_util.hpp"
#include "picolog/error.hpp"

namespace picolog::test {
namespace {

Status build_status(const std::string& fmt, FormatStyle style, const std::string& datefmt = {}) {
    try {
        PatternFormatter f(fmt, datefmt, style);
        return kOk;
    } catch (const Error& e) {
        return e.code();
    }
}

std::string build_message(const std::string& fmt, FormatStyle style) {
    try {
        PatternFormatter f(fmt, {}, style);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

TEST(FormatterErrors, PercentPatterns) {
    for (const char* bad : {"%", "%s", "abc %d", "%(name", "%(name)", "%(name)q", "%()s", "%(name)*s",
                            "%(levelname)d", "%(message)f", "%(created)x", "%(user)d", "%(user)f", "50% off",
                            "%(created)c", "%(msecs)c", "%(levelname)c", "%(user)c"}) {
        EXPECT_EQ(build_status(bad, FormatStyle::Percent), kBadFormat) << bad;
    }
}

TEST(FormatterErrors, BracePatterns) {
    for (const char* bad : {"{",
                            "{name",
                            "}",
                            "x}y",
                            "{}",
                            "{0}",
                            "{a.b}",
                            "{a[0]}",
                            "{name!x}",
                            "{name!r",
                            "{levelno:zz}",
                            "{name:d}",
                            "{lineno:s}",
                            "{created:d}",
                            "{lineno:.2d}",
                            "{name:+}",
                            "{name:=5}",
                            "{user:f}",
                            "{lineno:,x}",
                            "{a:{b}}",
                            "{lineno:.}",
                            "{created:c}",
                            "{name:c}",
                            "{name!s:c}",
                            "{lineno!s:c}",
                            "{lineno:+c}",
                            "{lineno:-c}",
                            "{lineno: c}",
                            "{lineno:#c}",
                            "{lineno:.2c}",
                            "{lineno:,c}",
                            "{lineno:_c}"}) {
        EXPECT_EQ(build_status(bad, FormatStyle::Brace), kBadFormat) << bad;
    }
    // Python allows no precision on an integer, with a type or without one.
    EXPECT_EQ(build_status("{lineno:.2}", FormatStyle::Brace), kBadFormat);
}

TEST(FormatterErrors, GoodPatternsPass) {
    EXPECT_EQ(build_status("%(asctime)s %(levelname)-8s %(user)s %(msecs)03d %%", FormatStyle::Percent), kOk);
    EXPECT_EQ(build_status("{asctime} {levelname:<8} {user!r:>5} {msecs:03.0f} {{}}", FormatStyle::Brace),
              kOk);
    EXPECT_EQ(build_status("{}", FormatStyle::Percent), kOk);
    EXPECT_EQ(build_status("%(name)s", FormatStyle::Brace), kOk);
}

TEST(FormatterErrors, MessagesNameTheProblem) {
    EXPECT_NE(build_message("abc %d", FormatStyle::Percent).find("offset 4"), std::string::npos);
    EXPECT_NE(build_message("%(levelname)d", FormatStyle::Percent).find("levelname"), std::string::npos);
    EXPECT_NE(build_message("{name", FormatStyle::Brace).find("unterminated"), std::string::npos);
}

TEST(FormatterErrors, BadStyleAndDatefmt) {
    EXPECT_EQ(build_status("%(message)s", static_cast<FormatStyle>(7)), kBadFormat);
    EXPECT_EQ(build_status("%(asctime)s", FormatStyle::Percent, std::string("%H\0x", 4)), kBadFormat);
}

}  // namespace
}  // namespace picolog::test
