// queue_test.cpp - queue handlers built through the C API: options, stats
// that add up, flush, and the drop policies against a stalled listener.
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

picolog_queue_stats stats_of(picolog_handler* queue) {
    picolog_queue_stats stats{};
    EXPECT_EQ(picolog_queue_handler_stats(queue, &stats, sizeof stats), PICOLOG_OK) << picolog_last_error();
    return stats;
}

// With the listener stuck in the gate on the first record, logs `extra`
// records into a queue of `capacity` under `overflow`; returns the status of
// each extra call.
struct StalledRun {
    std::vector<int> statuses;
    picolog_queue_stats stats{};
    int emitted = 0;
};

StalledRun run_stalled(int overflow, size_t capacity, int extra, uint32_t timeout_ms = 0) {
    Gate gate;
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.capacity = capacity;
    options.overflow = overflow;
    options.timeout_ms = timeout_ms;
    picolog_handler* queue = nullptr;
    picolog_handler* listener_handlers[] = {gate.handler()};
    EXPECT_EQ(picolog_queue_handler_new(&queue, &options, listener_handlers, 1), PICOLOG_OK)
        << picolog_last_error();
    StalledRun run;
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, queue);
        EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "first"), PICOLOG_OK);
        gate.wait_until_entered(1);
        for (int i = 0; i < extra; ++i)
            run.statuses.push_back(picolog_logf(logger, PICOLOG_INFO, "extra %d", i));
        gate.open();
        EXPECT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        run.stats = stats_of(queue);
    }
    picolog_handler_release(queue);
    run.emitted = gate.emitted();
    return run;
}

int count(const std::vector<int>& statuses, int status) {
    int n = 0;
    for (int s : statuses) n += s == status;
    return n;
}

}  // namespace

TEST(CapiQueue, FlushWritesEverythingAndStatsAddUp) {
    TempDir dir;
    std::string path = dir.file("queued.log");
    picolog_handler *file = nullptr, *queue = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&file, path.c_str(), nullptr), PICOLOG_OK);
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.capacity = 16;
    ASSERT_EQ(picolog_queue_handler_new(&queue, &options, &file, 1), PICOLOG_OK) << picolog_last_error();
    picolog_handler_release(file);  // the queue holds its own reference
    EXPECT_EQ(picolog_handler_is_queue(queue), 1);
    picolog_logger* logger = test_logger();
    constexpr int kRecords = 1000;
    {
        Attached attached(logger, queue);
        for (int i = 0; i < kRecords; ++i)
            ASSERT_EQ(picolog_logf(logger, PICOLOG_INFO, "record %d", i), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
        auto lines = read_lines(path);
        ASSERT_EQ(lines.size(), static_cast<size_t>(kRecords));
        for (int i = 0; i < kRecords; ++i) EXPECT_EQ(lines[i], "record " + std::to_string(i));
        picolog_queue_stats stats = stats_of(queue);
        EXPECT_EQ(stats.enqueued, static_cast<uint64_t>(kRecords));
        EXPECT_EQ(stats.emitted, static_cast<uint64_t>(kRecords));
        EXPECT_EQ(stats.queued, 0u);
        EXPECT_EQ(stats.failed, 0u);
        EXPECT_EQ(stats.dropped_newest + stats.dropped_oldest + stats.dropped_timeout + stats.dropped_closed,
                  0u);
        EXPECT_GE(stats.capacity, 16u);
        EXPECT_GE(stats.high_water, 1u);
        EXPECT_LE(stats.high_water, stats.capacity);
    }
    picolog_handler_release(queue);
}

TEST(CapiQueue, DropNewestRefusesWhenFull) {
    StalledRun run = run_stalled(PICOLOG_OVERFLOW_DROP_NEWEST, 4, 50);
    int accepted = count(run.statuses, PICOLOG_OK);
    int dropped = count(run.statuses, PICOLOG_EDROPPED);
    EXPECT_EQ(accepted + dropped, 50);
    EXPECT_GT(dropped, 0);
    EXPECT_EQ(run.stats.dropped_newest, static_cast<uint64_t>(dropped));
    EXPECT_EQ(run.stats.enqueued, static_cast<uint64_t>(1 + accepted));
    EXPECT_EQ(run.stats.emitted, run.stats.enqueued);
    EXPECT_EQ(run.emitted, 1 + accepted);
}

