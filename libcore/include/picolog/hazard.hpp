// hazard.hpp - per-thread hazard slots: how CowList readers keep the vector
// they walk alive without a read-modify-write on a line other threads share.
//
// A reader publishes the pointer it is about to use in a slot of its own
// thread, then checks that the pointer is still current. A writer that has
// replaced a vector frees it only once no slot holds it; otherwise it stays
// retired and the reader that held it frees it when it lets go. Slots nest
// (a handler may log from inside emit) up to kDepth per thread; deeper
// readers fall back to a reference-counted snapshot.
//
// The reader's fences are fence::light(), a compiler barrier where the
// writer can pay with fence::heavy() (fence.hpp): pinning and unpinning then
// cost plain stores, with no locked instruction on the log path.
#pragma once

#include <atomic>
#include <cstddef>

#include "picolog/fence.hpp"

namespace picolog::hazard {

inline constexpr int kDepth = 8;

// One thread's slots; records are reused by later threads, never freed.
struct alignas(64) ThreadSlots {
    std::atomic<const void*> slots[kDepth] = {};
    std::atomic<bool> owned{false};
    int depth = 0;                // slots in use; touched only by the owning thread
    ThreadSlots* next = nullptr;  // fixed once the record is published
};

namespace detail {
// The calling thread's slots, null until its first pin. Trivially
// destructible, so reading it needs no init guard; the record is given back
// at thread exit after the thread_local destructors, and a reader after that
// finds every slot taken (hazard.cpp).
extern thread_local constinit ThreadSlots* t_slots;
[[gnu::cold]] ThreadSlots* register_thread() noexcept;
}  // namespace detail

// Publishes the pointer `current` holds in a free slot of the calling thread
// and stores it in *pinned. Returns the thread's slots (for unpin), or
// nullptr with nothing pinned when every slot is in use or the thread's
// record cannot be allocated. Inline: it runs once per record.
inline ThreadSlots* pin(const std::atomic<const void*>& current, const void** pinned) noexcept {
    ThreadSlots* s = detail::t_slots;
    if (s == nullptr) [[unlikely]] {
        s = detail::register_thread();
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

// Releases the slot pin() took last, then fences (fence::light): a reader
// checking for retired vectors after it and a writer scanning the slots
// after a fence::heavy() cannot both miss each other.
inline void unpin(ThreadSlots* slots) noexcept {
    slots->slots[--slots->depth].store(nullptr, std::memory_order_release);
    fence::light();
}

// True when some thread's slot holds p. Call after fence::heavy(), which
// pairs with the fence::light() in pin and unpin.
bool pinned(const void* p) noexcept;

// How many per-thread records exist (in use or free for reuse), for tests
// and diagnostics: bounded by the most threads ever pinning at once.
size_t thread_records() noexcept;

// For the runtime's fork handler, in the child: the other threads are gone,
// so their slots pin nothing any more.
void forget_other_threads_after_fork() noexcept;

}  // namespace picolog::hazard
