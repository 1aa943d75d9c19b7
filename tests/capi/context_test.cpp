// context_test.cpp - the per-thread context stack through the C API: fields
// merged into records (formats, JSON, precedence), LIFO tokens, bad input,
// isolation between threads, and context copied into queued records.
#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

picolog_context_token push(const Fields& fields) {
    std::vector<picolog_field> c;
    for (const auto& [k, v] : fields) c.push_back({k.c_str(), v.c_str()});
    picolog_context_token token = 0;
    EXPECT_EQ(picolog_context_push(c.data(), c.size(), &token), PICOLOG_OK) << picolog_last_error();
    EXPECT_NE(token, 0u);
    return token;
}

void set_format(picolog_handler* handler, const char* fmt) {
    picolog_formatter* f = nullptr;
    ASSERT_EQ(picolog_formatter_new(&f, fmt, nullptr, PICOLOG_STYLE_PERCENT), PICOLOG_OK)
        << picolog_last_error();
    ASSERT_EQ(picolog_handler_set_formatter(handler, f), PICOLOG_OK);
    picolog_formatter_release(f);
}

}  // namespace

TEST(Context, FieldsReachRecordsUntilPopped) {
    picolog_logger* logger = test_logger();
    Capture capture;
    Attached attached(logger, capture.handler());
    set_format(capture.handler(), "%(request_id)s %(user)s %(message)s");

    picolog_context_token token = push({{"request_id", "r-1"}, {"user", "ada"}});
    EXPECT_EQ(picolog_context_depth(), 1u);
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "inside"), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(token), PICOLOG_OK);
    EXPECT_EQ(picolog_context_depth(), 0u);
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "outside"), PICOLOG_OK);

    auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].line, "r-1 ada inside");
    EXPECT_EQ(records[0].fields, (Fields{{"request_id", "r-1"}, {"user", "ada"}}));
    EXPECT_TRUE(records[1].fields.empty());
}

TEST(Context, RecordFieldsWinThenInnerFrames) {
    picolog_logger* logger = test_logger();
    Capture capture;
    Attached attached(logger, capture.handler());

    picolog_context_token outer = push({{"a", "outer"}, {"b", "outer"}, {"c", "outer"}});
    picolog_context_token inner = push({{"b", "inner"}, {"c", "inner"}});
    picolog_field own[] = {{"c", "record"}};
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.fields = own;
    info.field_count = 1;
    ASSERT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "m", PICOLOG_NUL_TERMINATED, &info), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(inner), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(outer), PICOLOG_OK);

    auto records = capture.records();
    ASSERT_EQ(records.size(), 1u);
    // The record's own fields first, then the context's, outermost first.
    EXPECT_EQ(records[0].fields, (Fields{{"c", "record"}, {"a", "outer"}, {"b", "inner"}}));
}

TEST(Context, JsonFormatterShowsContextFields) {
    picolog_logger* logger = test_logger();
    Capture capture;
    Attached attached(logger, capture.handler());
    picolog_formatter* json = nullptr;
    ASSERT_EQ(picolog_json_formatter_new(&json), PICOLOG_OK);
    ASSERT_EQ(picolog_handler_set_formatter(capture.handler(), json), PICOLOG_OK);
    picolog_formatter_release(json);

    picolog_context_token token = push({{"request_id", "r-\"7\""}});
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "hello"), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(token), PICOLOG_OK);

    auto records = capture.records();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_NE(records[0].line.find("\"request_id\":\"r-\\\"7\\\"\""), std::string::npos) << records[0].line;
}

TEST(Context, PoppingAnOuterFramePopsTheInnerOnes) {
    picolog_context_token outer = push({{"a", "1"}});
    picolog_context_token inner = push({{"b", "2"}});
    EXPECT_EQ(picolog_context_depth(), 2u);
    ASSERT_EQ(picolog_context_pop(outer), PICOLOG_OK);
    EXPECT_EQ(picolog_context_depth(), 0u);
    EXPECT_EQ(picolog_context_pop(inner), PICOLOG_ENOTFOUND);
    EXPECT_NE(std::string(picolog_last_error()).find("not on the calling thread's context stack"),
              std::string::npos);
    EXPECT_EQ(picolog_context_pop(outer), PICOLOG_ENOTFOUND);
    EXPECT_EQ(picolog_context_pop(0), PICOLOG_ENOTFOUND);
}