TEST(CapiQueue, DropOldestEvictsAndAccepts) {
    StalledRun run = run_stalled(PICOLOG_OVERFLOW_DROP_OLDEST, 4, 50);
    EXPECT_EQ(count(run.statuses, PICOLOG_OK), 50);
    EXPECT_GT(run.stats.dropped_oldest, 0u);
    EXPECT_EQ(run.stats.emitted + run.stats.dropped_oldest, 51u);
    EXPECT_EQ(static_cast<uint64_t>(run.emitted), run.stats.emitted);
}

TEST(CapiQueue, BlockTimeoutGivesUp) {
    StalledRun run = run_stalled(PICOLOG_OVERFLOW_BLOCK_TIMEOUT, 2, 10, 1);
    int timed_out = count(run.statuses, PICOLOG_ETIMEDOUT);
    int accepted = count(run.statuses, PICOLOG_OK);
    EXPECT_EQ(timed_out + accepted, 10);
    EXPECT_GT(timed_out, 0);
    EXPECT_EQ(run.stats.dropped_timeout, static_cast<uint64_t>(timed_out));
    EXPECT_EQ(run.emitted, 1 + accepted);
}

TEST(CapiQueue, ErrorsNameTheProblem) {
    picolog_handler* q = reinterpret_cast<picolog_handler*>(0x1);
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.version = 3;
    EXPECT_EQ(picolog_queue_handler_new(&q, &options, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("picolog_queue_options version 3"), std::string::npos);
    options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.overflow = 9;
    EXPECT_EQ(picolog_queue_handler_new(&q, &options, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(),
                 "picolog_queue_handler_new: overflow 9 is not a PICOLOG_OVERFLOW_* policy");
    options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.capacity = 0;
    EXPECT_EQ(picolog_queue_handler_new(&q, &options, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("capacity"), std::string::npos) << picolog_last_error();
    options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.overflow = PICOLOG_OVERFLOW_BLOCK_TIMEOUT;
    options.timeout_ms = 0;
    EXPECT_EQ(picolog_queue_handler_new(&q, &options, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_queue_handler_new(&q, nullptr, nullptr, 2), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_queue_handler_new: handlers is NULL but count is 2");
    picolog_handler* none[] = {nullptr};
    EXPECT_EQ(picolog_queue_handler_new(&q, nullptr, none, 1), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_queue_handler_new: handlers[0] is NULL");
    EXPECT_EQ(picolog_queue_handler_new(nullptr, nullptr, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_EQ(q, nullptr);
}

TEST(CapiQueue, AHandlerBelongsToOneOwner) {
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&h), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    picolog_handler* q = nullptr;
    {
        Attached attached(logger, h);
        EXPECT_EQ(picolog_queue_handler_new(&q, nullptr, &h, 1), PICOLOG_EINVAL);
        EXPECT_NE(std::string(picolog_last_error()).find("attached"), std::string::npos)
            << picolog_last_error();
    }
    ASSERT_EQ(picolog_queue_handler_new(&q, nullptr, &h, 1), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(picolog_logger_add_handler(logger, h), PICOLOG_EINVAL);
    picolog_handler* q2 = nullptr;
    EXPECT_EQ(picolog_queue_handler_new(&q2, nullptr, &h, 1), PICOLOG_EINVAL);
    picolog_handler_release(q);
    picolog_handler_release(h);
}

TEST(CapiQueue, StatsArguments) {
    picolog_handler *plain = nullptr, *q = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&plain), PICOLOG_OK);
    ASSERT_EQ(picolog_queue_handler_new(&q, nullptr, nullptr, 0), PICOLOG_OK) << picolog_last_error();
    picolog_queue_stats stats;
    EXPECT_EQ(picolog_queue_handler_stats(plain, &stats, sizeof stats), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_queue_handler_stats: the handler is not a queue handler");
    EXPECT_EQ(picolog_queue_handler_stats(q, &stats, sizeof stats - 1), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_queue_handler_stats(q, nullptr, sizeof stats), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_queue_handler_stats(nullptr, &stats, sizeof stats), PICOLOG_EINVAL);
    ASSERT_EQ(picolog_queue_handler_stats(q, &stats, sizeof stats), PICOLOG_OK);
    EXPECT_EQ(stats.capacity, 8192u);
    EXPECT_EQ(stats.enqueued, 0u);
    picolog_handler_release(q);
    picolog_handler_release(plain);
}

TEST(CapiQueue, ClosedQueueIgnoresRecords) {
    picolog_handler* q = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&q, nullptr, nullptr, 0), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    Attached attached(logger, q);
    ASSERT_EQ(picolog_handler_close(q), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "late"), PICOLOG_OK);
    EXPECT_EQ(stats_of(q).dropped_closed, 1u);
    picolog_handler_release(q);
}
