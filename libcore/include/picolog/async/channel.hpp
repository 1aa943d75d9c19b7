// channel.hpp - the bounded channel between queue handlers and their
// listener: one single-producer lane per logging thread, one consumer.
//
// Each thread that logs into a queue gets its own lane (by its producer
// index, producer_index.hpp): a fixed ring of `capacity` slots, each with a
// sequence number (Vyukov's bounded queue). The lane's owner is its only
// producer, so a push claims nothing: it checks that the next slot is free,
// writes the record into it and publishes it with a release store. No
// locked instruction, no fence, no write to a line another producer writes:
// the stores drain from the store buffer while the caller goes on, even
// when the listener is reading the lane at that moment. The head is claimed
// with a CAS, by the listener and by a producer applying drop-oldest to its
// own lane.
//
// Records up to slot_payload() bytes are encoded straight into their slot;
// larger ones are encoded into one heap block first and the slot holds the
// pointer. A byte budget, shared by the lanes, counts the encoded size of
// every queued heap block (until the consumer returns it, in bulk). A record
// larger than the whole budget is admitted when the budget holds nothing
// else, so no record is ever truncated and heap blocks never hold more than
// max(max_bytes, the largest record).
//
// The consumer takes records in timestamp order across the lanes it sees
// (a merge of the lanes' oldest records), so the output reads in time order
// though each thread writes its own lane; within a lane the order is the
// order of the calls. Order never costs liveness: a lane's first record
// waits behind a bounded number of other records, whatever its timestamp.
// See docs/async.md.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "picolog/async/doorbell.hpp"
#include "picolog/async/owned_record.hpp"
#include "picolog/context.hpp"
#include "picolog/record.hpp"

namespace picolog::async {

// A record prepared for the channel: its encoded size and, when it is too
// large for a slot, the heap block already holding its encoding. Preparing
// before the push keeps the push short, and lets an overflow policy retry
// without encoding twice.
struct PendingRecord {
    const Record* record = nullptr;
    size_t size = 0;
    std::unique_ptr<std::byte[]> heap;
    // The thread's context snapshot holding the record's fields, when the
    // record goes into a slot with them by reference (as try_push(const
    // Record&) puts it); the reference is taken by the push that places it.
    // Heap blocks copy their fields.
    const context::Snapshot* shared = nullptr;

    // The bytes this record takes from the budget: only heap blocks count.
    size_t charge() const noexcept { return heap ? size : 0; }
};

// A record taken out of the channel by the consumer; `data` points into
// `heap` or into the consumer's reusable inline buffer.
struct TakenRecord {
    size_t size = 0;
    const std::byte* data = nullptr;
    std::unique_ptr<std::byte[]> heap;
    std::unique_ptr<std::byte[]> inline_buffer;  // slot_payload() bytes; see Channel::make_taken
    // Where it was taken from, and its time: which of two records taken by
    // different threads came first (a crash drain racing the listener).
    const void* lane = nullptr;
    uint64_t position = 0;
    int64_t created_ns = 0;

    // The bytes to hand back with Channel::release_bytes once done with it
    // (read before dropping `heap`).
    size_t charge() const noexcept { return heap ? size : 0; }
};

// Whether `a` was queued before `b`: by position in one lane, by time
// across lanes (the order the listener's merge writes them in).
inline bool queued_before(const TakenRecord& a, const TakenRecord& b) noexcept {
    return a.lane == b.lane ? a.position < b.position : a.created_ns <= b.created_ns;
}

struct DropCounters {
    uint64_t newest = 0;
    uint64_t oldest = 0;
    uint64_t timeout = 0;
    uint64_t closed = 0;
};

class Channel {
public:
    static constexpr size_t kMaxCapacity = size_t{1} << 24;
    // Threads with a producer index from here on share one more lane,
    // under a mutex.
    static constexpr size_t kMaxLanes = 1024;

