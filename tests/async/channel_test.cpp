// channel_test.cpp - the bounded channel on its own: order, capacity
// (including one slot and non-powers of two), the byte budget, eviction,
// close, the fork reset, per-thread lanes and their merge, flush marks, and
// many producers against one consumer, and which of two taken records was
// queued first.
#include "picolog/async/channel.hpp"

#include <gtest/gtest.h>

#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/async/owned_record.hpp"
#include "picolog/error.hpp"

namespace {

using picolog::Field;
using picolog::Record;
using namespace picolog::async;
using Push = Channel::Push;
using Pop = Channel::Pop;

Push push(Channel& ch, std::string_view message) {
    Record r;
    r.message = message;
    PendingRecord p;
    EXPECT_EQ(ch.prepare(r, p), picolog::kOk);
    return ch.try_push(p);
}

std::string pop(Channel& ch, TakenRecord& t, std::vector<Field>& fields) {
    EXPECT_EQ(ch.try_pop(t), Pop::kOk);
    ch.release_bytes(t.charge());
    return std::string(decode(t.data, fields).message);
}

Push push_at(Channel& ch, std::string_view message, int64_t created_ns) {
    Record r;
    r.message = message;
    r.created_ns = created_ns;
    PendingRecord p;
    EXPECT_EQ(ch.prepare(r, p), picolog::kOk);
    return ch.try_push(p);
}

// A crash drain and the listener taking records from one channel at once
// (crash_drain.cpp): whichever took first, the records say which one was
// queued first.
struct TakenMeanwhile {
    Channel* ch;
    const TakenRecord* before;  // taken by the listener before the drain began
    TakenRecord* after;         // taken by the listener during the drain
    std::vector<std::string> drained;
};

TEST(Channel, TakenRecordsOfOneLaneAreOrderedByPosition) {
    Channel ch(8, 1 << 20);
    // Times running backwards: in a lane only the position counts.
    for (int i = 0; i < 4; ++i) ASSERT_EQ(push_at(ch, "m" + std::to_string(i), 1000 - i), Push::kOk);
    TakenRecord before = ch.make_taken(), after = ch.make_taken(), buf = ch.make_taken();
    ASSERT_EQ(ch.try_pop(before), Pop::kOk);  // m0
    TakenMeanwhile state{&ch, &before, &after, {}};
    ch.drain_for_crash(
        buf,
        [](const TakenRecord& record, void* p) {
            auto& s = *static_cast<TakenMeanwhile*>(p);
            std::vector<Field> fields;
            s.drained.emplace_back(decode(record.data, fields).message);
            if (s.drained.size() != 1) return;
            EXPECT_TRUE(queued_before(*s.before, record));
            EXPECT_FALSE(queued_before(record, *s.before));
            ASSERT_EQ(s.ch->try_pop(*s.after), Pop::kOk);  // m2, while m1 is being written
            EXPECT_TRUE(queued_before(record, *s.after));
            EXPECT_FALSE(queued_before(*s.after, record));
        },
        &state);
    EXPECT_EQ(state.drained, (std::vector<std::string>{"m1", "m3"}));
}

TEST(Channel, TakenRecordsOfTwoLanesAreOrderedByTime) {
    Channel ch(8, 1 << 20);
    ASSERT_EQ(push_at(ch, "later", 2000), Push::kOk);
    std::thread([&] { ASSERT_EQ(push_at(ch, "earlier", 1000), Push::kOk); }).join();  // its own lane
    TakenRecord first = ch.make_taken(), second = ch.make_taken();
    std::vector<Field> fields;
    ASSERT_EQ(ch.try_pop(first), Pop::kOk);
    ASSERT_EQ(ch.try_pop(second), Pop::kOk);
    EXPECT_EQ(decode(first.data, fields).message, "earlier");
    EXPECT_NE(first.lane, second.lane);
    EXPECT_TRUE(queued_before(first, second));
    EXPECT_FALSE(queued_before(second, first));
}

TEST(Channel, FifoUpToCapacityThenFull) {
    Channel ch(5, 1 << 20);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(push(ch, "m" + std::to_string(i)), Push::kOk);
    EXPECT_EQ(push(ch, "overflow"), Push::kFull);
    EXPECT_EQ(ch.depth(), 5u);
    EXPECT_EQ(ch.high_water(), 5u);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    for (int lap = 0; lap < 3; ++lap) {
        for (int i = 0; i < 5; ++i) EXPECT_EQ(pop(ch, t, fields), "m" + std::to_string(i));
        EXPECT_EQ(ch.try_pop(t), Pop::kEmpty);
        for (int i = 0; i < 5; ++i) EXPECT_EQ(push(ch, "m" + std::to_string(i)), Push::kOk);
    }
    EXPECT_EQ(ch.enqueued(), 20u);
}

TEST(Channel, OneSlotAlternates) {
    Channel ch(1, 1 << 20);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(push(ch, std::to_string(i)), Push::kOk);
        EXPECT_EQ(push(ch, "no room"), Push::kFull);
        EXPECT_EQ(pop(ch, t, fields), std::to_string(i));
        EXPECT_EQ(ch.try_pop(t), Pop::kEmpty);
    }
}

