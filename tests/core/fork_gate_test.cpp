// fork_gate_test.cpp - a thread's fork gate (fork_gate.hpp): a quiet
// section that nests, and a thread that the forking thread froze, which
// leaves its quiet section only when the parent thaws it.
#include "picolog/fork_gate.hpp"

#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "core_test_util.hpp"

namespace picolog::test {
namespace {

uint32_t state_of(const fork_gate::Gate& gate) {
    return gate.state.load(std::memory_order_acquire);
}

TEST(ForkGate, AQuietSectionNestsAndEndsRunning) {
    fork_gate::Gate* gate = fork_gate::current();
    ASSERT_NE(gate, nullptr);
    EXPECT_EQ(state_of(*gate), fork_gate::kRunning);
    {
        fork_gate::Quiet outer;
        EXPECT_EQ(state_of(*gate), fork_gate::kQuiet);
        {
            fork_gate::Quiet inner;
            EXPECT_EQ(state_of(*gate), fork_gate::kQuiet);
        }
        EXPECT_EQ(state_of(*gate), fork_gate::kQuiet);  // the inner section did not end the outer one
    }
    EXPECT_EQ(state_of(*gate), fork_gate::kRunning);
}

TEST(ForkGate, ARunningThreadCannotBeFrozen) {
    fork_gate::Gate* gate = fork_gate::current();
    ASSERT_NE(gate, nullptr);
    EXPECT_FALSE(fork_gate::freeze(*gate));
    EXPECT_EQ(state_of(*gate), fork_gate::kRunning);
}

TEST(ForkGate, AFrozenThreadLeavesItsQuietSectionOnlyAfterTheThaw) {
    std::atomic<fork_gate::Gate*> gate{nullptr};
    std::atomic<pid_t> tid{0};
    std::atomic<bool> may_leave{false};
    std::atomic<bool> left{false};
    std::thread quiet([&] {
        tid = static_cast<pid_t>(::syscall(SYS_gettid));
        {
            fork_gate::Quiet section;
            gate = fork_gate::current();
            while (!may_leave.load()) std::this_thread::yield();
        }
        left = true;
    });
    while (gate.load() == nullptr) std::this_thread::yield();
    ASSERT_TRUE(fork_gate::freeze(*gate.load()));
    EXPECT_EQ(state_of(*gate.load()), fork_gate::kFrozen);
    may_leave = true;
    // Leaving, the thread finds its gate frozen and waits on it.
    EXPECT_TRUE(wait_in_syscall(tid.load(), SYS_futex, left)) << "the frozen thread left its quiet section";
    EXPECT_FALSE(left.load());
    fork_gate::thaw_all_after_fork_parent();
    quiet.join();
    EXPECT_TRUE(left.load());
    EXPECT_EQ(state_of(*gate.load()), fork_gate::kRunning);
}

}  // namespace
}  // namespace picolog::test
