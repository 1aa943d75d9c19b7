// memory.hpp - handlers that hold records back and pass them to a target
// handler later: MemoryHandler (Python's logging.handlers.MemoryHandler) and
// BacktraceHandler (a ring of recent low-level records written only when a
// record at or above a trigger level arrives).
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "picolog/handler.hpp"

namespace picolog {

// A record together with the strings it points to: the caller's buffers are
// gone once its log call returns, so a handler that keeps records keeps
// copies.
class StoredRecord {
public:
    explicit StoredRecord(const Record& record, std::string_view message_prefix = {},
                          const Field* extra = nullptr);
    StoredRecord(const StoredRecord&) = delete;
    StoredRecord& operator=(const StoredRecord&) = delete;
    StoredRecord(StoredRecord&&) = default;
    StoredRecord& operator=(StoredRecord&&) = default;

    // Valid while this object lives and is not moved from.
    const Record& record() const noexcept { return record_; }

private:
    // Each string is NUL-terminated in its own std::string (whose buffer
    // does not move when the StoredRecord does, except for short strings,
    // hence the unique_ptr around the storage).
    struct Storage {
        std::string logger_name, message, thread_name, file, func, exc_text, stack_text;
        std::vector<std::pair<std::string, std::string>> field_strings;
        std::vector<Field> fields;
    };
    std::unique_ptr<Storage> storage_;
    Record record_;
};

// What MemoryHandler and BacktraceHandler share: each keeps copies of the
// records that pass its level and filters and passes them later to a target
// handler's handle() (the target's level and filters apply, and the target
// formats them). The target is held by reference and may be replaced; this
// handler's lock is held while it calls the target.
class HoldingHandler : public Handler {
public:
    // Takes a copy of the record (through emit(), with the lock held).
    int handle(const Record& record) noexcept override;
    bool holds_records() const noexcept override { return true; }

    // Replaces the target (null: none); Error(kInvalid) for this handler
    // itself, or for a target whose records come back to this handler
    // through the targets of memory and backtrace handlers (a cycle).
    // Records already held go to the new target.
    void set_target(Ref<Handler> target);
    Ref<Handler> target();
    // How many records are held now.
    size_t buffered();

protected:
    explicit HoldingHandler(Ref<Handler> target) : target_(std::move(target)) {
        if (target_) mark_target_in_use(*target_);
    }
    // A queue listener's record (handle_locked) is kept as handle() keeps
    // it, unformatted: the target formats it when it is passed on, so this
    // handler's formatter is never asked (and cannot cost it a record).
    int emit_record(const Record& record, const Formatter&) override { return emit(record, {}); }
    // The number of records held, with the lock held.
    virtual size_t held() const noexcept = 0;
    // Drops the target (close()): the handler keeps no reference past it.
    void forget_target();
    // Passes `records` to `target` in order; the worst status.
    template <class Records>
    static int forward(const Ref<Handler>& target, const Records& records) {
        int status = kOk;
        for (const StoredRecord& r : records) status = worse_status(status, target->handle(r.record()));
        return status;
    }

    // Guarded by mutex_; changed only with holding_handler.cpp's target
    // change lock held too, under which a cycle check reads it.
    Ref<Handler> target_;

private:
    // True if records passed to `target` reach this handler through the
    // targets of memory and backtrace handlers. With the target change lock.
    bool leads_back(const Handler* target) const noexcept;
};

// Python's MemoryHandler: keeps copies of the records it is given; when it
// holds `capacity` of them, or one at or above flush_level arrives, it passes
// them all, in order, to the target's handle() (the target's level and
// filters apply) and empties the buffer. flush() does the same; without a
// target the records stay (Python's behaviour). close() flushes when
// flush_on_close, then forgets the target.
class MemoryHandler : public HoldingHandler {
public:
    MemoryHandler(size_t capacity, int flush_level, Ref<Handler> target, bool flush_on_close);
    ~MemoryHandler() override;

    int close() noexcept override;
    size_t capacity() const noexcept { return capacity_; }
    int flush_level() const noexcept { return flush_level_; }
    // Python's assignments to capacity, flushLevel and flushOnClose: the
    // records held stay, and the next record is judged by the new values.
    void set_options(size_t capacity, int flush_level, bool flush_on_close) noexcept;

protected:
    int emit(const Record& record, std::string_view line) override;
    int do_flush() override;
    std::string describe() const override;
    size_t held() const noexcept override { return buffer_.size(); }

private:
    size_t capacity_;  // guarded by mutex_
    int flush_level_;  // guarded by mutex_
    std::atomic<bool> flush_on_close_;
    std::vector<StoredRecord> buffer_;  // guarded by mutex_
};

struct BacktraceOptions {
    size_t capacity = 64;                 // records the ring keeps (the oldest go first)
    int store_below = 20;                 // records below this level go to the ring (INFO)
    int trigger = 40;                     // a record at or above this level dumps the ring (ERROR)
    std::string prefix = "[backtrace] ";  // put before each dumped record's message
};

// The backtrace ring: a record below store_below is kept (a copy) in a ring
// of the last `capacity` such records and not written; any other record goes
// to the target. Before a record at or above `trigger` the ring's records go
// to the target, oldest first, each with the field backtrace=1 and its
// message prefixed with options.prefix, and the ring empties. Records that
// no trigger followed are never written. flush() and close() write nothing
// from the ring.
class BacktraceHandler : public HoldingHandler {
public:
    BacktraceHandler(const BacktraceOptions& options, Ref<Handler> target);
    ~BacktraceHandler() override;

    int close() noexcept override;

protected:
    int emit(const Record& record, std::string_view line) override;
    std::string describe() const override;
    size_t held() const noexcept override { return ring_.size(); }

private:
    BacktraceOptions options_;
    std::deque<StoredRecord> ring_;  // guarded by mutex_
};

}  // namespace picolog
