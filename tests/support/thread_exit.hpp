// thread_exit.hpp - running test code in a thread's exit, after the
// thread-specific data destructors that release its per-thread state
// (hazard slots, producer index, thread blocks).
#pragma once

#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>
#include <thread>
#include <utility>

namespace picolog::test {

// Runs `before` on a new thread, then `late` as that thread exits, from a
// thread-specific data destructor that arms itself once more: it runs in
// glibc's second round of destructors, when every destructor of the first
// (picolog's releases among them) has run.
inline void run_at_thread_exit_after_release(std::function<void()> before, std::function<void()> late) {
    struct Late {
        pthread_key_t key;
        std::function<void()> fn;
        bool armed_again = false;
    };
    static constexpr void (*destructor)(void*) = [](void* p) {
        auto* l = static_cast<Late*>(p);
        if (!l->armed_again) {
            l->armed_again = true;
            (void)::pthread_setspecific(l->key, l);
            return;
        }
        l->fn();
    };
    Late late_call{};
    late_call.fn = std::move(late);
    ASSERT_EQ(::pthread_key_create(&late_call.key, destructor), 0);
    std::thread t([&] {
        before();
        ASSERT_EQ(::pthread_setspecific(late_call.key, &late_call), 0);
    });
    t.join();
    EXPECT_TRUE(late_call.armed_again);
    ::pthread_key_delete(late_call.key);
}

}  // namespace picolog::test
