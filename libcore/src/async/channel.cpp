// channel.cpp - the bounded ring behind every queue handler (channel.hpp).
//
// Slot sequence numbers count in steps of two, so one number says which lap
// a slot is in and whether it holds a record: 2p means "free for position
// p", 2p+1 "holds the record of position p". (Vyukov's original uses p and
// p+1, which cannot tell the two apart when the ring has one slot.)
#include "picolog/async/channel.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <thread>

#include "picolog/async/owned_record.hpp"
#include "picolog/error.hpp"

namespace picolog::async {

struct Channel::Slot {
    std::atomic<uint64_t> seq;
    uint64_t size;
    std::byte* heap;
    uint64_t unused;
};

namespace {

constexpr size_t kSlotAlign = 64;
constexpr size_t kSlotHeader = sizeof(uint64_t) * 4;
// Inline slots of up to 512 bytes hold a typical record (header, message,
// logger, thread and source names); large rings get smaller slots so that
// the preallocated ring stays near 32 MiB.
constexpr size_t kMaxSlotSize = 512;
constexpr size_t kMinSlotSize = 64;
constexpr size_t kRingBudget = size_t{32} << 20;

size_t choose_slot_size(size_t capacity) noexcept {
    size_t s = kMaxSlotSize;
    while (s > kMinSlotSize && capacity * s > kRingBudget) s /= 2;
    return s;
}

// Short waits while another thread finishes a step it has already begun
// (publishing a claimed slot, releasing a taken one): spin briefly, then let
// the scheduler run that thread.
void backoff(unsigned& spins) noexcept {
    if (++spins < 64) {
        cpu_relax();
    } else {
        std::this_thread::yield();
    }
}

}  // namespace

Channel::Channel(size_t capacity, size_t max_bytes)
    : capacity_(capacity),
      index_mask_(capacity > 1 && (capacity & (capacity - 1)) == 0 ? capacity - 1 : 0),
      max_bytes_(max_bytes),
      slot_size_(choose_slot_size(capacity)) {
    static_assert(sizeof(Slot) == kSlotHeader);
    slot_payload_ = slot_size_ - kSlotHeader;
    slots_ = static_cast<std::byte*>(::operator new (capacity_* slot_size_, std::align_val_t{kSlotAlign}));
    for (size_t i = 0; i < capacity_; ++i) {
        Slot* s = new (slots_ + i * slot_size_) Slot;
        s->size = 0;
        s->heap = nullptr;
        s->unused = 0;
        s->seq.store(2 * i, std::memory_order_relaxed);
    }
}

Channel::~Channel() {
    TakenRecord t = make_taken();
    while (try_pop(t) == Pop::kOk) t.heap.reset();
    ::operator delete (slots_, std::align_val_t{kSlotAlign});
}

Channel::Slot& Channel::slot(uint64_t position) const noexcept {
    // A mask for power-of-two rings (the default 8192 among them) saves a
    // 64-bit division on every push and pop.
    uint64_t index = index_mask_ != 0 ? position & index_mask_ : position % capacity_;
    return *std::launder(reinterpret_cast<Slot*>(slots_ + index * slot_size_));
}

std::byte* Channel::payload(Slot& s) const noexcept {
    return reinterpret_cast<std::byte*>(&s) + kSlotHeader;
}

int Channel::prepare(const Record& record, PendingRecord& out) noexcept {
    out.record = &record;
    out.size = encoded_size(record);
    out.heap.reset();
    if (out.size == 0) return kInvalid;
    if (out.size <= slot_payload_) return kOk;
    out.heap.reset(new (std::nothrow) std::byte[out.size]);
    if (!out.heap) return kNoMemory;
    encode(record, out.heap.get());
    return kOk;
}

Channel::Push Channel::try_push(PendingRecord& rec) noexcept {
    const size_t n = rec.size;
    const size_t charge = rec.charge();
    // Reserve budget first: a claimed position must be published, so
    // everything that can refuse the record happens before the claim. An
    // inline record reserves nothing (a load, no locked instruction) but is
    // still refused while heap blocks hold the budget over its limit.
    const size_t before = charge != 0 ? bytes_.fetch_add(charge, std::memory_order_relaxed)
                                      : bytes_.load(std::memory_order_relaxed);
    if (!fits(before, charge)) {
        release_bytes(charge);
        if (closed()) return Push::kClosed;
        note_depth(depth());
        return Push::kFull;
    }
    uint64_t t = tail_.load(std::memory_order_relaxed);
    unsigned spins = 0;
    Slot* s;
    for (;;) {
        if (t & kClosedBit) {
            release_bytes(charge);
            return Push::kClosed;
        }
        s = &slot(t);
        uint64_t seq = s->seq.load(std::memory_order_acquire);
        int64_t d = static_cast<int64_t>(seq - 2 * t);
        if (d == 0) {
            // seq_cst: the doorbell handshake pairs this claim with the
            // consumer's arm-then-check (doorbell.hpp).
            if (tail_.compare_exchange_weak(t, t + 1, std::memory_order_seq_cst, std::memory_order_relaxed))
                break;
        } else if (d < 0) {
            // The slot still holds the previous lap's record. Full only if
            // that record is still queued; if the consumer has already
            // claimed it, it is being copied out and the slot frees shortly.
            uint64_t h = head_.load(std::memory_order_acquire);
            if (static_cast<int64_t>(t - h) >= static_cast<int64_t>(capacity_)) {
                release_bytes(charge);
                note_depth(capacity_);
                return Push::kFull;
            }
            backoff(spins);
            t = tail_.load(std::memory_order_relaxed);
        } else {
            t = tail_.load(std::memory_order_relaxed);
        }
    }
    s->size = n;
    if (rec.heap) {
        s->heap = rec.heap.release();
    } else {
        s->heap = nullptr;
        encode(*rec.record, payload(*s));
    }
    s->seq.store(2 * t + 1, std::memory_order_release);
    return Push::kOk;
}

Channel::Pop Channel::try_pop(TakenRecord& out) noexcept {
    uint64_t h = head_.load(std::memory_order_relaxed);
    Slot* s;
    for (;;) {
        s = &slot(h);
        uint64_t seq = s->seq.load(std::memory_order_acquire);
        int64_t d = static_cast<int64_t>(seq - (2 * h + 1));
        if (d == 0) {
            if (head_.compare_exchange_weak(h, h + 1, std::memory_order_acq_rel, std::memory_order_relaxed))
                break;
        } else if (d < 0) {
            out.position = h;
            return tail() == h ? Pop::kEmpty : Pop::kInFlight;
        } else {
            h = head_.load(std::memory_order_relaxed);
        }
    }
    out.position = h;
    out.size = s->size;
    if (s->heap) {
        out.heap.reset(s->heap);
        out.data = out.heap.get();
    } else {
        out.heap.reset();
        if (out.inline_buffer) std::memcpy(out.inline_buffer.get(), payload(*s), out.size);
        out.data = out.inline_buffer.get();
    }
    s->seq.store(2 * (h + capacity_), std::memory_order_release);
    return Pop::kOk;
}

TakenRecord Channel::make_taken() const {
    TakenRecord t;
    t.inline_buffer.reset(new std::byte[slot_payload_]);
    return t;
}

bool Channel::evict_oldest() noexcept {
    TakenRecord t;  // no inline buffer: the record is discarded, not copied
    if (try_pop(t) != Pop::kOk) return false;
    release_bytes(t.charge());
    drops_.oldest.fetch_add(1, std::memory_order_relaxed);
    return true;
}

bool Channel::fits(size_t charged, size_t charge) const noexcept {
    if (charged + charge <= max_bytes_ && charged + charge >= charged) return true;
    // Over budget: still admitted alone. "Alone" is judged by positions, not
    // by the byte count, which the consumer returns in bulk.
    return depth() == 0;
}

bool Channel::has_room(size_t charge) const noexcept {
    return depth() < capacity_ && fits(bytes_.load(std::memory_order_relaxed), charge);
}

bool Channel::wait_for_room(size_t charge, const std::chrono::steady_clock::time_point* deadline) noexcept {
    std::unique_lock lock(room_mutex_);
    // Both sides announce themselves with a read-modify-write of
    // room_waiters_ (see notify_room), so one of the two RMWs reads the
    // other: either the consumer sees this waiter, or this thread's RMW
    // synchronizes with the consumer's and then sees the room it made.
    room_waiters_.fetch_add(1, std::memory_order_acq_rel);
    bool ok = true;
    while (!has_room(charge) && !closed()) {
        if (!deadline) {
            room_cv_.wait(lock);
        } else if (room_cv_.wait_until(lock, *deadline) == std::cv_status::timeout) {
            ok = has_room(charge) || closed();
            break;
        }
    }
    room_waiters_.fetch_sub(1, std::memory_order_relaxed);
    return ok;
}

void Channel::notify_room(bool all) noexcept {
    // An RMW rather than a load: it is ordered after the room just made
    // (release) and reads the newest count (see wait_for_room).
    if (room_waiters_.fetch_add(0, std::memory_order_acq_rel) == 0) return;
    // Taking the mutex orders this notify after any waiter's check-then-wait.
    { std::lock_guard lock(room_mutex_); }
    if (all)
        room_cv_.notify_all();
    else
        room_cv_.notify_one();
}

void Channel::close() noexcept {
    tail_.fetch_or(kClosedBit, std::memory_order_seq_cst);
    { std::lock_guard lock(room_mutex_); }
    room_cv_.notify_all();
}

uint64_t Channel::depth() const noexcept {
    uint64_t h = head_.load(std::memory_order_acquire);
    uint64_t t = tail();  // read second: the tail never falls behind a head read earlier
    return t - h;
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

void Channel::arm_slots(uint64_t from) noexcept {
    uint64_t base = from - from % capacity_;
    for (size_t i = 0; i < capacity_; ++i) {
        uint64_t p = base + i;
        if (p < from) p += capacity_;
        Slot& s = *std::launder(reinterpret_cast<Slot*>(slots_ + i * slot_size_));
        s.heap = nullptr;
        s.seq.store(2 * p, std::memory_order_relaxed);
    }
}

void Channel::reset_after_fork() noexcept {
    uint64_t raw = tail_.load(std::memory_order_relaxed);
    uint64_t t = raw & ~kClosedBit;
    uint64_t h = head_.load(std::memory_order_relaxed);
    // The child owns copies of the parent's published heap blocks; free them.
    // A slot claimed but not yet published belonged to a thread that does not
    // exist here; its block (if any) is unreachable either way.
    for (uint64_t p = h; p < t; ++p) {
        Slot& s = slot(p);
        if (s.seq.load(std::memory_order_relaxed) == 2 * p + 1 && s.heap) delete[] s.heap;
    }
    fork_discarded_.fetch_add(t - h, std::memory_order_relaxed);
    arm_slots(t);
    head_.store(t, std::memory_order_relaxed);
    bytes_.store(0, std::memory_order_relaxed);
    room_waiters_.store(0, std::memory_order_relaxed);
    doorbell_.reset();
    // The parent's lock may have been held by a thread the child lacks;
    // start over with new objects (the old ones are abandoned, not destroyed,
    // as destroying a lock in an unknown state is itself undefined).
    new (&room_mutex_) std::mutex;
    new (&room_cv_) std::condition_variable;
}

}  // namespace picolog::async
