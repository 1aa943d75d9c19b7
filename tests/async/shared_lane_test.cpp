// shared_lane_test.cpp - threads past the channel's own lanes (a producer
// index from Channel::kMaxLanes on) share one lane under a mutex: their
// routed picolog_log records (Logger::log_message, the queue handler's
// inline push) reach the listener, every one, in each thread's order.
#include <barrier>
#include <thread>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/async/channel.hpp"
#include "picolog/async/queue_listener.hpp"
#include "picolog/logger.hpp"
#include "picolog/logger_route.hpp"
#include "picolog/registry.hpp"

using namespace async_test;

namespace {

TEST(SharedLane, RoutedRecordsOfThreadsPastTheOwnLanesAllArriveInOrder) {
    Watchdog dog("threads past the own lanes logging through the route");
    // Every thread holds its producer index until all have one, so the
    // last ones get indexes past the channel's own lanes.
    constexpr unsigned kThreads = async::Channel::kMaxLanes + 16;
    constexpr uint64_t kPerThread = 4;
    auto sink = Ref<SequenceHandler>::make(kThreads, 0);
    QueueOptions o;
    o.capacity = 64;
    auto q = make_queue(o, {sink});
    picolog::Logger& logger = picolog::Registry::instance().get("shared_lane_test");
    logger.set_propagate(false);
    logger.add_handler(q);

    std::barrier all_indexed(kThreads);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (unsigned t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            uint64_t seq = 0;
            const std::string first = tag(t, seq++);
            EXPECT_EQ(logger.log_message(INFO, first), kOk);
            all_indexed.arrive_and_wait();
            for (; seq < kPerThread; ++seq) {
                const std::string message = tag(t, seq);
                EXPECT_EQ(logger.log_message(INFO, message), kOk);
            }
        });
    }
    for (auto& th : threads) th.join();
    ASSERT_EQ(q->flush(), kOk);

    // The shared lane was made: it is the one after the own lanes.
    EXPECT_EQ(q->listener().channel().lanes(), async::Channel::kMaxLanes + 1);
    EXPECT_EQ(sink->total(), uint64_t{kThreads} * kPerThread);
    EXPECT_FALSE(sink->malformed);
    EXPECT_TRUE(sink->increasing);
    EXPECT_TRUE(sink->contiguous);
    for (unsigned t = 0; t < kThreads; ++t) EXPECT_EQ(sink->count[t], kPerThread) << "thread " << t;
    logger.remove_handler(q.get());
    EXPECT_EQ(q->close(), kOk);
}

}  // namespace
