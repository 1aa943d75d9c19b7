// queue_handler.cpp - the front end of the async path: what a logging
// thread does (level, filters, the copy into the channel, the overflow
// policy) and the builder's validation. The listener thread is the back end
// (queue_listener*.cpp).
#include "picolog/async/queue_handler.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "channel_push.hpp"
#include "picolog/async/channel.hpp"
#include "picolog/async/queue_listener.hpp"
#include "picolog/error.hpp"
#include "picolog/fork_gate.hpp"
#include "picolog/printf_plan.hpp"

namespace picolog {

namespace {

void validate(const QueueOptions& o) {
    if (o.capacity < 1 || o.capacity > async::Channel::kMaxCapacity)
        throw Error(kInvalid, "queue capacity must be between 1 and " +
                                  std::to_string(async::Channel::kMaxCapacity) + " records, got " +
                                  std::to_string(o.capacity));
    if (o.max_bytes < 1) throw Error(kInvalid, "queue max_bytes must be at least 1");
    switch (o.overflow) {
        case Overflow::Block:
        case Overflow::BlockTimeout:
        case Overflow::DropNewest:
        case Overflow::DropOldest:
            break;
        default:
            throw Error(kInvalid,
                        "unknown queue overflow policy " + std::to_string(static_cast<int>(o.overflow)));
    }
    if (o.timeout.count() < 0) throw Error(kInvalid, "queue timeout must not be negative");
    if (o.overflow == Overflow::BlockTimeout && o.timeout.count() == 0)
        throw Error(kInvalid, "queue timeout must be positive for the block-with-timeout policy");
}

// The listener formats on another thread, so whatever only the logging
// thread knows must be in the record before it is copied.
bool needs_stamp(const Record& r) noexcept {
    return r.created_ns == 0 || r.thread_id == 0 || r.thread_name.empty() || r.process_id == 0;
}

// What a push leaves for the call: its status when the push settled it
// (accepted, refused as closed, no memory), or kNotPlaced when the record
// still has to be placed (the lane is full, or the record needs preparing).
constexpr int kNotPlaced = 1;  // every status is 0 or negative

int settled(async::Channel& ch, async::Channel::Push result) noexcept {
    switch (result) {
        case async::Channel::Push::kOk:
            ch.ring_after_push();
            return kOk;
        case async::Channel::Push::kClosed:
            ch.count_drop_closed();
            return kBadState;
        case async::Channel::Push::kNoMemory:
            return kNoMemory;
        case async::Channel::Push::kFull:
        case async::Channel::Push::kLarge:
            break;
    }
    return kNotPlaced;
}

}  // namespace

Ref<QueueHandler> QueueHandler::create(const QueueOptions& options, std::vector<Ref<Handler>> handlers) {
    validate(options);
    for (size_t i = 0; i < handlers.size(); ++i) {
        if (!handlers[i]) throw Error(kInvalid, "queue handler: handler " + std::to_string(i) + " is null");
        for (size_t j = 0; j < i; ++j)
            if (handlers[j] == handlers[i])
                throw Error(kInvalid, "queue handler: the same handler is given twice");
    }
    size_t claimed = 0;
    auto release_claims = [&] {
        for (size_t i = 0; i < claimed; ++i) handlers[i]->release_listener_claim();
    };
    for (; claimed < handlers.size(); ++claimed) {
        if (!handlers[claimed]->claim_for_listener()) {
            release_claims();
            throw Error(kInvalid, "handler already attached to a logger or another queue");
        }
    }
    try {
        return Ref<QueueHandler>::adopt(new QueueHandler(options, handlers));
    } catch (...) {
        release_claims();
        throw;
    }
}

QueueHandler::QueueHandler(const QueueOptions& options, std::vector<Ref<Handler>> handlers)
    : listener_(std::make_unique<QueueListener>(options, std::move(handlers))),
      channel_(&listener_->channel()) {
    // Complete: from here on the runtime may flush and close it.
    mark_in_use();
}

QueueHandler::~QueueHandler() = default;

int QueueHandler::handle(const Record& record) noexcept {
    if (record.deferred_format) [[unlikely]]
        return handle_deferred(record);
    if (record.level < level()) return kOk;
    if (!filters().accept(record)) return kOk;
    return enqueue(record);
}

namespace {

// The PlainRecord of a queued call, stamped now. Built here, from values
// that are not constants where it is compiled, so that the compiler stores
// each member once instead of zeroing the whole record first.
[[gnu::always_inline]] inline async::PlainRecord plain_record(int level, std::string_view message,
                                                              std::string_view logger_name,
                                                              std::span<const Field> fields,
                                                              bool deferred_format) noexcept {
    return async::PlainRecord{level, message, logger_name, stamp_now(), fields, deferred_format};
}

}  // namespace

// Inline in both callers: it is most of the queued call. The record's
// members never leave this function (the rarer cases are given its parts,
// not its address), so that they stay in registers on the way to the slot.
[[gnu::always_inline]] inline int QueueHandler::handle_plain(int level, std::string_view message,
                                                             std::string_view logger_name,
                                                             std::span<const Field> fields,
                                                             bool deferred_format) noexcept {
    if (!filters().empty()) [[unlikely]]
        return filter_plain(level, message, logger_name, fields, deferred_format);
    const async::PlainRecord plain = plain_record(level, message, logger_name, fields, deferred_format);
    const async::Channel::Push result = channel_->try_push(plain);
    if (result == async::Channel::Push::kOk) [[likely]] {
        channel_->ring_after_push();
        return kOk;
    }
    if (int status = settled(*channel_, result); status != kNotPlaced) return status;
    return place_plain(level, message, logger_name, fields, deferred_format, plain.stamp.created_ns,
                       result == async::Channel::Push::kLarge);
}

// handle_plain()'s rarer cases, out of line so that their Record is not on
// the common call's stack.
int QueueHandler::filter_plain(int level, std::string_view message, std::string_view logger_name,
                               std::span<const Field> fields, bool deferred_format) noexcept {
    const Record record = plain_record(level, message, logger_name, fields, deferred_format).to_record();
    // Filters see a captured call's text (handle_deferred renders it).
    if (record.deferred_format) return handle_deferred(record);
    return filters().accept(record) ? place(record) : kOk;
}

int QueueHandler::place_plain(int level, std::string_view message, std::string_view logger_name,
                              std::span<const Field> fields, bool deferred_format, int64_t created_ns,
                              bool large) noexcept {
    // The same thread's stamp, at the time of the call.
    async::PlainRecord plain = plain_record(level, message, logger_name, fields, deferred_format);
    plain.stamp.created_ns = created_ns;
    if (large) {
        // Perhaps the thread's first record, for which the lane is made now.
        const async::Channel::Push result = channel_->try_push_anywhere(plain);
        if (int status = settled(*channel_, result); status != kNotPlaced) return status;
        large = result == async::Channel::Push::kLarge;
    }
    return enqueue_slow(plain.to_record(), large);
}

int QueueHandler::handle_message(int level, std::string_view message, std::string_view logger_name,
                                 std::span<const Field> fields) noexcept {
    if (level < this->level()) return kOk;
    return handle_plain(level, message, logger_name, fields, false);
}

int QueueHandler::handle_captured(int level, std::string_view block, std::string_view logger_name,
                                  std::span<const Field> fields) noexcept {
    if (level < this->level()) return kOk;
    return handle_plain(level, block, logger_name, fields, true);
}

int QueueHandler::handle_printf(int level, const printf_plan::Plan& plan, va_list* args,
                                std::string_view logger_name, std::span<const Field> fields) noexcept {
    if (level < this->level()) return kOk;
    if (!filters().empty()) return kNotTaken;
    // The message, the captured call, is written in the slot from the
    // arguments.
    const async::PlainRecord plain = plain_record(level, {}, logger_name, fields, true);
    const async::Channel::Push result = channel_->try_push_with(
        plain, plan.fixed_size, [&plan, args](std::byte* at) { printf_plan::capture_fixed(plan, args, at); });
    if (int status = settled(*channel_, result); status != kNotPlaced) return status;
    // Not placed, so nothing was read from `args`.
    return kNotTaken;
}

int QueueHandler::handle_without_waiting(Record& record) noexcept {
    if (record.deferred_format) return kNotTaken;
    if (record.level < level()) return kOk;
    if (!filters().empty()) return kNotTaken;
    if (needs_stamp(record)) stamp(record);
    // A full lane and a record that needs preparing are the overflow
    // policy's and the heap's: the caller's other way.
    const int status = settled(*channel_, channel_->try_push(record));
    return status == kNotPlaced ? kNotTaken : status;
}

int QueueHandler::emit(const Record& record, std::string_view) {
    return enqueue(record);
}

int QueueHandler::enqueue(const Record& record) noexcept {
    if (needs_stamp(record)) [[unlikely]] {
        Record stamped = record;
        stamp(stamped);
        return place(stamped);
    }
    return place(record);
}

int QueueHandler::place(const Record& record) noexcept {
    // The common case: the caller's lane has a free slot and the record fits
    // it, encoded straight in.
    const async::Channel::Push result = channel_->try_push(record);
    if (int status = settled(*channel_, result); status != kNotPlaced) return status;
    return enqueue_slow(record, result == async::Channel::Push::kLarge);
}

// A record prepared once (sized, and encoded into a heap block if too large
// for a slot), then retried under the overflow policy.
int QueueHandler::enqueue_slow(const Record& record, bool large) noexcept {
    async::Channel& ch = *channel_;
    async::PendingRecord pending;
    if (int status = ch.prepare(record, pending); status != kOk) return status;
    const QueueOptions& opts = listener_->options();
    std::chrono::steady_clock::time_point deadline{};
    bool deadline_set = false;
    // A full lane was just tried: the policy comes first. A large record has
    // not been offered yet.
    for (bool offer = large;; offer = true) {
        if (offer) {
            if (int status = settled(ch, ch.try_push(pending)); status != kNotPlaced) return status;
        }
        switch (opts.overflow) {
            case Overflow::DropNewest:
                ch.count_drop_newest();
                return kDropped;
            case Overflow::DropOldest:
                switch (ch.evict_oldest(pending.charge())) {
                    case async::Channel::Evict::kEvicted:
                        break;
                    case async::Channel::Evict::kNothing:
                        // The room is held by records being published or
                        // taken out right now; let those threads run.
                        std::this_thread::yield();
                        break;
                    case async::Channel::Evict::kWouldNotHelp:
                        // The bytes are held by other threads' records:
                        // evicting this thread's would free none of them.
                        ch.count_drop_newest();
                        return kDropped;
                }
                break;
            case Overflow::Block:
                // The listener logging into its own full queue would wait for
                // itself: refuse instead.
                if (listener_->on_listener_thread()) {
                    ch.count_drop_newest();
                    return kDropped;
                }
                {
                    // Waiting for the listener, which a fork may park: a
                    // handler this thread holds is at rest meanwhile.
                    fork_gate::Quiet quiet;
                    listener_->wait_for_room(pending.charge(), nullptr);
                }
                break;
            case Overflow::BlockTimeout:
                if (!deadline_set) {
                    deadline = std::chrono::steady_clock::now() + opts.timeout;
                    deadline_set = true;
                }
                bool room = false;
                if (!listener_->on_listener_thread()) {
                    fork_gate::Quiet quiet;
                    room = listener_->wait_for_room(pending.charge(), &deadline);
                }
                if (!room) {
                    ch.count_drop_timeout();
                    return kTimedOut;
                }
                break;
        }
    }
}

int QueueHandler::flush() noexcept {
    return listener_->flush();
}

int QueueHandler::close() noexcept {
    int status = listener_->close();
    // Marks this handler closed; it has nothing of its own to flush.
    return worse_status(status, Handler::close());
}

QueueStats QueueHandler::stats() const noexcept {
    async::Channel& ch = listener_->channel();
    ch.sample_depth();  // the deepest lane now counts too
    const async::DropCounters drops = ch.drops();
    QueueStats s;
    s.enqueued = ch.enqueued();
    s.dropped_newest = drops.newest;
    s.dropped_oldest = drops.oldest;
    s.dropped_timeout = drops.timeout;
    s.dropped_closed = drops.closed;
    s.emitted = listener_->emitted();
    s.failed = listener_->failed();
    s.queued = ch.depth();
    s.high_water = ch.high_water();
    s.capacity = ch.capacity();
    return s;
}

}  // namespace picolog
