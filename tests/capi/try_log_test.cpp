// try_log_test.cpp - picolog_try_log_ex: the records a queue handler's free
// slot takes, and every other call answered PICOLOG_EAGAIN with nothing done.
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

picolog_handler* new_queue(picolog_handler* inner, size_t capacity = 64) {
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.capacity = capacity;
    options.overflow = PICOLOG_OVERFLOW_BLOCK;
    picolog_handler* queue = nullptr;
    EXPECT_EQ(picolog_queue_handler_new(&queue, &options, &inner, 1), PICOLOG_OK) << picolog_last_error();
    return queue;
}

picolog_queue_stats stats_of(picolog_handler* queue) {
    picolog_queue_stats stats{};
    EXPECT_EQ(picolog_queue_handler_stats(queue, &stats, sizeof stats), PICOLOG_OK) << picolog_last_error();
    return stats;
}

uint64_t dropped(const picolog_queue_stats& s) {
    return s.dropped_newest + s.dropped_oldest + s.dropped_timeout + s.dropped_closed;
}

int try_log(picolog_logger* logger, const char* message, const picolog_record_info* info = nullptr) {
    return picolog_try_log_ex(logger, PICOLOG_INFO, message, PICOLOG_NUL_TERMINATED, info);
}

// Leaves a known message in picolog_last_error(), to show a call kept it.
std::string set_last_error() {
    EXPECT_EQ(picolog_log(nullptr, PICOLOG_INFO, "x"), PICOLOG_EINVAL);
    return picolog_last_error();
}

int reject_all(const picolog_record*, void*) {
    return 0;
}

}  // namespace

TEST(CapiTryLog, AQueueHandlersFreeSlotTakesTheRecordWithItsInfo) {
    Capture capture;
    picolog_handler* queue = new_queue(capture.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, queue);
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.file = "service.py";
        info.line = 17;
        info.func = "handle";
        info.thread_name = "worker-1";
        info.thread_id = 4242;
        ASSERT_EQ(try_log(logger, "with info", &info), PICOLOG_OK) << picolog_last_error();
        ASSERT_EQ(try_log(logger, "without"), PICOLOG_OK);
        ASSERT_EQ(picolog_try_log_ex(logger, PICOLOG_ERROR, "nul\0inside", 10, nullptr), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        EXPECT_EQ(stats_of(queue).enqueued, 3u);
    }
    picolog_handler_release(queue);
    const auto records = capture.records();
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].message, "with info");
    EXPECT_EQ(records[0].level, PICOLOG_INFO);
    EXPECT_EQ(records[0].logger, unique_name());
    EXPECT_EQ(records[0].file, "service.py");
    EXPECT_EQ(records[0].lineno, 17);
    EXPECT_EQ(records[0].func, "handle");
    EXPECT_EQ(records[0].thread_name, "worker-1");
    EXPECT_EQ(records[0].thread_id, 4242u);
    EXPECT_EQ(records[1].message, "without");
    EXPECT_NE(records[1].thread_id, 0u);
    EXPECT_GT(records[1].created_ns, 0);
    EXPECT_EQ(records[1].process_id, records[0].process_id);
    EXPECT_EQ(records[2].message, std::string("nul\0inside", 10));
    EXPECT_EQ(records[2].level, PICOLOG_ERROR);
}

TEST(CapiTryLog, EveryOtherWayIsRefusedWithNothingDone) {
    Capture queued, direct;
    picolog_handler* queue = new_queue(queued.handler());
    picolog_logger* logger = test_logger();
    const std::string before = set_last_error();
    // No handler anywhere: the last resort would write to stderr.
    EXPECT_EQ(try_log(logger, "to the last resort"), PICOLOG_EAGAIN);
    {
        // A handler that writes on the caller's thread, under its lock.
        Attached attached(logger, direct.handler());
        EXPECT_EQ(try_log(logger, "direct"), PICOLOG_EAGAIN);
        // Two handlers, one of them a queue.
        Attached both(logger, queue);
        EXPECT_EQ(try_log(logger, "two handlers"), PICOLOG_EAGAIN);
    }
    {
        Attached attached(logger, queue);
        ASSERT_EQ(try_log(logger, "the route is the queue's now"), PICOLOG_OK);
        // Fields of the record's own are merged with the thread's context
        // fields by the general path.
        picolog_field field = {"key", "value"};
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.fields = &field;
        info.field_count = 1;
        const picolog_field context_field = {"request", "r-1"};
        picolog_context_token token = 0;
        ASSERT_EQ(picolog_context_push(&context_field, 1, &token), PICOLOG_OK) << picolog_last_error();
        EXPECT_EQ(try_log(logger, "own fields in context", &info), PICOLOG_EAGAIN);
        ASSERT_EQ(picolog_context_pop(token), PICOLOG_OK);
        // Filters, on the logger or on the queue handler.
        picolog_filter* filter = nullptr;
        ASSERT_EQ(picolog_callback_filter_new(&filter, reject_all, nullptr, nullptr), PICOLOG_OK);
        ASSERT_EQ(picolog_logger_add_filter(logger, filter), PICOLOG_OK);
        EXPECT_EQ(try_log(logger, "logger filter"), PICOLOG_EAGAIN);
        ASSERT_EQ(picolog_logger_remove_filter(logger, filter), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_add_filter(queue, filter), PICOLOG_OK);
        EXPECT_EQ(try_log(logger, "handler filter"), PICOLOG_EAGAIN);
        ASSERT_EQ(picolog_handler_remove_filter(queue, filter), PICOLOG_OK);
        picolog_filter_release(filter);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        const picolog_queue_stats stats = stats_of(queue);
        EXPECT_EQ(stats.enqueued, 1u);
        EXPECT_EQ(dropped(stats), 0u);
    }
    picolog_handler_release(queue);
    EXPECT_EQ(picolog_last_error(), before);
    EXPECT_EQ(direct.records().size(), 0u);
    ASSERT_EQ(queued.messages(), std::vector<std::string>{"the route is the queue's now"});
}