    // capacity (per lane) in 1..kMaxCapacity, max_bytes >= 1 (checked by
    // the caller).
    Channel(size_t capacity, size_t max_bytes);
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    size_t capacity() const noexcept { return capacity_; }
    size_t slot_payload() const noexcept { return slot_payload_; }

    // ---- producer side (the calling thread's lane) ----
    // Sizes the record and, if it does not fit a slot, encodes it into a heap
    // block. kInvalid for a record that cannot be encoded, kNoMemory.
    int prepare(const Record& record, PendingRecord& out) noexcept;

    enum class Push { kOk, kFull, kClosed, kNoMemory, kLarge };
    // Never blocks: kFull when the lane has no free slot or the budget no
    // room; kNoMemory when the calling thread's lane cannot be allocated.
    Push try_push(PendingRecord& record) noexcept;
    // The common case in one step: a record that fits a slot is sized and
    // encoded straight into it. kLarge when it does not fit (or cannot be
    // encoded): prepare() it and use try_push(PendingRecord&).
    Push try_push(const Record& record) noexcept;
    // The same for a record of level, message and logger name only
    // (picolog_log's): its Record is built only if it does not fit, or if
    // the calling thread has no lane of its own yet (kLarge too). Inline,
    // in the queue handler's call (defined in libcore/src/async/
    // channel_push.hpp, which the caller includes).
    inline Push try_push(const PlainRecord& record) noexcept;
    // try_push(const PlainRecord&) of a record whose message, `message_len`
    // bytes, write_message(std::byte* at) puts in place: called only once a
    // slot is the caller's (not for kLarge, kFull, kClosed, kNoMemory).
    // kAnyLane: as try_push_anywhere().
    template <bool kAnyLane = false, class WriteMessage>
    inline Push try_push_with(const PlainRecord& record, size_t message_len,
                              WriteMessage write_message) noexcept;
    // try_push(const PlainRecord&) that also takes a thread without a lane of
    // its own: its first record (the lane is made here) or a thread on the
    // shared lane. kLarge then means only that the record needs preparing.
    inline Push try_push_anywhere(const PlainRecord& record) noexcept;
    // After kOk: wakes the listener if it is asleep (a plain load otherwise).
    inline void ring_after_push() noexcept;  // channel_push.hpp
    // Drop-oldest, after a push of a record charging `charge` bytes was
    // refused: removes and counts the oldest records of the caller's lane
    // that make the room. One record when the lane is full; when the budget
    // refused it, the shortest run from the head whose heap blocks free the
    // bytes missing (inline records free none), or nothing (kWouldNotHelp)
    // when the lane's blocks could not. kNothing when nothing could be
    // evicted right now (the consumer is taking the records).
    enum class Evict { kEvicted, kNothing, kWouldNotHelp };
    Evict evict_oldest(size_t charge) noexcept;
    // Block policies: sleeps until the caller's lane has a free slot and the
    // budget room for `charge` bytes, the channel is closed, or the deadline
    // (if any) passes. False on timeout.
    bool wait_for_room(size_t charge, const std::chrono::steady_clock::time_point* deadline) noexcept;

    void count_drop_newest() noexcept { drops_.newest.fetch_add(1, std::memory_order_relaxed); }
    void count_drop_timeout() noexcept { drops_.timeout.fetch_add(1, std::memory_order_relaxed); }
    void count_drop_closed() noexcept { drops_.closed.fetch_add(1, std::memory_order_relaxed); }