TEST(Channel, LargeRecordsGoToTheHeapWhole) {
    Channel ch(4, size_t{64} << 20);
    std::string big(ch.slot_payload() * 10, 'b');
    big[1234] = 'X';
    EXPECT_EQ(push(ch, big), Push::kOk);
    EXPECT_EQ(push(ch, "small"), Push::kOk);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    EXPECT_EQ(pop(ch, t, fields), big);
    EXPECT_NE(t.heap, nullptr);
    EXPECT_EQ(pop(ch, t, fields), "small");
}

// Only heap blocks count against the budget: inline records are bounded by
// the ring, and are refused only while the budget is over its limit.
TEST(Channel, ByteBudgetCountsHeapRecordsAndAdmitsAnOversizeOneOnlyWhenEmpty) {
    constexpr size_t kCapacity = 100;
    const std::string mid(Channel(kCapacity, 1).slot_payload() + 1, 'm');  // one byte too many for a slot
    Record r;
    r.message = mid;
    Channel ch(kCapacity, encoded_size(r) * 3);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(push(ch, mid), Push::kOk);
    EXPECT_EQ(push(ch, mid), Push::kFull) << "the budget holds three heap records";
    for (int i = 0; i < 20; ++i) EXPECT_EQ(push(ch, "s"), Push::kOk) << "inline records are not charged";
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    std::string big(10000, 'B');
    EXPECT_EQ(push(ch, big), Push::kFull) << "over budget while not empty";
    for (int i = 0; i < 23; ++i) pop(ch, t, fields);
    EXPECT_EQ(push(ch, big), Push::kOk) << "accepted whole when empty";
    EXPECT_EQ(push(ch, "s"), Push::kFull) << "while over budget, inline records wait too";
    EXPECT_EQ(push(ch, mid), Push::kFull);
    EXPECT_EQ(pop(ch, t, fields), big);
    EXPECT_EQ(push(ch, "s"), Push::kOk);
    EXPECT_EQ(push(ch, mid), Push::kOk);
}

TEST(Channel, EvictOldestRemovesTheHead) {
    Channel ch(3, 1 << 20);
    for (int i = 0; i < 3; ++i) push(ch, std::to_string(i));
    EXPECT_EQ(ch.evict_oldest(0), Channel::Evict::kEvicted);
    EXPECT_EQ(push(ch, "3"), Push::kOk);
    EXPECT_EQ(ch.drops().oldest, 1u);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    EXPECT_EQ(pop(ch, t, fields), "1");
    EXPECT_EQ(pop(ch, t, fields), "2");
    EXPECT_EQ(pop(ch, t, fields), "3");
    EXPECT_EQ(ch.evict_oldest(0), Channel::Evict::kNothing);
}

TEST(Channel, CloseRefusesPushesButKeepsQueuedRecords) {
    Channel ch(4, 1 << 20);
    push(ch, "before");
    ch.close();
    EXPECT_TRUE(ch.closed());
    EXPECT_EQ(push(ch, "after"), Push::kClosed);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    EXPECT_EQ(pop(ch, t, fields), "before");
    EXPECT_EQ(ch.try_pop(t), Pop::kEmpty);
    EXPECT_EQ(ch.enqueued(), 1u);
}

TEST(Channel, ResetAfterForkEmptiesAndKeepsCounting) {
    Channel ch(3, 1 << 20);
    push(ch, "a");
    push(ch, std::string(5000, 'h'));  // a heap block, freed by the reset
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    pop(ch, t, fields);
    ch.reset_after_fork(1);  // the record taken out was passed on
    EXPECT_EQ(ch.depth(), 0u);
    EXPECT_EQ(ch.try_pop(t), Pop::kEmpty);
    EXPECT_EQ(ch.enqueued(), 1u) << "the discarded record was the parent's";
    for (int i = 0; i < 3; ++i) EXPECT_EQ(push(ch, std::to_string(i)), Push::kOk);
    EXPECT_EQ(push(ch, "x"), Push::kFull);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(pop(ch, t, fields), std::to_string(i));
    EXPECT_EQ(ch.enqueued(), 4u);
}

TEST(Channel, WaitForRoomReturnsOnTimeoutAndOnClose) {
    Channel ch(1, 1 << 20);
    push(ch, "fills it");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1);
    EXPECT_FALSE(ch.wait_for_room(10, &deadline));
    std::thread closer([&] { ch.close(); });
    EXPECT_TRUE(ch.wait_for_room(10, nullptr)) << "close wakes a blocked producer";
    closer.join();
}

Record stamped(std::string_view message, int64_t created_ns) {
    Record r;
    r.message = message;
    r.created_ns = created_ns;
    return r;
}

