// owned_record.cpp - copying a Record into one block and viewing it back.
#include "picolog/async/owned_record.hpp"

#include <cstring>
#include <limits>
#include <string_view>

namespace picolog::async {
namespace {

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

void meta_strings(const Record& r, std::string_view (&out)[kMetaCount]) noexcept {
    out[kLogger] = r.logger_name;
    out[kThread] = r.thread_name;
    out[kFile] = r.file;
    out[kFunc] = r.func;
    out[kExc] = r.exc_text;
    out[kStack] = r.stack_text;
}

std::byte* put(std::byte* out, std::string_view s) noexcept {
    if (!s.empty()) std::memcpy(out, s.data(), s.size());
    out[s.size()] = std::byte{0};
    return out + s.size() + 1;
}

}  // namespace

size_t encoded_size(const Record& record) noexcept {
    std::string_view meta[kMetaCount];
    meta_strings(record, meta);
    if (record.fields.size() > kLimit32 / 2) return 0;
    // Sums of string sizes cannot overflow size_t: every string is already
    // in memory, and the added constants are small.
    size_t n = kHeaderSize + record.fields.size() * 2 * sizeof(uint32_t) + record.message.size() + 1;
    for (std::string_view s : meta) {
        if (s.size() > kLimit32) return 0;
        n += s.size() + 1;
    }
    for (const Field& f : record.fields) {
        if (f.key.size() > kLimit32 || f.value.size() > kLimit32) return 0;
        n += f.key.size() + f.value.size() + 2;
    }
    return n;
}

void encode(const Record& record, std::byte* out) noexcept {
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

Record decode(const std::byte* block, std::vector<Field>& fields) {
    Header h;
    std::memcpy(&h, block, sizeof h);
    const std::byte* lens = block + kHeaderSize;
    const char* p = reinterpret_cast<const char*>(lens + size_t{h.field_count} * 2 * sizeof(uint32_t));
    auto take = [&p](size_t n) {
        std::string_view s(p, n);
        p += n + 1;
        return s;
    };
    Record r;
    r.level = h.level;
    r.created_ns = h.created_ns;
    r.thread_id = h.thread_id;
    r.process_id = h.process_id;
    r.line = h.line;
    r.message = take(h.message_len);
    r.logger_name = take(h.meta_len[kLogger]);
    r.thread_name = take(h.meta_len[kThread]);
    r.file = take(h.meta_len[kFile]);
    r.func = take(h.meta_len[kFunc]);
    r.exc_text = take(h.meta_len[kExc]);
    r.stack_text = take(h.meta_len[kStack]);
    fields.resize(h.field_count);
    for (Field& f : fields) {
        uint32_t kv[2];
        std::memcpy(kv, lens, sizeof kv);
        lens += sizeof kv;
        f.key = take(kv[0]);
        f.value = take(kv[1]);
    }
    r.fields = std::span<const Field>(fields.data(), fields.size());
    return r;
}

}  // namespace picolog::async
