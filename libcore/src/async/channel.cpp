// channel.cpp - the per-thread lanes behind every queue handler
// (channel.hpp).
//
// Slot sequence numbers count in steps of two, so one number says which lap
// a slot is in and whether it holds a record: 2b means "free for the
// position of this lap", 2b+1 "holds the record of that position", where b
// is the position of the lap's first slot (the position less its index).
// (Vyukov's original uses p and p+1, which cannot tell the two apart when
// the ring has one slot.) Counting from the lap rather than the position
// makes a ring of zero bytes a valid empty lane: lanes are mapped zero-filled
// and their pages committed only as a thread's records reach them.
#include "picolog/async/channel.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <thread>

#include "encoding.hpp"
#include "picolog/error.hpp"
#include "picolog/fence.hpp"
#include "picolog/producer_index.hpp"

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

namespace {

constexpr size_t kSlotHeader = sizeof(uint64_t) * 4;
// Inline slots of up to 512 bytes hold a typical record (header, message,
// logger, thread and source names). Every logging thread has a lane, so a
// lane of many slots gets smaller ones, keeping it near kLaneBudget (256-byte
// slots for the default 8192 records: 2 MiB per thread). Slots shrink below
// 256 bytes, where ordinary records start to need a heap block, only for
// lanes so long that they would otherwise pass kLaneCeiling.
constexpr size_t kMaxSlotSize = 512;
constexpr size_t kSlotSize = 256;
constexpr size_t kMinSlotSize = 64;
constexpr size_t kLaneBudget = size_t{2} << 20;
constexpr size_t kLaneCeiling = size_t{64} << 20;
// A new lane's pages are faulted in ahead of its producer, by the consumer,
// in steps of kPopulateStep, whenever fewer than kPopulateMargin bytes lie
// ahead of the producer's first lap (the creator does the first step).
// Producers so rarely take a page fault in a log call, and a thread that
// logs little commits little memory.
constexpr size_t kPopulateStep = size_t{256} << 10;
constexpr size_t kPopulateMargin = size_t{256} << 10;

// Pops between looks at lanes the merge does not hold yet: how late a lane
// that was empty joins the merge, against a scan of every lane.
constexpr uint32_t kRescanEvery = 32;

size_t choose_slot_size(size_t capacity) noexcept {
    size_t s = kMaxSlotSize;
    while (s > kSlotSize && capacity * s > kLaneBudget) s /= 2;
    while (s > kMinSlotSize && capacity * s > kLaneCeiling) s /= 2;
    return s;
}

// Short waits while another thread finishes a step it has already begun
// (a consumer copying out the slot a producer needs next, a push in
// progress at close): spin briefly, then let the scheduler run that thread.
void backoff(unsigned& spins) noexcept {
    if (++spins < 64) {
        cpu_relax();
    } else {
        std::this_thread::yield();
    }
}

bool later(const int64_t a, const int64_t b) noexcept {
    return a > b;
}

}  // namespace

Channel::Channel(size_t capacity, size_t max_bytes)
    : capacity_(capacity),
      index_mask_(capacity > 1 && (capacity & (capacity - 1)) == 0 ? capacity - 1 : 0),
      max_bytes_(max_bytes),
      slot_size_(choose_slot_size(capacity)),
      lanes_(new std::atomic<Lane*>[kMaxLanes + 1]) {
    static_assert(sizeof(Slot) == kSlotHeader);
    slot_payload_ = slot_size_ - kSlotHeader;
    for (size_t i = 0; i <= kMaxLanes; ++i) lanes_[i].store(nullptr, std::memory_order_relaxed);
    // The merge never allocates once running.
    ready_.reserve(kMaxLanes + 1);
    in_ready_.assign(kMaxLanes + 1, false);
}

Channel::~Channel() {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    for (size_t i = 0; i < n; ++i)
        if (Lane* lane = lane_at(i)) free_lane(lane);
}