    // ---- consumer side (one thread) ----
    TakenRecord make_taken() const;
    enum class Pop { kOk, kEmpty };
    // The oldest record (by timestamp) among the lanes' first records.
    // A heap record's bytes stay charged to the budget until
    // release_bytes(out.charge()): the consumer returns them in bulk.
    Pop try_pop(TakenRecord& out) noexcept;
    void release_bytes(size_t size) noexcept {
        if (size != 0) bytes_.fetch_sub(size, std::memory_order_relaxed);
    }
    // Wakes producers blocked in wait_for_room, if any (no syscall if none).
    void notify_room() noexcept;
    Doorbell& doorbell() noexcept { return doorbell_; }
    const Doorbell& doorbell() const noexcept { return doorbell_; }
    // Flush marks: every lane's published position now, and whether the
    // consumer has taken (or a producer evicted) everything before them.
    void mark(std::vector<uint64_t>& marks) const;
    bool reached(const std::vector<uint64_t>& marks) const noexcept;
    // True when some lane has a published record.
    bool has_records() const noexcept;
    // Samples the deepest lane into the high-water mark.
    void sample_depth() noexcept;
    // On a fatal signal (crash_drain.cpp): takes out every published record,
    // oldest first across lanes, into `buf` (made by make_taken) and calls
    // fn with its bytes. Claims heads as the consumer does, so it is safe
    // against a listener still running; heap blocks are left unfreed.
    void drain_for_crash(TakenRecord& buf, void (*fn)(const TakenRecord& record, void* ctx),
                         void* ctx) noexcept;
    // Faults in the next pages of lanes whose producers are getting close
    // to the end of what is backed by memory (first lap only).
    void populate_ahead() noexcept;

    // ---- state ----
    // Refuses every later push (kClosed), waits for pushes already past
    // that check to publish, and wakes blocked producers. After it returns,
    // once has_records() is false nothing more will arrive.
    void close() noexcept;
    bool closed() const noexcept { return closed_.load(std::memory_order_acquire); }
    // True once close() has seen every push past its check published.
    bool sealed() const noexcept { return sealed_.load(std::memory_order_acquire); }
    // Records queued now, over all lanes.
    uint64_t depth() const noexcept;
    uint64_t enqueued() const noexcept;
    uint64_t high_water() const noexcept { return high_water_.load(std::memory_order_relaxed); }
    // Bytes charged to the budget now (heap blocks queued, or taken and not
    // yet returned by the consumer), for tests and diagnostics.
    size_t heap_bytes() const noexcept { return bytes_.load(std::memory_order_relaxed); }
    DropCounters drops() const noexcept;
    // How many lanes exist (threads that have logged into this channel,
    // recycled with their producer indexes), for diagnostics.
    size_t lanes() const noexcept { return lane_count_.load(std::memory_order_acquire); }

    // After fork() in the child, with no other thread running: the parent's
    // queued records stay with the parent, so every lane restarts empty at
    // its current position, with fresh locks. Counters keep counting; the
    // discarded records no longer count as enqueued. `emitted`: the records
    // the parent's consumer had passed on; with those evicted, they are the
    // ones the child still counts as enqueued (one a consumer or an evicting
    // producer had taken out and not yet passed on or counted is the
    // parent's, as the queued ones are).
    void reset_after_fork(uint64_t emitted) noexcept;

private:
    struct Slot;
    struct Lane;

