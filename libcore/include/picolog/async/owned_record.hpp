// owned_record.hpp - a Record copied into one contiguous block of bytes.
//
// The queue must own every byte of a record before the logging call returns,
// because a Record only borrows its strings. Copying into a single block
// (rather than a struct of std::strings) costs one memcpy per string, no
// allocation when the block lives in a channel slot, and lets the listener
// take a whole record out of the channel with one copy or one pointer move.
//
// Layout: a fixed header, the field lengths, then every string followed by
// a NUL (so the views handed back keep Record's NUL-termination promises).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "picolog/context.hpp"
#include "picolog/record.hpp"

namespace picolog::async {

// Blocks are written at 8-byte aligned addresses (slot payloads and heap
// blocks both are), because the header holds 64-bit integers.
inline constexpr size_t kRecordAlign = 8;

// A record that has only a level, a message, a logger name (what
// picolog_log gives) and possibly its thread's context fields, stamped:
// encoded the same way as the Record it stands for, without building one.
struct PlainRecord {
    int level = 0;
    std::string_view message;
    // A Logger's name, which lives until the process exits: a queued record
    // holds its address, not a copy.
    std::string_view logger_name;
    Stamp stamp{};
    // The context fields context::borrow() lent, or none.
    std::span<const Field> fields;
    // The message is a captured printf call (Record::deferred_format).
    bool deferred_format = false;

    // The Record it stands for, borrowing the same strings.
    Record to_record() const noexcept {
        Record r;
        r.level = level;
        r.message = message;
        r.logger_name = logger_name;
        r.created_ns = stamp.created_ns;
        r.thread_id = stamp.thread_id;
        r.thread_name = stamp.thread_name;
        r.process_id = stamp.process_id != 0 ? stamp.process_id : process_id();
        r.fields = fields;
        r.deferred_format = deferred_format;
        return r;
    }
};

// The number of bytes encode() writes for `record`, or 0 if the record cannot
// be encoded (a metadata string or the field count does not fit 32 bits).
size_t encoded_size(const Record& record) noexcept;

// Writes the record into `out`, which holds encoded_size(record) bytes.
void encode(const Record& record, std::byte* out) noexcept;

// Views an encoded block as a Record. The record's strings point into `block`
// and its fields into `fields` (resized here; reuse it to avoid allocating),
// or, for context fields shared by reference, into the snapshot the block
// holds until it is released; so all must outlive the returned Record. A record whose message is a
// captured printf call comes back marked deferred_format: render it with
// printf_plan::render_record before handing it on.
Record decode(const std::byte* block, std::vector<Field>& fields);

// Drops what a block holds beyond its bytes (a reference to the logging
// thread's context fields, which a queued record shares rather than copy):
// once per block taken out of a channel, after its last decode() is used.
void release(const std::byte* block) noexcept;

// release() for a run of blocks, deferred: consecutive blocks that refer to
// the same context snapshot (a thread logging under one context) drop their
// references together, with one atomic subtraction instead of one per
// record. flush() must follow the last add() (the references are held until
// then, so the snapshot lives on a little longer).
class Releases {
public:
    // As release(block), once the block's last decode() is used.
    void add(const std::byte* block) noexcept;
    // Drops every reference added and not yet dropped.
    void flush() noexcept;

private:
    const context::Snapshot* snapshot_ = nullptr;
    uint64_t count_ = 0;
};

}  // namespace picolog::async
