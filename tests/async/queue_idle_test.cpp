// queue_idle_test.cpp - an idle listener sleeps in the kernel with no
// timeout, and producers pay for a wake-up only when it is asleep.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <fstream>
#include <sstream>

#include "async_test_util.hpp"
#include "picolog/async/queue_listener.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"

namespace {

using namespace async_test;

// The listener thread's current system call as the kernel reports it:
// "running", or the number and arguments of the call it is blocked in.
std::vector<std::string> current_syscall(int tid) {
    std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/syscall");
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

// A futex wait (FUTEX_WAIT_PRIVATE = 0x80) with a null timeout: the thread
// can only be woken by a futex wake.
bool in_untimed_futex_wait(const std::vector<std::string>& s) {
    return s.size() >= 5 && s[0] == std::to_string(SYS_futex) && s[2] == "0x80" && s[4] == "0x0";
}

// Waits (yielding, no sleeping) until the listener is blocked in its futex.
// Returns false if the kernel does not report system calls.
bool wait_until_blocked(QueueListener& listener) {
    const int tid = listener.activity().thread_id;
    for (;;) {
        std::vector<std::string> s = current_syscall(tid);
        if (s.empty()) return false;
        if (in_untimed_futex_wait(s)) return true;
        std::this_thread::yield();
    }
}

TEST(QueueIdle, AnIdleListenerSleepsWithoutATimeout) {
    auto q = make_queue({}, {Ref<NullHandler>::make()});
    QueueListener& listener = q->listener();
    ASSERT_EQ(q->handle(make_record("one")), kOk);
    ASSERT_EQ(q->flush(), kOk);
    listener.wait_for_sleep(0);
    if (!wait_until_blocked(listener)) GTEST_SKIP() << "/proc/<tid>/syscall is not available";

    const QueueListener::Activity before = listener.activity();
    for (int i = 0; i < 1000; ++i) {
        (void)q->stats();  // reading counters never wakes it
        std::this_thread::yield();
    }
    const QueueListener::Activity after = listener.activity();
    EXPECT_EQ(after.wakeups, before.wakeups);
    EXPECT_EQ(after.batches, before.batches);
    EXPECT_TRUE(in_untimed_futex_wait(current_syscall(before.thread_id)));

    // One record wakes it exactly once, by the producer that logged it.
    ASSERT_EQ(q->handle(make_record("two")), kOk);
    EXPECT_EQ(listener.activity().rung, before.rung + 1);
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(q->stats().emitted, 2u);
    EXPECT_GE(listener.activity().wakeups, before.wakeups + 1);
}

TEST(QueueIdle, ProducersDoNotWakeABusyListener) {
    auto gate = Ref<GateHandler>::make();
    QueueOptions o;
    o.capacity = 64;
    auto q = make_queue(o, {gate});
    QueueListener& listener = q->listener();
    ASSERT_EQ(q->handle(make_record("first")), kOk);
    gate->wait_entered(1);  // busy inside a handler: it cannot be asleep
    const uint64_t rung = listener.activity().rung;
    for (int i = 0; i < 60; ++i) ASSERT_EQ(q->handle(make_record("busy")), kOk);
    EXPECT_EQ(listener.activity().rung, rung) << "a producer issued a wake-up to a busy listener";
    gate->open();
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(q->stats().emitted, 61u);
    EXPECT_LE(listener.activity().batches, 61u);
}

// A listener that has just run dry naps in timed waits: a producer logging
// then does not pay for a wake-up, and its record is still written without
// a flush when the nap ends.
TEST(QueueIdle, ProducersDoNotWakeANappingListener) {
    auto gate = Ref<GateHandler>::make();
    gate->open();
    auto q = make_queue({}, {gate});
    QueueListener& listener = q->listener();
    ASSERT_EQ(q->handle(make_record("one")), kOk);
    gate->wait_entered(1);
    listener.wait_for_nap(0);
    const QueueListener::Activity before = listener.activity();
    ASSERT_EQ(q->handle(make_record("two")), kOk);
    gate->wait_entered(2);
    const QueueListener::Activity after = listener.activity();
    // Only meaningful if the nap did not turn into the deep sleep meanwhile
    // (a test thread descheduled for the whole nap spell).
    if (after.sleeps == before.sleeps) {
        EXPECT_EQ(after.rung, before.rung) << "a producer woke a napping listener";
    }
    EXPECT_EQ(gate->messages(), (std::vector<std::string>{"one", "two"}));
}

}  // namespace
