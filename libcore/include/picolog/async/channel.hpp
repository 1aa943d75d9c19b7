// channel.hpp - the bounded multi-producer channel between queue handlers
// and their listener.
//
// A fixed ring of slots, each with a sequence number (Vyukov's bounded
// queue). A producer claims a position with one CAS on the tail, writes the
// record into the slot and publishes it by storing the slot's sequence; the
// consumer claims the head the same way. No mutex is taken while there is
// room. The head is claimed with a CAS even though there is one listener,
// because a producer applying drop-oldest evicts the head record itself.
//
// Records up to slot_payload() bytes are encoded straight into their slot;
// larger ones are encoded into one heap block before the claim and the slot
// holds the pointer. A byte budget counts the encoded size of every queued
// heap block (until the consumer returns it, in bulk): inline records live
// in the preallocated ring, which bounds them already, so they are not
// counted and their push is one locked instruction, the claim. A record
// larger than the whole budget is admitted when nothing is queued, so no
// record is ever truncated. See docs/async.md.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "picolog/async/doorbell.hpp"
#include "picolog/record.hpp"

namespace picolog::async {

// A record prepared for the channel: its encoded size and, when it is too
// large for a slot, the heap block already holding its encoding. Preparing
// outside the claim keeps the window between claiming and publishing short,
// and lets an overflow policy retry without encoding twice.
struct PendingRecord {
    const Record* record = nullptr;
    size_t size = 0;
    std::unique_ptr<std::byte[]> heap;

    // The bytes this record takes from the budget: only heap blocks count.
    size_t charge() const noexcept { return heap ? size : 0; }
};

// A record taken out of the channel by the consumer; `data` points into
// `heap` or into the consumer's reusable inline buffer.
struct TakenRecord {
    uint64_t position = 0;
    size_t size = 0;
    const std::byte* data = nullptr;
    std::unique_ptr<std::byte[]> heap;
    std::unique_ptr<std::byte[]> inline_buffer;  // slot_payload() bytes; see Channel::make_taken

    // The bytes to hand back with Channel::release_bytes once done with it
    // (read before dropping `heap`).
    size_t charge() const noexcept { return heap ? size : 0; }
};

struct DropCounters {
    uint64_t newest = 0;
    uint64_t oldest = 0;
    uint64_t timeout = 0;
    uint64_t closed = 0;
};

class Channel {
public:
    static constexpr size_t kMaxCapacity = size_t{1} << 24;

    // capacity in 1..kMaxCapacity, max_bytes >= 1 (checked by the caller).
    Channel(size_t capacity, size_t max_bytes);
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    size_t capacity() const noexcept { return capacity_; }
    size_t slot_payload() const noexcept { return slot_payload_; }

    // ---- producer side ----
    // Sizes the record and, if it does not fit a slot, encodes it into a heap
    // block. kInvalid for a record that cannot be encoded, kNoMemory.
    int prepare(const Record& record, PendingRecord& out) noexcept;

    enum class Push { kOk, kFull, kClosed };
    // Never blocks: kFull when there is no slot or no byte budget left.
    // The claim is a seq_cst CAS, so a Doorbell::ring() after kOk is safe.
    Push try_push(PendingRecord& record) noexcept;
    // Drop-oldest: removes and counts the oldest queued record. False when
    // nothing could be evicted right now (empty, or the head is still being
    // written).
    bool evict_oldest() noexcept;
    // Block policies: sleeps until a record charging `charge` bytes
    // (PendingRecord::charge) may fit, the channel is closed, or the deadline
    // (if any) passes. False on timeout.
    bool wait_for_room(size_t charge, const std::chrono::steady_clock::time_point* deadline) noexcept;

    void count_drop_newest() noexcept { drops_.newest.fetch_add(1, std::memory_order_relaxed); }
    void count_drop_timeout() noexcept { drops_.timeout.fetch_add(1, std::memory_order_relaxed); }
    void count_drop_closed() noexcept { drops_.closed.fetch_add(1, std::memory_order_relaxed); }

