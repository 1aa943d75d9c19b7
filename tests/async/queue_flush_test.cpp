// queue_flush_test.cpp - flush(): a record logged before the call is in the
// file when it returns; concurrent flushers; a handler flushing or logging
// back into its own queue from the listener thread; large records through a
// small byte budget.
#include <gtest/gtest.h>

#include "async_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"

namespace {

using namespace async_test;

TEST(QueueFlush, ARecordLoggedBeforeFlushIsInTheFile) {
    TempDir dir;
    const std::string path = dir.file("flush.log");
    FileOptions fo;
    fo.truncate = true;
    // Buffered with no interval: only a flush writes the lines out, so the
    // test sees whether flush() reached the handler after the record.
    fo.flush_policy = FlushPolicy::Buffered;
    fo.flush_interval_ms = 0;
    fo.flush_level = CRITICAL + 1;
    fo.buffer_size = 1 << 20;
    auto file = Ref<FileHandler>::make(path, fo);
    auto q = make_queue({}, {file});
    const int rounds = 200 / static_cast<int>(kScale) + 10;
    for (int i = 0; i < rounds; ++i) {
        std::string m = "record " + std::to_string(i);
        ASSERT_EQ(q->handle(make_record(m)), kOk);
        ASSERT_EQ(q->flush(), kOk);
        std::vector<std::string> lines = read_lines(path);
        ASSERT_EQ(lines.size(), static_cast<size_t>(i + 1));
        ASSERT_EQ(lines.back(), m);
    }
}

TEST(QueueFlush, ConcurrentFlushersEachSeeTheirRecords) {
    constexpr unsigned kThreads = 4;
    const uint64_t per_thread = 4000 / kScale;
    auto seq = Ref<SequenceHandler>::make(kThreads, 20);
    QueueOptions o;
    o.capacity = 32;
    auto q = make_queue(o, {seq});
    std::vector<std::thread> threads;
    std::atomic<uint64_t> late{0};
    for (unsigned t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (uint64_t i = 0; i < per_thread; ++i) {
                std::string m = tag(t, i);
                q->handle(make_record(m));
                if (i % 25 == 24 || i + 1 == per_thread) {
                    EXPECT_EQ(q->flush(), kOk);
                    if (seq->flushed_last[t].load(std::memory_order_acquire) < static_cast<int64_t>(i))
                        ++late;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(late.load(), 0u) << "a flush returned before its records were emitted and flushed";
    EXPECT_TRUE(seq->contiguous);
    EXPECT_EQ(seq->total(), kThreads * per_thread);
}

TEST(QueueFlush, FlushWithNothingLoggedReturns) {
    auto q = make_queue({}, {Ref<NullHandler>::make()});
    EXPECT_EQ(q->flush(), kOk);
    EXPECT_EQ(q->flush(), kOk);
}

// A handler that calls back into the queue that owns it, on the listener
// thread: once, on the first record.
class ReentrantHandler final : public Handler {
public:
    QueueHandler* queue = nullptr;
    int flush_status = 1;
    std::vector<int> log_statuses;
    int records = 0;
    int extra = 0;  // records to log back into the queue

protected:
    int emit(const Record&, std::string_view) override {
        if (records++ == 0) {
            flush_status = queue->flush();
            for (int i = 0; i < extra; ++i) log_statuses.push_back(queue->handle(make_record("echo")));
        }
        return kOk;
    }
};

TEST(QueueFlush, FlushFromTheListenerThreadDoesNotDeadlock) {
    auto h = Ref<ReentrantHandler>::make();
    auto q = make_queue({}, {h});
    h->queue = q.get();
    ASSERT_EQ(q->handle(make_record("trigger")), kOk);
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(h->flush_status, kBadState);
    EXPECT_EQ(h->records, 1);
}

TEST(QueueFlush, LoggingIntoItsOwnFullQueueIsRefusedNotDeadlocked) {
    auto h = Ref<ReentrantHandler>::make();
    h->extra = 6;
    QueueOptions o;
    o.capacity = 4;
    o.overflow = Overflow::Block;
    auto q = make_queue(o, {h});
    h->queue = q.get();
    ASSERT_EQ(q->handle(make_record("trigger")), kOk);
    ASSERT_EQ(q->flush(), kOk);  // covers the trigger, which logged the echoes
    ASSERT_EQ(q->flush(), kOk);  // covers the echoes
    EXPECT_EQ(h->log_statuses, (std::vector<int>{kOk, kOk, kOk, kOk, kDropped, kDropped}));
    EXPECT_EQ(h->records, 5);
    EXPECT_EQ(q->stats().dropped_newest, 2u);
}

// Checks each message against the pattern it was built from.
class PatternHandler final : public Handler {
public:
    static std::string make(size_t size, char seed) {
        std::string s(size, '\0');
        for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>(seed + i * 7 % 61);
        return s;
    }
    int intact = 0, damaged = 0;

protected:
    int emit(const Record& r, std::string_view) override {
        char seed = r.message.empty() ? 0 : r.message[0];
        (r.message == make(r.message.size(), seed) ? intact : damaged)++;
        return kOk;
    }
};

TEST(QueueFlush, LargeMessagesArriveIntactThroughASmallBudget) {
    auto h = Ref<PatternHandler>::make();
    QueueOptions o;
    o.capacity = 16;
    o.max_bytes = 4096;  // every 1 MiB record waits for an empty queue
    auto q = make_queue(o, {h});
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 8; ++i) {
                std::string big = PatternHandler::make(1 << 20, static_cast<char>('A' + t * 8 + i));
                EXPECT_EQ(q->handle(make_record(big)), kOk);
                std::string small = PatternHandler::make(100, static_cast<char>('a' + i));
                EXPECT_EQ(q->handle(make_record(small)), kOk);
            }
        });
    }
    for (auto& th : threads) th.join();
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(h->intact, 32);
    EXPECT_EQ(h->damaged, 0);
    EXPECT_EQ(q->stats().emitted, 32u);
}

TEST(QueueFlush, OversizeRecordIsAcceptedWholeWhenEmptyAndRefusedOtherwise) {
    auto gate = Ref<GateHandler>::make();
    QueueOptions o;
    o.capacity = 8;
    o.max_bytes = 1000;
    o.overflow = Overflow::DropNewest;
    auto q = make_queue(o, {gate});
    ASSERT_EQ(q->handle(make_record("first")), kOk);
    gate->wait_entered(1);  // taken out: the channel is empty again
    std::string big(5000, 'x');
    EXPECT_EQ(q->handle(make_record(big)), kOk) << "over budget, but the queue is empty";
    EXPECT_EQ(q->handle(make_record("small")), kDropped) << "the budget is used up";
    gate->open();
    ASSERT_EQ(q->flush(), kOk);
    auto got = gate->messages();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[1], big);
    EXPECT_EQ(q->stats().dropped_newest, 1u);
}

}  // namespace
