// formatters_test.cpp - pattern and JSON formatters: creation errors, the
// line a handler passes to emit, and picolog_formatter_format.
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

// Formats every record it gets with `formatter`, first into a buffer that is
// one byte too small, then into one that fits.
struct FormatProbe {
    picolog_formatter* formatter = nullptr;
    std::vector<std::string> lines;
    std::vector<std::string> errors;

    static int emit(const picolog_record* record, const char*, size_t, void* self) {
        auto* probe = static_cast<FormatProbe*>(self);
        size_t needed = 0;
        int rc = picolog_formatter_format(probe->formatter, record, nullptr, 0, &needed);
        if (rc != PICOLOG_ERANGE) probe->errors.push_back("empty buffer: " + std::to_string(rc));
        std::string small(needed, '#');
        size_t written = 0;
        rc = picolog_formatter_format(probe->formatter, record, small.data(), small.size(), &written);
        if (rc != PICOLOG_ERANGE || written != needed)
            probe->errors.push_back("one byte short: " + std::to_string(rc));
        std::string buf(needed + 1, '#');
        rc = picolog_formatter_format(probe->formatter, record, buf.data(), buf.size(), &written);
        if (rc != PICOLOG_OK || written != needed || buf[needed] != '\0')
            probe->errors.push_back("fits: " + std::to_string(rc));
        probe->lines.emplace_back(buf.data(), written);
        return 0;
    }
};

std::vector<std::string> format_through(picolog_formatter* formatter, picolog_logger* logger, int level,
                                        const char* message, const picolog_record_info* info = nullptr) {
    FormatProbe probe;
    probe.formatter = formatter;
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = &FormatProbe::emit;
    options.userdata = &probe;
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_OK);
    {
        Attached attached(logger, h);
        EXPECT_EQ(picolog_log_ex(logger, level, message, PICOLOG_NUL_TERMINATED, info), PICOLOG_OK);
    }
    picolog_handler_release(h);
    EXPECT_TRUE(probe.errors.empty()) << probe.errors.front();
    return probe.lines;
}

// The line the JSON formatter writes for one record with these fields.
std::string json_line(const picolog_field* fields, size_t count, int level, const char* message) {
    picolog_formatter* f = nullptr;
    EXPECT_EQ(picolog_json_formatter_new(&f), PICOLOG_OK);
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.fields = fields;
    info.field_count = count;
    auto lines = format_through(f, test_logger(), level, message, &info);
    picolog_formatter_release(f);
    EXPECT_EQ(lines.size(), 1u);
    return lines.empty() ? std::string() : lines[0];
}

}  // namespace

