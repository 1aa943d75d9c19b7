// byte_budget_test.cpp - max_bytes is a real bound: heap blocks never hold
// more than max(max_bytes, the largest record), however many lanes offer an
// oversize record at once, and drop-oldest evicts only records whose heap
// blocks free the bytes missing, never inline records that free none.
#include <gtest/gtest.h>

#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/async/channel.hpp"

namespace {

using namespace async_test;
using async::Channel;

TEST(ByteBudget, OversizeRecordsFromManyLanesNeverExceedOneRecordOverTheBudget) {
    Channel ch(16, 4096);
    const std::string big(20000, 'B');
    constexpr unsigned kThreads = 8;
    std::barrier sync(kThreads);
    std::atomic<unsigned> admitted{0};
    std::atomic<size_t> largest{0};
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            Record r = make_record(big);
            async::PendingRecord p;
            ASSERT_EQ(ch.prepare(r, p), kOk);
            for (size_t l = largest.load(); p.size > l && !largest.compare_exchange_weak(l, p.size);) {
            }
            sync.arrive_and_wait();  // every lane empty, every record ready
            auto res = ch.try_push(p);
            fprintf(stderr, "push %d size %zu charge %zu\n", int(res), p.size, p.charge());
            if (res == Channel::Push::kOk) admitted.fetch_add(1);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(admitted.load(), 1u);
    EXPECT_LE(ch.heap_bytes(), std::max<size_t>(4096, largest.load()));
}

// Another thread's heap records hold the budget; this thread's lane holds
// only inline records, so evicting them would free nothing.
TEST(ByteBudget, DropOldestEvictsNoRecordThatFreesNoBytes) {
    auto gate = Ref<GateHandler>::make();
    QueueOptions o;
    o.capacity = 64;
    o.max_bytes = 8192;
    o.overflow = Overflow::DropOldest;
    auto q = make_queue(o, {gate});
    ASSERT_EQ(q->handle(make_record("held")), kOk);
    gate->wait_entered(1);             // the listener is stuck; everything below stays queued
    const std::string mid(1500, 'm');  // a heap record (larger than a slot)
    std::thread([&] {
        for (int i = 0; i < 5; ++i) ASSERT_EQ(q->handle(make_record(mid)), kOk);
    }).join();
    for (int i = 0; i < 10; ++i) ASSERT_EQ(q->handle(make_record("small " + std::to_string(i))), kOk);
    // Over budget: nothing of this thread's can make room.
    EXPECT_EQ(q->handle(make_record(std::string(3000, 'n'))), kDropped);
    QueueStats s = q->stats();
    EXPECT_EQ(s.dropped_oldest, 0u) << "inline records evicted for nothing";
    EXPECT_EQ(s.dropped_newest, 1u);
    gate->open();
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(gate->messages().size(), 16u);
    q->close();
}

// This thread's own heap record frees bytes: it is evicted, with the
// inline record ahead of it (older), and nothing behind it.
TEST(ByteBudget, DropOldestEvictsTheShortestRunThatFreesTheBytesMissing) {
    auto gate = Ref<GateHandler>::make();
    QueueOptions o;
    o.capacity = 64;
    o.max_bytes = 4096;
    o.overflow = Overflow::DropOldest;
    auto q = make_queue(o, {gate});
    std::thread([&] { ASSERT_EQ(q->handle(make_record("held")), kOk); }).join();
    gate->wait_entered(1);
    const std::string mid(1500, 'm');
    for (const std::string& m : {std::string("s0"), mid, std::string("s1"), mid, std::string("s2")})
        ASSERT_EQ(q->handle(make_record(m)), kOk);
    ASSERT_EQ(q->handle(make_record(std::string(2000, 'n'))), kOk);
    EXPECT_EQ(q->stats().dropped_oldest, 2u);
    gate->open();
    ASSERT_EQ(q->flush(), kOk);
    auto got = gate->messages();
    ASSERT_EQ(got.size(), 5u);
    EXPECT_EQ(got[1], "s1");
    EXPECT_EQ(got[2], mid);
    EXPECT_EQ(got[3], "s2");
    q->close();
}

}  // namespace
