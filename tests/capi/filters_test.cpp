// filters_test.cpp - name, level and callback filters on handlers.
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

// Logs one record per (logger suffix, level) through a capture handler that
// carries `filter`, and returns the messages that got through.
std::vector<std::string> passed(picolog_filter* filter,
                                const std::vector<std::pair<std::string, int>>& calls) {
    Capture capture;
    EXPECT_EQ(picolog_handler_add_filter(capture.handler(), filter), PICOLOG_OK) << picolog_last_error();
    for (const auto& [suffix, level] : calls) {
        picolog_logger* logger = test_logger(suffix);
        Attached attached(logger, capture.handler());
        std::string message = suffix + "@" + std::to_string(level);
        EXPECT_EQ(picolog_log(logger, level, message.c_str()), PICOLOG_OK);
    }
    return capture.messages();
}

struct FilterCalls {
    int calls = 0;
    std::vector<std::string> messages;
    int destroyed = 0;
    static int keep_odd(const picolog_record* record, void* self) {
        auto* state = static_cast<FilterCalls*>(self);
        picolog_record_view v;
        if (picolog_record_get(record, &v, sizeof v) != PICOLOG_OK) return 0;
        state->messages.emplace_back(v.message, v.message_len);
        return ++state->calls % 2;
    }
    static void destroy(void* self) { ++static_cast<FilterCalls*>(self)->destroyed; }
};

}  // namespace

TEST(CapiFilters, NameFilterHasPythonSemantics) {
    picolog_filter* f = nullptr;
    ASSERT_EQ(picolog_name_filter_new(&f, (unique_name() + ".a.b").c_str()), PICOLOG_OK);
    auto got = passed(
        f, {{"a.b", PICOLOG_INFO}, {"a.b.c", PICOLOG_INFO}, {"a.bc", PICOLOG_INFO}, {"a", PICOLOG_INFO}});
    picolog_filter_release(f);
    EXPECT_EQ(got, (std::vector<std::string>{"a.b@20", "a.b.c@20"}));
}

TEST(CapiFilters, EmptyOrNullNamePassesEverything) {
    for (const char* name : {static_cast<const char*>(nullptr), ""}) {
        picolog_filter* f = nullptr;
        ASSERT_EQ(picolog_name_filter_new(&f, name), PICOLOG_OK);
        EXPECT_EQ(passed(f, {{"x", PICOLOG_INFO}, {"y.z", PICOLOG_DEBUG}}),
                  (std::vector<std::string>{"x@20", "y.z@10"}));
        picolog_filter_release(f);
    }
}

TEST(CapiFilters, LevelFilterKeepsARange) {
    picolog_filter* f = nullptr;
    ASSERT_EQ(picolog_level_filter_new(&f, PICOLOG_INFO, PICOLOG_WARNING), PICOLOG_OK);
    auto got =
        passed(f, {{"l", PICOLOG_DEBUG}, {"l", PICOLOG_INFO}, {"l", PICOLOG_WARNING}, {"l", PICOLOG_ERROR}});
    picolog_filter_release(f);
    EXPECT_EQ(got, (std::vector<std::string>{"l@20", "l@30"}));
}

TEST(CapiFilters, LevelFilterArguments) {
    picolog_filter* f = nullptr;
    EXPECT_EQ(picolog_level_filter_new(&f, PICOLOG_ERROR, PICOLOG_INFO), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_level_filter_new: min_level 40 is above max_level 20");
    EXPECT_EQ(picolog_level_filter_new(&f, -1, PICOLOG_INFO), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_level_filter_new(&f, 0, -1), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_level_filter_new(nullptr, 0, 1), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_name_filter_new(nullptr, "x"), PICOLOG_EINVAL);
}

TEST(CapiFilters, CallbackFilterSeesRecordsAndUserdata) {
    FilterCalls state;
    picolog_filter* f = nullptr;
    ASSERT_EQ(picolog_callback_filter_new(&f, &FilterCalls::keep_odd, &FilterCalls::destroy, &state),
              PICOLOG_OK);
    auto got = passed(f, {{"c", 10}, {"c", 20}, {"c", 30}, {"c", 40}});
    EXPECT_EQ(state.messages, (std::vector<std::string>{"c@10", "c@20", "c@30", "c@40"}));
    EXPECT_EQ(got, (std::vector<std::string>{"c@10", "c@30"}));
    EXPECT_EQ(state.destroyed, 0);
    picolog_filter_release(f);
    EXPECT_EQ(state.destroyed, 1);
}

TEST(CapiFilters, CallbackFilterDestroyRunsOnceOnLastRelease) {
    FilterCalls state;
    picolog_filter* f = nullptr;
    ASSERT_EQ(picolog_callback_filter_new(&f, &FilterCalls::keep_odd, &FilterCalls::destroy, &state),
              PICOLOG_OK);
    picolog_logger* logger = test_logger();
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&h), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_filter(logger, f), PICOLOG_OK);
    ASSERT_EQ(picolog_handler_add_filter(h, f), PICOLOG_OK);
    picolog_filter_release(f);
    EXPECT_EQ(state.destroyed, 0);
    ASSERT_EQ(picolog_logger_remove_filter(logger, f), PICOLOG_OK);
    EXPECT_EQ(state.destroyed, 0);
    picolog_handler_release(h);
    EXPECT_EQ(state.destroyed, 1);
}

