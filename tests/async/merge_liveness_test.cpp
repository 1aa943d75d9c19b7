// merge_liveness_test.cpp - the listener's merge by timestamp never starves
// a lane: a record stamped in the future (a caller-given time, or one
// logged before the wall clock stepped back) is taken within a bounded
// number of other records, so its producer and flush() go on.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/async/channel.hpp"
#include "picolog/async/owned_record.hpp"

namespace {

using namespace async_test;

// Spends about 100 µs per record (a slow sink), counting what it saw.
class SlowHandler final : public Handler {
public:
    std::atomic<uint64_t> future{0};

protected:
    int emit(const Record& record, std::string_view) override {
        if (record.message == "future") future.fetch_add(1, std::memory_order_relaxed);
        const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(100);
        while (std::chrono::steady_clock::now() < until) {
        }
        return kOk;
    }
};

// The bound itself, on the channel alone: a lane whose first record is
// stamped 10 s ahead is served after at most 1,024 records of other lanes
// (plus one rescan interval of 32), though they are all older.
TEST(MergeLiveness, AFutureRecordWaitsBehindABoundedNumberOfOthers) {
    async::Channel ch(8, 1 << 20);
    // This thread's lane first, so the other thread cannot be given it; two
    // records, so that it is never empty when the consumer looks.
    ASSERT_EQ(ch.try_push(make_record("now")), async::Channel::Push::kOk);
    ASSERT_EQ(ch.try_push(make_record("now")), async::Channel::Push::kOk);
    std::thread([&] {
        Record r = make_record("future");
        r.created_ns += int64_t{10'000'000'000};
        ASSERT_EQ(ch.try_push(r), async::Channel::Push::kOk);
    }).join();
    async::TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    uint64_t before = 0;
    for (;; ++before) {
        ASSERT_LE(before, 1024u + 32u + 1u);
        ASSERT_EQ(ch.try_pop(t), async::Channel::Pop::kOk);
        if (async::decode(t.data, fields).message == "future") break;
        ASSERT_EQ(ch.try_push(make_record("now")), async::Channel::Push::kOk);
    }
    EXPECT_GT(before, 0u);  // the order is still by time while it waits
}

TEST(MergeLiveness, ARecordStampedInTheFutureDoesNotStallFlush) {
    auto sink = Ref<SlowHandler>::make();
    QueueOptions o;
    o.capacity = 64;
    o.overflow = Overflow::Block;
    auto q = make_queue(o, {sink});
    std::atomic<bool> stop{false};
    std::vector<std::thread> loggers;
    for (int i = 0; i < 3; ++i) {
        loggers.emplace_back([&] {
            while (!stop.load(std::memory_order_relaxed)) q->handle(make_record("now"));
        });
    }
    // Without the age cap, the flush would wait until the clock reached the
    // future record (2 minutes); the watchdog is far below that, and far
    // above what the bounded wait takes on a loaded machine.
    Watchdog dog("producer and flush behind a record stamped 2 minutes ahead", std::chrono::seconds(30));
    std::thread future_logger([&] {
        Record r = make_record("future");
        r.created_ns += int64_t{120'000'000'000};
        EXPECT_EQ(q->handle(r), kOk);
        // Behind it in the same lane: these too must get through.
        for (int i = 0; i < 200; ++i) EXPECT_EQ(q->handle(make_record("after")), kOk);
    });
    future_logger.join();
    EXPECT_EQ(q->flush(), kOk);
    EXPECT_EQ(sink->future.load(), 1u);
    stop.store(true);
    for (auto& t : loggers) t.join();
    q->close();
}

}  // namespace
