// thresholds_test.cpp - the threshold pointer, picolog_disable, level
// listeners and the global minimum threshold.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "capi_test_util.hpp"
#include "held_call.hpp"

using namespace capi_test;

namespace {

// PICOLOG_ENABLED through the pointer must agree with the function.
void expect_pointer_agrees(const picolog_logger* logger) {
    const volatile int32_t* threshold = picolog_logger_threshold_ptr(logger);
    for (int level = 0; level <= 60; ++level)
        EXPECT_EQ(PICOLOG_ENABLED(threshold, level) ? 1 : 0, picolog_logger_is_enabled_for(logger, level))
            << "level " << level;
}

struct ListenerLog {
    std::atomic<int> calls{0};
    std::atomic<int> last_min{-1};
    static void listener(void* self) {
        auto* log = static_cast<ListenerLog*>(self);
        log->calls++;
        log->last_min = picolog_min_threshold();
    }
};

// A listener whose first call waits until the test lets it go; later calls
// return at once.
struct BlockingListener : test_support::HeldCall {
    static void listener(void* self) { static_cast<BlockingListener*>(self)->hold(); }
};

}  // namespace

TEST(CapiThresholds, PointerIsStableAndFollowsSetLevel) {
    picolog_logger* logger = test_logger({}, PICOLOG_INFO);
    const volatile int32_t* threshold = picolog_logger_threshold_ptr(logger);
    ASSERT_NE(threshold, nullptr);
    EXPECT_EQ(threshold, picolog_logger_threshold_ptr(logger));
    EXPECT_EQ(*threshold, PICOLOG_INFO);
    expect_pointer_agrees(logger);
    ASSERT_EQ(picolog_logger_set_level(logger, PICOLOG_ERROR), PICOLOG_OK);
    EXPECT_EQ(*threshold, PICOLOG_ERROR);
    EXPECT_FALSE(PICOLOG_ENABLED(threshold, PICOLOG_WARNING));
    EXPECT_TRUE(PICOLOG_ENABLED(threshold, PICOLOG_ERROR));
    expect_pointer_agrees(logger);
}

TEST(CapiThresholds, PointerFollowsTheParentsLevel) {
    picolog_logger* parent = test_logger("p", PICOLOG_WARNING);
    picolog_logger* child = nullptr;
    ASSERT_EQ(picolog_get_logger(&child, (unique_name("p") + ".c").c_str()), PICOLOG_OK);
    const volatile int32_t* threshold = picolog_logger_threshold_ptr(child);
    EXPECT_EQ(*threshold, PICOLOG_WARNING);
    ASSERT_EQ(picolog_logger_set_level(parent, PICOLOG_DEBUG), PICOLOG_OK);
    EXPECT_EQ(*threshold, PICOLOG_DEBUG);
    expect_pointer_agrees(child);
}

TEST(CapiThresholds, PointerFoldsInTheDisabledFlag) {
    picolog_logger* logger = test_logger({}, PICOLOG_DEBUG);
    const volatile int32_t* threshold = picolog_logger_threshold_ptr(logger);
    ASSERT_EQ(picolog_logger_set_disabled(logger, 1), PICOLOG_OK);
    EXPECT_FALSE(PICOLOG_ENABLED(threshold, PICOLOG_CRITICAL));
    EXPECT_FALSE(PICOLOG_ENABLED(threshold, 1000000));
    expect_pointer_agrees(logger);
    ASSERT_EQ(picolog_logger_set_disabled(logger, 0), PICOLOG_OK);
    EXPECT_EQ(*threshold, PICOLOG_DEBUG);
    expect_pointer_agrees(logger);
}

TEST(CapiThresholds, PointerFoldsInGlobalDisable) {
    picolog_logger* logger = test_logger({}, PICOLOG_DEBUG);
    const volatile int32_t* threshold = picolog_logger_threshold_ptr(logger);
    ASSERT_EQ(picolog_disable(PICOLOG_INFO), PICOLOG_OK);
    EXPECT_FALSE(PICOLOG_ENABLED(threshold, PICOLOG_INFO));
    EXPECT_TRUE(PICOLOG_ENABLED(threshold, PICOLOG_INFO + 1));
    expect_pointer_agrees(logger);
    ASSERT_EQ(picolog_disable(PICOLOG_NOTSET), PICOLOG_OK);
    EXPECT_EQ(*threshold, PICOLOG_DEBUG);
    expect_pointer_agrees(logger);
}

TEST(CapiThresholds, DisableDropsRecords) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    ASSERT_EQ(picolog_disable(PICOLOG_WARNING), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_WARNING, "dropped"), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_ERROR, "kept"), PICOLOG_OK);
    ASSERT_EQ(picolog_disable(PICOLOG_NOTSET), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_WARNING, "back"), PICOLOG_OK);
    EXPECT_EQ(capture.messages(), (std::vector<std::string>{"kept", "back"}));
    EXPECT_EQ(picolog_disable(-1), PICOLOG_EINVAL);
}

