// handler_mutex_test.cpp - a handler's lock: exclusion between threads
// (waiters sleeping or spinning first), re-entry by its holder, the
// holder's gate, a thread without a gate, and the state a forked child
// keeps.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core_test_util.hpp"
#include "picolog/handler_mutex.hpp"

namespace picolog::test {
namespace {

uintptr_t self() {
    return HandlerMutex::identity(fork_gate::current());
}

void count_under_lock(HandlerMutex& m) {
    constexpr int kThreads = 4;
    const int per_thread = scaled(100000);
    long counter = 0;  // guarded by m only
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < per_thread; ++i) {
                m.lock();
                ++counter;
                m.unlock();
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(counter, long{kThreads} * per_thread);
}

TEST(HandlerMutex, ExcludesOtherThreads) {
    HandlerMutex m;
    EXPECT_FALSE(m.spinning());
    count_under_lock(m);
}

TEST(HandlerMutex, ExcludesOtherThreadsWhoseWaitersSpinFirst) {
    HandlerMutex m;
    m.set_spinning(true);
    EXPECT_TRUE(m.spinning());
    count_under_lock(m);
}

// A spinning waiter that does not see the lock come free goes to sleep on
// it, and the unlock wakes it.
TEST(HandlerMutex, AWaiterThatOutlastsItsSpinSleepsAndTheUnlockWakesIt) {
    HandlerMutex m;
    m.set_spinning(true);
    m.lock();
    bool took = false;
    std::thread waiter([&] {
        m.lock();
        took = true;
        m.unlock();
    });
    while (!m.has_sleepers()) std::this_thread::yield();
    EXPECT_FALSE(took);
    m.unlock();
    waiter.join();
    EXPECT_TRUE(took);
    EXPECT_FALSE(m.has_sleepers());
}

TEST(HandlerMutex, ItsHolderMayTakeItAgain) {
    HandlerMutex m;
    m.lock();
    ASSERT_TRUE(m.try_lock());
    m.lock();
    bool other_took = true;
    std::thread([&] { other_took = m.try_lock(); }).join();
    EXPECT_FALSE(other_took);
    m.unlock();
    m.unlock();
    std::thread([&] { other_took = m.try_lock(); }).join();
    EXPECT_FALSE(other_took);  // still held once
    m.unlock();
    std::thread([&] {
        other_took = m.try_lock();
        if (other_took) m.unlock();
    }).join();
    EXPECT_TRUE(other_took);
}

TEST(HandlerMutex, NamesTheGateOfItsHolder) {
    HandlerMutex m;
    EXPECT_EQ(m.holder(), nullptr);
    m.lock();
    EXPECT_EQ(m.holder(), fork_gate::current());
    m.unlock();
    EXPECT_EQ(m.holder(), nullptr);
}

TEST(HandlerMutex, AThreadWithoutAGateIsNamedByNoGate) {
    HandlerMutex m;
    const uintptr_t gateless = HandlerMutex::identity(nullptr);
    EXPECT_NE(gateless & HandlerMutex::kNoGate, 0u);
    ASSERT_TRUE(m.try_lock(gateless));
    EXPECT_TRUE(m.try_lock(gateless));  // re-entry
    EXPECT_EQ(m.holder(), nullptr);     // the forking thread cannot freeze it
    EXPECT_FALSE(m.try_lock(self()));   // another identity waits
    m.unlock();
    m.unlock();
    EXPECT_TRUE(m.try_lock(self()));
    m.unlock();
}

TEST(HandlerMutex, AForkedChildKeepsOnlyItsOwnHoldsLessThePrepareStep) {
    // Held twice by this thread, once more by a prepare step: the child
    // keeps two levels.
    HandlerMutex mine;
    mine.lock();
    mine.lock();
    ASSERT_TRUE(mine.try_lock());
    EXPECT_TRUE(mine.reinit_after_fork_child(self(), 1));
    mine.unlock();
    bool other_took = true;
    std::thread([&] { other_took = mine.try_lock(); }).join();
    EXPECT_FALSE(other_took);
    mine.unlock();
    EXPECT_EQ(mine.holder(), nullptr);

    // Taken only by the prepare step: free in the child.
    HandlerMutex prepared;
    ASSERT_TRUE(prepared.try_lock());
    EXPECT_FALSE(prepared.reinit_after_fork_child(self(), 1));
    EXPECT_EQ(prepared.holder(), nullptr);

    // Held by another thread (which the child does not have): free.
    HandlerMutex theirs;
    std::thread([&] { ASSERT_TRUE(theirs.try_lock()); }).join();
    EXPECT_FALSE(theirs.reinit_after_fork_child(self(), 0));
    EXPECT_TRUE(theirs.try_lock());
    theirs.unlock();
}

}  // namespace
}  // namespace picolog::test
