// json_formatter_test.cpp - one RFC 8259 object per record: field order,
// UTC time, escaping of control characters and invalid UTF-8, and member
// names kept unique when fields are named like members.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include "formatter_test_util.hpp"

namespace picolog::test {
namespace {

using Members = std::vector<std::pair<std::string, nlohmann::json>>;

// The object's members in the order written, a name given twice kept twice.
Members members_of(const std::string& text) {
    std::vector<std::string> names;
    nlohmann::json doc = nlohmann::json::parse(
        text, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            if (event == nlohmann::json::parse_event_t::key && depth == 1)
                names.push_back(parsed.get<std::string>());
            return true;
        });
    Members out;
    for (const std::string& name : names) out.emplace_back(name, doc.at(name));
    return out;
}

// The members written after func: exc_text and stack_info when set, then the fields.
Members after_func(const Record& r) {
    std::string out = format_with(JsonFormatter(), r);
    Members all = members_of(out);
    std::set<std::string> names;
    for (const auto& member : all)
        EXPECT_TRUE(names.insert(member.first).second) << member.first << " in " << out;
    EXPECT_GE(all.size(), 9u);
    EXPECT_EQ(all[3], (std::pair<std::string, nlohmann::json>("message", std::string(r.message)))) << out;
    EXPECT_EQ(all[1].first, "level");
    EXPECT_EQ(all[1].second, "INFO");
    return Members(all.begin() + std::min<size_t>(9, all.size()), all.end());
}

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

TEST(JsonFormatter, FieldsNamedLikeMembersArePrefixed) {
    SampleRecord s;
    Field fields[] = {{"message", "m"}, {"level", "l"}, {"exc_text", "e"}, {"user", "u"}};
    s.record.fields = fields;
    EXPECT_EQ(after_func(s.record),
              (Members{{"field.message", "m"}, {"field.level", "l"}, {"exc_text", "e"}, {"user", "u"}}));
    s.record.exc_text = "Traceback";
    s.record.stack_text = "Stack";
    Field stack[] = {{"stack_info", "s"}, {"time", "t"}, {"line", "7"}, {"process", "p"}};
    EXPECT_EQ(after_func(s.record), (Members{{"exc_text", "Traceback"},
                                             {"stack_info", "Stack"},
                                             {"field.message", "m"},
                                             {"field.level", "l"},
                                             {"field.exc_text", "e"},
                                             {"user", "u"}}));
    s.record.fields = stack;
    EXPECT_EQ(after_func(s.record), (Members{{"exc_text", "Traceback"},
                                             {"stack_info", "Stack"},
                                             {"field.stack_info", "s"},
                                             {"field.time", "t"},
                                             {"field.line", "7"},
                                             {"field.process", "p"}}));
}

TEST(JsonFormatter, RepeatedAndPrefixedFieldNamesStayUnique) {
    SampleRecord s;
    Field repeated[] = {{"user", "a"}, {"user", "b"}, {"user", "c"}};
    s.record.fields = repeated;
    EXPECT_EQ(after_func(s.record), (Members{{"user", "a"}, {"field.user", "b"}, {"field.field.user", "c"}}));
    Field message_first[] = {{"message", "x"}, {"field.message", "y"}};
    s.record.fields = message_first;
    EXPECT_EQ(after_func(s.record), (Members{{"field.message", "x"}, {"field.field.message", "y"}}));
    Field prefixed_first[] = {{"field.message", "y"}, {"message", "x"}, {"field.field.message", "z"}};
    s.record.fields = prefixed_first;
    EXPECT_EQ(
        after_func(s.record),
        (Members{{"field.message", "y"}, {"field.field.message", "x"}, {"field.field.field.message", "z"}}));
}

TEST(JsonFormatter, NamesAreComparedAsWritten) {
    // Both stray bytes and a U+FFFD of its own are written as U+FFFD.
    SampleRecord s;
    Field fields[] = {{"k\xff", "1"}, {"k\xfe", "2"}, {"field.k\xef\xbf\xbd", "3"}, {"k\xef\xbf\xbd", "4"}};
    s.record.fields = fields;
    EXPECT_EQ(after_func(s.record), (Members{{"k\xef\xbf\xbd", "1"},
                                             {"field.k\xef\xbf\xbd", "2"},
                                             {"field.field.k\xef\xbf\xbd", "3"},
                                             {"field.field.field.k\xef\xbf\xbd", "4"}}));
}

TEST(JsonFormatter, ManyFieldsKeepTheSameNames) {
    // Past a few fields the names taken are kept in a hash set: same rule.
    SampleRecord s;
    std::vector<std::string> keys;
    for (int i = 0; i < 40; ++i) keys.push_back(i % 3 == 0 ? "k" : "k" + std::to_string(i % 5));
    keys.push_back("message");
    keys.push_back("field.message");
    std::vector<Field> fields;
    for (const std::string& key : keys) fields.push_back({key, key});
    s.record.fields = fields;
    Members got = after_func(s.record);
    ASSERT_EQ(got.size(), keys.size());
    std::set<std::string> taken = {"time",    "level", "logger", "message", "thread",
                                   "process", "file",  "line",   "func"};
    for (size_t i = 0; i < keys.size(); ++i) {
        std::string name = keys[i];
        while (!taken.insert(name).second) name = "field." + name;
        EXPECT_EQ(got[i], (std::pair<std::string, nlohmann::json>(name, keys[i])));
    }
    EXPECT_EQ(got.back().first, "field.field.message");
}

}  // namespace
}  // namespace picolog::test
