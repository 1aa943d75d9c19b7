// queue_close_test.cpp - close(): drains before joining, refuses and counts
// later records, is idempotent and safe from several threads, wakes
// producers blocked on a full queue, and survives its queue being released
// from its own listener thread.
#include <gtest/gtest.h>

#include <barrier>
#include <latch>

#include "async_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"

namespace {

using namespace async_test;

TEST(QueueClose, DrainsEveryAcceptedRecordAndClosesTheHandlers) {
    auto seq = Ref<SequenceHandler>::make(1, 50);
    QueueOptions o;
    o.capacity = 64;
    auto q = make_queue(o, {seq});
    const uint64_t n = 20000 / kScale;
    for (uint64_t i = 0; i < n; ++i) {
        std::string m = tag(0, i);
        ASSERT_EQ(q->handle(make_record(m)), kOk);
    }
    EXPECT_EQ(q->close(), kOk);
    EXPECT_EQ(seq->count[0], n);
    EXPECT_TRUE(seq->contiguous);
    EXPECT_TRUE(seq->closed());
    EXPECT_TRUE(q->closed());
    EXPECT_EQ(q->stats().emitted, n);
}

TEST(QueueClose, LaterRecordsAreRefusedAndCounted) {
    auto q = make_queue({}, {Ref<NullHandler>::make()});
    ASSERT_EQ(q->handle(make_record("kept")), kOk);
    EXPECT_EQ(q->close(), kOk);
    EXPECT_EQ(q->close(), kOk) << "idempotent";
    EXPECT_EQ(q->handle(make_record("late")), kBadState);
    EXPECT_EQ(q->handle(make_record("later")), kBadState);
    EXPECT_EQ(q->flush(), kOk);
    QueueStats s = q->stats();
    EXPECT_EQ(s.enqueued, 1u);
    EXPECT_EQ(s.emitted, 1u);
    EXPECT_EQ(s.dropped_closed, 2u);
}

TEST(QueueClose, ManyThreadsCloseWhileOthersLog) {
    auto seq = Ref<SequenceHandler>::make(2, 10);
    QueueOptions o;
    o.capacity = 16;
    o.overflow = Overflow::Block;
    auto q = make_queue(o, {seq});
    std::barrier go(6);
    std::vector<uint64_t> ok(2), refused(2);
    std::vector<std::thread> threads;
    for (unsigned p = 0; p < 2; ++p) {
        threads.emplace_back([&, p] {
            go.arrive_and_wait();
            for (uint64_t i = 0; i < 5000; ++i) {
                std::string m = tag(p, i);
                int st = q->handle(make_record(m));
                (st == kOk ? ok[p] : refused[p])++;
                if (st != kOk) {
                    EXPECT_EQ(st, kBadState);
                }
            }
        });
    }
    std::vector<int> close_status(4, -100);
    for (int c = 0; c < 4; ++c) {
        threads.emplace_back([&, c] {
            go.arrive_and_wait();
            close_status[c] = q->close();
        });
    }
    for (auto& t : threads) t.join();
    for (int st : close_status) EXPECT_EQ(st, kOk);
    QueueStats s = q->stats();
    EXPECT_EQ(s.emitted, ok[0] + ok[1]) << "every accepted record was drained before close returned";
    EXPECT_EQ(s.dropped_closed, refused[0] + refused[1]);
    EXPECT_EQ(seq->count[0], ok[0]);
    EXPECT_EQ(seq->count[1], ok[1]);
    EXPECT_TRUE(seq->contiguous) << "once refused, a producer's later records are refused too";
}

TEST(QueueClose, WakesProducersBlockedOnAFullQueue) {
    auto gate = Ref<GateHandler>::make();
    QueueOptions o;
    o.capacity = 2;
    o.overflow = Overflow::Block;
    auto q = make_queue(o, {gate});
    ASSERT_EQ(q->handle(make_record("first")), kOk);
    gate->wait_entered(1);
    // The capacity is per producing thread: this one fills its own lane.
    int blocked_status = 1;
    std::latch lane_full(1);
    std::thread producer([&] {
        EXPECT_EQ(q->handle(make_record("a")), kOk);
        EXPECT_EQ(q->handle(make_record("b")), kOk);
        lane_full.count_down();
        blocked_status = q->handle(make_record("blocked"));
    });
    lane_full.wait();
    std::thread closer([&] { EXPECT_EQ(q->close(), kOk); });
    producer.join();  // returns only once close() has refused it
    EXPECT_EQ(blocked_status, kBadState);
    gate->open();
    closer.join();
    EXPECT_EQ(gate->messages(), (std::vector<std::string>{"first", "a", "b"}));
    EXPECT_EQ(q->stats().dropped_closed, 1u);
}

// Holds the only reference to its own queue and drops it inside emit(), on
// the listener thread.
class SelfReleasingHandler final : public Handler {
public:
    Ref<QueueHandler> keep;
    GateHandler* gate = nullptr;

    void wait_closed() {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return closed_; });
    }

protected:
    int emit(const Record& r, std::string_view) override {
        if (r.message == "release") {
            std::unique_lock lock(m_);
            cv_.wait(lock, [&] { return released_; });
            lock.unlock();
            keep = nullptr;  // the last reference: the queue is destroyed here
        }
        return kOk;
    }
    void do_close() override {
        std::lock_guard lock(m_);
        closed_ = true;
        cv_.notify_all();
    }

public:
    void allow_release() {
        std::lock_guard lock(m_);
        released_ = true;
        cv_.notify_all();
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool released_ = false;
    bool closed_ = false;
};

TEST(QueueClose, ReleasedFromItsOwnListenerThread) {
    auto h = Ref<SelfReleasingHandler>::make();
    auto q = make_queue({}, {h});
    h->keep = q;
    ASSERT_EQ(q->handle(make_record("release")), kOk);
    ASSERT_EQ(q->handle(make_record("drained after the release")), kOk);
    q = nullptr;
    h->allow_release();
    h->wait_closed();  // the detached thread drained and closed its handlers
}

}  // namespace
