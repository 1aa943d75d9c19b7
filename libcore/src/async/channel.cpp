// channel.cpp - the per-thread lanes behind every queue handler: making
// them, and the producer side (channel.hpp) but for the push itself, which
// is inline in channel_push.hpp. The consumer side is in
// channel_consumer.cpp, closing and fork in channel_state.cpp; lane.hpp has
// the slot layout.
#include "picolog/async/channel.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <new>

#include "channel_push.hpp"
#include "encoding.hpp"
#include "lane.hpp"
#include "picolog/error.hpp"
#include "picolog/producer_index.hpp"

namespace picolog::async {

using lane::kSlotHeader;

namespace {

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

size_t choose_slot_size(size_t capacity) noexcept {
    size_t s = kMaxSlotSize;
    while (s > kSlotSize && capacity * s > kLaneBudget) s /= 2;
    while (s > kMinSlotSize && capacity * s > kLaneCeiling) s /= 2;
    return s;
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
    overdue_.reserve(kMaxLanes + 1);
    place_.assign(kMaxLanes + 1, kNowhere);
    joined_at_.assign(kMaxLanes + 1, 0);
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
    populate(*lane, lane::kPopulateMin);
    lanes_[index].store(lane, std::memory_order_release);
    if (lane_count_.load(std::memory_order_relaxed) <= index)
        lane_count_.store(index + 1, std::memory_order_release);
    return lane;
}

void Channel::populate(Lane& lane, size_t bytes) noexcept {
    // Whole pages: the next step starts where this one ends.
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    bytes = (bytes + page - 1) / page * page;
    const size_t step = std::min(bytes, lane_bytes() - lane.populated);
#if defined(MADV_POPULATE_WRITE)
    // Faults the pages in as writable without changing their contents, so
    // it is safe while the producer writes to them. Older kernels refuse it
    // (EINVAL); the producer then faults them in itself, as it would anyway.
    (void)::madvise(lane.slots + lane.populated, step, MADV_POPULATE_WRITE);
#endif
    lane.populated += step;
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
    out.heap.reset();
    // Shared context fields fit a slot by reference where copied ones may
    // not: a record retried after a full lane keeps its slot.
    out.shared = record.fields.empty() ? nullptr : context::shared(record.fields);
    if (out.shared != nullptr) {
        out.size = encoding::encoded_size(record, out.shared);
        if (out.size != 0 && out.size <= slot_payload_) return kOk;
        out.shared = nullptr;
    }
    out.size = encoding::encoded_size(record);
    if (out.size == 0) return kInvalid;
    if (out.size <= slot_payload_) return kOk;
    out.heap.reset(new (std::nothrow) std::byte[out.size]);
    if (!out.heap) return kNoMemory;
    encoding::encode(record, out.heap.get());
    return kOk;
}

Channel::Push Channel::try_push(PendingRecord& rec) noexcept {
    return push(rec.size, rec.charge(), rec.record->created_ns, [&](Slot& s) {
        if (rec.heap) {
            s.heap = rec.heap.release();
        } else {
            s.heap = nullptr;
            if (rec.shared != nullptr) context::retain(rec.shared);
            encoding::encode(*rec.record, payload(s), rec.shared);
        }
    });
}

Channel::Push Channel::try_push(const Record& record) noexcept {
    // Context fields the logging thread shares (context.hpp) go in by
    // reference: four of them would not fit a 256-byte slot copied.
    const context::Snapshot* shared = record.fields.empty() ? nullptr : context::shared(record.fields);
    const size_t size = encoding::encoded_size(record, shared);
    if (size == 0 || size > slot_payload_) return Push::kLarge;
    return push(size, 0, record.created_ns, [&](Slot& s) {
        s.heap = nullptr;
        if (shared != nullptr) context::retain(shared);
        encoding::encode(record, payload(s), shared);
    });
}

Channel::Evict Channel::evict_oldest(size_t charge) noexcept {
    std::unique_lock<std::mutex> shared;
    Lane* lane = own_lane(shared);
    if (lane == nullptr) return Evict::kNothing;
    const uint64_t head = lane->head.load(std::memory_order_acquire);
    const uint64_t tail = lane->tail.load(std::memory_order_relaxed);
    uint64_t count = 1;  // a full lane: its head makes the room
    if (tail - head < capacity_) {
        // Refused by the budget: only heap blocks free bytes. Evict the
        // shortest run from the head whose blocks free what is missing, or
        // nothing if even the whole lane would not.
        const size_t charged = bytes_.load(std::memory_order_relaxed);
        const size_t need =
            charge > max_bytes_ ? charged : charged + charge - std::min(charged + charge, max_bytes_);
        size_t freed = 0;
        count = 0;
        // The owner wrote these slots and only it writes them again: reading
        // them races with nobody (the consumer only reads them too).
        for (uint64_t p = head; p < tail && freed < need; ++p, ++count) {
            const Slot& s = slot(*lane, p);
            if (s.heap != nullptr) freed += s.size;
        }
        if (freed < need) return Evict::kWouldNotHelp;
    }
    bool any = false;
    for (TakenRecord t; count > 0 && pop_from(*lane, &t); --count) {  // no inline buffer: discarded
        release_bytes(t.charge());
        drops_.oldest.fetch_add(1, std::memory_order_relaxed);
        t.heap.reset();
        any = true;
    }
    return any ? Evict::kEvicted : Evict::kNothing;
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

}  // namespace picolog::async
