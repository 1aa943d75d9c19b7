// records_test.cpp - the record view callbacks get: every member, defaults,
// many fields, and views that stay valid while a callback logs.
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

TEST(CapiRecords, ViewCarriesEverythingTheCallerGave) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    picolog_field fields[] = {{"user", "ada"}, {"id", "7"}};
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.file = "src/app.c";
    info.line = 123;
    info.func = "serve";
    info.exc_text = "Traceback: boom";
    info.stack_text = "Stack: here";
    info.fields = fields;
    info.field_count = 2;
    info.thread_name = "worker-3";
    info.thread_id = 777;
    info.created_ns = 1'700'000'000'123'456'789;
    ASSERT_EQ(picolog_log_ex(logger, PICOLOG_ERROR, "failed", 6, &info), PICOLOG_OK);
    auto records = capture.records();
    ASSERT_EQ(records.size(), 1u);
    const Captured& r = records[0];
    EXPECT_EQ(r.level, PICOLOG_ERROR);
    EXPECT_EQ(r.level_name, "ERROR");
    EXPECT_EQ(r.logger, unique_name());
    EXPECT_EQ(r.message, "failed");
    EXPECT_EQ(r.file, "src/app.c");
    EXPECT_EQ(r.lineno, 123);
    EXPECT_EQ(r.func, "serve");
    EXPECT_EQ(r.exc_text, "Traceback: boom");
    EXPECT_EQ(r.stack_text, "Stack: here");
    EXPECT_EQ(r.thread_name, "worker-3");
    EXPECT_EQ(r.thread_id, 777u);
    EXPECT_EQ(r.created_ns, 1'700'000'000'123'456'789);
    EXPECT_EQ(r.process_id, static_cast<int64_t>(getpid()));
    using Fields = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(r.fields, (Fields{{"user", "ada"}, {"id", "7"}}));
}

TEST(CapiRecords, RuntimeFillsWhatTheCallerLeftOut) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "plain"), PICOLOG_OK);
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    ASSERT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "empty info", PICOLOG_NUL_TERMINATED, &info), PICOLOG_OK);
    auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    for (const auto& r : records) {
        EXPECT_EQ(r.file, "");
        EXPECT_EQ(r.func, "");
        EXPECT_EQ(r.exc_text, "");
        EXPECT_EQ(r.stack_text, "");
        EXPECT_TRUE(r.fields.empty());
        EXPECT_GT(r.created_ns, 0);
        EXPECT_NE(r.thread_id, 0u);
        EXPECT_FALSE(r.thread_name.empty());
        EXPECT_EQ(r.process_id, static_cast<int64_t>(getpid()));
    }
    EXPECT_EQ(records[0].thread_id, records[1].thread_id);
}

TEST(CapiRecords, ManyFieldsComeThrough) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    std::vector<std::string> keys, values;
    for (int i = 0; i < 40; ++i) {
        keys.push_back("key" + std::to_string(i));
        values.push_back("value" + std::to_string(i));
    }
    std::vector<picolog_field> fields;
    for (int i = 0; i < 40; ++i) fields.push_back({keys[i].c_str(), values[i].c_str()});
    for (size_t count : {size_t{3}, size_t{8}, size_t{9}, size_t{16}, size_t{17}, size_t{40}}) {
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.fields = fields.data();
        info.field_count = count;
        ASSERT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "f", 1, &info), PICOLOG_OK) << picolog_last_error();
    }
    auto records = capture.records();
    ASSERT_EQ(records.size(), 6u);
    for (const auto& r : records)
        for (size_t i = 0; i < r.fields.size(); ++i) {
            EXPECT_EQ(r.fields[i].first, keys[i]);
            EXPECT_EQ(r.fields[i].second, values[i]);
        }
    EXPECT_EQ(records.back().fields.size(), 40u);
}

TEST(CapiRecords, BadArguments) {
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record* record, const char*, size_t, void*) {
        picolog_record_view v;
        EXPECT_EQ(picolog_record_get(record, &v, sizeof v - 1), PICOLOG_EINVAL);
        EXPECT_NE(std::string(picolog_last_error()).find("out_size"), std::string::npos);
        EXPECT_EQ(picolog_record_get(record, nullptr, sizeof v), PICOLOG_EINVAL);
        EXPECT_EQ(picolog_record_get(nullptr, &v, sizeof v), PICOLOG_EINVAL);
        // A larger, newer view gets zeros past the members this library knows.
        unsigned char bigger[sizeof(picolog_record_view) + 16];
        std::memset(bigger, 0xAB, sizeof bigger);
        EXPECT_EQ(picolog_record_get(record, reinterpret_cast<picolog_record_view*>(bigger), sizeof bigger),
                  PICOLOG_OK);
        for (size_t i = sizeof(picolog_record_view); i < sizeof bigger; ++i) EXPECT_EQ(bigger[i], 0);
        return 0;
    };
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "x"), PICOLOG_OK);
    }
    picolog_handler_release(h);
}

