// lane.hpp - a channel's lane and slot, and what the channel's three
// source files share about them (private to libcore/src/async; see
// channel.hpp and docs/async.md).
//
// Slot sequence numbers count in steps of two, so one number says which lap
// a slot is in and whether it holds a record: 2b means "free for the
// position of this lap", 2b+1 "holds the record of that position", where b
// is the position of the lap's first slot (the position less its index).
// (Vyukov's original uses p and p+1, which cannot tell the two apart when
// the ring has one slot.) Counting from the lap rather than the position
// makes a ring of zero bytes a valid empty lane: lanes are mapped zero-filled
// and their pages committed only as a thread's records reach them.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <thread>

#include "picolog/async/channel.hpp"

namespace picolog::async {

struct Channel::Slot {
    std::atomic<uint64_t> seq;  // all four members are valid as zero bytes
    uint64_t size;
    std::byte* heap;
    // The record's timestamp, for the consumer's merge. Atomic because the
    // consumer reads it before claiming the slot, while an evicting producer
    // may be reusing it.
    std::atomic<int64_t> created_ns;
};

struct Channel::Lane {
    // The owner's line: the next position it will write (every position
    // below is published) and whether it is inside a push (for close()).
    alignas(64) std::atomic<uint64_t> tail{0};
    std::atomic<uint32_t> busy{0};
    // Claimed by the consumer, and by the owner applying drop-oldest.
    alignas(64) std::atomic<uint64_t> head{0};
    std::byte* slots = nullptr;
    // Bytes of `slots` known to be backed by memory (see populate_ahead):
    // set by the lane's creator before publishing it, then by the consumer.
    size_t populated = 0;
};

namespace lane {

inline constexpr size_t kSlotHeader = sizeof(uint64_t) * 4;

}  // namespace lane

// Inline: every push and pop computes a slot.
inline Channel::Slot& Channel::slot(const Lane& lane, uint64_t position) const noexcept {
    // A mask for power-of-two rings (the default 8192 among them) saves a
    // 64-bit division on every push and pop.
    uint64_t index = index_mask_ != 0 ? position & index_mask_ : position % capacity_;
    return *std::launder(reinterpret_cast<Slot*>(lane.slots + index * slot_size_));
}

inline uint64_t Channel::lap_base(uint64_t position) const noexcept {
    return index_mask_ != 0 ? position & ~index_mask_ : position - position % capacity_;
}

inline std::byte* Channel::payload(Slot& s) const noexcept {
    return reinterpret_cast<std::byte*>(&s) + lane::kSlotHeader;
}

inline bool Channel::fits(const Lane& lane, size_t charged, size_t charge) const noexcept {
    if (charged + charge <= max_bytes_ && charged + charge >= charged) return true;
    // A record larger than the whole budget is admitted when the budget
    // holds nothing else, so heap blocks never hold more than max_bytes or
    // one record, whichever is larger.
    if (charge != 0) return charged == 0;
    // An inline record takes no budget; it waits only while an oversize
    // record holds the budget over its limit, unless its lane is empty.
    // "Empty" is judged by positions, not by the byte count, which the
    // consumer returns in bulk.
    return lane.tail.load(std::memory_order_relaxed) == lane.head.load(std::memory_order_acquire);
}

namespace lane {

// A lane's pages are faulted in ahead of its producer, by the consumer
// (the lane's creator does the first step), so producers seldom take a page
// fault in a log call. What lies ahead grows with what the producer has
// used: at least kPopulateMin, at most kPopulateMax, and four times what it
// has written so far (a burst of records soon after the first ones finds
// its pages). A thread that logs once so commits two pages, one that logs
// steadily soon has its whole ring resident (docs/async.md).
inline constexpr size_t kPopulateMin = size_t{8} << 10;
inline constexpr size_t kPopulateMax = size_t{256} << 10;

inline size_t populate_ahead_bytes(size_t used) noexcept {
    const size_t want = used * 4;
    return want < kPopulateMin ? kPopulateMin : want > kPopulateMax ? kPopulateMax : want;
}

// Records queued in a lane, from its head and tail read by a thread that
// does not own it. A slot's sequence number is published before the tail,
// so the consumer may already have taken a record whose tail the owner has
// not stored yet: the head then reads one past the tail, and the lane is
// empty, not 2^64-1 deep.
inline uint64_t depth_of(uint64_t head, uint64_t tail) noexcept {
    return tail > head ? tail - head : 0;
}

// Short waits while another thread finishes a step it has already begun
// (a consumer copying out the slot a producer needs next, a push in
// progress at close): spin briefly, then let the scheduler run that thread.
inline void backoff(unsigned& spins) noexcept {
    if (++spins < 64) {
        cpu_relax();
    } else {
        std::this_thread::yield();
    }
}

}  // namespace lane

}  // namespace picolog::async
