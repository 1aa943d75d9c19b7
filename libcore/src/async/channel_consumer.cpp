// channel_consumer.cpp - the consumer side of the lanes (channel.hpp):
// taking records out, the merge by timestamp across lanes, flush marks, and
// faulting lanes in ahead of their producers.
#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "encoding.hpp"
#include "lane.hpp"
#include "picolog/async/channel.hpp"

namespace picolog::async {

namespace {

// Pops between looks at lanes the merge does not hold yet: how late a lane
// that was empty joins the merge, against a scan of every lane.
constexpr uint32_t kRescanEvery = 32;

// The most records taken from other lanes while a lane's first record
// waits in the merge; then it is taken whatever its timestamp. Up to
// kRescanEvery more pass before the next scan finds it overdue.
constexpr uint64_t kMaxWait = 1024;

}  // namespace

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
        } else if (t == 0) {
            // Not written since it was made (or since fork): nothing ahead yet.
        } else {
            // Topped up once less than half the distance wanted is left.
            const size_t want = lane::populate_ahead_bytes(used);
            const size_t ahead = lane->populated - std::min(used, lane->populated);
            if (ahead < want / 2) populate(*lane, used + want - lane->populated);
        }
    }
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
    out->lane = &lane;
    out->position = h;
    out->created_ns = s->created_ns.load(std::memory_order_relaxed);
    if (s->heap) {
        out->heap.reset(s->heap);
        out->data = out->heap.get();
    } else {
        out->heap.reset();
        if (out->inline_buffer) {
            std::memcpy(out->inline_buffer.get(), payload(*s), out->size);
        } else {
            // Discarded (drop-oldest, a channel freed with records queued):
            // what the record holds beyond its bytes is let go here.
            encoding::release_shared(payload(*s));
        }
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

bool Channel::by_time(const Ready& a, const Ready& b) noexcept {
    return a.created_ns > b.created_ns;
}

void Channel::join_ready(uint32_t index, int64_t created_ns) noexcept {
    ready_.push_back({created_ns, index});
    std::push_heap(ready_.begin(), ready_.end(), by_time);
    place_[index] = kInReady;
    joined_at_[index] = taken_;
}

void Channel::reset_merge() noexcept {
    ready_.clear();
    overdue_.clear();
    overdue_next_ = 0;
    place_.assign(place_.size(), kNowhere);
    pops_since_scan_ = 0;
}

void Channel::rescan() noexcept {
    pops_since_scan_ = 0;
    // Those already taken go; each lane is listed at most once, so the list
    // never outgrows its reserve.
    overdue_.erase(overdue_.begin(), overdue_.begin() + static_cast<ptrdiff_t>(overdue_next_));
    overdue_next_ = 0;
    const size_t n = lane_count_.load(std::memory_order_acquire);
    bool any_overdue = false;
    for (size_t i = 0; i < n; ++i) {
        if (place_[i] == kInReady) {
            // Waited behind kMaxWait records of other lanes: a timestamp in
            // the future, or stamped before the wall clock stepped back.
            if (taken_ - joined_at_[i] > kMaxWait) {
                place_[i] = kOverdue;
                overdue_.push_back(static_cast<uint32_t>(i));
                any_overdue = true;
            }
            continue;
        }
        if (place_[i] == kOverdue) continue;
        const Lane* lane = lane_at(i);
        int64_t created;
        if (lane == nullptr || !peek(*lane, created)) continue;
        join_ready(static_cast<uint32_t>(i), created);
    }
    if (any_overdue) {
        // Rare: one pass over the heap to drop the overdue lanes' entries.
        ready_.erase(std::remove_if(ready_.begin(), ready_.end(),
                                    [this](const Ready& r) { return place_[r.lane] != kInReady; }),
                     ready_.end());
        std::make_heap(ready_.begin(), ready_.end(), by_time);
    }
}

// Takes `index`'s first record (unless its owner evicted it meanwhile) and
// puts the lane back in the heap if it has another.
bool Channel::take_from(uint32_t index, TakenRecord& out) noexcept {
    place_[index] = kNowhere;
    Lane& lane = *lane_at(index);
    // Fails only if the lane's owner evicted the record (drop-oldest).
    const bool taken = pop_from(lane, &out);
    if (taken) ++taken_;
    int64_t created;
    if (peek(lane, created)) join_ready(index, created);
    return taken;
}

Channel::Pop Channel::try_pop(TakenRecord& out) noexcept {
    if ((ready_.empty() && overdue_next_ == overdue_.size()) || ++pops_since_scan_ >= kRescanEvery) rescan();
    while (overdue_next_ < overdue_.size())
        if (take_from(overdue_[overdue_next_++], out)) return Pop::kOk;
    while (!ready_.empty()) {
        std::pop_heap(ready_.begin(), ready_.end(), by_time);
        const uint32_t index = ready_.back().lane;
        ready_.pop_back();
        if (take_from(index, out)) return Pop::kOk;
    }
    return Pop::kEmpty;
}

TakenRecord Channel::make_taken() const {
    TakenRecord t;
    t.inline_buffer.reset(new std::byte[slot_payload_]);
    return t;
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
            uint64_t t = lane->tail.load(std::memory_order_acquire);
            deepest = std::max(deepest, lane::depth_of(h, t));
        }
    }
    note_depth(deepest);
}

}  // namespace picolog::async
