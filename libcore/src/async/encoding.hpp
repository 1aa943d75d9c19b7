// encoding.hpp - the record encoding behind owned_record.hpp, inline, so
// that the channel's push writes a record into its slot without a call per
// step (private to libcore/src/async).
#pragma once

#include <cstddef>
#include <cstring>
#include <limits>
#include <new>
#include <span>
#include <string_view>

#include "picolog/async/owned_record.hpp"
#include "picolog/context.hpp"

namespace picolog::async::encoding {

// The metadata strings in the order they are laid out after the message.
enum Meta { kLogger, kThread, kFile, kFunc, kExc, kStack, kMetaCount };

struct Header {
    int64_t created_ns;
    uint64_t thread_id;
    int64_t process_id;
    uint64_t message_len;
    int32_t level;
    int32_t line;
    uint32_t field_count;
    uint32_t meta_len[kMetaCount];
    uint32_t flags;
};

// Header::flags: the message is a captured printf call (printf_plan.hpp).
constexpr uint32_t kDeferredFormat = 1;
// Header::flags: the logger's name is not among the strings; its address
// follows the header (after the context reference, if any). A PlainRecord's
// name is a Logger's, which lives until the process exits.
constexpr uint32_t kLoggerByReference = 2;
// Header::flags: process_id is not set; the record was made by the process
// that reads it (a PlainRecord's: a child's lanes start empty after fork).
constexpr uint32_t kReadersProcess = 4;

constexpr size_t round_up(size_t n) noexcept {
    return (n + kRecordAlign - 1) & ~(kRecordAlign - 1);
}
constexpr size_t kHeaderSize = round_up(sizeof(Header));
constexpr size_t kLimit32 = std::numeric_limits<uint32_t>::max();
// In Header::field_count: the fields are a context snapshot's, held by
// reference (its pointer follows the header) instead of copied.
constexpr uint32_t kSharedFields = uint32_t{1} << 31;

// Copies n bytes. Most strings in a record are short (logger and thread
// names, a one-line message): those are copied with two overlapping fixed-
// size moves, inline, rather than through a call to memcpy.
[[gnu::always_inline]] inline void copy_bytes(std::byte* out, const char* in, size_t n) noexcept {
    // Fixed-size memcpys become plain loads and stores, straight from the
    // source to the slot (no temporary on the stack).
    if (n <= 16) {
        if (n >= 8) {
            std::memcpy(out, in, 8);
            std::memcpy(out + n - 8, in + n - 8, 8);
        } else if (n >= 4) {
            std::memcpy(out, in, 4);
            std::memcpy(out + n - 4, in + n - 4, 4);
        } else if (n > 0) {
            // 1 to 3 bytes: the first, the middle and the last.
            out[0] = static_cast<std::byte>(in[0]);
            out[n / 2] = static_cast<std::byte>(in[n / 2]);
            out[n - 1] = static_cast<std::byte>(in[n - 1]);
        }
    } else if (n <= 32) {
        std::memcpy(out, in, 16);
        std::memcpy(out + n - 16, in + n - 16, 16);
    } else if (n <= 64) {
        std::memcpy(out, in, 32);
        std::memcpy(out + n - 32, in + n - 32, 32);
    } else if (n <= 128) {
        std::memcpy(out, in, 64);
        std::memcpy(out + n - 64, in + n - 64, 64);
    } else {
        std::memcpy(out, in, n);
    }
}

[[gnu::always_inline]] inline std::byte* put(std::byte* out, std::string_view s) noexcept {
    if (s.empty()) {  // most of a record's optional strings
        *out = std::byte{0};
        return out + 1;
    }
    copy_bytes(out, s.data(), s.size());
    out[s.size()] = std::byte{0};
    return out + s.size() + 1;
}

// `shared`: the context snapshot holding the record's fields (context.hpp),
// encoded as a reference; null to copy the fields.
inline size_t encoded_size(const Record& record, const context::Snapshot* shared = nullptr) noexcept {
    const Record& r = record;
    // Sums of string sizes cannot overflow size_t: every string is already
    // in memory, and the added constants are small.
    size_t n = kHeaderSize + r.message.size() + r.logger_name.size() + r.thread_name.size() + r.file.size() +
               r.func.size() + r.exc_text.size() + r.stack_text.size() + 1 + kMetaCount;
    const size_t longest = r.logger_name.size() | r.thread_name.size() | r.file.size() | r.func.size() |
                           r.exc_text.size() | r.stack_text.size();
    if (longest > kLimit32) [[unlikely]]
        return 0;
    if (shared != nullptr) return n + sizeof shared;
    if (!r.fields.empty()) [[unlikely]] {
        if (r.fields.size() > kLimit32 / 2) return 0;
        n += r.fields.size() * 2 * sizeof(uint32_t);
        for (const Field& f : r.fields) {
            if (f.key.size() > kLimit32 || f.value.size() > kLimit32) return 0;
            n += f.key.size() + f.value.size() + 2;
        }
    }
    return n;
}

// Straight-line rather than a loop over the metadata strings: this runs on
// the logging thread for every queued record. With `shared`, the block
// holds a reference the caller has taken (context::retain), which
// release_shared() drops.
inline void encode(const Record& record, std::byte* out, const context::Snapshot* shared = nullptr) noexcept {
    const Record& r = record;
    // The header is made in place (out is 8-aligned) and its members
    // written there, not built on the stack and copied.
    Header* h = new (out) Header;
    h->created_ns = r.created_ns;
    h->thread_id = r.thread_id;
    h->process_id = r.process_id;
    h->message_len = r.message.size();
    h->level = r.level;
    h->line = r.line;
    h->field_count = shared != nullptr ? kSharedFields : static_cast<uint32_t>(r.fields.size());
    h->flags = r.deferred_format ? kDeferredFormat : 0;
    h->meta_len[kLogger] = static_cast<uint32_t>(r.logger_name.size());
    h->meta_len[kThread] = static_cast<uint32_t>(r.thread_name.size());
    h->meta_len[kFile] = static_cast<uint32_t>(r.file.size());
    h->meta_len[kFunc] = static_cast<uint32_t>(r.func.size());
    h->meta_len[kExc] = static_cast<uint32_t>(r.exc_text.size());
    h->meta_len[kStack] = static_cast<uint32_t>(r.stack_text.size());
    std::byte* p = out + kHeaderSize;
    const std::span<const Field> fields = shared != nullptr ? std::span<const Field>() : r.fields;
    if (shared != nullptr) {
        std::memcpy(p, &shared, sizeof shared);
        p += sizeof shared;
    }
    for (const Field& f : fields) {
        uint32_t lens[2] = {static_cast<uint32_t>(f.key.size()), static_cast<uint32_t>(f.value.size())};
        std::memcpy(p, lens, sizeof lens);
        p += sizeof lens;
    }
    p = put(p, r.message);
    p = put(p, r.logger_name);
    p = put(p, r.thread_name);
    p = put(p, r.file);
    p = put(p, r.func);
    p = put(p, r.exc_text);
    p = put(p, r.stack_text);
    for (const Field& f : fields) {
        p = put(p, f.key);
        p = put(p, f.value);
    }
}

// The context snapshot an encoded block refers to, or null.
inline const context::Snapshot* shared_of(const std::byte* block) noexcept {
    uint32_t count;
    std::memcpy(&count, block + offsetof(Header, field_count), sizeof count);
    if ((count & kSharedFields) == 0) return nullptr;
    const context::Snapshot* shared;
    std::memcpy(&shared, block + kHeaderSize, sizeof shared);
    return shared;
}

// Drops the context reference a block holds, if any: once per block, by
// whoever is done with it (emitted or discarded).
inline void release_shared(const std::byte* block) noexcept {
    if (const context::Snapshot* shared = shared_of(block)) context::release(shared);
}

// The size of the block encode_plain_with() writes for a PlainRecord, its
// fields held by reference to `shared` (or none when null). `message_len`:
// the message's size, which a writer may supply instead of p.message. A
// logger's name and a thread's name fit the header's 32-bit lengths:
// Registry and set_thread_name() refuse longer ones.
inline size_t plain_size(const PlainRecord& p, size_t message_len, const context::Snapshot* shared) noexcept {
    // The logger's name by its address; the message and the five other
    // metadata strings each with a terminator.
    return kHeaderSize + (shared != nullptr ? sizeof shared : 0) + sizeof(const char*) + message_len +
           p.stamp.thread_name.size() + 1 + kMetaCount - 1;
}

// The Record a PlainRecord stands for, encoded as decode() reads it back:
// the metadata it does not have costs one store each (lengths and
// terminators of empty strings), not a copy, and the logger's name goes by
// its address (kLoggerByReference). With `shared`, its fields are that
// snapshot's, by reference (a reference the caller has taken). The
// message's `message_len` bytes are put in place by
// write_message(std::byte* at).
template <class WriteMessage>
inline void encode_plain_with(const PlainRecord& p, size_t message_len, std::byte* out,
                              const context::Snapshot* shared, WriteMessage write_message) noexcept {
    Header* h = new (out) Header;
    h->created_ns = p.stamp.created_ns;
    h->thread_id = p.stamp.thread_id;
    h->message_len = message_len;
    h->level = p.level;
    h->line = 0;
    h->field_count = shared != nullptr ? kSharedFields : 0;
    h->flags = (p.deferred_format ? kDeferredFormat : 0) | kLoggerByReference | kReadersProcess;
    h->meta_len[kLogger] = static_cast<uint32_t>(p.logger_name.size());
    h->meta_len[kThread] = static_cast<uint32_t>(p.stamp.thread_name.size());
    h->meta_len[kFile] = 0;
    h->meta_len[kFunc] = 0;
    h->meta_len[kExc] = 0;
    h->meta_len[kStack] = 0;
    std::byte* at = out + kHeaderSize;
    if (shared != nullptr) [[unlikely]] {
        std::memcpy(at, &shared, sizeof shared);
        at += sizeof shared;
    }
    const char* logger = p.logger_name.data();
    std::memcpy(at, &logger, sizeof logger);
    at += sizeof logger;
    write_message(at);
    at[message_len] = std::byte{0};
    at += message_len + 1;
    at = put(at, p.stamp.thread_name);
    // The terminators of the four empty strings: file, func, exc, stack.
    static_assert(kMetaCount - 2 == sizeof(uint32_t));
    const uint32_t empty = 0;
    std::memcpy(at, &empty, sizeof empty);
}

}  // namespace picolog::async::encoding
