// formatter_brace_test.cpp - Python's {}-style patterns: fields, the format
// spec mini-language, conversions and escaped braces. Expected strings were
// checked against CPython's str.format.
#include <gtest/gtest.h>

#include "formatter_test_util.hpp"

namespace picolog::test {
namespace {

class BraceFormat : public ::testing::Test {
protected:
    void SetUp() override { use_utc(); }
    SampleRecord s;
};

TEST_F(BraceFormat, Fields) {
    EXPECT_EQ(
        brace("{name}|{levelno}|{levelname}|{pathname}|{filename}|{module}|{lineno}|{funcName}", s.record),
        "app.db|20|INFO|/src/app/db.tar.py|db.tar.py|db.tar|42|connect");
    EXPECT_EQ(brace("{thread}|{threadName}|{process}|{asctime}|{user}|{message}", s.record),
              "4242|worker-1|777|2023-11-14 22:13:20,123|bob|hello");
    EXPECT_EQ(brace("{created}|{msecs}|{msecs:03.0f}|{created:.3f}|{lineno:d}", s.record),
              "1700000000.1234567|123.0|123|1700000000.123|42");
}

TEST_F(BraceFormat, FloatPresentations) {
    EXPECT_EQ(
        brace("{created:e}|{created:g}|{created:.3}|{msecs:.3}|{msecs:.4}|{msecs:10}|{msecs:<10}|", s.record),
        "1.700000e+09|1.7e+09|1.7e+09|1.23e+02|123.0|     123.0|123.0     |");
    EXPECT_EQ(brace("{lineno:%}|{lineno:.2%}|{created:,.2f}|{lineno:e}|{lineno:f}|{levelno:08.3f}", s.record),
              "4200.000000%|4200.00%|1,700,000,000.12|4.200000e+01|42.000000|0020.000");
}

TEST_F(BraceFormat, AlignmentFillAndSign) {
    EXPECT_EQ(
        brace("[{levelname:<8}][{levelname:>8}][{levelname:^9}][{levelname:*^9}][{levelname:.2}]", s.record),
        "[INFO    ][    INFO][  INFO   ][**INFO***][IN]");
    EXPECT_EQ(
        brace("[{lineno:5}][{lineno:<5}][{lineno:05}][{lineno:+}][{lineno: }][{lineno:=+6}][{lineno:0=5}]",
              s.record),
        "[   42][42   ][00042][+42][ 42][+   42][00042]");
    EXPECT_EQ(brace("{name:05}|{name:x<8}", s.record), "app.db|app.dbxx");
}

TEST_F(BraceFormat, IntegerBasesAndGrouping) {
    EXPECT_EQ(brace("[{lineno:x}][{lineno:#x}][{lineno:#X}][{lineno:#o}][{lineno:#b}][{lineno:n}]", s.record),
              "[2a][0x2a][0X2A][0o52][0b101010][42]");
    s.record.thread_id = 1234567;
    EXPECT_EQ(brace("{thread:,}|{thread:_}|{created:_}", s.record),
              "1,234,567|1_234_567|1_700_000_000.1234567");
}

TEST_F(BraceFormat, ZeroPaddingIsGroupedWithTheDigits) {
    // A '0' fill with '=', or '0' before the width, pads inside the digits:
    // the zeros take separators too, and never start with one.
    EXPECT_EQ(brace("{thread:0=+10_}|{lineno:0=7,}|{msecs:0=12,.2f}", s.record),
              "+0_004_242|000,042|0,000,123.00");
    EXPECT_EQ(brace("{thread:08,}|{created:016,.1f}", s.record), "0,004,242|01,700,000,000.1");
    // Other alignments pad outside the number, as without a separator.
    EXPECT_EQ(brace("{process:<08,}|{thread:0>8,}|{thread:0^9,}", s.record), "77700000|0004,242|004,24200");
}

TEST_F(BraceFormat, UnderscoreGroupsFourDigitsOfOtherBases) {
    EXPECT_EQ(brace("{thread:_x}|{thread:#_b}|{thread:012_x}|{lineno:_o}|{thread:#012_X}", s.record),
              "1092|0b1_0000_1001_0010|00_0000_1092|52|0X0_0000_1092");
}

TEST_F(BraceFormat, ZeroCoercesANegativeZeroAfterRounding) {
    s.record.created_ns = start_time_ns() - 100;  // relativeCreated -0.0001
    EXPECT_EQ(
        brace("{relativeCreated:z.2f}|{relativeCreated:.2f}|{relativeCreated:z08.1%}|{relativeCreated:z.3e}|"
              "{relativeCreated:+z.0f}|{relativeCreated: z.1f}",
              s.record),
        "0.00|-0.00|00000.0%|-1.000e-04|+0| 0.0");
}

TEST_F(BraceFormat, Conversions) {
    s.record.message = "it's \"q\"";
    EXPECT_EQ(brace("{message!r}|{name!r}|{levelno!r}|{created!r}|{created!s:>20}", s.record),
              "'it\\'s \"q\"'|'app.db'|20|1700000000.1234567|  1700000000.1234567");
    s.record.message = "caf\xc3\xa9";
    EXPECT_EQ(brace("{message!a}", s.record), "'caf\\xe9'");
}

TEST_F(BraceFormat, EscapedBraces) {
    EXPECT_EQ(brace("{{literal}} {{{name}}}", s.record), "{literal} {app.db}");
}

TEST_F(BraceFormat, StructuredFieldsAndDatefmt) {
    EXPECT_EQ(brace("{user:>5}|{missing}|", s.record), "  bob||");
    EXPECT_EQ(brace("{asctime}", s.record, "%Y"), "2023");
}

TEST_F(BraceFormat, ExceptionTextFollows) {
    s.record.exc_text = "Traceback";
    EXPECT_EQ(brace("{levelname}: {message}", s.record), "INFO: hello\nTraceback");
}

}  // namespace
}  // namespace picolog::test
