// formatter_extremes_test.cpp - records at the edges of what a caller may
// give (the C API passes created_ns through as is): every time field of the
// pattern and JSON formatters stays defined. Found by tests/fuzz.
#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

#include "formatter_test_util.hpp"

namespace picolog::test {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

std::string fixed(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
}

TEST(FormatterExtremes, RelativeCreatedOfTheEarliestTimeIsNegative) {
    // created_ns - start overflowed int64_t: undefined, and in practice a
    // large positive number of milliseconds.
    SampleRecord s;
    s.record.created_ns = kMin;
    double expected = (static_cast<double>(kMin) - static_cast<double>(start_time_ns())) / 1e6;
    EXPECT_EQ(percent("%(relativeCreated).0f", s.record), fixed(expected));
    EXPECT_EQ(percent("%(relativeCreated).0f", s.record).front(), '-');
}

TEST(FormatterExtremes, RelativeCreatedOfTheLatestTime) {
    SampleRecord s;
    s.record.created_ns = kMax;
    double expected = static_cast<double>(kMax - start_time_ns()) / 1e6;
    EXPECT_EQ(brace("{relativeCreated:.0f}", s.record), fixed(expected));
}

TEST(FormatterExtremes, EveryTimeFieldOfTheExtremes) {
    use_utc();
    SampleRecord s;
    for (int64_t ns : {kMin, kMax, int64_t{-1}}) {
        s.record.created_ns = ns;
        std::string out = percent("%(asctime)s %(created)f %(msecs)d %(relativeCreated)d", s.record);
        EXPECT_FALSE(out.empty());
        std::string json;
        JsonFormatter().format(s.record, json);
        EXPECT_EQ(json.rfind("{\"time\":\"", 0), 0u) << json;
    }
    // The milliseconds of the earliest time: -9223372037 s + 145224192 ns.
    // Its floor division overflowed (UndefinedBehaviorSanitizer reports it).
    s.record.created_ns = kMin;
    EXPECT_EQ(percent("%(msecs)03d", s.record), "145");
    s.record.created_ns = -1;  // 1969-12-31 23:59:59.999999999
    EXPECT_EQ(percent("%(asctime)s", s.record), "1969-12-31 23:59:59,999");
}

}  // namespace
}  // namespace picolog::test