TEST(CapiFormatters, PercentPatternWithFields) {
    picolog_formatter* f = nullptr;
    ASSERT_EQ(picolog_formatter_new(&f, "%(levelname)-8s|%(name)s|%(lineno)d|%(user)s|%(message)s", nullptr,
                                    PICOLOG_STYLE_PERCENT),
              PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    picolog_field fields[] = {{"user", "ada"}};
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.line = 42;
    info.fields = fields;
    info.field_count = 1;
    auto lines = format_through(f, logger, PICOLOG_WARNING, "hi", &info);
    picolog_formatter_release(f);
    EXPECT_EQ(lines, (std::vector<std::string>{"WARNING |" + unique_name() + "|42|ada|hi"}));
}

TEST(CapiFormatters, BraceStyle) {
    picolog_formatter* f = nullptr;
    ASSERT_EQ(picolog_formatter_new(&f, "{levelname:<6}:{message}", nullptr, PICOLOG_STYLE_BRACE), PICOLOG_OK)
        << picolog_last_error();
    auto lines = format_through(f, test_logger(), PICOLOG_INFO, "braced");
    picolog_formatter_release(f);
    EXPECT_EQ(lines, (std::vector<std::string>{"INFO  :braced"}));
}

TEST(CapiFormatters, NullPatternIsTheMessageInEitherStyle) {
    picolog_formatter *percent = nullptr, *brace = nullptr;
    ASSERT_EQ(picolog_formatter_new(&percent, nullptr, nullptr, PICOLOG_STYLE_PERCENT), PICOLOG_OK);
    ASSERT_EQ(picolog_formatter_new(&brace, nullptr, nullptr, PICOLOG_STYLE_BRACE), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    EXPECT_EQ(format_through(percent, logger, PICOLOG_INFO, "m%s{x}"), (std::vector<std::string>{"m%s{x}"}));
    EXPECT_EQ(format_through(brace, logger, PICOLOG_INFO, "m%s{x}"), (std::vector<std::string>{"m%s{x}"}));
    picolog_formatter_release(percent);
    picolog_formatter_release(brace);
}

TEST(CapiFormatters, DateFormat) {
    picolog_formatter* f = nullptr;
    ASSERT_EQ(picolog_formatter_new(&f, "%(asctime)s %(message)s", "%Y", PICOLOG_STYLE_PERCENT), PICOLOG_OK);
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.created_ns = 1'750'000'000'000'000'000;  // mid-June 2025, in every time zone
    auto lines = format_through(f, test_logger(), PICOLOG_INFO, "m", &info);
    picolog_formatter_release(f);
    EXPECT_EQ(lines, (std::vector<std::string>{"2025 m"}));
}

TEST(CapiFormatters, ExceptionTextFollowsTheMessage) {
    picolog_formatter* f = nullptr;
    ASSERT_EQ(picolog_formatter_new(&f, "[%(message)s]", nullptr, PICOLOG_STYLE_PERCENT), PICOLOG_OK);
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.exc_text = "Traceback";
    auto lines = format_through(f, test_logger(), PICOLOG_ERROR, "oops", &info);
    picolog_formatter_release(f);
    EXPECT_EQ(lines, (std::vector<std::string>{"[oops]\nTraceback"}));
}

TEST(CapiFormatters, JsonFormatter) {
    picolog_field fields[] = {{"user", "a\"b"}};
    std::string json = json_line(fields, 1, PICOLOG_INFO, "hello\n");
    EXPECT_EQ(json.front(), '{');
    EXPECT_EQ(json.back(), '}');
    EXPECT_NE(json.find("\"message\":\"hello\\n\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"level\":\"INFO\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"user\":\"a\\\"b\""), std::string::npos) << json;
}

TEST(CapiFormatters, JsonFieldsNamedLikeMembersArePrefixed) {
    picolog_field fields[] = {{"level", "mine"}, {"message", "m"}, {"level", "again"}};
    std::string json = json_line(fields, 3, PICOLOG_WARNING, "text");
    EXPECT_NE(json.find("\"level\":\"WARNING\",\"logger\":"), std::string::npos) << json;
    EXPECT_NE(json.find("\"message\":\"text\",\"thread\":"), std::string::npos) << json;
    EXPECT_NE(json.find(",\"field.level\":\"mine\",\"field.message\":\"m\",\"field.field.level\":\"again\"}"),
              std::string::npos)
        << json;
}

TEST(CapiFormatters, HandlerPassesItsFormattedLineToEmit) {
    Capture capture;
    picolog_formatter* f = nullptr;
    ASSERT_EQ(picolog_formatter_new(&f, "%(levelname)s:%(message)s", nullptr, PICOLOG_STYLE_PERCENT),
              PICOLOG_OK);
    ASSERT_EQ(picolog_handler_set_formatter(capture.handler(), f), PICOLOG_OK);
    picolog_formatter_release(f);  // the handler holds its own reference
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    picolog_log(logger, PICOLOG_ERROR, "formatted");
    ASSERT_EQ(picolog_handler_set_formatter(capture.handler(), nullptr), PICOLOG_OK);
    picolog_log(logger, PICOLOG_ERROR, "default");
    auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].line, "ERROR:formatted");
    EXPECT_EQ(records[1].line, "default");
}

TEST(CapiFormatters, BadPatternsFailAtCreation) {
    picolog_formatter* f = reinterpret_cast<picolog_formatter*>(0x1);
    EXPECT_EQ(picolog_formatter_new(&f, "%(message", nullptr, PICOLOG_STYLE_PERCENT), PICOLOG_EFORMAT);
    EXPECT_EQ(f, nullptr);
    EXPECT_EQ(std::string(picolog_last_error()).rfind("picolog_formatter_new: ", 0), 0u);
    EXPECT_GT(std::string(picolog_last_error()).size(), std::string("picolog_formatter_new: ").size());
    EXPECT_EQ(picolog_formatter_new(&f, "100% sure", nullptr, PICOLOG_STYLE_PERCENT), PICOLOG_EFORMAT);
    EXPECT_EQ(picolog_formatter_new(&f, "%(message)d", nullptr, PICOLOG_STYLE_PERCENT), PICOLOG_EFORMAT);
    EXPECT_EQ(picolog_formatter_new(&f, "{message", nullptr, PICOLOG_STYLE_BRACE), PICOLOG_EFORMAT);
    EXPECT_EQ(picolog_formatter_new(&f, "%(message)s", nullptr, 2), PICOLOG_EFORMAT);
    EXPECT_STREQ(picolog_last_error(),
                 "picolog_formatter_new: style 2 is neither PICOLOG_STYLE_PERCENT nor PICOLOG_STYLE_BRACE");
    EXPECT_EQ(picolog_formatter_new(nullptr, "%(message)s", nullptr, PICOLOG_STYLE_PERCENT), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_json_formatter_new(nullptr), PICOLOG_EINVAL);
}

TEST(CapiFormatters, FormatArguments) {
    picolog_formatter* f = nullptr;
    ASSERT_EQ(picolog_json_formatter_new(&f), PICOLOG_OK);
    size_t written = 0;
    char buf[8];
    EXPECT_EQ(picolog_formatter_format(f, nullptr, buf, sizeof buf, &written), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_formatter_format: record is NULL");
    EXPECT_EQ(picolog_formatter_format(nullptr, nullptr, buf, sizeof buf, &written), PICOLOG_EINVAL);
    picolog_formatter_release(f);
    picolog_formatter_release(nullptr);
}
