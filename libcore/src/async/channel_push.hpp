// channel_push.hpp - the producer's push into its lane, inline, so that a
// queued call encodes its record into the slot without a call per step
// (private to libcore/src/async; see channel.hpp).
//
// A thread whose lane exists and is its own (producer index below
// kMaxLanes) pushes inline; the shared lane (under its mutex) and a
// thread's first push, which makes its lane, take push_elsewhere(), out of
// line. A PlainRecord push does not go there (push_owned): its writer
// refers to the caller's record, which would then have to live in memory
// on every call; it takes try_push_anywhere() instead, from the caller's
// out-of-line path.
#pragma once

#include <mutex>

#include "encoding.hpp"
#include "lane.hpp"
#include "picolog/async/channel.hpp"
#include "picolog/fence.hpp"
#include "picolog/producer_index.hpp"

namespace picolog::async {

template <class Write>
[[gnu::always_inline]] inline Channel::Push Channel::push(size_t size, size_t charge, int64_t created_ns,
                                                          Write write) noexcept {
    const size_t index = producer_index();
    Lane* lane = index < kMaxLanes ? lanes_[index].load(std::memory_order_acquire) : nullptr;
    if (lane == nullptr) [[unlikely]]
        return push_elsewhere(size, charge, created_ns, write);
    return push_into(*lane, size, charge, created_ns, write);
}

template <class Write>
[[gnu::always_inline]] inline Channel::Push Channel::push_owned(size_t size, size_t charge,
                                                                int64_t created_ns, Write write) noexcept {
    const size_t index = producer_index();
    Lane* lane = index < kMaxLanes ? lanes_[index].load(std::memory_order_acquire) : nullptr;
    if (lane == nullptr) [[unlikely]]
        return Push::kLarge;
    return push_into(*lane, size, charge, created_ns, write);
}

template <class Write>
[[gnu::noinline, gnu::cold]] Channel::Push Channel::push_elsewhere(size_t size, size_t charge,
                                                                   int64_t created_ns, Write write) noexcept {
    std::unique_lock<std::mutex> shared;
    Lane* lane = own_lane(shared);
    if (lane == nullptr) return Push::kNoMemory;
    return push_into(*lane, size, charge, created_ns, write);
}

template <class Write>
[[gnu::always_inline]] inline Channel::Push Channel::push_into(Lane& lane, size_t size, size_t charge,
                                                               int64_t created_ns, Write write) noexcept {
    // Marked busy, then the closed check: close() either sees this push in
    // progress and waits for it, or this load sees the channel closed.
    lane.busy.store(1, std::memory_order_relaxed);
    fence::light();
    auto done = [&lane](Push result) noexcept {
        lane.busy.store(0, std::memory_order_release);
        return result;
    };
    if (closed_.load(std::memory_order_relaxed)) [[unlikely]]
        return done(Push::kClosed);

    // An inline record reserves nothing (a load, no locked instruction) but
    // is still refused while heap blocks hold the budget over its limit.
    const size_t before = charge != 0 ? bytes_.fetch_add(charge, std::memory_order_relaxed)
                                      : bytes_.load(std::memory_order_relaxed);
    if (!fits(lane, before, charge)) [[unlikely]] {
        release_bytes(charge);
        return done(Push::kFull);
    }
    const uint64_t t = lane.tail.load(std::memory_order_relaxed);
    Slot& s = slot(lane, t);
    const uint64_t free_seq = 2 * lap_base(t);
    for (unsigned spins = 0; s.seq.load(std::memory_order_acquire) != free_seq;) {
        // The slot still holds the previous lap's record. Full if that record
        // is still queued; if the consumer has claimed it, it is being copied
        // out and the slot frees shortly.
        if (t - lane.head.load(std::memory_order_acquire) >= capacity_) {
            release_bytes(charge);
            note_depth(capacity_);
            return done(Push::kFull);
        }
        lane::backoff(spins);
    }
    s.size = size;
    write(s);
    s.created_ns.store(created_ns, std::memory_order_relaxed);
    s.seq.store(free_seq + 1, std::memory_order_release);
    lane.tail.store(t + 1, std::memory_order_release);
    // The next slot was last touched a lap ago, by the consumer: fetch it
    // now, so that the next push finds its sequence number in cache instead
    // of waiting for it. The one after the ring's last slot is its first,
    // left unfetched: a prefetch past the ring's end does not fault.
    __builtin_prefetch(reinterpret_cast<std::byte*>(&s) + slot_size_, 1, 3);
    return done(Push::kOk);
}

template <bool kAnyLane, class WriteMessage>
[[gnu::always_inline]] inline Channel::Push Channel::try_push_with(const PlainRecord& record,
                                                                   size_t message_len,
                                                                   WriteMessage write_message) noexcept {
    if (record.fields.empty()) return push_plain<kAnyLane>(record, message_len, nullptr, write_message);
    // Context fields go in by reference, as in try_push(const Record&); a
    // record whose fields are not the thread's shared snapshot takes that
    // path (kLarge: the caller builds the Record).
    const context::Snapshot* shared = context::shared(record.fields);
    if (shared == nullptr) return Push::kLarge;
    return push_plain<kAnyLane>(record, message_len, shared, write_message);
}

template <bool kAnyLane, class WriteMessage>
[[gnu::always_inline]] inline Channel::Push Channel::push_plain(const PlainRecord& record, size_t message_len,
                                                                const context::Snapshot* shared,
                                                                WriteMessage write_message) noexcept {
    const size_t size = encoding::plain_size(record, message_len, shared);
    if (size > slot_payload_) return Push::kLarge;
    auto write = [&](Slot& s) {
        s.heap = nullptr;
        if (shared != nullptr) context::retain(shared);
        encoding::encode_plain_with(record, message_len, payload(s), shared, write_message);
    };
    if constexpr (kAnyLane)
        return push(size, 0, record.stamp.created_ns, write);
    else
        return push_owned(size, 0, record.stamp.created_ns, write);
}

// The writer of a PlainRecord's own message, for try_push_with().
[[gnu::always_inline]] inline auto message_writer(const PlainRecord& record) noexcept {
    return
        [&record](std::byte* at) { encoding::copy_bytes(at, record.message.data(), record.message.size()); };
}

[[gnu::always_inline]] inline Channel::Push Channel::try_push(const PlainRecord& record) noexcept {
    return try_push_with(record, record.message.size(), message_writer(record));
}

inline Channel::Push Channel::try_push_anywhere(const PlainRecord& record) noexcept {
    return try_push_with<true>(record, record.message.size(), message_writer(record));
}

inline void Channel::ring_after_push() noexcept {
    // The record's publication, then the doorbell's load: pairs with the
    // consumer's arm, heavy fence, check (doorbell.hpp).
    fence::light();
    doorbell_.ring_if_asleep();
}

}  // namespace picolog::async