TEST(CapiThresholds, NoRecordPassesAClosedLoggerNotEvenAtTheTopLevel) {
    // The threshold cannot exceed INT32_MAX, which a record at INT32_MAX
    // passes; a disabled logger and picolog_disable(INT32_MAX) refuse it too.
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    ASSERT_EQ(picolog_disable(INT32_MAX), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_is_enabled_for(logger, INT32_MAX), 0);
    EXPECT_EQ(picolog_log(logger, INT32_MAX, "dropped: disabled up to the top"), PICOLOG_OK);
    EXPECT_EQ(picolog_logf(logger, INT32_MAX, "dropped: %s", "printf"), PICOLOG_OK);
    ASSERT_EQ(picolog_disable(INT32_MAX - 1), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_is_enabled_for(logger, INT32_MAX), 1);
    EXPECT_EQ(picolog_log(logger, INT32_MAX, "kept: above the disable level"), PICOLOG_OK);
    ASSERT_EQ(picolog_disable(PICOLOG_NOTSET), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_set_disabled(logger, 1), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_is_enabled_for(logger, INT32_MAX), 0);
    EXPECT_EQ(picolog_log(logger, INT32_MAX, "dropped: the logger is disabled"), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_set_disabled(logger, 0), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, INT32_MAX, "kept: enabled again"), PICOLOG_OK);
    EXPECT_EQ(capture.messages(),
              (std::vector<std::string>{"kept: above the disable level", "kept: enabled again"}));
}

TEST(CapiThresholds, NoQueuedRecordPassesAClosedLoggerAtTheTopLevel) {
    // The same through a queue handler, the route's way.
    Capture capture;
    picolog_handler* queue = nullptr;
    picolog_queue_options opts = PICOLOG_QUEUE_OPTIONS_INIT;
    picolog_handler* target = capture.handler();
    ASSERT_EQ(picolog_queue_handler_new(&queue, &opts, &target, 1), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    Attached attached(logger, queue);
    ASSERT_EQ(picolog_disable(INT32_MAX), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, INT32_MAX, "dropped"), PICOLOG_OK);
    EXPECT_EQ(picolog_logf(logger, INT32_MAX, "dropped %d", 2), PICOLOG_OK);
    ASSERT_EQ(picolog_disable(PICOLOG_NOTSET), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, INT32_MAX, "kept"), PICOLOG_OK);
    ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    EXPECT_EQ(capture.messages(), (std::vector<std::string>{"kept"}));
    picolog_handler_release(queue);
}

TEST(CapiThresholds, ListenersFireAndMinThresholdFollows) {
    // The minimum spans every logger of the process: `others` is the floor
    // the rest of them set (earlier tests may have left a standalone logger
    // at NOTSET, whose threshold is 0).
    picolog_logger* logger = test_logger({}, PICOLOG_CRITICAL);
    const int others = picolog_min_threshold();
    ListenerLog log;
    ASSERT_EQ(picolog_add_level_listener(&ListenerLog::listener, &log), PICOLOG_OK);

    ASSERT_EQ(picolog_logger_set_level(logger, 1), PICOLOG_OK);
    EXPECT_GE(log.calls.load(), 1);
    EXPECT_EQ(picolog_min_threshold(), std::min(others, 1));
    EXPECT_EQ(log.last_min.load(), std::min(others, 1));

    int before = log.calls;
    ASSERT_EQ(picolog_logger_set_level(logger, PICOLOG_CRITICAL), PICOLOG_OK);
    EXPECT_GT(log.calls.load(), before);
    EXPECT_EQ(picolog_min_threshold(), others);
    EXPECT_EQ(log.last_min.load(), picolog_min_threshold());

    before = log.calls;
    ASSERT_EQ(picolog_logger_set_disabled(logger, 1), PICOLOG_OK);
    EXPECT_GT(log.calls.load(), before);
    ASSERT_EQ(picolog_logger_set_disabled(logger, 0), PICOLOG_OK);

    before = log.calls;
    ASSERT_EQ(picolog_disable(PICOLOG_DEBUG), PICOLOG_OK);
    EXPECT_GT(log.calls.load(), before);
    EXPECT_GT(picolog_min_threshold(), PICOLOG_DEBUG);
    ASSERT_EQ(picolog_disable(PICOLOG_NOTSET), PICOLOG_OK);

    before = log.calls;
    picolog_logger* fresh = nullptr;
    ASSERT_EQ(picolog_get_logger(&fresh, unique_name("new").c_str()), PICOLOG_OK);
    EXPECT_GT(log.calls.load(), before);

    ASSERT_EQ(picolog_remove_level_listener(&ListenerLog::listener, &log), PICOLOG_OK);
    EXPECT_EQ(picolog_remove_level_listener(&ListenerLog::listener, &log), PICOLOG_ENOTFOUND);
    before = log.calls;
    ASSERT_EQ(picolog_logger_set_level(logger, PICOLOG_ERROR), PICOLOG_OK);
    EXPECT_EQ(log.calls.load(), before);
}