TEST(Context, BadInputPushesNothing) {
    picolog_context_token token = 99;
    EXPECT_EQ(picolog_context_push(nullptr, 0, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_context_push(nullptr, 1, &token), PICOLOG_EINVAL);
    EXPECT_EQ(token, 0u);
    picolog_field null_key[] = {{"ok", "1"}, {nullptr, "v"}};
    EXPECT_EQ(picolog_context_push(null_key, 2, &token), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("fields[1].key is NULL"), std::string::npos);
    picolog_field empty_key[] = {{"", "v"}};
    EXPECT_EQ(picolog_context_push(empty_key, 1, &token), PICOLOG_EINVAL);
    picolog_field null_value[] = {{"k", nullptr}};
    EXPECT_EQ(picolog_context_push(null_value, 1, &token), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("\"k\""), std::string::npos);
    EXPECT_EQ(picolog_context_depth(), 0u);

    // An empty frame is still a frame.
    ASSERT_EQ(picolog_context_push(nullptr, 0, &token), PICOLOG_OK);
    EXPECT_EQ(picolog_context_depth(), 1u);
    EXPECT_EQ(picolog_context_pop(token), PICOLOG_OK);
}

TEST(Context, ManyFieldsAndLargeValues) {
    picolog_logger* logger = test_logger();
    Capture capture;
    Attached attached(logger, capture.handler());
    Fields many;
    for (int i = 0; i < 40; ++i) many.emplace_back("k" + std::to_string(i), std::string(1000 + i, 'x'));
    picolog_context_token first = push(many);
    picolog_context_token second = push({{"k0", "again"}});
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "m"), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(second), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(first), PICOLOG_OK);

    auto records = capture.records();
    ASSERT_EQ(records.size(), 1u);
    ASSERT_EQ(records[0].fields.size(), 40u);
    EXPECT_EQ(records[0].fields[0], (std::pair<std::string, std::string>{"k1", std::string(1001, 'x')}));
    EXPECT_EQ(records[0].fields[39], (std::pair<std::string, std::string>{"k0", "again"}));
}

// Strings of every length up to past the short-copy sizes, one frame each,
// so that the stack's arrays grow while frames are on it.
TEST(Context, EveryStringLengthIsCopiedWholeAcrossManyFrames) {
    picolog_logger* logger = test_logger();
    Capture capture;
    Attached attached(logger, capture.handler());
    Fields expected;
    std::vector<picolog_context_token> tokens;
    for (size_t n = 0; n <= 40; ++n) {
        std::string key = "k" + std::string(n, static_cast<char>('a' + n % 26));
        std::string value;
        for (size_t i = 0; i < n; ++i) value += static_cast<char>('A' + (i * 7 + n) % 26);
        expected.emplace_back(key, value);
        tokens.push_back(push({{key, value}}));
    }
    ASSERT_EQ(picolog_context_depth(), expected.size());
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "m"), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(tokens[20]), PICOLOG_OK);
    ASSERT_EQ(picolog_context_depth(), 20u);
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "m"), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(tokens[0]), PICOLOG_OK);
    EXPECT_EQ(picolog_context_depth(), 0u);

    auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].fields, expected);
    EXPECT_EQ(records[1].fields, Fields(expected.begin(), expected.begin() + 20));
}

TEST(Context, ThreadsSeeOnlyTheirOwnContext) {
    picolog_logger* logger = test_logger();
    Capture capture;
    Attached attached(logger, capture.handler());
    std::barrier both_pushed(2);
    std::barrier both_logged(2);
    picolog_context_token token_of_a = 0;
    std::thread a([&] {
        token_of_a = push({{"who", "a"}});
        both_pushed.arrive_and_wait();
        picolog_log(logger, PICOLOG_INFO, "from a");
        both_logged.arrive_and_wait();
    });
    std::thread b([&] {
        both_pushed.arrive_and_wait();
        picolog_log(logger, PICOLOG_INFO, "from b");
        // A token of thread a means nothing here.
        EXPECT_EQ(picolog_context_pop(token_of_a), PICOLOG_ENOTFOUND);
        both_logged.arrive_and_wait();
    });
    a.join();
    b.join();
    for (const auto& r : capture.records()) {
        if (r.message == "from a")
            EXPECT_EQ(r.fields, (Fields{{"who", "a"}}));
        else
            EXPECT_TRUE(r.fields.empty()) << r.message;
    }
    EXPECT_EQ(capture.records().size(), 2u);
}

