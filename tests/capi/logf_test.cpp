// logf_test.cpp - picolog_logf, picolog_vlogf and PICOLOG_LOGF_AT: the text
// of a record formatted late on a queue's listener is the text vsnprintf
// makes at the call, for every consumer (callback handlers and record views,
// formatters, filters on either side), whatever the route.
#include <cfloat>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

std::string snprintf_of(const char* format, ...) {
    va_list args;
    va_start(args, format);
    char buf[4096];
    const int n = std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    return std::string(buf, static_cast<size_t>(n));
}

// A queue whose listener passes records to `handlers`.
picolog_handler* make_queue(std::vector<picolog_handler*> handlers) {
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.capacity = 1024;
    picolog_handler* queue = nullptr;
    EXPECT_EQ(picolog_queue_handler_new(&queue, &options, handlers.data(), handlers.size()), PICOLOG_OK)
        << picolog_last_error();
    return queue;
}

const char kUnterminated[4] = {'a', 'b', 'c', 'd'};
// NULL, out of the compiler's sight (its format checks reject a visible one).
const char* volatile g_null = nullptr;

// Logs a set of calls covering each kind of argument, returning the texts
// vsnprintf makes of them.
std::vector<std::string> log_calls(picolog_logger* lg) {
    std::vector<std::string> want;
#define LOGF_AND_EXPECT(...)                                                                        \
    do {                                                                                            \
        EXPECT_EQ(picolog_logf(lg, PICOLOG_INFO, __VA_ARGS__), PICOLOG_OK) << picolog_last_error(); \
        want.push_back(snprintf_of(__VA_ARGS__));                                                   \
    } while (0)
    LOGF_AND_EXPECT("iteration %d int %d double %.2f", 7, -3, 2.71828);
    LOGF_AND_EXPECT("%hhd %hd %ld %lld %jd %zu %td %x %#o %+05d", static_cast<signed char>(-56),
                    static_cast<short>(-1234), -5L, LLONG_MIN, INTMAX_MAX, SIZE_MAX, PTRDIFF_MIN, 0xbeefu, 8u,
                    42);
    LOGF_AND_EXPECT("%e %G %a %Lf %-10.3f|", 1e-10, 1e20, 0.5, 1.25L, DBL_MAX);
    LOGF_AND_EXPECT("%c%c %s|%10s|%-6.2s|%.3s|%s", 'o', 'k', "str", "right", "left", kUnterminated, g_null);
    LOGF_AND_EXPECT("%p %p %*d %-*.*s %%", static_cast<void*>(nullptr), static_cast<void*>(&want), 6, 1, 8, 2,
                    "abcdef");
    LOGF_AND_EXPECT("%c in the middle", 0);
    const std::string long_string(2000, 'L');  // too long to copy: formatted at the call
    LOGF_AND_EXPECT("long %s end", long_string.c_str());
    LOGF_AND_EXPECT("positional %2$s %1$d", 5, "five");  // formatted at the call
    LOGF_AND_EXPECT("%s", "no format at all");
#undef LOGF_AND_EXPECT
    return want;
}

