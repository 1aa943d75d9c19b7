// hazard.cpp - the registry of per-thread hazard slots (see hazard.hpp).
#include "picolog/hazard.hpp"

#include <new>

namespace picolog::hazard {

namespace detail {
thread_local ThreadSlots* t_slots = nullptr;
}  // namespace detail

namespace {

std::atomic<ThreadSlots*> g_threads{nullptr};

// Gives the thread's record back at exit; created only when the thread
// first pins.
struct GiveBackAtExit {
    ~GiveBackAtExit() {
        ThreadSlots* s = detail::t_slots;
        if (s == nullptr) return;
        detail::t_slots = nullptr;
        s->depth = 0;
        s->owned.store(false, std::memory_order_release);
    }
};

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
    thread_local GiveBackAtExit give_back;
    (void)give_back;
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

void forget_other_threads_after_fork() noexcept {
    for (ThreadSlots* s = g_threads.load(std::memory_order_relaxed); s != nullptr; s = s->next) {
        if (s == detail::t_slots) continue;
        for (auto& slot : s->slots) slot.store(nullptr, std::memory_order_relaxed);
        s->depth = 0;
        s->owned.store(false, std::memory_order_relaxed);
    }
}

}  // namespace picolog::hazard
