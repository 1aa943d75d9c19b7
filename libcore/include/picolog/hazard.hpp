// hazard.hpp - per-thread hazard slots: how CowList readers keep the vector
// they walk alive without a read-modify-write on a line other threads share.
//
// A reader publishes the pointer it is about to use in a slot of its own
// thread, then checks that the pointer is still current. A writer that has
// replaced a vector frees it only once no slot holds it; otherwise it stays
// retired and the reader that held it frees it when it lets go. Slots nest
// (a handler may log from inside emit) up to kDepth per thread; deeper
// readers fall back to a reference-counted snapshot.
#pragma once

#include <atomic>

namespace picolog::hazard {

inline constexpr int kDepth = 8;

// One thread's slots; records are reused by later threads, never freed.
struct alignas(64) ThreadSlots {
    std::atomic<const void*> slots[kDepth] = {};
    std::atomic<bool> owned{false};
    int depth = 0;                // slots in use; touched only by the owning thread
    ThreadSlots* next = nullptr;  // fixed once the record is published
};

// Publishes the pointer `current` holds in a free slot of the calling thread
// and stores it in *pinned. Returns the thread's slots (for unpin), or
// nullptr with nothing pinned when every slot is in use or the thread's
// record cannot be allocated.
ThreadSlots* pin(const std::atomic<const void*>& current, const void** pinned) noexcept;

// Releases the slot pin() took last. Sequentially consistent, like the
// writer's scan, so that a reader checking for retired vectors after it and
// a writer scanning the slots cannot both miss each other.
inline void unpin(ThreadSlots* slots) noexcept {
    slots->slots[--slots->depth].store(nullptr, std::memory_order_seq_cst);
}

// True when some thread's slot holds p.
bool pinned(const void* p) noexcept;

// For the runtime's fork handler, in the child: the other threads are gone,
// so their slots pin nothing any more.
void forget_other_threads_after_fork() noexcept;

}  // namespace picolog::hazard
