// hazard.cpp - the registry of per-thread hazard slots (see hazard.hpp).
#include "picolog/hazard.hpp"

#include <pthread.h>

#include <new>

namespace picolog::hazard {

namespace detail {
thread_local constinit ThreadSlots* t_slots = nullptr;
}  // namespace detail

namespace {

std::atomic<ThreadSlots*> g_threads{nullptr};

// What an exiting thread pins with once its record is given back: every
// slot "in use", so pin() returns nullptr and the reader takes a counted
// snapshot instead of registering a record that nothing would give back.
// Only ever read.
constinit ThreadSlots g_exited_thread{{}, {false}, kDepth, nullptr};

// Gives the thread's record back at exit. A thread-specific data destructor,
// not a thread_local one: glibc runs those after every C++ thread_local
// destructor, and those may log.
void give_back_at_exit(void*) noexcept {
    ThreadSlots* s = detail::t_slots;
    detail::t_slots = &g_exited_thread;
    if (s == nullptr || s == &g_exited_thread) return;
    s->depth = 0;
    s->owned.store(false, std::memory_order_release);
}

// Without a key (none could be made) the record stays owned after the
// thread exits: leaked, not reused.
void arm_give_back_at_exit(ThreadSlots* mine) noexcept {
    static pthread_key_t key;
    static const bool made = ::pthread_key_create(&key, give_back_at_exit) == 0;
    if (made) (void)::pthread_setspecific(key, mine);
}

}  // namespace

namespace detail {

ThreadSlots* register_thread() noexcept {
    ThreadSlots* mine = nullptr;
    for (ThreadSlots* s = g_threads.load(std::memory_order_acquire); s != nullptr; s = s->next) {
        bool expected = false;
        if (!s->owned.load(std::memory_order_relaxed) &&
            s->owned.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
            mine = s;
            break;
        }
    }
    if (mine == nullptr) {
        mine = new (std::nothrow) ThreadSlots;
        if (mine == nullptr) return nullptr;
        mine->owned.store(true, std::memory_order_relaxed);
        ThreadSlots* head = g_threads.load(std::memory_order_relaxed);
        do {
            mine->next = head;
        } while (!g_threads.compare_exchange_weak(head, mine, std::memory_order_seq_cst));
    }
    t_slots = mine;
    arm_give_back_at_exit(mine);
    return mine;
}

}  // namespace detail

bool pinned(const void* p) noexcept {
    // Acquire: a slot seen empty was emptied by its reader's release store,
    // after that reader's last use of the vector.
    for (ThreadSlots* s = g_threads.load(std::memory_order_acquire); s != nullptr; s = s->next)
        for (const auto& slot : s->slots)
            if (slot.load(std::memory_order_acquire) == p) return true;
    return false;
}

size_t thread_records() noexcept {
    size_t n = 0;
    for (ThreadSlots* s = g_threads.load(std::memory_order_acquire); s != nullptr; s = s->next) ++n;
    return n;
}

void forget_other_threads_after_fork() noexcept {
    for (ThreadSlots* s = g_threads.load(std::memory_order_relaxed); s != nullptr; s = s->next) {
        if (s == detail::t_slots) continue;
        for (auto& slot : s->slots) slot.store(nullptr, std::memory_order_relaxed);
        s->depth = 0;
        s->owned.store(false, std::memory_order_relaxed);
    }
}

}  // namespace picolog::hazard