Push push_from_thread(Channel& ch, std::string_view message, int64_t created_ns) {
    Push result = Push::kFull;
    std::thread([&] {
        Record r = stamped(message, created_ns);
        PendingRecord p;
        ASSERT_EQ(ch.prepare(r, p), picolog::kOk);
        result = ch.try_push(p);
    }).join();
    return result;
}

// Each thread has its own lane: one thread filling its lane does not take
// room from another, and the consumer merges the lanes by timestamp.
TEST(Channel, EveryThreadHasItsOwnLaneAndTheConsumerMergesByTime) {
    Channel ch(2, 1 << 20);
    Record r1 = stamped("main 10", 10), r2 = stamped("main 40", 40);
    PendingRecord p1, p2;
    ASSERT_EQ(ch.prepare(r1, p1), picolog::kOk);
    ASSERT_EQ(ch.prepare(r2, p2), picolog::kOk);
    ASSERT_EQ(ch.try_push(p1), Push::kOk);
    ASSERT_EQ(ch.try_push(p2), Push::kOk);
    EXPECT_EQ(push(ch, "main full"), Push::kFull);
    std::thread other([&] {
        for (int64_t ts : {20, 30}) {
            const std::string message = "other " + std::to_string(ts);
            Record r = stamped(message, ts);
            PendingRecord p;
            ASSERT_EQ(ch.prepare(r, p), picolog::kOk);
            EXPECT_EQ(ch.try_push(p), Push::kOk) << "a full lane elsewhere takes no room here";
        }
    });
    other.join();
    EXPECT_EQ(ch.depth(), 4u);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    for (const char* expected : {"main 10", "other 20", "other 30", "main 40"})
        EXPECT_EQ(pop(ch, t, fields), expected);
    EXPECT_EQ(ch.try_pop(t), Pop::kEmpty);
}

// A thread that exits gives its lane to the next new thread.
TEST(Channel, LanesAreReusedByLaterThreads) {
    Channel ch(4, 1 << 20);
    EXPECT_EQ(push_from_thread(ch, "first", 1), Push::kOk);
    const size_t lanes = ch.lanes();
    EXPECT_EQ(push_from_thread(ch, "second", 2), Push::kOk);
    EXPECT_EQ(ch.lanes(), lanes);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    EXPECT_EQ(pop(ch, t, fields), "first");
    EXPECT_EQ(pop(ch, t, fields), "second");
}

// A flush mark covers what each lane had published when it was taken.
TEST(Channel, MarksAreReachedOnceEverythingBeforeThemIsTaken) {
    Channel ch(8, 1 << 20);
    push(ch, "a");
    push_from_thread(ch, "b", 0);
    std::vector<uint64_t> marks;
    ch.mark(marks);
    EXPECT_FALSE(ch.reached(marks));
    push(ch, "after the mark");
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    pop(ch, t, fields);
    pop(ch, t, fields);
    EXPECT_TRUE(ch.reached(marks)) << "the record pushed after the mark is not waited for";
    EXPECT_TRUE(ch.has_records());
}

// Many producers, one consumer, lanes much smaller than the traffic: every
// record arrives once, in order per producer.
TEST(Channel, ManyProducersOneConsumer) {
    constexpr unsigned kProducers = 4;
    const uint64_t per_producer = 50000 / async_test::kScale;
    Channel ch(7, 1 << 20);
    std::vector<std::thread> producers;
    for (unsigned p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (uint64_t i = 0; i < per_producer; ++i) {
                std::string m = async_test::tag(p, i);
                Record r;
                r.message = m;
                PendingRecord pending;
                ASSERT_EQ(ch.prepare(r, pending), picolog::kOk);
                while (ch.try_push(pending) != Push::kOk) ch.wait_for_room(pending.charge(), nullptr);
            }
        });
    }
    std::vector<int64_t> last(kProducers, -1);
    TakenRecord t = ch.make_taken();
    std::vector<Field> fields;
    uint64_t received = 0;
    bool in_order = true;
    while (received < per_producer * kProducers) {
        if (ch.try_pop(t) != Pop::kOk) {
            ch.notify_room();
            std::this_thread::yield();
            continue;
        }
        ch.release_bytes(t.charge());
        unsigned p;
        uint64_t seq;
        ASSERT_TRUE(async_test::parse_tag(decode(t.data, fields).message, p, seq));
        if (static_cast<int64_t>(seq) != last[p] + 1) in_order = false;
        last[p] = static_cast<int64_t>(seq);
        ++received;
        ch.notify_room();
    }
    for (auto& th : producers) th.join();
    EXPECT_TRUE(in_order);
    EXPECT_EQ(ch.try_pop(t), Pop::kEmpty);
    EXPECT_EQ(ch.enqueued(), per_producer * kProducers);
    EXPECT_LE(ch.high_water(), 7u);
}

}  // namespace
