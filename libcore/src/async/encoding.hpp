// encoding.hpp - the record encoding behind owned_record.hpp, inline, so
// that the channel's push writes a record into its slot without a call per
// step (private to libcore/src/async).
#pragma once

#include <cstring>
#include <limits>
#include <string_view>

#include "picolog/async/owned_record.hpp"

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
};

constexpr size_t round_up(size_t n) noexcept {
    return (n + kRecordAlign - 1) & ~(kRecordAlign - 1);
}
constexpr size_t kHeaderSize = round_up(sizeof(Header));
constexpr size_t kLimit32 = std::numeric_limits<uint32_t>::max();

inline void meta_strings(const Record& r, std::string_view (&out)[kMetaCount]) noexcept {
    out[kLogger] = r.logger_name;
    out[kThread] = r.thread_name;
    out[kFile] = r.file;
    out[kFunc] = r.func;
    out[kExc] = r.exc_text;
    out[kStack] = r.stack_text;
}

// Copies n bytes. Most strings in a record are short (logger and thread
// names, a one-line message): those are copied with two overlapping fixed-
// size moves, inline, rather than through a call to memcpy.
inline void copy_bytes(std::byte* out, const char* in, size_t n) noexcept {
    if (n >= 8 && n <= 16) {
        uint64_t a, b;
        std::memcpy(&a, in, 8);
        std::memcpy(&b, in + n - 8, 8);
        std::memcpy(out, &a, 8);
        std::memcpy(out + n - 8, &b, 8);
    } else if (n > 16 && n <= 32) {
        uint64_t a[2], b[2];
        std::memcpy(a, in, 16);
        std::memcpy(b, in + n - 16, 16);
        std::memcpy(out, a, 16);
        std::memcpy(out + n - 16, b, 16);
    } else if (n > 32 && n <= 64) {
        uint64_t a[4], b[4];
        std::memcpy(a, in, 32);
        std::memcpy(b, in + n - 32, 32);
        std::memcpy(out, a, 32);
        std::memcpy(out + n - 32, b, 32);
    } else if (n < 8) {
        for (size_t i = 0; i < n; ++i) out[i] = static_cast<std::byte>(in[i]);
    } else {
        std::memcpy(out, in, n);
    }
}

inline std::byte* put(std::byte* out, std::string_view s) noexcept {
    copy_bytes(out, s.data(), s.size());
    out[s.size()] = std::byte{0};
    return out + s.size() + 1;
}

inline size_t encoded_size(const Record& record) noexcept {
    std::string_view meta[kMetaCount];
    meta_strings(record, meta);
    if (record.fields.size() > kLimit32 / 2) return 0;
    // Sums of string sizes cannot overflow size_t: every string is already
    // in memory, and the added constants are small.
    size_t n = kHeaderSize + record.fields.size() * 2 * sizeof(uint32_t) + record.message.size() + 1;
    size_t longest = 0;
    for (std::string_view s : meta) {
        longest |= s.size();
        n += s.size() + 1;
    }
    if (longest > kLimit32) return 0;
    for (const Field& f : record.fields) {
        if (f.key.size() > kLimit32 || f.value.size() > kLimit32) return 0;
        n += f.key.size() + f.value.size() + 2;
    }
    return n;
}

inline void encode(const Record& record, std::byte* out) noexcept {
    std::string_view meta[kMetaCount];
    meta_strings(record, meta);
    Header h{};
    h.created_ns = record.created_ns;
    h.thread_id = record.thread_id;
    h.process_id = record.process_id;
    h.message_len = record.message.size();
    h.level = record.level;
    h.line = record.line;
    h.field_count = static_cast<uint32_t>(record.fields.size());
    for (int i = 0; i < kMetaCount; ++i) h.meta_len[i] = static_cast<uint32_t>(meta[i].size());
    std::memcpy(out, &h, sizeof h);
    std::byte* p = out + kHeaderSize;
    for (const Field& f : record.fields) {
        uint32_t lens[2] = {static_cast<uint32_t>(f.key.size()), static_cast<uint32_t>(f.value.size())};
        std::memcpy(p, lens, sizeof lens);
        p += sizeof lens;
    }
    p = put(p, record.message);
    for (std::string_view s : meta) p = put(p, s);
    for (const Field& f : record.fields) {
        p = put(p, f.key);
        p = put(p, f.value);
    }
}

}  // namespace picolog::async::encoding
