// memory.hpp - handlers that hold records back and pass them to a target
// handler later: MemoryHandler (Python's logging.handlers.MemoryHandler) and
// BacktraceHandler (a ring of recent low-level records written only when a
// record at or above a trigger level arrives).
#pragma once

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

// Python's MemoryHandler: keeps copies of the records it is given; when it
// holds `capacity` of them, or one at or above flush_level arrives, it passes
// them all, in order, to the target's handle() (the target's level and
// filters apply) and empties the buffer. flush() does the same; without a
// target the records stay (Python's behaviour). close() flushes when
// flush_on_close, then forgets the target.
class MemoryHandler : public Handler {
public:
    MemoryHandler(size_t capacity, int flush_level, Ref<Handler> target, bool flush_on_close);
    ~MemoryHandler() override;

    int handle(const Record& record) noexcept override;
    int close() noexcept override;
    bool holds_records() const noexcept override { return true; }

    // Replaces the target (null: none). Records already buffered go to the
    // new target at the next flush.
    void set_target(Ref<Handler> target);
    Ref<Handler> target();
    size_t buffered();
    size_t capacity() const noexcept { return capacity_; }
    int flush_level() const noexcept { return flush_level_; }

protected:
    int emit(const Record& record, std::string_view line) override;
    int do_flush() override;
    std::string describe() const override;

private:
    int add(const Record& record);  // with the lock held
    size_t capacity_;
    int flush_level_;
    bool flush_on_close_;
    Ref<Handler> target_;               // guarded by mutex_
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
class BacktraceHandler : public Handler {
public:
    BacktraceHandler(const BacktraceOptions& options, Ref<Handler> target);
    ~BacktraceHandler() override;

    int handle(const Record& record) noexcept override;
    int close() noexcept override;
    bool holds_records() const noexcept override { return true; }

    void set_target(Ref<Handler> target);
    Ref<Handler> target();
    size_t buffered();

protected:
    int emit(const Record& record, std::string_view line) override;
    std::string describe() const override;

private:
    BacktraceOptions options_;
    Ref<Handler> target_;            // guarded by mutex_
    std::deque<StoredRecord> ring_;  // guarded by mutex_
};

}  // namespace picolog
