// queue_handler.hpp - the producer end of the async path.
//
// A QueueHandler copies each record into a bounded MPSC channel (channel.hpp)
// and returns; a QueueListener (queue_listener.hpp) owns the one thread that
// drains the channel into the listener's handlers. This file is the front
// end; the listener is the back end.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "picolog/handler.hpp"

namespace picolog {

enum class Overflow { Block, BlockTimeout, DropNewest, DropOldest };

struct QueueOptions {
    size_t capacity = 8192;               // records, >= 1
    size_t max_bytes = size_t{64} << 20;  // byte budget of queued records too large for a slot, >= 1
    Overflow overflow = Overflow::Block;
    std::chrono::milliseconds timeout{0};  // BlockTimeout: > 0
    bool respect_handler_level = true;
};

struct QueueStats {
    uint64_t enqueued = 0;
    uint64_t dropped_newest = 0;
    uint64_t dropped_oldest = 0;
    uint64_t dropped_timeout = 0;
    uint64_t dropped_closed = 0;
    uint64_t emitted = 0;
    uint64_t failed = 0;
    uint64_t high_water = 0;
    uint64_t queued = 0;
    uint64_t capacity = 0;
};

class QueueListener;
namespace async {
class Channel;
struct PlainRecord;
}  // namespace async

class QueueHandler final : public Handler {
public:
    // Validates the options (Error(kInvalid) naming the bad setting), claims
    // each handler for the listener (Error(kInvalid) if one is attached to a
    // logger or another queue), and starts the listener thread.
    static Ref<QueueHandler> create(const QueueOptions& options, std::vector<Ref<Handler>> handlers);
    ~QueueHandler() override;

    // Level and filters on the caller's thread, then a copy into the channel.
    // No lock when there is room. kTimedOut / kDropped when the policy
    // refused the record; kBadState after close().
    int handle(const Record& record) noexcept override;
    // Stamps and encodes the record straight into a slot; the Record is
    // built only when the record does not fit one or the lane is full.
    int handle_message(int level, std::string_view message, std::string_view logger_name,
                       std::span<const Field> fields) noexcept override;
    // handle_message() of a record whose message is a captured printf call
    // (`block`, printf_plan.hpp), which the listener renders
    // (Logger::log_captured).
    int handle_captured(int level, std::string_view block, std::string_view logger_name,
                        std::span<const Field> fields) noexcept override;
    // The arguments read from `args` straight into a slot of the caller's
    // lane. kNotTaken, `args` untouched, when the record needs more than a
    // free slot (this handler's filters, a full lane, a record too large
    // for a slot): the caller then takes handle_captured()'s way.
    int handle_printf(int level, const printf_plan::Plan& plan, va_list* args, std::string_view logger_name,
                      std::span<const Field> fields) noexcept override;
    // Stamps the record and copies it into a slot of the caller's lane.
    // kNotTaken, nothing done, when that needs more (this handler's
    // filters, a full lane, a record too large for a slot).
    int handle_without_waiting(Record& record) noexcept override;

    // Returns once every record enqueued before the call has been emitted and
    // the listener's handlers have been flushed.
    int flush() noexcept override;
    // Refuses new records, drains the channel, joins the listener, then
    // flushes and closes the listener's handlers. Idempotent.
    int close() noexcept override;

    QueueStats stats() const noexcept;
    bool is_queue() const noexcept override { return true; }
    bool takes_without_waiting() const noexcept override { return true; }
    bool takes_deferred_format() const noexcept override { return true; }
    // Drains the queue into the listener's handlers, then writes `last`
    // there (crash.cpp, on a fatal signal).
    void crash_flush(const Record& last) noexcept override;

    // The back end, for diagnostics and tests (queue_listener.hpp).
    QueueListener& listener() const noexcept { return *listener_; }

protected:
    // Reached through handle_locked() when this queue is itself another
    // listener's handler: the record goes into this queue's channel.
    int emit(const Record& record, std::string_view line) override;
    // The same, unformatted: the record is copied, not its line, and the
    // handlers behind this queue format it with their own formatters.
    int emit_record(const Record& record, const Formatter&) override { return enqueue(record); }

private:
    QueueHandler(const QueueOptions& options, std::vector<Ref<Handler>> handlers);
    // The copy into the channel: the common case inline, the rest (a record
    // too large for a slot, a full lane, the overflow policy) out of line.
    int enqueue(const Record& record) noexcept;
    // handle() for a record formatted late: its filters, if any, are given
    // the rendered text (queue_handler_deferred.cpp).
    int handle_deferred(const Record& record) noexcept;
    // Stamps and encodes a record that has no Record yet, straight into a slot.
    int handle_plain(int level, std::string_view message, std::string_view logger_name,
                     std::span<const Field> fields, bool deferred_format) noexcept;
    // handle_plain() when this handler has filters, and when the push did
    // not place the record (the lane is full, or it is `large` for a slot).
    [[gnu::noinline]] int filter_plain(int level, std::string_view message, std::string_view logger_name,
                                       std::span<const Field> fields, bool deferred_format) noexcept;
    [[gnu::noinline]] int place_plain(int level, std::string_view message, std::string_view logger_name,
                                      std::span<const Field> fields, bool deferred_format, int64_t created_ns,
                                      bool large) noexcept;
    int place(const Record& stamped) noexcept;
    int enqueue_slow(const Record& stamped, bool large) noexcept;
    std::unique_ptr<QueueListener> listener_;
    async::Channel* channel_;  // the listener's, for the log path
};

}  // namespace picolog