    // ---- consumer side ----
    TakenRecord make_taken() const;
    enum class Pop { kOk, kEmpty, kInFlight };
    // kInFlight: a producer has claimed the head but not yet published it.
    // On every outcome out.position is the head position seen. A heap
    // record's bytes stay charged to the budget until
    // release_bytes(out.charge()): the consumer returns them in bulk, so
    // that it does not write the producers' cache line once per record.
    Pop try_pop(TakenRecord& out) noexcept;
    void release_bytes(size_t size) noexcept {
        if (size != 0) bytes_.fetch_sub(size, std::memory_order_relaxed);
    }
    // Wakes producers blocked in wait_for_room, if any (no syscall if none):
    // one (a running producer fills the room it finds) or all (needed when
    // the consumer is about to stop freeing room: a woken producer whose
    // record still does not fit would otherwise leave the others asleep).
    void notify_room(bool all) noexcept;
    Doorbell& doorbell() noexcept { return doorbell_; }
    const Doorbell& doorbell() const noexcept { return doorbell_; }

    // ---- state ----
    // Refuses every later push (kClosed) and wakes blocked producers.
    void close() noexcept;
    bool closed() const noexcept { return (tail_.load(std::memory_order_seq_cst) & kClosedBit) != 0; }
    // Positions ever claimed by producers (seq_cst: part of the doorbell
    // handshake), without the closed bit.
    uint64_t tail() const noexcept { return tail_.load(std::memory_order_seq_cst) & ~kClosedBit; }
    uint64_t head() const noexcept { return head_.load(std::memory_order_acquire); }
    uint64_t depth() const noexcept;
    void note_depth(uint64_t depth) noexcept;

    uint64_t enqueued() const noexcept { return tail() - fork_discarded_.load(std::memory_order_relaxed); }
    uint64_t high_water() const noexcept { return high_water_.load(std::memory_order_relaxed); }
    DropCounters drops() const noexcept;

    // After fork() in the child, with no other thread running: the parent's
    // queued records stay with the parent, so the child's channel restarts
    // empty at the current position, with fresh locks. Counters keep
    // counting; the discarded records no longer count as enqueued.
    void reset_after_fork() noexcept;

private:
    static constexpr uint64_t kClosedBit = uint64_t{1} << 63;
    struct Slot;

    Slot& slot(uint64_t position) const noexcept;
    std::byte* payload(Slot& s) const noexcept;
    bool fits(size_t charged, size_t charge) const noexcept;
    bool has_room(size_t charge) const noexcept;
    void arm_slots(uint64_t from) noexcept;

    // Read-only after construction.
    size_t capacity_;
    uint64_t index_mask_;  // capacity - 1 for a power of two above 1, else 0
    size_t max_bytes_;
    size_t slot_size_;
    size_t slot_payload_;
    std::byte* slots_;

    // Producers' line: the claim position (plus the closed bit) and the
    // heap bytes they reserve. An inline push only reads the byte count.
    alignas(64) std::atomic<uint64_t> tail_{0};
    std::atomic<size_t> bytes_{0};
    // The consumer's line (and evicting producers').
    alignas(64) std::atomic<uint64_t> head_{0};
    alignas(64) Doorbell doorbell_;
    // Written only on drops, fork and growth of the high-water mark.
    alignas(64) struct { std::atomic<uint64_t> newest{0}, oldest{0}, timeout{0}, closed{0}; } drops_;
    std::atomic<uint64_t> high_water_{0};
    std::atomic<uint64_t> fork_discarded_{0};
    // Producers blocked for room (slow path only).
    alignas(64) std::atomic<uint32_t> room_waiters_{0};
    std::mutex room_mutex_;
    std::condition_variable room_cv_;
};

}  // namespace picolog::async