TEST(CapiFilters, CallbackFilterWithoutDestroy) {
    picolog_filter* f = nullptr;
    ASSERT_EQ(picolog_callback_filter_new(
                  &f, [](const picolog_record*, void*) { return 0; }, nullptr, nullptr),
              PICOLOG_OK);
    EXPECT_TRUE(passed(f, {{"n", PICOLOG_CRITICAL}}).empty());
    picolog_filter_release(f);
    EXPECT_EQ(picolog_callback_filter_new(&f, nullptr, nullptr, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_callback_filter_new: fn is NULL");
    EXPECT_EQ(f, nullptr);
}

TEST(CapiFilters, CallbackFilterCanHandTheRecordToAnotherHandler) {
    Capture side;
    struct Ctx {
        picolog_handler* side;
        int rc = -100;
    } ctx{side.handler()};
    picolog_filter* f = nullptr;
    ASSERT_EQ(picolog_callback_filter_new(
                  &f,
                  [](const picolog_record* record, void* self) {
                      auto* c = static_cast<Ctx*>(self);
                      c->rc = picolog_handler_handle(c->side, record);
                      return 0;
                  },
                  nullptr, &ctx),
              PICOLOG_OK);
    EXPECT_TRUE(passed(f, {{"h", PICOLOG_INFO}}).empty());
    picolog_filter_release(f);
    EXPECT_EQ(ctx.rc, PICOLOG_OK);
    EXPECT_EQ(side.messages(), (std::vector<std::string>{"h@20"}));
}

TEST(CapiFilters, HandlerFilterRemoval) {
    picolog_handler* h = nullptr;
    picolog_filter* f = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&h), PICOLOG_OK);
    ASSERT_EQ(picolog_name_filter_new(&f, "x"), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_remove_filter(h, f), PICOLOG_ENOTFOUND);
    EXPECT_STREQ(picolog_last_error(), "picolog_handler_remove_filter: the filter is not attached");
    ASSERT_EQ(picolog_handler_add_filter(h, f), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_remove_filter(h, f), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_add_filter(nullptr, f), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_add_filter(h, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_handler_remove_filter(nullptr, f), PICOLOG_EINVAL);
    picolog_filter_release(f);
    picolog_filter_release(nullptr);
    picolog_handler_release(h);
}

// A filter's last reference may go inside a log call: here the filter
// removes itself from the logger and drops the caller's reference, so the
// logger's filter list, pinned by that call, holds the last one until the
// call lets go of it. The destroy callback then runs inside the log call,
// and may log like any other callback.
TEST(CapiFilters, DestroyMayLogWhenTheLastReferenceGoesInsideALogCall) {
    Capture other;
    picolog_logger* other_logger = test_logger("other");
    Attached attached_other(other_logger, other.handler());
    struct State {
        picolog_logger* logger;
        picolog_logger* other;
        picolog_filter* self = nullptr;
        int destroy_rc = 100;
    } state{test_logger(), other_logger};
    ASSERT_EQ(picolog_callback_filter_new(
                  &state.self,
                  [](const picolog_record*, void* p) {
                      auto* s = static_cast<State*>(p);
                      EXPECT_EQ(picolog_logger_remove_filter(s->logger, s->self), PICOLOG_OK);
                      picolog_filter_release(s->self);
                      return 0;
                  },
                  [](void* p) {
                      auto* s = static_cast<State*>(p);
                      s->destroy_rc = picolog_log(s->other, PICOLOG_INFO, "destroyed");
                  },
                  &state),
              PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_filter(state.logger, state.self), PICOLOG_OK);
    EXPECT_EQ(picolog_log(state.logger, PICOLOG_INFO, "filtered"), PICOLOG_OK);
    EXPECT_EQ(state.destroy_rc, PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(other.messages(), (std::vector<std::string>{"destroyed"}));
}
