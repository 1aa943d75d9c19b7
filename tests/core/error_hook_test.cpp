// error_hook_test.cpp - replacing the error hook while another thread is in
// it: the replacement returns once that call has returned (so the old
// hook's userdata may be freed), except from inside a callback, whose
// caller may hold a lock the call waits for. The wait seam tells the test
// the replacement is about to wait, so no test waits on a clock.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "held_call.hpp"
#include "picolog/reentry.hpp"
#include "picolog/runtime.hpp"

namespace picolog::test {
namespace {

// An error hook whose first call waits until the test lets it go, and says
// when it returns.
struct HeldHook : test_support::HeldCall {
    static void hook(const char*, void* self) { static_cast<HeldHook*>(self)->hold(); }
};

// The hook a replacement waits for, and how often a replacement began to
// wait: the seam lets that hook go, so a replacement never waits for ever.
HeldHook* g_waited_for = nullptr;
std::atomic<int> g_waits{0};

void on_wait() {
    ++g_waits;
    g_waited_for->let_go();
}

class ErrorHookReplacement : public ::testing::Test {
protected:
    void SetUp() override {
        g_waited_for = &old_;
        g_waits = 0;
        runtime::set_error_hook(&HeldHook::hook, &old_);
        reporter_ = std::thread([] { runtime::report_error("held"); });
        old_.wait_until_entered();
        runtime::set_error_hook_wait_seam_for_test(&on_wait);
    }
    void TearDown() override {
        old_.let_go();
        reporter_.join();
        runtime::set_error_hook_wait_seam_for_test(nullptr);
        runtime::set_error_hook(nullptr, nullptr);
        g_waited_for = nullptr;
    }
    HeldHook old_;
    std::thread reporter_;
};

void ignore(const char*, void*) {}

TEST_F(ErrorHookReplacement, AReplacementReturnsOnceAnotherThreadsCallOfTheOldHookReturned) {
    runtime::set_error_hook(&ignore, nullptr);
    EXPECT_EQ(g_waits, 1);
    EXPECT_TRUE(old_.has_returned());
}

TEST_F(ErrorHookReplacement, AReplacementFromInsideACallbackDoesNotWait) {
    {
        reentry::Callout callback;
        runtime::set_error_hook(&ignore, nullptr);
    }
    EXPECT_EQ(g_waits, 0);
    EXPECT_FALSE(old_.has_returned());
}

TEST_F(ErrorHookReplacement, AReplacementWithNoOtherCallInProgressDoesNotWait) {
    old_.let_go();
    reporter_.join();
    reporter_ = std::thread([] {});
    runtime::set_error_hook(&ignore, nullptr);
    EXPECT_EQ(g_waits, 0);
}

}  // namespace
}  // namespace picolog::test
