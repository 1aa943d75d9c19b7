// held_call.hpp - a callback's first call held until the test lets it go:
// the test waits until another thread is inside the callback, acts while it
// is there, then lets it go. Later calls return at once.
#pragma once

#include <condition_variable>
#include <mutex>

namespace test_support {

class HeldCall {
public:
    // The first call waits until let_go(); later calls return at once.
    void hold() {
        std::unique_lock lock(mutex_);
        if (entered_) return;
        entered_ = true;
        changed_.notify_all();
        changed_.wait(lock, [&] { return go_; });
        returned_ = true;
    }
    void wait_until_entered() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return entered_; });
    }
    void let_go() {
        std::lock_guard lock(mutex_);
        go_ = true;
        changed_.notify_all();
    }
    // Whether the held call has returned (after let_go()).
    bool has_returned() {
        std::lock_guard lock(mutex_);
        return returned_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool entered_ = false;
    bool go_ = false;
    bool returned_ = false;
};

}  // namespace test_support
