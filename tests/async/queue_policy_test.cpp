// queue_policy_test.cpp - the four overflow policies under load (8
// producers into a 64-slot queue with a slow handler) and against a listener
// that is stuck inside a handler.
#include <gtest/gtest.h>

#include <barrier>

#include "async_test_util.hpp"
#include "picolog/error.hpp"

namespace {

using namespace async_test;

constexpr unsigned kProducers = 8;
const uint64_t kPerProducer = 200000 / kScale;
constexpr int kWork = 100;  // hashing rounds per record in the handler

struct Outcome {
    std::vector<uint64_t> ok, dropped, timed_out, other;
    uint64_t sum(const std::vector<uint64_t>& v) const {
        uint64_t n = 0;
        for (uint64_t x : v) n += x;
        return n;
    }
};

// Every producer logs its records "p 0" .. "p n-1"; with last_after_barrier
// all producers log their last record only after every producer has logged
// all the others.
Outcome run_producers(QueueHandler& q, bool last_after_barrier) {
    Outcome out;
    out.ok.assign(kProducers, 0);
    out.dropped.assign(kProducers, 0);
    out.timed_out.assign(kProducers, 0);
    out.other.assign(kProducers, 0);
    std::barrier start(kProducers), before_last(kProducers);
    std::vector<std::thread> threads;
    for (unsigned p = 0; p < kProducers; ++p) {
        threads.emplace_back([&, p] {
            start.arrive_and_wait();
            for (uint64_t i = 0; i < kPerProducer; ++i) {
                if (last_after_barrier && i + 1 == kPerProducer) before_last.arrive_and_wait();
                std::string m = tag(p, i);
                switch (q.handle(make_record(m))) {
                    case kOk:
                        ++out.ok[p];
                        break;
                    case kDropped:
                        ++out.dropped[p];
                        break;
                    case kTimedOut:
                        ++out.timed_out[p];
                        break;
                    default:
                        ++out.other[p];
                        break;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    return out;
}

Ref<QueueHandler> queue_of(Overflow policy, Ref<Handler> handler, size_t capacity = 64,
                           std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) {
    QueueOptions o;
    o.capacity = capacity;
    o.overflow = policy;
    o.timeout = timeout;
    return make_queue(o, {std::move(handler)});
}

TEST(QueuePolicy, BlockDeliversEveryRecordInOrder) {
    auto seq = Ref<SequenceHandler>::make(kProducers, kWork);
    auto q = queue_of(Overflow::Block, seq);
    Outcome out = run_producers(*q, false);
    ASSERT_EQ(q->flush(), kOk);
    for (unsigned p = 0; p < kProducers; ++p) {
        EXPECT_EQ(out.ok[p], kPerProducer);
        EXPECT_EQ(seq->count[p], kPerProducer) << "producer " << p;
    }
    EXPECT_TRUE(seq->contiguous);
    EXPECT_FALSE(seq->malformed);
    QueueStats s = q->stats();
    EXPECT_EQ(s.enqueued, kProducers * kPerProducer);
    EXPECT_EQ(s.emitted, kProducers * kPerProducer);
    EXPECT_EQ(s.dropped_newest + s.dropped_oldest + s.dropped_timeout + s.dropped_closed, 0u);
    EXPECT_EQ(s.failed, 0u);
    EXPECT_EQ(s.queued, 0u);
    EXPECT_GE(s.high_water, 1u);
    EXPECT_LE(s.high_water, 64u);
}

TEST(QueuePolicy, DropNewestCountsEveryRefusal) {
    auto seq = Ref<SequenceHandler>::make(kProducers, kWork);
    auto q = queue_of(Overflow::DropNewest, seq);
    Outcome out = run_producers(*q, false);
    ASSERT_EQ(q->flush(), kOk);
    QueueStats s = q->stats();
    for (unsigned p = 0; p < kProducers; ++p) {
        EXPECT_EQ(out.ok[p] + out.dropped[p], kPerProducer);
        EXPECT_EQ(seq->count[p], out.ok[p]);
    }
    EXPECT_EQ(out.sum(out.other) + out.sum(out.timed_out), 0u);
    EXPECT_TRUE(seq->increasing);
    EXPECT_EQ(s.dropped_newest, out.sum(out.dropped));
    EXPECT_EQ(s.emitted + s.dropped_newest, kProducers * kPerProducer);
    EXPECT_EQ(s.enqueued, s.emitted);
    EXPECT_EQ(s.dropped_oldest + s.dropped_timeout, 0u);
}

TEST(QueuePolicy, DropOldestKeepsTheNewest) {
    auto seq = Ref<SequenceHandler>::make(kProducers, kWork);
    auto q = queue_of(Overflow::DropOldest, seq);
    Outcome out = run_producers(*q, true);
    ASSERT_EQ(q->flush(), kOk);
    QueueStats s = q->stats();
    EXPECT_EQ(out.sum(out.ok), kProducers * kPerProducer) << "drop-oldest never refuses the caller";
    EXPECT_TRUE(seq->increasing);
    EXPECT_EQ(seq->total() + s.dropped_oldest, kProducers * kPerProducer);
    EXPECT_EQ(s.emitted + s.dropped_oldest, kProducers * kPerProducer);
    EXPECT_EQ(s.enqueued, kProducers * kPerProducer);
    for (unsigned p = 0; p < kProducers; ++p)
        EXPECT_EQ(seq->last[p], static_cast<int64_t>(kPerProducer - 1))
            << "producer " << p << "'s last record";
}

TEST(QueuePolicy, BlockTimeoutDropsOnlyWhatTimedOut) {
    auto seq = Ref<SequenceHandler>::make(kProducers, kWork);
    auto q = queue_of(Overflow::BlockTimeout, seq, 64, std::chrono::milliseconds(1));
    Outcome out = run_producers(*q, false);
    ASSERT_EQ(q->flush(), kOk);
    QueueStats s = q->stats();
    for (unsigned p = 0; p < kProducers; ++p) {
        EXPECT_EQ(out.ok[p] + out.timed_out[p], kPerProducer);
        EXPECT_EQ(seq->count[p], out.ok[p]);
    }
    EXPECT_TRUE(seq->increasing);
    EXPECT_EQ(s.dropped_timeout, out.sum(out.timed_out));
    EXPECT_EQ(s.emitted + s.dropped_timeout, kProducers * kPerProducer);
    EXPECT_EQ(s.dropped_newest + s.dropped_oldest, 0u);
}

// The listener is held inside a handler on the first record; the channel
// then fills to capacity.
struct Stuck {
    Ref<GateHandler> gate = Ref<GateHandler>::make();
    Ref<QueueHandler> q;
    std::vector<std::string> messages;

    Stuck(Overflow policy, std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) {
        q = queue_of(policy, gate, 4, timeout);
        EXPECT_EQ(q->handle(make_record("first")), kOk);
        gate->wait_entered(1);
        for (int i = 0; i < 4; ++i) {
            messages.push_back("m" + std::to_string(i));
            EXPECT_EQ(q->handle(make_record(messages.back())), kOk);
        }
        EXPECT_EQ(q->stats().queued, 4u);
    }
    ~Stuck() { gate->open(); }  // a failed expectation must not leave close() waiting
    std::vector<std::string> release() {
        gate->open();
        EXPECT_EQ(q->flush(), kOk);
        return gate->messages();
    }
};

TEST(QueuePolicy, BlockTimeoutReturnsTimedOutWhenTheListenerIsStuck) {
    Stuck s(Overflow::BlockTimeout, std::chrono::milliseconds(20));
    EXPECT_EQ(s.q->handle(make_record("late")), kTimedOut);
    auto got = s.release();
    EXPECT_EQ(got, (std::vector<std::string>{"first", "m0", "m1", "m2", "m3"}));
    QueueStats st = s.q->stats();
    EXPECT_EQ(st.dropped_timeout, 1u);
    EXPECT_EQ(st.emitted, 5u);
    EXPECT_EQ(st.high_water, 4u);
}

TEST(QueuePolicy, DropNewestReturnsDroppedWhenFull) {
    Stuck s(Overflow::DropNewest);
    EXPECT_EQ(s.q->handle(make_record("late")), kDropped);
    EXPECT_EQ(s.release(), (std::vector<std::string>{"first", "m0", "m1", "m2", "m3"}));
    EXPECT_EQ(s.q->stats().dropped_newest, 1u);
}

TEST(QueuePolicy, DropOldestEvictsTheHead) {
    Stuck s(Overflow::DropOldest);
    for (const char* m : {"n0", "n1", "n2"}) EXPECT_EQ(s.q->handle(make_record(m)), kOk);
    EXPECT_EQ(s.release(), (std::vector<std::string>{"first", "m3", "n0", "n1", "n2"}));
    QueueStats st = s.q->stats();
    EXPECT_EQ(st.dropped_oldest, 3u);
    EXPECT_EQ(st.enqueued, 8u);
    EXPECT_EQ(st.emitted, 5u);
}

}  // namespace