TEST(Context, QueuedRecordsCarryTheCallersContext) {
    picolog_logger* logger = test_logger();
    // The listener's handler pushes a context of its own on the listener
    // thread; records must still show the context of the thread that logged.
    struct Seen {
        std::mutex mutex;
        std::vector<Fields> fields;
        bool pushed = false;
    } seen;
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record* record, const char*, size_t, void* self) {
        auto* s = static_cast<Seen*>(self);
        Captured c = capture_record(record, nullptr, 0);
        std::lock_guard lock(s->mutex);
        if (!s->pushed) {
            picolog_field mine[] = {{"request_id", "listener"}, {"listener_only", "yes"}};
            picolog_context_token ignored;
            EXPECT_EQ(picolog_context_push(mine, 2, &ignored), PICOLOG_OK);
            s->pushed = true;
        }
        s->fields.push_back(c.fields);
        return 0;
    };
    options.userdata = &seen;
    picolog_handler* callback = nullptr;
    ASSERT_EQ(picolog_callback_handler_new(&callback, &options), PICOLOG_OK);
    picolog_handler* queue = nullptr;
    picolog_queue_options qopts = PICOLOG_QUEUE_OPTIONS_INIT;
    ASSERT_EQ(picolog_queue_handler_new(&queue, &qopts, &callback, 1), PICOLOG_OK) << picolog_last_error();
    {
        Attached attached(logger, queue);
        // The second push reuses the bytes of the first: the queue must have
        // copied the first record's fields at the call.
        picolog_context_token t = push({{"request_id", "r-1"}});
        ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "one"), PICOLOG_OK);
        ASSERT_EQ(picolog_context_pop(t), PICOLOG_OK);
        t = push({{"request_id", "r-2"}});
        ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "two"), PICOLOG_OK);
        ASSERT_EQ(picolog_context_pop(t), PICOLOG_OK);
        ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "three"), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    picolog_handler_release(callback);
    std::lock_guard lock(seen.mutex);
    ASSERT_EQ(seen.fields.size(), 3u);
    EXPECT_EQ(seen.fields[0], (Fields{{"request_id", "r-1"}}));
    EXPECT_EQ(seen.fields[1], (Fields{{"request_id", "r-2"}}));
    EXPECT_TRUE(seen.fields[2].empty());
}

TEST(Context, RecordsFollowEveryPushAndPop) {
    picolog_logger* logger = test_logger();
    Capture capture;
    Attached attached(logger, capture.handler());
    picolog_context_token outer = push({{"a", "1"}, {"b", "1"}});
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "one"), PICOLOG_OK);
    picolog_context_token inner = push({{"a", "2"}});
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "two"), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(inner), PICOLOG_OK);
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "three"), PICOLOG_OK);
    ASSERT_EQ(picolog_context_pop(outer), PICOLOG_OK);
    auto records = capture.records();
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].fields, (Fields{{"a", "1"}, {"b", "1"}}));
    EXPECT_EQ(records[1].fields, (Fields{{"b", "1"}, {"a", "2"}}));
    EXPECT_EQ(records[2].fields, (Fields{{"a", "1"}, {"b", "1"}}));
}

TEST(Context, AHandlerThatChangesTheContextAndLogsLeavesTheRecordAlone) {
    picolog_logger* outer_logger = test_logger("outer");
    picolog_logger* inner_logger = test_logger("inner");
    Capture inner_capture;
    Attached inner_attached(inner_logger, inner_capture.handler());
    // The first handler pushes a frame, logs through another logger and
    // pops; the second must still see the outer record's own context.
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void* logger) {
        picolog_field mine[] = {{"request_id", "inner"}, {"extra", "x"}};
        picolog_context_token token;
        EXPECT_EQ(picolog_context_push(mine, 2, &token), PICOLOG_OK);
        EXPECT_EQ(picolog_log(static_cast<picolog_logger*>(logger), PICOLOG_INFO, "nested"), PICOLOG_OK);
        EXPECT_EQ(picolog_context_pop(token), PICOLOG_OK);
        return 0;
    };
    options.userdata = inner_logger;
    picolog_handler* nesting = nullptr;
    ASSERT_EQ(picolog_callback_handler_new(&nesting, &options), PICOLOG_OK);
    Capture outer_capture;
    {
        Attached first(outer_logger, nesting);
        Attached second(outer_logger, outer_capture.handler());
        picolog_context_token token = push({{"request_id", "outer"}});
        ASSERT_EQ(picolog_log(outer_logger, PICOLOG_INFO, "top"), PICOLOG_OK);
        ASSERT_EQ(picolog_context_pop(token), PICOLOG_OK);
    }
    picolog_handler_release(nesting);
    ASSERT_EQ(outer_capture.records().size(), 1u);
    EXPECT_EQ(outer_capture.records()[0].fields, (Fields{{"request_id", "outer"}}));
    ASSERT_EQ(inner_capture.records().size(), 1u);
    EXPECT_EQ(inner_capture.records()[0].fields, (Fields{{"request_id", "inner"}, {"extra", "x"}}));
}
