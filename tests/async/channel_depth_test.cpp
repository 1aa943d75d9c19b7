// channel_depth_test.cpp - the depth figures (queued, high-water) while a
// producer and the consumer race: a slot's sequence number is published
// before its lane's tail, so the consumer can take a record whose tail the
// producer has not stored yet. No figure may then read as a negative depth
// wrapped to 2^64-1.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/async/channel.hpp"

namespace {

using namespace picolog::async;

TEST(ChannelDepth, HighWaterAndDepthNeverWrapWhileTheConsumerOvertakesTheTail) {
    async_test::Watchdog dog("depth stress");
    Channel ch(4, 1 << 20);
    const uint64_t records = 100'000 / async_test::kScale;
    std::atomic<bool> done{false};
    std::thread producer([&] {
        picolog::Record r;
        r.message = "x";
        for (uint64_t i = 0; i < records;)
            if (ch.try_push(r) == Channel::Push::kOk) ++i;
        done.store(true, std::memory_order_release);
    });
    TakenRecord t = ch.make_taken();
    uint64_t worst_depth = 0;
    uint64_t taken = 0;
    while (!done.load(std::memory_order_acquire) || taken < records) {
        if (ch.try_pop(t) == Channel::Pop::kOk) ++taken;
        // Right after a pop: the moment the tail may still lag the head.
        ch.sample_depth();
        worst_depth = std::max(worst_depth, ch.depth());
    }
    producer.join();
    EXPECT_EQ(taken, records);
    EXPECT_LE(ch.high_water(), ch.capacity());
    EXPECT_LE(worst_depth, ch.capacity());
}

}  // namespace
