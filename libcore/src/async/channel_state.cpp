// channel_state.cpp - the lanes' state as a whole (channel.hpp): closing,
// depth and counters, and the reset of the child after fork().
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "lane.hpp"
#include "picolog/async/channel.hpp"
#include "picolog/fence.hpp"

namespace picolog::async {

using lane::backoff;

void Channel::close() noexcept {
    closed_.store(true, std::memory_order_relaxed);
    // Pairs with the light fence between a push's busy mark and its closed
    // check: every push either sees the channel closed or is seen busy here.
    fence::heavy();
    {
        // Lanes created after this scan see the channel closed: their
        // creator took this lock after it was released.
        std::lock_guard lock(lanes_mutex_);
        const size_t n = lane_count_.load(std::memory_order_relaxed);
        for (size_t i = 0; i < n; ++i) {
            const Lane* lane = lane_at(i);
            if (lane == nullptr) continue;
            for (unsigned spins = 0; lane->busy.load(std::memory_order_acquire) != 0;) backoff(spins);
        }
    }
    sealed_.store(true, std::memory_order_release);
    { std::lock_guard lock(room_mutex_); }
    room_cv_.notify_all();
}

uint64_t Channel::depth() const noexcept {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    uint64_t total = 0;
    for (size_t i = 0; i < n; ++i) {
        if (const Lane* lane = lane_at(i)) {
            uint64_t h = lane->head.load(std::memory_order_acquire);
            total += lane::depth_of(h, lane->tail.load(std::memory_order_acquire));
        }
    }
    return total;
}

uint64_t Channel::enqueued() const noexcept {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    uint64_t total = 0;
    for (size_t i = 0; i < n; ++i)
        if (const Lane* lane = lane_at(i)) total += lane->tail.load(std::memory_order_acquire);
    return total + enqueued_offset_.load(std::memory_order_relaxed);
}

void Channel::note_depth(uint64_t d) noexcept {
    uint64_t hw = high_water_.load(std::memory_order_relaxed);
    while (d > hw && !high_water_.compare_exchange_weak(hw, d, std::memory_order_relaxed)) {
    }
}

DropCounters Channel::drops() const noexcept {
    return {drops_.newest.load(std::memory_order_relaxed), drops_.oldest.load(std::memory_order_relaxed),
            drops_.timeout.load(std::memory_order_relaxed), drops_.closed.load(std::memory_order_relaxed)};
}

void Channel::renew_lane(Lane& lane) noexcept {
    // Fresh zero pages over the old ones: the child commits nothing for a
    // lane until its own threads write to it, where re-arming every slot in
    // place would copy every page the parent had written.
    void* fresh = ::mmap(lane.slots, lane_bytes(), PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (fresh == MAP_FAILED) {
        // Keep the pages (copying them) rather than lose the lane.
        std::memset(lane.slots, 0, lane_bytes());
    }
    lane.populated = 0;
    lane.tail.store(0, std::memory_order_relaxed);
    lane.head.store(0, std::memory_order_relaxed);
    lane.busy.store(0, std::memory_order_relaxed);
}

void Channel::reset_after_fork(uint64_t emitted) noexcept {
    const size_t n = lane_count_.load(std::memory_order_relaxed);
    for (size_t i = 0; i < n; ++i) {
        Lane* lane = lane_at(i);
        if (lane == nullptr) continue;
        const uint64_t t = lane->tail.load(std::memory_order_relaxed);
        const uint64_t h = lane->head.load(std::memory_order_relaxed);
        // The child owns copies of the parent's published heap blocks; free
        // them. A push caught half-way by the fork was never published (its
        // tail is still below it) and its block, if any, is unreachable.
        for (uint64_t p = h; p < t; ++p) {
            Slot& s = slot(*lane, p);
            if (s.seq.load(std::memory_order_relaxed) == 2 * lap_base(p) + 1 && s.heap) delete[] s.heap;
        }
        renew_lane(*lane);
    }
    // Every lane is at zero now: enqueued is the offset alone, the records
    // settled for good (written or evicted). The queued ones are the
    // parent's, and so is one taken out and not settled yet (by a listener
    // frozen inside a handler, or a producer evicting it), though its lane's
    // head has passed it.
    enqueued_offset_.store(emitted + drops_.oldest.load(std::memory_order_relaxed),
                           std::memory_order_relaxed);
    reset_merge();
    bytes_.store(0, std::memory_order_relaxed);
    room_waiters_.store(0, std::memory_order_relaxed);
    doorbell_.reset();
    // The parent's locks may have been held by threads the child lacks;
    // start over with new objects (the old ones are abandoned, not destroyed,
    // as destroying a lock in an unknown state is itself undefined).
    new (&lanes_mutex_) std::mutex;
    new (&shared_lane_mutex_) std::mutex;
    new (&room_mutex_) std::mutex;
    new (&room_cv_) std::condition_variable;
}

}  // namespace picolog::async
