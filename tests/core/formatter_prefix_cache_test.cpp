// formatter_prefix_cache_test.cpp - the per-thread text of a pattern's
// leading time, level and logger-name steps: a record whose key differs in
// any part (logger name bytes, level, level name, millisecond or second,
// formatter) never gets another record's text.
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "formatter_test_util.hpp"
#include "picolog/level.hpp"

namespace picolog::test {
namespace {

constexpr const char* kPattern = "%(asctime)s %(levelname)-8s %(name)s: %(message)s";

TEST(FormatterPrefixCache, EachPartOfTheKeyShowsInTheLine) {
    use_utc();
    PatternFormatter f(kPattern, "", FormatStyle::Percent);
    SampleRecord s;
    Record& r = s.record;
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:20,123 INFO     app.db: hello");
    r.message = "again";
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:20,123 INFO     app.db: again");
    r.level = 30;
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:20,123 WARNING  app.db: again");
    r.created_ns += 1000000;  // the next millisecond
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:20,124 WARNING  app.db: again");
    r.created_ns += 1000000000;  // the next second
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:21,124 WARNING  app.db: again");
    r.logger_name = "app.dc";  // same length, other bytes
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:21,124 WARNING  app.dc: again");
    // A name kept in a buffer that is rewritten between records (a queued
    // record's copy): the bytes count, not the address.
    std::string buffer = "svc.one";
    r.logger_name = buffer;
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:21,124 WARNING  svc.one: again");
    buffer.replace(0, buffer.size(), "svc.two");
    r.logger_name = buffer;
    EXPECT_EQ(format_with(f, r), "2023-11-14 22:13:21,124 WARNING  svc.two: again");
}

TEST(FormatterPrefixCache, ARenamedLevelShowsItsNewNameAtOnce) {
    use_utc();
    PatternFormatter f("%(levelname)s %(name)s: %(message)s", "", FormatStyle::Percent);
    SampleRecord s;
    s.record.level = 37;
    EXPECT_EQ(format_with(f, s.record), "Level 37 app.db: hello");
    levels::add_name(37, "NOTICE");
    EXPECT_EQ(format_with(f, s.record), "NOTICE app.db: hello");
    levels::add_name(37, "AUDIT");
    EXPECT_EQ(format_with(f, s.record), "AUDIT app.db: hello");
}

TEST(FormatterPrefixCache, FormattersOnOneThreadKeepTheirOwnText) {
    use_utc();
    // More formatters than the thread keeps entries for, used in turn.
    std::vector<std::unique_ptr<PatternFormatter>> formatters;
    for (int i = 0; i < 6; ++i)
        formatters.push_back(std::make_unique<PatternFormatter>(
            "[" + std::to_string(i) + "] %(levelname)s %(name)s %(message)s", "", FormatStyle::Percent));
    SampleRecord s;
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 6; ++i)
            EXPECT_EQ(format_with(*formatters[static_cast<size_t>(i)], s.record),
                      "[" + std::to_string(i) + "] INFO app.db hello");
}

TEST(FormatterPrefixCache, ADateFormatChangesEverySecondAndLongTextStillRenders) {
    use_utc();
    PatternFormatter f("%(asctime)s %(name)s %(message)s", "%H:%M:%S", FormatStyle::Percent);
    SampleRecord s;
    Record& r = s.record;
    EXPECT_EQ(format_with(f, r), "22:13:20 app.db hello");
    r.created_ns += 900000000;
    EXPECT_EQ(format_with(f, r), "22:13:21 app.db hello");
    std::string long_name(300, 'n');  // longer than any cached text
    r.logger_name = long_name;
    EXPECT_EQ(format_with(f, r), "22:13:21 " + long_name + " hello");
    r.logger_name = "short";
    EXPECT_EQ(format_with(f, r), "22:13:21 short hello");
    // Leading text longer than a cache entry holds is rendered each time.
    std::string banner(300, '=');
    PatternFormatter wide(banner + "%(levelname)s %(name)s %(message)s", "", FormatStyle::Percent);
    for (const char* name : {"a", "b"}) {
        r.logger_name = name;
        EXPECT_EQ(format_with(wide, r), banner + "INFO " + name + " hello");
        EXPECT_EQ(format_with(wide, r), banner + "INFO " + name + " hello");
    }
}

TEST(FormatterPrefixCache, TheSeparatorBeforeTheNextFieldShowsOnceWhateverItsSpec) {
    use_utc();
    // The cached text ends with ": "; the message after it is plain in one
    // pattern and padded in the other, and a record after the first reads
    // the cache.
    PatternFormatter plain("%(levelname)s %(name)s: %(message)s|%(lineno)d", "", FormatStyle::Percent);
    PatternFormatter padded("%(levelname)s %(name)s: %(message)-8s|%(lineno)d", "", FormatStyle::Percent);
    SampleRecord s;
    for (int round = 0; round < 2; ++round) {
        EXPECT_EQ(format_with(plain, s.record), "INFO app.db: hello|42");
        EXPECT_EQ(format_with(padded, s.record), "INFO app.db: hello   |42");
    }
}

TEST(FormatterPrefixCache, NamesOfEveryLengthDifferingInOneByteKeepTheirOwnText) {
    use_utc();
    PatternFormatter f("%(name)s: %(message)s", "", FormatStyle::Percent);
    SampleRecord s;
    for (size_t len : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u, 12u, 15u, 16u, 17u, 24u, 63u, 64u}) {
        for (size_t at : {size_t{0}, len / 2, len - 1}) {
            std::string one(len, 'n'), other(len, 'n');
            other[at] = 'x';
            for (const std::string& name : {one, other, one, other}) {
                s.record.logger_name = name;
                EXPECT_EQ(format_with(f, s.record), name + ": hello") << "length " << len << ", byte " << at;
            }
        }
    }
}

