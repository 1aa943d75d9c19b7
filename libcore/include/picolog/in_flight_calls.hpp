// in_flight_calls.hpp - calls into user code in progress, by key and
// thread, so that whoever removes or replaces a callback (a level listener,
// the error hook) can return only once no other thread is still calling
// it: the caller may free the callback's userdata then. The calling
// thread's own calls are never waited for (a callback removing itself).
//
// Not locked itself: every member is called with the owner's mutex held,
// the one that also guards the callbacks, and wait_for_others() takes that
// mutex's lock to wait on.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace picolog {

template <class Key>
class InFlightCalls {
public:
    // Records a call of `key` by this thread; false when out of memory
    // (the call must not be made: nobody could wait for it).
    bool enter(const Key& key) noexcept {
        try {
            calls_.push_back({key, std::this_thread::get_id()});
            return true;
        } catch (const std::bad_alloc&) {
            return false;
        }
    }

    // Ends this thread's call of `key` and wakes whoever waits.
    void leave(const Key& key) noexcept {
        const std::thread::id me = std::this_thread::get_id();
        auto it = std::find_if(calls_.begin(), calls_.end(),
                               [&](const Call& c) { return c.key == key && c.thread == me; });
        calls_.erase(it);
        returned_.notify_all();
    }

    // Whether another thread is calling `key`.
    bool others_in(const Key& key) const noexcept {
        const std::thread::id me = std::this_thread::get_id();
        return std::any_of(calls_.begin(), calls_.end(),
                           [&](const Call& c) { return c.key == key && c.thread != me; });
    }

    // Waits until no other thread is calling `key`.
    void wait_for_others(std::unique_lock<std::mutex>& lock, const Key& key) {
        returned_.wait(lock, [&] { return !others_in(key); });
    }

    // In a forked child: only the forking thread goes on, so only its own
    // calls are still in progress, and nobody waits.
    void forget_other_threads_after_fork() noexcept {
        new (&returned_) std::condition_variable();
        const std::thread::id me = std::this_thread::get_id();
        std::erase_if(calls_, [&](const Call& c) { return c.thread != me; });
    }

private:
    struct Call {
        Key key;
        std::thread::id thread;
    };
    std::vector<Call> calls_;
    std::condition_variable returned_;
};

}  // namespace picolog
