// producer_index.cpp - assigning and recycling producer indexes
// (producer_index.hpp).
#include "picolog/producer_index.hpp"

#include <pthread.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <mutex>
#include <new>
#include <vector>

#include "fork_lock.hpp"

namespace picolog {

namespace detail {
thread_local constinit uint32_t t_producer_index = 0;
}  // namespace detail

namespace {

// The free indexes below `next`, and the lowest never used. Touched only
// when a thread first logs into a queue and when it exits.
struct Pool {
    std::mutex mutex;
    std::vector<uint32_t> free;  // kept as a min-heap: low indexes first
    uint32_t next = 0;
};

Pool& pool() {
    // Never destroyed: threads may exit (and give their index back) during
    // static destruction.
    static Pool* p = new Pool;
    return *p;
}

void give_back(uint32_t index) noexcept {
    Pool& p = pool();
    std::lock_guard lock(p.mutex);
    try {
        p.free.push_back(index);
        std::push_heap(p.free.begin(), p.free.end(), std::greater<>());
    } catch (const std::bad_alloc&) {
        // The index is leaked: a later thread takes a new one.
    }
}

// After its give-back, an exiting thread that still logs (from another
// thread-specific destructor) takes this "index": past every channel's own
// lanes, so it writes into the shared lane, under its mutex, and takes no
// new index that nothing would give back.
constexpr uint32_t kExited = std::numeric_limits<uint32_t>::max();

// The give-back is a thread-specific data destructor, not a thread_local
// one: glibc runs those after every C++ thread_local destructor, so a
// thread_local whose destructor logs (common in C++ programs) still finds
// the thread's own lane.
void give_back_at_exit(void*) noexcept {
    uint32_t i = detail::t_producer_index;
    detail::t_producer_index = kExited;
    if (i != 0 && i != kExited) give_back(i - 1);
}

// Any non-null value arms the destructor. Without it (no key could be
// made) the index is leaked at exit and a later thread takes a new one.
void arm_give_back_at_exit() noexcept {
    static pthread_key_t key;
    static const bool made = ::pthread_key_create(&key, give_back_at_exit) == 0;
    if (made) (void)::pthread_setspecific(key, &detail::t_producer_index);
}

}  // namespace

namespace detail {

uint32_t assign_producer_index() noexcept {
    uint32_t index;
    {
        Pool& p = pool();
        std::lock_guard lock(p.mutex);
        if (!p.free.empty()) {
            std::pop_heap(p.free.begin(), p.free.end(), std::greater<>());
            index = p.free.back();
            p.free.pop_back();
        } else {
            index = p.next++;
        }
    }
    t_producer_index = index + 1;
    arm_give_back_at_exit();
    return index;
}

}  // namespace detail

void lock_producer_indexes_for_fork() noexcept {
    pool().mutex.lock();
}

void unlock_producer_indexes_after_fork_parent() noexcept {
    pool().mutex.unlock();
}

void reinit_producer_indexes_after_fork_child() noexcept {
    // Only the forking thread exists, and it holds the lock: every index
    // but its own is free.
    Pool& p = pool();
    fork_lock::renew_in_child(p.mutex);
    p.free.clear();
    const uint32_t mine = detail::t_producer_index;
    for (uint32_t i = 0; i < p.next; ++i) {
        if (mine != 0 && mine != kExited && i == mine - 1) continue;
        try {
            p.free.push_back(i);
        } catch (const std::bad_alloc&) {
            break;  // the rest are leaked: later threads take new indexes
        }
    }
    std::make_heap(p.free.begin(), p.free.end(), std::greater<>());
}

}  // namespace picolog
