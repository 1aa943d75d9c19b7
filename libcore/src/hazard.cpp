// hazard.cpp - the registry of per-thread hazard slots (see hazard.hpp).
#include "picolog/hazard.hpp"

#include <new>

namespace picolog::hazard {
namespace {

std::atomic<ThreadSlots*> g_threads{nullptr};

// Trivially destructible, so the per-record lookup has no init wrapper; the
// record is given back by a separate thread_local with a destructor, created
// only when the thread first pins.
thread_local ThreadSlots* t_slots = nullptr;

struct GiveBackAtExit {
    ~GiveBackAtExit() {
        ThreadSlots* s = t_slots;
        if (s == nullptr) return;
        t_slots = nullptr;
        s->depth = 0;
        s->owned.store(false, std::memory_order_release);
    }
};

[[gnu::cold, gnu::noinline]] ThreadSlots* register_thread() noexcept {
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

}  // namespace

ThreadSlots* pin(const std::atomic<const void*>& current, const void** pinned) noexcept {
    ThreadSlots* s = t_slots;
    if (s == nullptr) [[unlikely]] {
        s = register_thread();
        if (s == nullptr) return nullptr;
    }
    if (s->depth == kDepth) [[unlikely]]
        return nullptr;
    std::atomic<const void*>& slot = s->slots[s->depth];
    const void* p = current.load(std::memory_order_relaxed);
    for (;;) {
        // Either a writer's scan (after its fence::heavy) sees this slot, or
        // this load sees the writer's replacement.
        slot.store(p, std::memory_order_relaxed);
        fence::light();
        const void* now = current.load(std::memory_order_acquire);
        if (now == p) break;
        p = now;
    }
    ++s->depth;
    *pinned = p;
    return s;
}

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
        if (s == t_slots) continue;
        for (auto& slot : s->slots) slot.store(nullptr, std::memory_order_relaxed);
        s->depth = 0;
        s->owned.store(false, std::memory_order_relaxed);
    }
}

}  // namespace picolog::hazard