TEST(FormatterPrefixCache, EarlierLaterAndPre1970TimesKeepTheirOwnMillisecond) {
    use_utc();
    PatternFormatter f(kPattern, "", FormatStyle::Percent);
    SampleRecord s;
    Record& r = s.record;
    const int64_t t = r.created_ns;  // 22:13:20.123456789
    const std::pair<int64_t, const char*> cases[] = {
        {t, "22:13:20,123"},          {t + 543210, "22:13:20,123"},  // the millisecond's last nanosecond
        {t + 543211, "22:13:20,124"}, {t - 456789, "22:13:20,123"},  // its first
        {t - 456790, "22:13:20,122"}, {t + 543210, "22:13:20,123"},
        {-1, "23:59:59,999"},  // before 1970: the millisecond rounds down
        {0, "00:00:00,000"},          {-1000000, "23:59:59,999"},
        {-1000001, "23:59:59,998"},
    };
    for (int round = 0; round < 2; ++round) {
        for (const auto& [ns, clock] : cases) {
            r.created_ns = ns;
            std::string line = format_with(f, r);
            EXPECT_EQ(line.substr(11, 12), clock) << ns;
        }
    }
}

TEST(FormatterPrefixCache, MsecsAfterADatefmtShowsEachMillisecond) {
    use_utc();
    PatternFormatter f("%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S",
                       FormatStyle::Percent);
    PatternFormatter floats("%(msecs)f|%(msecs)d %(name)s %(message)s", "", FormatStyle::Percent);
    SampleRecord s;
    Record& r = s.record;
    const int64_t t = r.created_ns;  // 22:13:20.123456789
    const std::pair<int64_t, const char*> cases[] = {
        {t, "20.123"},           {t + 1000000, "20.124"}, {t + 1000000 - 1, "20.124"},
        {t - 1000000, "20.122"}, {t, "20.123"},           {t + 900000000, "21.023"},
    };
    for (const auto& [ns, clock] : cases) {
        r.created_ns = ns;
        const std::string line = format_with(f, r);
        EXPECT_EQ(line.substr(17, 6), clock) << ns;
        EXPECT_EQ(line.substr(23), "Z INFO app.db: hello") << ns;
        const std::string ms = std::to_string(std::stoi(std::string(clock).substr(3)));
        EXPECT_EQ(format_with(floats, r), ms + ".000000|" + ms + " app.db hello") << ns;
    }
}

TEST(FormatterPrefixCache, TimesAtTheEndsOfTheClockRenderAsWithoutTheCache) {
    use_utc();
    SampleRecord s;
    Record& r = s.record;
    for (int64_t ns : {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::max() - 1,
                       std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 1}) {
        r.created_ns = ns;
        PatternFormatter fresh(kPattern, "", FormatStyle::Percent);
        const std::string expected = format_with(fresh, r);
        PatternFormatter f(kPattern, "", FormatStyle::Percent);
        for (int round = 0; round < 3; ++round) EXPECT_EQ(format_with(f, r), expected) << ns;
    }
}

}  // namespace
}  // namespace picolog::test