namespace {

// The outer handler's emit takes a view of its record, then logs another
// record (with other fields) to a second logger whose handler takes views
// too, and checks that its own view is untouched afterwards.
struct Nested {
    picolog_logger* inner_logger = nullptr;
    int inner_level = PICOLOG_INFO;
    std::string outer_level_name_after;
    std::vector<std::string> outer_fields_after;
    std::vector<std::string> inner_fields;
    std::mutex mutex;
};

int outer_emit(const picolog_record* record, const char*, size_t, void* userdata) {
    auto* nested = static_cast<Nested*>(userdata);
    picolog_record_view view;
    if (picolog_record_get(record, &view, sizeof view) != PICOLOG_OK) return 1;
    std::vector<picolog_field> many;
    for (int i = 0; i < 30; ++i) many.push_back({"inner", "value"});
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.fields = many.data();
    info.field_count = many.size();
    picolog_log_ex(nested->inner_logger, nested->inner_level, "inner", 5, &info);
    std::lock_guard lock(nested->mutex);
    nested->outer_level_name_after = view.level_name;
    for (size_t i = 0; i < view.field_count; ++i)
        nested->outer_fields_after.push_back(std::string(view.fields[i].key) + "=" + view.fields[i].value);
    return 0;
}

int inner_emit(const picolog_record* record, const char*, size_t, void* userdata) {
    auto* nested = static_cast<Nested*>(userdata);
    picolog_record_view view;
    if (picolog_record_get(record, &view, sizeof view) != PICOLOG_OK) return 1;
    std::lock_guard lock(nested->mutex);
    nested->inner_fields.push_back(std::to_string(view.field_count));
    return 0;
}

// Runs one outer record through handlers that nest as above.
void log_nested(Nested& nested, int outer_level) {
    picolog_logger* outer_logger = test_logger("outer");
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.userdata = &nested;
    picolog_handler *outer = nullptr, *inner = nullptr;
    options.emit = outer_emit;
    ASSERT_EQ(picolog_callback_handler_new(&outer, &options), PICOLOG_OK);
    options.emit = inner_emit;
    ASSERT_EQ(picolog_callback_handler_new(&inner, &options), PICOLOG_OK);
    {
        Attached a(outer_logger, outer);
        Attached b(nested.inner_logger, inner);
        picolog_field fields[] = {{"a", "1"}, {"b", "2"}};
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.fields = fields;
        info.field_count = 2;
        ASSERT_EQ(picolog_log_ex(outer_logger, outer_level, "outer", 5, &info), PICOLOG_OK);
    }
    picolog_handler_release(outer);
    picolog_handler_release(inner);
}

}  // namespace

TEST(CapiRecords, AViewSurvivesNestedLogging) {
    Nested nested;
    nested.inner_logger = test_logger("inner");
    log_nested(nested, PICOLOG_INFO);
    EXPECT_EQ(nested.outer_level_name_after, "INFO");
    EXPECT_EQ(nested.outer_fields_after, (std::vector<std::string>{"a=1", "b=2"}));
    EXPECT_EQ(nested.inner_fields, (std::vector<std::string>{"30"}));
}

// Unnamed levels above 255 are named in the view's own storage (nothing is
// kept per level), so a nested record at another such level leaves the
// outer view's name as it was.
TEST(CapiRecords, AnUnnamedHighLevelsNameSurvivesNestedLogging) {
    Nested nested;
    nested.inner_logger = test_logger("inner");
    nested.inner_level = 7'000'002;
    log_nested(nested, 7'000'001);
    EXPECT_EQ(nested.outer_level_name_after, "Level 7000001");
    EXPECT_EQ(nested.inner_fields, (std::vector<std::string>{"30"}));
}

TEST(CapiRecords, AHighLevelNamedLaterIsSeenByItsName) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    ASSERT_EQ(picolog_log(logger, 7'000'003, "before"), PICOLOG_OK);
    ASSERT_EQ(picolog_add_level_name(7'000'003, "CAPI_AUDIT"), PICOLOG_OK);
    ASSERT_EQ(picolog_log(logger, 7'000'003, "after"), PICOLOG_OK);
    auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].level_name, "Level 7000003");
    EXPECT_EQ(records[1].level_name, "CAPI_AUDIT");
}

TEST(CapiRecords, ThreadNameFromPicologSetThreadName) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    std::thread t([&] {
        ASSERT_EQ(picolog_set_thread_name("capi-worker"), PICOLOG_OK);
        picolog_log(logger, PICOLOG_INFO, "named");
        ASSERT_EQ(picolog_set_thread_name(nullptr), PICOLOG_OK);
        picolog_log(logger, PICOLOG_INFO, "unnamed");
    });
    t.join();
    auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].thread_name, "capi-worker");
    EXPECT_NE(records[1].thread_name, "capi-worker");
    EXPECT_FALSE(records[1].thread_name.empty());
}