TEST(CapiThresholds, ListenerArguments) {
    EXPECT_EQ(picolog_add_level_listener(nullptr, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_add_level_listener: fn is NULL");
    EXPECT_EQ(picolog_remove_level_listener(nullptr, nullptr), PICOLOG_EINVAL);
    ListenerLog other;
    ASSERT_EQ(picolog_add_level_listener(&ListenerLog::listener, &other), PICOLOG_OK);
    // Same fn, different userdata: a different registration.
    EXPECT_EQ(picolog_remove_level_listener(&ListenerLog::listener, nullptr), PICOLOG_ENOTFOUND);
    EXPECT_EQ(picolog_remove_level_listener(&ListenerLog::listener, &other), PICOLOG_OK);
}

// Another thread is notifying the listeners, and is held up in the first
// one: the second, removed meanwhile, is not called once
// picolog_remove_level_listener has returned (its userdata may be gone).
TEST(CapiThresholds, ARemovedListenerIsNotCalledAfterTheRemovalReturns) {
    picolog_logger* logger = test_logger();
    BlockingListener first;
    ListenerLog removed;
    ASSERT_EQ(picolog_add_level_listener(&BlockingListener::listener, &first), PICOLOG_OK);
    ASSERT_EQ(picolog_add_level_listener(&ListenerLog::listener, &removed), PICOLOG_OK);
    std::thread changer([&] { EXPECT_EQ(picolog_logger_set_level(logger, PICOLOG_ERROR), PICOLOG_OK); });
    first.wait_until_entered();
    ASSERT_EQ(picolog_remove_level_listener(&ListenerLog::listener, &removed), PICOLOG_OK);
    const int calls_at_removal = removed.calls;
    first.let_go();
    changer.join();
    EXPECT_EQ(removed.calls.load(), calls_at_removal);
    EXPECT_EQ(picolog_remove_level_listener(&BlockingListener::listener, &first), PICOLOG_OK);
}

// Removing a listener that another thread is calling returns once that
// call has: the remover may free the userdata then.
TEST(CapiThresholds, RemovingARunningListenerWaitsForItsCall) {
    picolog_logger* logger = test_logger();
    struct Running : BlockingListener {
        std::mutex state;
        std::condition_variable state_changed;
        bool removing = false;
        bool removed = false;
        bool removed_before_return = false;
        static void listener(void* self) {
            auto* r = static_cast<Running*>(self);
            BlockingListener::listener(self);
            std::lock_guard lock(r->state);
            if (r->removing) r->removed_before_return = r->removed;
        }
    } running;
    ASSERT_EQ(picolog_add_level_listener(&Running::listener, &running), PICOLOG_OK);
    std::thread changer([&] { EXPECT_EQ(picolog_logger_set_level(logger, PICOLOG_ERROR), PICOLOG_OK); });
    running.wait_until_entered();
    std::thread remover([&] {
        {
            std::lock_guard lock(running.state);
            running.removing = true;
            running.state_changed.notify_all();
        }
        EXPECT_EQ(picolog_remove_level_listener(&Running::listener, &running), PICOLOG_OK);
        std::lock_guard lock(running.state);
        running.removed = true;
    });
    {
        std::unique_lock lock(running.state);
        running.state_changed.wait(lock, [&] { return running.removing; });
    }
    running.let_go();
    remover.join();
    changer.join();
    EXPECT_FALSE(running.removed_before_return);
}

// A listener may remove itself while it is being called.
TEST(CapiThresholds, AListenerMayRemoveItself) {
    picolog_logger* logger = test_logger();
    struct Once {
        int calls = 0;
        int removed = 100;
        static void listener(void* self) {
            auto* once = static_cast<Once*>(self);
            ++once->calls;
            once->removed = picolog_remove_level_listener(&Once::listener, self);
        }
    } once;
    ASSERT_EQ(picolog_add_level_listener(&Once::listener, &once), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_set_level(logger, PICOLOG_ERROR), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_set_level(logger, PICOLOG_INFO), PICOLOG_OK);
    EXPECT_EQ(once.calls, 1);
    EXPECT_EQ(once.removed, PICOLOG_OK);
}
