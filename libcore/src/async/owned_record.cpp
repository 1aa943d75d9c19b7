// owned_record.cpp - copying a Record into one block and viewing it back.
#include "picolog/async/owned_record.hpp"

#include "encoding.hpp"

namespace picolog::async {

using namespace encoding;

size_t encoded_size(const Record& record) noexcept {
    return encoding::encoded_size(record);
}

void encode(const Record& record, std::byte* out) noexcept {
    encoding::encode(record, out);
}

Record decode(const std::byte* block, std::vector<Field>& fields) {
    Header h;
    std::memcpy(&h, block, sizeof h);
    const context::Snapshot* shared = shared_of(block);
    const uint32_t copied = shared != nullptr ? 0 : h.field_count;
    const std::byte* lens = block + kHeaderSize;
    const std::byte* strings =
        shared != nullptr ? lens + sizeof shared : lens + size_t{copied} * 2 * sizeof(uint32_t);
    const bool logger_by_reference = (h.flags & kLoggerByReference) != 0;
    const char* logger = nullptr;
    if (logger_by_reference) {
        std::memcpy(&logger, strings, sizeof logger);
        strings += sizeof logger;
    }
    const char* p = reinterpret_cast<const char*>(strings);
    auto take = [&p](size_t n) {
        std::string_view s(p, n);
        p += n + 1;
        return s;
    };
    Record r;
    r.level = h.level;
    r.created_ns = h.created_ns;
    r.thread_id = h.thread_id;
    r.process_id = (h.flags & kReadersProcess) != 0 ? process_id() : h.process_id;
    r.line = h.line;
    r.deferred_format = (h.flags & kDeferredFormat) != 0;
    r.message = take(h.message_len);
    r.logger_name =
        logger_by_reference ? std::string_view(logger, h.meta_len[kLogger]) : take(h.meta_len[kLogger]);
    r.thread_name = take(h.meta_len[kThread]);
    r.file = take(h.meta_len[kFile]);
    r.func = take(h.meta_len[kFunc]);
    r.exc_text = take(h.meta_len[kExc]);
    r.stack_text = take(h.meta_len[kStack]);
    if (shared != nullptr) {
        // The snapshot's own table and views, alive until the block is
        // released: nothing to copy.
        r.fields = context::fields_of(shared);
        return r;
    }
    fields.resize(copied);
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

void release(const std::byte* block) noexcept {
    release_shared(block);
}

void Releases::add(const std::byte* block) noexcept {
    const context::Snapshot* shared = shared_of(block);
    if (shared == nullptr) return;
    if (shared != snapshot_) {
        flush();
        snapshot_ = shared;
    }
    ++count_;
}

void Releases::flush() noexcept {
    if (count_ != 0) context::release(snapshot_, count_);
    snapshot_ = nullptr;
    count_ = 0;
}

}  // namespace picolog::async