void Channel::free_lane(Lane* lane) noexcept {
    TakenRecord t;  // no inline buffer: queued records are discarded
    while (pop_from(*lane, &t)) t.heap.reset();
    ::munmap(lane->slots, lane_bytes());
    lane->~Lane();
    ::operator delete (lane, std::align_val_t{alignof(Lane)});
}

Channel::Slot& Channel::slot(const Lane& lane, uint64_t position) const noexcept {
    // A mask for power-of-two rings (the default 8192 among them) saves a
    // 64-bit division on every push and pop.
    uint64_t index = index_mask_ != 0 ? position & index_mask_ : position % capacity_;
    return *std::launder(reinterpret_cast<Slot*>(lane.slots + index * slot_size_));
}

uint64_t Channel::lap_base(uint64_t position) const noexcept {
    return index_mask_ != 0 ? position & ~index_mask_ : position - position % capacity_;
}

std::byte* Channel::payload(Slot& s) const noexcept {
    return reinterpret_cast<std::byte*>(&s) + kSlotHeader;
}

void Channel::arm_lane(Lane& lane, uint64_t from) noexcept {
    uint64_t base = from - from % capacity_;
    for (size_t i = 0; i < capacity_; ++i) {
        uint64_t p = base + i;
        if (p < from) p += capacity_;
        Slot& s = *std::launder(reinterpret_cast<Slot*>(lane.slots + i * slot_size_));
        s.heap = nullptr;
        s.seq.store(2 * lap_base(p), std::memory_order_relaxed);
    }
}

