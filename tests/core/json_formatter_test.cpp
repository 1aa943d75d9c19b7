// json_formatter_test.cpp - one RFC 8259 object per record: field order,
// UTC time, escaping of control characters and invalid UTF-8.
#include <gtest/gtest.h>

#include "formatter_test_util.hpp"

namespace picolog::test {
namespace {

TEST(JsonFormatter, AllMembersInOrder) {
    SampleRecord s;
    EXPECT_EQ(format_with(JsonFormatter(), s.record),
              "{\"time\":\"2023-11-14T22:13:20.123456Z\",\"level\":\"INFO\",\"logger\":\"app.db\","
              "\"message\":\"hello\",\"thread\":\"worker-1\",\"process\":777,\"file\":\"/src/app/db.tar.py\","
              "\"line\":42,\"func\":\"connect\",\"user\":\"bob\",\"request_id\":\"r-17\"}");
}

TEST(JsonFormatter, ExceptionAndStackOnlyWhenSet) {
    SampleRecord s;
    s.record.fields = {};
    s.record.exc_text = "Traceback\n  x";
    std::string out = format_with(JsonFormatter(), s.record);
    EXPECT_NE(out.find(",\"exc_text\":\"Traceback\\n  x\"}"), std::string::npos) << out;
    s.record.exc_text = "";
    s.record.stack_text = "st";
    out = format_with(JsonFormatter(), s.record);
    EXPECT_EQ(out.find("exc_text"), std::string::npos);
    EXPECT_NE(out.find(",\"stack_info\":\"st\"}"), std::string::npos) << out;
}

TEST(JsonFormatter, Escaping) {
    SampleRecord s;
    s.record.fields = {};
    static const char kText[] = "q\"b\\s/\x01\x1f\t\r\n\b\f\0end";
    std::string message(kText, sizeof kText - 1);
    s.record.message = message;
    std::string out = format_with(JsonFormatter(), s.record);
    EXPECT_NE(out.find("\"message\":\"q\\\"b\\\\s/\\u0001\\u001f\\t\\r\\n\\b\\f\\u0000end\""),
              std::string::npos)
        << out;
}

TEST(JsonFormatter, ValidUtf8KeptInvalidReplaced) {
    SampleRecord s;
    s.record.fields = {};
    s.record.message = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xff \xc3 \xed\xa0\x80 \xc0\xaf";
    std::string out = format_with(JsonFormatter(), s.record);
    EXPECT_NE(out.find("\"message\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \\ufffd \\ufffd "
                       "\\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\""),
              std::string::npos)
        << out;
}

TEST(JsonFormatter, TimesAcrossTheCalendar) {
    SampleRecord s;
    s.record.fields = {};
    s.record.created_ns = 951782400000001000;  // 2000-02-29 00:00:00.000001
    EXPECT_EQ(format_with(JsonFormatter(), s.record).substr(0, 37),
              "{\"time\":\"2000-02-29T00:00:00.000001Z\"");
    s.record.created_ns = -1;  // one ns before the epoch
    EXPECT_EQ(format_with(JsonFormatter(), s.record).substr(0, 37),
              "{\"time\":\"1969-12-31T23:59:59.999999Z\"");
    s.record.created_ns = 4102444800000000000;  // 2100-01-01
    EXPECT_EQ(format_with(JsonFormatter(), s.record).substr(0, 37),
              "{\"time\":\"2100-01-01T00:00:00.000000Z\"");
}

}  // namespace
}  // namespace picolog::test