TEST(Logf, QueueOnlyRouteRendersOnTheListenerAsVsnprintf) {
    Capture capture;
    picolog_handler* queue = make_queue({capture.handler()});
    picolog_logger* lg = test_logger();
    std::vector<std::string> want;
    {
        Attached attached(lg, queue);
        want = log_calls(lg);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    const auto records = capture.records();
    ASSERT_EQ(records.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(records[i].message, want[i]) << i;
        EXPECT_EQ(records[i].line, want[i]) << i;  // the default formatter: the message
    }
}

TEST(Logf, DirectHandlersAndMixedRoutesSeeTheSameText) {
    Capture direct, behind_queue;
    picolog_handler* queue = make_queue({behind_queue.handler()});
    picolog_logger* lg = test_logger();
    std::vector<std::string> want;
    {
        Attached a(lg, direct.handler());
        Attached b(lg, queue);
        want = log_calls(lg);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    EXPECT_EQ(direct.messages(), want);
    EXPECT_EQ(behind_queue.messages(), want);
}

// A callback filter that keeps the messages it was shown.
struct SeenFilter {
    std::mutex mutex;
    std::vector<std::string> seen;
    picolog_filter* filter = nullptr;
    SeenFilter() {
        EXPECT_EQ(picolog_callback_filter_new(
                      &filter,
                      [](const picolog_record* record, void* self) {
                          auto* f = static_cast<SeenFilter*>(self);
                          std::lock_guard lock(f->mutex);
                          f->seen.push_back(capture_record(record, nullptr, 0).message);
                          return 1;
                      },
                      nullptr, this),
                  PICOLOG_OK);
    }
    ~SeenFilter() { picolog_filter_release(filter); }
};

TEST(Logf, FiltersOnTheLoggerTheQueueAndTheListenerSeeTheText) {
    Capture capture;
    SeenFilter on_logger, on_queue, on_listener;
    ASSERT_EQ(picolog_handler_add_filter(capture.handler(), on_listener.filter), PICOLOG_OK);
    picolog_handler* queue = make_queue({capture.handler()});
    ASSERT_EQ(picolog_handler_add_filter(queue, on_queue.filter), PICOLOG_OK);
    picolog_logger* lg = test_logger();
    std::vector<std::string> want;
    {
        Attached a(lg, queue);
        // First with a filter on the queue only, then on the logger too.
        want = log_calls(lg);
        ASSERT_EQ(picolog_logger_add_filter(lg, on_logger.filter), PICOLOG_OK);
        const auto more = log_calls(lg);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        EXPECT_EQ(on_logger.seen, more);
        want.insert(want.end(), more.begin(), more.end());
        ASSERT_EQ(picolog_logger_remove_filter(lg, on_logger.filter), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    EXPECT_EQ(on_queue.seen, want);
    EXPECT_EQ(on_listener.seen, want);
    EXPECT_EQ(capture.messages(), want);
}

TEST(Logf, QueuedCallsCarryTheThreadsContextFields) {
    Capture capture;
    picolog_handler* queue = make_queue({capture.handler()});
    picolog_logger* lg = test_logger();
    const picolog_field context[] = {{"request_id", "r-42"}, {"user", "ada"}};
    {
        Attached attached(lg, queue);
        picolog_context_token token = 0;
        ASSERT_EQ(picolog_context_push(context, 2, &token), PICOLOG_OK);
        ASSERT_EQ(picolog_logf(lg, PICOLOG_INFO, "in context %d", 1), PICOLOG_OK);
        ASSERT_EQ(picolog_context_pop(token), PICOLOG_OK);
        ASSERT_EQ(picolog_logf(lg, PICOLOG_INFO, "out of context %d", 2), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    const auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].message, "in context 1");
    EXPECT_EQ(records[0].fields,
              (std::vector<std::pair<std::string, std::string>>{{"request_id", "r-42"}, {"user", "ada"}}));
    EXPECT_EQ(records[1].message, "out of context 2");
    EXPECT_TRUE(records[1].fields.empty());
}

int forward(picolog_logger* lg, int level, const char* format, ...) PICOLOG_PRINTF(3, 4);
int forward(picolog_logger* lg, int level, const char* format, ...) {
    va_list args;
    va_start(args, format);
    const int status = picolog_vlogf(lg, level, format, args);
    va_end(args);
    return status;
}

TEST(Logf, VlogfForwardsAWrappersArguments) {
    Capture capture;
    picolog_handler* queue = make_queue({capture.handler()});
    picolog_logger* lg = test_logger();
    {
        Attached a(lg, queue);
        EXPECT_EQ(forward(lg, PICOLOG_WARNING, "wrapped %s %d %.1f", "call", 3, 0.25), PICOLOG_OK);
        EXPECT_EQ(forward(lg, PICOLOG_DEBUG - 1, "below the level %d", 1), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    ASSERT_EQ(capture.records().size(), 2u);  // the test logger is at TRACE
    EXPECT_EQ(capture.records()[0].message, "wrapped call 3 0.2");
    EXPECT_EQ(capture.records()[0].level, PICOLOG_WARNING);
    EXPECT_EQ(forward(nullptr, PICOLOG_INFO, "x"), PICOLOG_EINVAL);
    EXPECT_EQ(forward(lg, PICOLOG_INFO, g_null, 0), PICOLOG_EINVAL);
}

TEST(Logf, LogfAtRecordsTheCallSiteAndEvaluatesTheLevelOnce) {
    Capture capture;
    picolog_handler* queue = make_queue({capture.handler()});
    picolog_logger* lg = test_logger();
    int evaluations = 0;
    int line = 0;
    {
        Attached a(lg, queue);
        // clang-format off
        line = __LINE__; EXPECT_EQ(PICOLOG_LOGF_AT(lg, (++evaluations, PICOLOG_ERROR), "at %s:%d", "site", 9), PICOLOG_OK);
        // clang-format on
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    EXPECT_EQ(evaluations, 1);
    const auto records = capture.records();
    ASSERT_EQ(records.size(), 1u);
    const Captured& r = records[0];
    EXPECT_EQ(r.message, "at site:9");
    EXPECT_EQ(r.lineno, line);
    EXPECT_NE(r.file.find("logf_test.cpp"), std::string::npos) << r.file;
    EXPECT_EQ(r.func, "TestBody");
}

// A format with no %s and no '*' is read straight into the queue's slot;
// a record the slot cannot take goes the block's way, whole, and the queue's
// own level holds on the way in.
TEST(Logf, FixedLayoutCallsTooLargeForASlotOrBelowTheQueuesLevel) {
    Capture capture;
    picolog_handler* queue = make_queue({capture.handler()});
    ASSERT_EQ(picolog_handler_set_level(queue, PICOLOG_INFO), PICOLOG_OK);
    picolog_logger* lg = test_logger();
    // The record carries its thread's name by copy: one this long does not
    // fit a slot, and the call takes the heap's way.
    const std::string long_thread_name(5000, 't');
    {
        Attached a(lg, queue);
        EXPECT_EQ(picolog_logf(lg, PICOLOG_DEBUG, "below the queue %d", 1), PICOLOG_OK);
        EXPECT_EQ(picolog_logf(lg, PICOLOG_INFO, "fits %d %lld %.3f", 2, -3LL, 0.5), PICOLOG_OK);
        ASSERT_EQ(picolog_set_thread_name(long_thread_name.c_str()), PICOLOG_OK) << picolog_last_error();
        EXPECT_EQ(picolog_logf(lg, PICOLOG_WARNING, "too large %d %p", 4, static_cast<void*>(nullptr)),
                  PICOLOG_OK);
        ASSERT_EQ(picolog_set_thread_name(nullptr), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        picolog_queue_stats stats{};
        ASSERT_EQ(picolog_queue_handler_stats(queue, &stats, sizeof stats), PICOLOG_OK);
        EXPECT_EQ(stats.enqueued, 2u);
    }
    picolog_handler_release(queue);
    const auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].message, "fits 2 -3 0.500");
    EXPECT_EQ(records[0].level, PICOLOG_INFO);
    EXPECT_NE(records[0].thread_name, long_thread_name);
    EXPECT_EQ(records[1].message, snprintf_of("too large %d %p", 4, static_cast<void*>(nullptr)));
    EXPECT_EQ(records[1].thread_name, long_thread_name);
    EXPECT_EQ(records[1].level, PICOLOG_WARNING);
}

TEST(Logf, BadArgumentsAreRefusedWithAMessage) {
    picolog_logger* lg = test_logger();
    EXPECT_EQ(picolog_logf(nullptr, PICOLOG_INFO, "x"), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("logger"), std::string::npos);
    EXPECT_EQ(picolog_logf(lg, -1, "x"), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logf_at(lg, PICOLOG_INFO, nullptr, 0, nullptr, g_null, 0), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("format"), std::string::npos);
}

}  // namespace
