// memory_target_cycle_test.cpp - targets of memory and backtrace handlers
// that would pass records back to the handler they come from: refused, as a
// configuration file refuses them, since each record would go round the
// cycle until the stack overflowed.
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "memory_test_util.hpp"

using namespace capi_test;

namespace {

using Strings = std::vector<std::string>;

picolog_handler* backtrace_handler(picolog_handler* target) {
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_backtrace_handler_new(&h, nullptr, target), PICOLOG_OK) << picolog_last_error();
    return h;
}

bool names_a_cycle(const std::string& message) {
    return message.find("picolog_memory_handler_set_target") == 0 &&
           message.find("cycle") != std::string::npos;
}

}  // namespace

TEST(CapiMemoryTargetCycle, TwoMemoryHandlersCannotFeedEachOther) {
    picolog_handler* first = memory_handler(100, PICOLOG_ERROR, nullptr);
    picolog_handler* second = memory_handler(100, PICOLOG_ERROR, first);
    ASSERT_EQ(picolog_memory_handler_set_target(first, second), PICOLOG_EINVAL);
    EXPECT_TRUE(names_a_cycle(picolog_last_error())) << picolog_last_error();

    // Nothing changed: the first still has no target and keeps what it gets
    // from the second.
    Capture sink;
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, second);
        ASSERT_EQ(picolog_log(logger, PICOLOG_ERROR, "passed on once"), PICOLOG_OK) << picolog_last_error();
    }
    EXPECT_EQ(buffered(first), 1u);
    ASSERT_EQ(picolog_memory_handler_set_target(first, sink.handler()), PICOLOG_OK) << picolog_last_error();
    ASSERT_EQ(picolog_handler_flush(first), PICOLOG_OK);
    EXPECT_EQ(sink.messages(), (Strings{"passed on once"}));
    picolog_handler_release(second);
    picolog_handler_release(first);
}

TEST(CapiMemoryTargetCycle, ALongerCycleThroughABacktraceRingIsRefused) {
    picolog_handler* head = memory_handler(100, PICOLOG_ERROR, nullptr);
    picolog_handler* ring = backtrace_handler(head);
    picolog_handler* tail = memory_handler(100, PICOLOG_ERROR, ring);
    EXPECT_EQ(picolog_memory_handler_set_target(head, tail), PICOLOG_EINVAL);
    EXPECT_TRUE(names_a_cycle(picolog_last_error())) << picolog_last_error();
    EXPECT_EQ(picolog_memory_handler_set_target(ring, tail), PICOLOG_EINVAL);
    EXPECT_TRUE(names_a_cycle(picolog_last_error())) << picolog_last_error();
    for (picolog_handler* h : {tail, ring, head}) picolog_handler_release(h);
}

// Handlers that share a target, or a chain given a new head, make no cycle.
TEST(CapiMemoryTargetCycle, ChainsAndSharedTargetsAreAccepted) {
    Capture sink;
    picolog_handler* inner = memory_handler(100, PICOLOG_ERROR, sink.handler());
    picolog_handler* outer = memory_handler(100, PICOLOG_ERROR, nullptr);
    picolog_handler* beside = memory_handler(100, PICOLOG_ERROR, nullptr);
    EXPECT_EQ(picolog_memory_handler_set_target(outer, inner), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(picolog_memory_handler_set_target(beside, inner), PICOLOG_OK) << picolog_last_error();
    // A target that a cycle check once refused may be set once the cycle is gone.
    EXPECT_EQ(picolog_memory_handler_set_target(inner, outer), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_memory_handler_set_target(outer, nullptr), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(picolog_memory_handler_set_target(inner, outer), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, beside);
        ASSERT_EQ(picolog_log(logger, PICOLOG_ERROR, "through two"), PICOLOG_OK) << picolog_last_error();
    }
    EXPECT_EQ(buffered(outer), 1u);
    for (picolog_handler* h : {beside, outer, inner}) picolog_handler_release(h);
}

// Two threads each closing half of a cycle at once: one of them is refused.
TEST(CapiMemoryTargetCycle, HalvesOfACycleSetAtOnceAreNotBothAccepted) {
    for (int round = 0; round < 200; ++round) {
        picolog_handler* a = memory_handler(100, PICOLOG_ERROR, nullptr);
        picolog_handler* b = memory_handler(100, PICOLOG_ERROR, nullptr);
        std::latch start(2);
        int a_to_b = 1, b_to_a = 1;
        std::thread other([&] {
            start.arrive_and_wait();
            b_to_a = picolog_memory_handler_set_target(b, a);
        });
        start.arrive_and_wait();
        a_to_b = picolog_memory_handler_set_target(a, b);
        other.join();
        ASSERT_EQ((a_to_b == PICOLOG_OK) + (b_to_a == PICOLOG_OK), 1) << "round " << round;
        ASSERT_EQ((a_to_b == PICOLOG_EINVAL) + (b_to_a == PICOLOG_EINVAL), 1) << "round " << round;
        picolog_handler_release(a);
        picolog_handler_release(b);
    }
}