TEST(CapiTryLog, ARecordBelowALevelIsDoneWithNothingQueued) {
    Capture capture;
    picolog_handler* queue = new_queue(capture.handler());
    picolog_logger* logger = test_logger({}, PICOLOG_WARNING);
    {
        Attached attached(logger, queue);
        EXPECT_EQ(try_log(logger, "below the logger's level"), PICOLOG_OK);
        ASSERT_EQ(picolog_logger_set_level(logger, PICOLOG_DEBUG), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_set_level(queue, PICOLOG_ERROR), PICOLOG_OK);
        EXPECT_EQ(try_log(logger, "below the handler's level"), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        EXPECT_EQ(stats_of(queue).enqueued, 0u);
    }
    picolog_handler_release(queue);
    EXPECT_EQ(capture.records().size(), 0u);
}

TEST(CapiTryLog, AFullLaneIsRefusedWithoutWaitingOrDropping) {
    constexpr size_t kCapacity = 2;
    Gate gate;
    picolog_handler* queue = new_queue(gate.handler(), kCapacity);
    picolog_logger* logger = test_logger();
    int accepted = 0;
    {
        Attached attached(logger, queue);
        ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, "first"), PICOLOG_OK);
        gate.wait_until_entered(1);
        // The listener is held in the gate: the lane fills, then refuses.
        int status = PICOLOG_OK;
        for (size_t i = 0; i <= kCapacity && status == PICOLOG_OK; ++i) {
            status = try_log(logger, "more");
            accepted += status == PICOLOG_OK;
        }
        EXPECT_EQ(status, PICOLOG_EAGAIN);
        EXPECT_GE(accepted, static_cast<int>(kCapacity) - 1);
        const picolog_queue_stats held = stats_of(queue);
        EXPECT_EQ(held.enqueued, static_cast<uint64_t>(1 + accepted));
        EXPECT_EQ(dropped(held), 0u);
        gate.open();
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    EXPECT_EQ(gate.emitted(), 1 + accepted);
}

TEST(CapiTryLog, TheThreadsContextFieldsGoWithTheRecord) {
    Capture capture;
    picolog_handler* queue = new_queue(capture.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, queue);
        const picolog_field fields[] = {{"request", "r-1"}, {"user", "ada"}};
        picolog_context_token token = 0;
        ASSERT_EQ(picolog_context_push(fields, 2, &token), PICOLOG_OK) << picolog_last_error();
        ASSERT_EQ(try_log(logger, "in context"), PICOLOG_OK);
        ASSERT_EQ(picolog_context_pop(token), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    }
    picolog_handler_release(queue);
    const auto records = capture.records();
    ASSERT_EQ(records.size(), 1u);
    using Fields = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(records[0].fields, (Fields{{"request", "r-1"}, {"user", "ada"}}));
}

TEST(CapiTryLog, ARecordsOwnFieldsGoWithItOutsideAContext) {
    Capture capture;
    picolog_handler* queue = new_queue(capture.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, queue);
        // Copied into the slot: the caller's strings are gone before the
        // listener reads the record.
        std::string key = "taskName", value = "Task-7";
        const picolog_field fields[] = {{key.c_str(), value.c_str()}, {"empty", ""}};
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.fields = fields;
        info.field_count = 2;
        ASSERT_EQ(try_log(logger, "own fields", &info), PICOLOG_OK) << picolog_last_error();
        key.assign(key.size(), 'x');
        value.assign(value.size(), 'x');
        ASSERT_EQ(try_log(logger, "none"), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        EXPECT_EQ(stats_of(queue).enqueued, 2u);
    }
    picolog_handler_release(queue);
    const auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    using Fields = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(records[0].message, "own fields");
    EXPECT_EQ(records[0].fields, (Fields{{"taskName", "Task-7"}, {"empty", ""}}));
    EXPECT_EQ(records[1].fields, Fields{});
}

TEST(CapiTryLog, BadArgumentsAreNamed) {
    picolog_logger* logger = test_logger();
    EXPECT_EQ(picolog_try_log_ex(nullptr, PICOLOG_INFO, "m", 1, nullptr), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("picolog_try_log_ex"), std::string::npos);
    EXPECT_EQ(picolog_try_log_ex(logger, -1, "m", 1, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_try_log_ex(logger, PICOLOG_INFO, nullptr, 1, nullptr), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("message"), std::string::npos);
}