    Lane* own_lane(std::unique_lock<std::mutex>& shared) noexcept;
    // A push (channel_push.hpp): into the calling thread's own lane inline;
    // the shared lane and a thread's first push out of line.
    template <class Write>
    Push push(size_t size, size_t charge, int64_t created_ns, Write write) noexcept;
    // push() for the PlainRecord pushes, which take a thread without a lane
    // of its own (its first record, or the shared lane) as kLarge: the
    // caller's out-of-line path then pushes it with try_push_anywhere(),
    // which makes the lane. `write`, and what it refers to, then never
    // leave the call.
    template <class Write>
    Push push_owned(size_t size, size_t charge, int64_t created_ns, Write write) noexcept;
    template <class Write>
    Push push_elsewhere(size_t size, size_t charge, int64_t created_ns, Write write) noexcept;
    template <class Write>
    Push push_into(Lane& lane, size_t size, size_t charge, int64_t created_ns, Write write) noexcept;
    // try_push_with()'s encoding and push, its fields by reference to
    // `shared` or none. Compiled twice into each caller, once with `shared`
    // a constant null: a record without context fields then tests nothing
    // about them.
    template <bool kAnyLane, class WriteMessage>
    Push push_plain(const PlainRecord& record, size_t message_len, const context::Snapshot* shared,
                    WriteMessage write_message) noexcept;
    [[gnu::cold]] Lane* make_lane(size_t index) noexcept;
    Lane* lane_at(size_t index) const noexcept { return lanes_[index].load(std::memory_order_acquire); }
    // Inline (lane.hpp).
    inline Slot& slot(const Lane& lane, uint64_t position) const noexcept;
    inline uint64_t lap_base(uint64_t position) const noexcept;
    // Faults in `bytes` more of the lane (rounded up to whole pages).
    void populate(Lane& lane, size_t bytes) noexcept;
    size_t lane_bytes() const noexcept { return capacity_ * slot_size_; }
    inline std::byte* payload(Slot& s) const noexcept;
    bool pop_from(Lane& lane, TakenRecord* out) noexcept;
    bool peek(const Lane& lane, int64_t& created_ns) const noexcept;
    inline bool fits(const Lane& lane, size_t charged, size_t charge) const noexcept;
    bool has_room(const Lane& lane, size_t charge) const noexcept;
    void note_depth(uint64_t depth) noexcept;
    void rescan() noexcept;
    void join_ready(uint32_t index, int64_t created_ns) noexcept;
    bool take_from(uint32_t index, TakenRecord& out) noexcept;
    void reset_merge() noexcept;
    // After fork: the lane's memory replaced by fresh zero pages (none
    // committed) and its positions back to zero.
    void renew_lane(Lane& lane) noexcept;
    void free_lane(Lane* lane) noexcept;

    // Read-only after construction.
    size_t capacity_;
    uint64_t index_mask_;  // capacity - 1 for a power of two above 1, else 0
    size_t max_bytes_;
    size_t slot_size_;
    size_t slot_payload_;

    // Read by every push; written only by close() and fork.
    alignas(64) std::atomic<bool> closed_{false};
    std::atomic<bool> sealed_{false};
    // Lanes by producer index, plus the shared one at kMaxLanes. Created on
    // a thread's first push, under lanes_mutex_; freed with the channel.
    std::unique_ptr<std::atomic<Lane*>[]> lanes_;
    std::atomic<size_t> lane_count_{0};  // one past the highest lane created
    std::mutex lanes_mutex_;
    std::mutex shared_lane_mutex_;

    // Heap bytes reserved by producers: written only by large records.
    alignas(64) std::atomic<size_t> bytes_{0};
    alignas(64) Doorbell doorbell_;
    // Written only on drops, fork and growth of the high-water mark.
    alignas(64) struct { std::atomic<uint64_t> newest{0}, oldest{0}, timeout{0}, closed{0}; } drops_;
    std::atomic<uint64_t> high_water_{0};
    // Added to the sum of the lanes' tails to make `enqueued`: lanes restart
    // at zero after fork, and the records they held there are discarded.
    std::atomic<uint64_t> enqueued_offset_{0};
    // Producers blocked for room (slow path only).
    alignas(64) std::atomic<uint32_t> room_waiters_{0};
    std::mutex room_mutex_;
    std::condition_variable room_cv_;

    // The consumer's merge: lanes whose first record is known, ordered by
    // that record's timestamp (a min-heap); lanes whose first record has
    // waited too long, taken before the heap in the order found; each
    // lane's place (kNowhere, kInReady, kOverdue) and the count of records
    // taken when it joined the heap.
    struct Ready {
        int64_t created_ns;
        uint32_t lane;
    };
    // The heap's order: the oldest timestamp on top.
    static bool by_time(const Ready& a, const Ready& b) noexcept;
    enum : uint8_t { kNowhere, kInReady, kOverdue };
    std::vector<Ready> ready_;
    std::vector<uint32_t> overdue_;
    size_t overdue_next_ = 0;
    std::vector<uint8_t> place_;
    std::vector<uint64_t> joined_at_;
    uint64_t taken_ = 0;
    uint32_t pops_since_scan_ = 0;
};

}  // namespace picolog::async
