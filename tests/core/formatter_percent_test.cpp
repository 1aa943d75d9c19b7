// formatter_percent_test.cpp - Python's %-style patterns: every field, the
// flags, widths and precisions, asctime and datefmt, appended exception and
// stack text. Expected strings were checked against CPython's logging.
#include <gtest/gtest.h>

#include "formatter_test_util.hpp"
#include "picolog/level.hpp"

namespace picolog::test {
namespace {

class PercentFormat : public ::testing::Test {
protected:
    void SetUp() override { use_utc(); }
    SampleRecord s;
};

TEST_F(PercentFormat, TextFields) {
    EXPECT_EQ(percent("%(name)s|%(levelname)s|%(pathname)s|%(filename)s|%(module)s|%(funcName)s", s.record),
              "app.db|INFO|/src/app/db.tar.py|db.tar.py|db.tar|connect");
    EXPECT_EQ(percent("%(threadName)s|%(message)s", s.record), "worker-1|hello");
}

TEST_F(PercentFormat, NumberFields) {
    EXPECT_EQ(percent("%(levelno)s|%(levelno)d|%(lineno)d|%(thread)d|%(process)d", s.record),
              "20|20|42|4242|777");
    EXPECT_EQ(percent("%(created)f|%(created)s|%(created).3f", s.record),
              "1700000000.123457|1700000000.1234567|1700000000.123");
    EXPECT_EQ(percent("%(msecs)d|%(msecs)03d|%(msecs)s|%(msecs)f", s.record), "123|123|123.0|123.000000");
    EXPECT_EQ(percent("%(created)e|%(created)g|%(created)i|%(lineno)f", s.record),
              "1.700000e+09|1.7e+09|1700000000|42.000000");
}

TEST_F(PercentFormat, RelativeCreatedIsMillisecondsSinceStart) {
    s.record.created_ns = start_time_ns() + 2500000000;
    EXPECT_EQ(percent("%(relativeCreated)d|%(relativeCreated)s", s.record), "2500|2500.0");
}

TEST_F(PercentFormat, MsecsOfSmallFractionsArePadded) {
    s.record.created_ns = 1700000000007000000;
    EXPECT_EQ(percent("%(msecs)03d", s.record), "007");
    EXPECT_EQ(percent("%(asctime)s", s.record), "2023-11-14 22:13:20,007");
}

TEST_F(PercentFormat, MsecsAsThreeDigitsAgreesWithTheGeneralNumberPath) {
    // "%03d" takes a shortcut; "%03.0f" writes the same digits the long way.
    for (int64_t ms = 0; ms < 1000; ++ms) {
        s.record.created_ns = 1700000000000000000 + ms * 1000000 + 999999;
        ASSERT_EQ(percent("%(msecs)03d", s.record), percent("%(msecs)03.0f", s.record)) << ms;
    }
    s.record.created_ns = 1700000000042000000;
    EXPECT_EQ(percent("%(msecs)3d|%(msecs)-03d|%(msecs)+03d|%(msecs)04d", s.record), " 42|42 |+42|0042");
}

TEST_F(PercentFormat, WidthAndAlignment) {
    EXPECT_EQ(percent("[%(levelname)-8s][%(levelname)8s][%(levelname).2s][%(name)10.3s]", s.record),
              "[INFO    ][    INFO][IN][       app]");
    EXPECT_EQ(percent("[%(lineno)5d][%(lineno)-5d][%(lineno)05d][%(lineno)+d][%(lineno) d][%(lineno).4d]",
                      s.record),
              "[   42][42   ][00042][+42][ 42][0042]");
    EXPECT_EQ(percent("[%(lineno)x][%(lineno)#x][%(lineno)X][%(lineno)#o][%(lineno)ld]", s.record),
              "[2a][0x2a][2A][0o52][42]");
    EXPECT_EQ(percent("%(msecs)5.1f|%(msecs)-9.2f|%(msecs)09.3f|%(msecs)+.1e", s.record),
              "123.0|123.00   |00123.000|+1.2e+02");
}

TEST_F(PercentFormat, AnIntegersPrecisionOfAnyLengthIsItsMinimumDigits) {
    EXPECT_EQ(percent("%(lineno).70d", s.record), std::string(68, '0') + "42");
    EXPECT_EQ(percent("%(lineno)#.66x", s.record), "0x" + std::string(64, '0') + "2a");
    EXPECT_EQ(percent("%(lineno)+.65o", s.record), "+" + std::string(63, '0') + "52");
    EXPECT_EQ(percent("%(created).64d", s.record), std::string(54, '0') + "1700000000");
    s.record.line = -42;
    EXPECT_EQ(percent("[%(lineno)75.70d]", s.record), "[    -" + std::string(68, '0') + "42]");
    EXPECT_EQ(percent("%(lineno)-75.70d|", s.record), "-" + std::string(68, '0') + "42    |");
}

TEST_F(PercentFormat, NegativeNumbersPadAfterTheSign) {
    s.record.line = -7;
    EXPECT_EQ(percent("[%(lineno)05d][%(lineno)5d][%(lineno)-5d]", s.record), "[-0007][   -7][-7   ]");
}

TEST_F(PercentFormat, WidthCountsCharactersNotBytes) {
    s.record.message = "caf\xc3\xa9";
    EXPECT_EQ(percent("[%(message)6s][%(message).3s]", s.record), "[  caf\xc3\xa9][caf]");
}

TEST_F(PercentFormat, ReprConversions) {
    s.record.message = "it's \"q\"\n\x01 caf\xc3\xa9";
    EXPECT_EQ(percent("%(message)r", s.record), "'it\\'s \"q\"\\n\\x01 caf\xc3\xa9'");
    EXPECT_EQ(percent("%(message)a", s.record), "'it\\'s \"q\"\\n\\x01 caf\\xe9'");
    EXPECT_EQ(percent("%(name)r|%(levelno)r|%(created)r", s.record), "'app.db'|20|1700000000.1234567");
    s.record.message = "it's";
    EXPECT_EQ(percent("%(message)r", s.record), "\"it's\"");
}

TEST_F(PercentFormat, LiteralsAndPercentSigns) {
    EXPECT_EQ(percent("100%% %(message)s!", s.record), "100% hello!");
    EXPECT_EQ(percent("no fields at all", s.record), "no fields at all");
    EXPECT_EQ(percent("", s.record), "");
}

TEST_F(PercentFormat, StructuredFields) {
    EXPECT_EQ(percent("%(user)s %(request_id)s [%(missing)s] %(user)5s", s.record), "bob r-17 []   bob");
}

TEST_F(PercentFormat, DefaultAsctime) {
    EXPECT_EQ(percent("%(asctime)s %(levelname)s %(name)s: %(message)s", s.record),
              "2023-11-14 22:13:20,123 INFO app.db: hello");
}

TEST_F(PercentFormat, DatefmtIsStrftimeWithoutMilliseconds) {
    EXPECT_EQ(percent("%(asctime)s", s.record, "%d/%m/%Y %H.%M.%S"), "14/11/2023 22.13.20");
    EXPECT_EQ(percent("[%(asctime)12s]", s.record, "%H:%M"), "[       22:13]");
}

TEST_F(PercentFormat, ADatefmtOfAnyLengthIsFormatted) {
    // time.strftime has no limit: a long text, a text of thousands of bytes
    // and one that is empty, each after the line before it.
    const std::string label(300, 'x'), huge(5000, 'y');
    PatternFormatter f("%(asctime)s %(message)s", label + " %H:%M:%S");
    for (int second = 20; second <= 21; ++second) {
        EXPECT_EQ(format_with(f, s.record), label + " 22:13:" + std::to_string(second) + " hello");
        s.record.created_ns += 1000000000;
    }
    EXPECT_EQ(percent("%(asctime)s|%(message)s", s.record, "%M" + huge), "13" + huge + "|hello");
    EXPECT_EQ(percent("[%(asctime)s]", s.record, "%p"), "[PM]");
    EXPECT_EQ(percent("%(asctime)s %(levelname)s", s.record, label), label + " INFO");
}

TEST_F(PercentFormat, AsctimeFollowsTheSecond) {
    PatternFormatter f("%(asctime)s");
    EXPECT_EQ(format_with(f, s.record), "2023-11-14 22:13:20,123");
    s.record.created_ns += 1000000000;  // the cached second must not be reused
    EXPECT_EQ(format_with(f, s.record), "2023-11-14 22:13:21,123");
    s.record.created_ns -= 2000000000;
    EXPECT_EQ(format_with(f, s.record), "2023-11-14 22:13:19,123");
}

TEST_F(PercentFormat, AsctimeFollowsTheMillisecondWithinASecond) {
    PatternFormatter f("%(asctime)s %(message)s");
    EXPECT_EQ(format_with(f, s.record), "2023-11-14 22:13:20,123 hello");
    s.record.created_ns += 1000000;  // same second, next millisecond
    EXPECT_EQ(format_with(f, s.record), "2023-11-14 22:13:20,124 hello");
    s.record.created_ns += 500000;  // same millisecond
    EXPECT_EQ(format_with(f, s.record), "2023-11-14 22:13:20,124 hello");
    // Another formatter's cached text of the same second has no msecs of its own.
    EXPECT_EQ(percent("%(asctime)s", s.record, "%S"), "20");
    EXPECT_EQ(format_with(f, s.record), "2023-11-14 22:13:20,124 hello");
}

TEST_F(PercentFormat, TimesBeforeTheEpoch) {
    s.record.created_ns = -1500000000;  // 1969-12-31 23:59:58.5
    EXPECT_EQ(percent("%(asctime)s|%(msecs)d", s.record), "1969-12-31 23:59:58,500|500");
}

TEST_F(PercentFormat, ExceptionAndStackFollowTheMessage) {
    s.record.exc_text = "Traceback:\n  boom";
    s.record.stack_text = "Stack:\n  here";
    EXPECT_EQ(percent("%(levelname)s %(message)s", s.record),
              "INFO hello\nTraceback:\n  boom\nStack:\n  here");
    s.record.stack_text = "";
    EXPECT_EQ(percent("%(message)s", s.record), "hello\nTraceback:\n  boom");
    // As in Python, no blank line when the text already ends the line.
    s.record.message = "hello\n";
    EXPECT_EQ(percent("%(message)s", s.record), "hello\nTraceback:\n  boom");
    EXPECT_EQ(percent("%(exc_text)s", s.record), "Traceback:\n  boom\nTraceback:\n  boom");
}

TEST_F(PercentFormat, StackInfoField) {
    s.record.stack_text = "Stack:\n  here";
    EXPECT_EQ(percent("[%(stack_info)s]", s.record), "[Stack:\n  here]\nStack:\n  here");
}

TEST_F(PercentFormat, MessagesKeepNulBytesAndInvalidUtf8) {
    std::string message("a\0b\xff", 4);
    s.record.message = message;
    EXPECT_EQ(percent("<%(message)s>", s.record), std::string("<a\0b\xff>", 6));
}

TEST_F(PercentFormat, CustomLevelNames) {
    levels::add_name(25, "NOTICE");
    s.record.level = 25;
    EXPECT_EQ(percent("%(levelname)s %(levelno)d", s.record), "NOTICE 25");
    s.record.level = 26;
    EXPECT_EQ(percent("%(levelname)s", s.record), "Level 26");
}

TEST_F(PercentFormat, AppendsToTheBuffer) {
    PatternFormatter f("%(message)s");
    std::string out = "prefix:";
    f.format(s.record, out);
    EXPECT_EQ(out, "prefix:hello");
}

TEST_F(PercentFormat, UsesTime) {
    EXPECT_TRUE(PatternFormatter("%(asctime)s %(message)s").uses_time());
    EXPECT_FALSE(PatternFormatter("%(message)s").uses_time());
    EXPECT_TRUE(PatternFormatter("{asctime}", "", FormatStyle::Brace).uses_time());
}

TEST_F(PercentFormat, DefaultFormatterIsTheMessage) {
    s.record.exc_text = "exc";
    EXPECT_EQ(format_with(*default_formatter(), s.record), "hello\nexc");
}

TEST_F(PercentFormat, FormattingReusesCapacity) {
    PatternFormatter f("%(asctime)s %(levelname)-8s %(name)s %(lineno)d %(created)f: %(message)s");
    std::string out;
    out.reserve(512);
    const char* data = out.data();
    for (int i = 0; i < 100; ++i) {
        out.clear();
        f.format(s.record, out);
    }
    EXPECT_EQ(out.data(), data);
}

}  // namespace
}  // namespace picolog::test