Channel::Lane* Channel::make_lane(size_t index) noexcept {
    std::lock_guard lock(lanes_mutex_);
    if (Lane* existing = lanes_[index].load(std::memory_order_relaxed)) return existing;
    void* raw = ::operator new (sizeof(Lane), std::align_val_t{alignof(Lane)}, std::nothrow);
    if (raw == nullptr) return nullptr;
    Lane* lane = new (raw) Lane;
    // Zero-filled and committed page by page as the ring is first used: a
    // thread that logs little takes little memory.
    void* slots = ::mmap(nullptr, lane_bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (slots == MAP_FAILED) {
        lane->~Lane();
        ::operator delete (raw, std::align_val_t{alignof(Lane)});
        return nullptr;
    }
    lane->slots = static_cast<std::byte*>(slots);
    populate(*lane);
    lanes_[index].store(lane, std::memory_order_release);
    if (lane_count_.load(std::memory_order_relaxed) <= index)
        lane_count_.store(index + 1, std::memory_order_release);
    return lane;
}

void Channel::populate(Lane& lane) noexcept {
    const size_t step = std::min(kPopulateStep, lane_bytes() - lane.populated);
#if defined(MADV_POPULATE_WRITE)
    // Faults the pages in as writable without changing their contents, so
    // it is safe while the producer writes to them. Older kernels refuse it
    // (EINVAL); the producer then faults them in itself, as it would anyway.
    (void)::madvise(lane.slots + lane.populated, step, MADV_POPULATE_WRITE);
#endif
    lane.populated += step;
}

void Channel::populate_ahead() noexcept {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    const size_t whole = lane_bytes();
    for (size_t i = 0; i < n; ++i) {
        Lane* lane = lane_at(i);
        if (lane == nullptr || lane->populated == whole) continue;
        // Only the first lap matters: after it every page has been written.
        const uint64_t t = lane->tail.load(std::memory_order_relaxed);
        const size_t used = t >= capacity_ ? whole : static_cast<size_t>(t) * slot_size_;
        if (used >= whole) {
            lane->populated = whole;
        } else if (lane->populated - std::min(used, lane->populated) < kPopulateMargin) {
            populate(*lane);
        }
    }
}

Channel::Lane* Channel::own_lane(std::unique_lock<std::mutex>& shared) noexcept {
    size_t index = producer_index();
    if (index >= kMaxLanes) [[unlikely]] {
        index = kMaxLanes;
        shared = std::unique_lock(shared_lane_mutex_);
    }
    Lane* lane = lanes_[index].load(std::memory_order_acquire);
    if (lane == nullptr) [[unlikely]]
        lane = make_lane(index);
    return lane;
}

int Channel::prepare(const Record& record, PendingRecord& out) noexcept {
    out.record = &record;
    out.size = encoding::encoded_size(record);
    out.heap.reset();
    if (out.size == 0) return kInvalid;
    if (out.size <= slot_payload_) return kOk;
    out.heap.reset(new (std::nothrow) std::byte[out.size]);
    if (!out.heap) return kNoMemory;
    encoding::encode(record, out.heap.get());
    return kOk;
}

template <class Write>
Channel::Push Channel::push(size_t size, size_t charge, int64_t created_ns, Write write) noexcept {
    std::unique_lock<std::mutex> shared;
    Lane* lane = own_lane(shared);
    if (lane == nullptr) [[unlikely]]
        return Push::kNoMemory;
    // Marked busy, then the closed check: close() either sees this push in
    // progress and waits for it, or this load sees the channel closed.
    lane->busy.store(1, std::memory_order_relaxed);
    fence::light();
    auto done = [lane](Push result) noexcept {
        lane->busy.store(0, std::memory_order_release);
        return result;
    };
    if (closed_.load(std::memory_order_relaxed)) [[unlikely]]
        return done(Push::kClosed);

    // An inline record reserves nothing (a load, no locked instruction) but
    // is still refused while heap blocks hold the budget over its limit.
    const size_t before = charge != 0 ? bytes_.fetch_add(charge, std::memory_order_relaxed)
                                      : bytes_.load(std::memory_order_relaxed);
    if (!fits(*lane, before, charge)) [[unlikely]] {
        release_bytes(charge);
        return done(Push::kFull);
    }
    const uint64_t t = lane->tail.load(std::memory_order_relaxed);
    Slot& s = slot(*lane, t);
    const uint64_t free_seq = 2 * lap_base(t);
    for (unsigned spins = 0; s.seq.load(std::memory_order_acquire) != free_seq;) {
        // The slot still holds the previous lap's record. Full if that record
        // is still queued; if the consumer has claimed it, it is being copied
        // out and the slot frees shortly.
        if (t - lane->head.load(std::memory_order_acquire) >= capacity_) {
            release_bytes(charge);
            note_depth(capacity_);
            return done(Push::kFull);
        }
        backoff(spins);
    }
    s.size = size;
    write(s);
    s.created_ns.store(created_ns, std::memory_order_relaxed);
    s.seq.store(free_seq + 1, std::memory_order_release);
    lane->tail.store(t + 1, std::memory_order_release);
    // The next slot was last touched a lap ago, by the consumer: fetch it
    // now, so that the next push finds its sequence number in cache instead
    // of waiting for it.
    __builtin_prefetch(&slot(*lane, t + 1), 1, 3);
    return done(Push::kOk);
}

Channel::Push Channel::try_push(PendingRecord& rec) noexcept {
    return push(rec.size, rec.charge(), rec.record->created_ns, [&](Slot& s) {
        if (rec.heap) {
            s.heap = rec.heap.release();
        } else {
            s.heap = nullptr;
            encoding::encode(*rec.record, payload(s));
        }
    });
}

Channel::Push Channel::try_push(const Record& record) noexcept {
    const size_t size = encoding::encoded_size(record);
    if (size == 0 || size > slot_payload_) return Push::kLarge;
    return push(size, 0, record.created_ns, [&](Slot& s) {
        s.heap = nullptr;
        encoding::encode(record, payload(s));
    });
}

void Channel::ring_after_push() noexcept {
    // The record's publication, then the doorbell's load: pairs with the
    // consumer's arm, heavy fence, check (doorbell.hpp).
    fence::light();
    doorbell_.ring_if_asleep();
}

bool Channel::pop_from(Lane& lane, TakenRecord* out) noexcept {
    uint64_t h = lane.head.load(std::memory_order_relaxed);
    Slot* s;
    for (;;) {
        s = &slot(lane, h);
        uint64_t seq = s->seq.load(std::memory_order_acquire);
        int64_t d = static_cast<int64_t>(seq - (2 * lap_base(h) + 1));
        if (d == 0) {
            if (lane.head.compare_exchange_weak(h, h + 1, std::memory_order_acq_rel,
                                                std::memory_order_relaxed))
                break;
        } else if (d < 0) {
            return false;
        } else {
            h = lane.head.load(std::memory_order_relaxed);
        }
    }
    out->size = s->size;
    if (s->heap) {
        out->heap.reset(s->heap);
        out->data = out->heap.get();
    } else {
        out->heap.reset();
        if (out->inline_buffer) std::memcpy(out->inline_buffer.get(), payload(*s), out->size);
        out->data = out->inline_buffer.get();
    }
    s->seq.store(2 * (lap_base(h) + capacity_), std::memory_order_release);
    return true;
}

bool Channel::peek(const Lane& lane, int64_t& created_ns) const noexcept {
    uint64_t h = lane.head.load(std::memory_order_acquire);
    const Slot& s = slot(lane, h);
    if (s.seq.load(std::memory_order_acquire) != 2 * lap_base(h) + 1) return false;
    created_ns = s.created_ns.load(std::memory_order_relaxed);
    return true;
}

void Channel::rescan() noexcept {
    pops_since_scan_ = 0;
    const size_t n = lane_count_.load(std::memory_order_acquire);
    auto key = [](const Ready& a, const Ready& b) { return later(a.created_ns, b.created_ns); };
    for (size_t i = 0; i < n; ++i) {
        if (in_ready_[i]) continue;
        const Lane* lane = lane_at(i);
        int64_t created;
        if (lane == nullptr || !peek(*lane, created)) continue;
        ready_.push_back({created, static_cast<uint32_t>(i)});
        std::push_heap(ready_.begin(), ready_.end(), key);
        in_ready_[i] = true;
    }
}

Channel::Pop Channel::try_pop(TakenRecord& out) noexcept {
    if (ready_.empty() || ++pops_since_scan_ >= kRescanEvery) rescan();
    auto key = [](const Ready& a, const Ready& b) { return later(a.created_ns, b.created_ns); };
    while (!ready_.empty()) {
        std::pop_heap(ready_.begin(), ready_.end(), key);
        const uint32_t index = ready_.back().lane;
        ready_.pop_back();
        in_ready_[index] = false;
        Lane& lane = *lane_at(index);
        // Fails only if the lane's owner evicted the record (drop-oldest).
        const bool taken = pop_from(lane, &out);
        int64_t created;
        if (peek(lane, created)) {
            ready_.push_back({created, index});
            std::push_heap(ready_.begin(), ready_.end(), key);
            in_ready_[index] = true;
        }
        if (taken) return Pop::kOk;
    }
    return Pop::kEmpty;
}

TakenRecord Channel::make_taken() const {
    TakenRecord t;
    t.inline_buffer.reset(new std::byte[slot_payload_]);
    return t;
}

bool Channel::evict_oldest() noexcept {
    std::unique_lock<std::mutex> shared;
    Lane* lane = own_lane(shared);
    TakenRecord t;  // no inline buffer: the record is discarded, not copied
    if (lane == nullptr || !pop_from(*lane, &t)) return false;
    release_bytes(t.charge());
    drops_.oldest.fetch_add(1, std::memory_order_relaxed);
    return true;
}

bool Channel::fits(const Lane& lane, size_t charged, size_t charge) const noexcept {
    if (charged + charge <= max_bytes_ && charged + charge >= charged) return true;
    // Over budget: still admitted alone in its lane. "Alone" is judged by
    // positions, not by the byte count, which the consumer returns in bulk.
    return lane.tail.load(std::memory_order_relaxed) == lane.head.load(std::memory_order_acquire);
}

bool Channel::has_room(const Lane& lane, size_t charge) const noexcept {
    const uint64_t depth =
        lane.tail.load(std::memory_order_relaxed) - lane.head.load(std::memory_order_acquire);
    return depth < capacity_ && fits(lane, bytes_.load(std::memory_order_relaxed), charge);
}

bool Channel::wait_for_room(size_t charge, const std::chrono::steady_clock::time_point* deadline) noexcept {
    Lane* lane;
    {
        std::unique_lock<std::mutex> shared;
        lane = own_lane(shared);
    }
    if (lane == nullptr) return false;
    std::unique_lock lock(room_mutex_);
    // Both sides announce themselves with a read-modify-write of
    // room_waiters_ (see notify_room), so one of the two RMWs reads the
    // other: either the consumer sees this waiter, or this thread's RMW
    // synchronizes with the consumer's and then sees the room it made.
    room_waiters_.fetch_add(1, std::memory_order_acq_rel);
    bool ok = true;
    while (!has_room(*lane, charge) && !closed()) {
        if (!deadline) {
            room_cv_.wait(lock);
        } else if (room_cv_.wait_until(lock, *deadline) == std::cv_status::timeout) {
            ok = has_room(*lane, charge) || closed();
            break;
        }
    }
    room_waiters_.fetch_sub(1, std::memory_order_relaxed);
    return ok;
}

void Channel::notify_room() noexcept {
    // An RMW rather than a load: it is ordered after the room just made
    // (release) and reads the newest count (see wait_for_room).
    if (room_waiters_.fetch_add(0, std::memory_order_acq_rel) == 0) return;
    // Taking the mutex orders this notify after any waiter's check-then-wait.
    { std::lock_guard lock(room_mutex_); }
    // Every waiter: each waits for room in its own lane.
    room_cv_.notify_all();
}

void Channel::mark(std::vector<uint64_t>& marks) const {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    marks.assign(n, 0);
    for (size_t i = 0; i < n; ++i)
        if (const Lane* lane = lane_at(i)) marks[i] = lane->tail.load(std::memory_order_acquire);
}

bool Channel::reached(const std::vector<uint64_t>& marks) const noexcept {
    for (size_t i = 0; i < marks.size(); ++i) {
        const Lane* lane = lane_at(i);
        if (lane != nullptr && lane->head.load(std::memory_order_acquire) < marks[i]) return false;
    }
    return true;
}

bool Channel::has_records() const noexcept {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    for (size_t i = 0; i < n; ++i) {
        const Lane* lane = lane_at(i);
        int64_t created;
        if (lane != nullptr && peek(*lane, created)) return true;
    }
    return false;
}

void Channel::sample_depth() noexcept {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    uint64_t deepest = 0;
    for (size_t i = 0; i < n; ++i) {
        if (const Lane* lane = lane_at(i)) {
            uint64_t h = lane->head.load(std::memory_order_acquire);
            uint64_t t = lane->tail.load(std::memory_order_acquire);  // second: never behind h
            deepest = std::max(deepest, t - h);
        }
    }
    note_depth(deepest);
}

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
            total += lane->tail.load(std::memory_order_acquire) - h;
        }
    }
    return total;
}

uint64_t Channel::enqueued() const noexcept {
    const size_t n = lane_count_.load(std::memory_order_acquire);
    uint64_t total = 0;
    for (size_t i = 0; i < n; ++i)
        if (const Lane* lane = lane_at(i)) total += lane->tail.load(std::memory_order_acquire);
    return total - fork_discarded_.load(std::memory_order_relaxed);
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

void Channel::reset_after_fork() noexcept {
    const size_t n = lane_count_.load(std::memory_order_relaxed);
    uint64_t discarded = 0;
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
        discarded += t - h;
        arm_lane(*lane, t);
        lane->head.store(t, std::memory_order_relaxed);
        lane->busy.store(0, std::memory_order_relaxed);
    }
    fork_discarded_.fetch_add(discarded, std::memory_order_relaxed);
    ready_.clear();
    in_ready_.assign(in_ready_.size(), false);
    pops_since_scan_ = 0;
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
