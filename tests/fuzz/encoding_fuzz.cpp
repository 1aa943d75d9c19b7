// encoding_fuzz.cpp - the channel's record encoding: a record encoded into a
// block of exactly encoded_size() bytes (so AddressSanitizer sees any write
// past it) decodes back equal, and records pushed through a small channel
// (into its slots, or out of line when too large) come out equal and in
// order, with drop-oldest evictions taken into account.
//
// Input: one byte choosing the channel (bits 0-2: capacity 1..8, bit 3: a
// budget of 1 byte instead of 1 MiB), one byte whose bits say after which
// push to evict the oldest record, then records (fuzz_record.hpp) separated
// by 0x1e.
#include <cstddef>
#include <deque>
#include <memory>
#include <string_view>
#include <vector>

#include "encoding.hpp"
#include "fuzz_record.hpp"
#include "picolog/async/channel.hpp"
#include "picolog/error.hpp"

namespace {

using picolog::Field;
using picolog::Record;
using picolog::async::Channel;

void check_equal(const Record& a, const Record& b) {
    FUZZ_CHECK(a.level == b.level);
    FUZZ_CHECK(a.created_ns == b.created_ns);
    FUZZ_CHECK(a.thread_id == b.thread_id);
    FUZZ_CHECK(a.process_id == b.process_id);
    FUZZ_CHECK(a.line == b.line);
    FUZZ_CHECK(a.message == b.message);
    FUZZ_CHECK(a.logger_name == b.logger_name);
    FUZZ_CHECK(a.thread_name == b.thread_name);
    FUZZ_CHECK(a.file == b.file);
    FUZZ_CHECK(a.func == b.func);
    FUZZ_CHECK(a.exc_text == b.exc_text);
    FUZZ_CHECK(a.stack_text == b.stack_text);
    FUZZ_CHECK(a.fields.size() == b.fields.size());
    for (size_t i = 0; i < a.fields.size(); ++i) {
        FUZZ_CHECK(a.fields[i].key == b.fields[i].key);
        FUZZ_CHECK(a.fields[i].value == b.fields[i].value);
    }
    // Every string but the message keeps its NUL terminator.
    for (std::string_view s : {b.logger_name, b.thread_name, b.file, b.func, b.exc_text, b.stack_text})
        FUZZ_CHECK(s.data()[s.size()] == '\0');
    for (const Field& f : b.fields) FUZZ_CHECK(f.key.data()[f.key.size()] == '\0');
}

void round_trip(const Record& record) {
    size_t size = picolog::async::encoding::encoded_size(record);
    FUZZ_CHECK(size >= picolog::async::encoding::kHeaderSize);
    auto block = std::make_unique<std::byte[]>(size);
    picolog::async::encoding::encode(record, block.get());
    std::vector<Field> fields;
    check_equal(record, picolog::async::decode(block.get(), fields));
}

// Takes the oldest record out of the channel and checks it against the
// model's first.
void pop_and_check(Channel& channel, picolog::async::TakenRecord& taken, std::deque<const Record*>& model) {
    FUZZ_CHECK(channel.try_pop(taken) == Channel::Pop::kOk);
    FUZZ_CHECK(!model.empty());
    std::vector<Field> fields;
    check_equal(*model.front(), picolog::async::decode(taken.data, fields));
    model.pop_front();
    channel.release_bytes(taken.charge());
    taken.heap.reset();
}

Channel::Push push(Channel& channel, const Record& record) {
    Channel::Push result = channel.try_push(record);
    if (result != Channel::Push::kLarge) return result;
    picolog::async::PendingRecord pending;
    FUZZ_CHECK(channel.prepare(record, pending) == picolog::kOk);
    return channel.try_push(pending);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const size_t capacity = (data[0] & 7) + 1;
    const size_t max_bytes = (data[0] & 8) ? 1 : size_t{1} << 20;
    const uint8_t evictions = data[1];
    std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);

    std::deque<fuzz::OwnedRecord> records;
    while (records.size() < 32) {
        size_t end = rest.find('\x1e');
        std::string_view one = rest.substr(0, end);
        fuzz::Fields in(reinterpret_cast<const uint8_t*>(one.data()), one.size());
        records.emplace_back().read(in);
        round_trip(records.back().record);
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }

    Channel channel(capacity, max_bytes);
    picolog::async::TakenRecord taken = channel.make_taken();
    std::deque<const Record*> model;
    for (size_t i = 0; i < records.size(); ++i) {
        const Record& record = records[i].record;
        Channel::Push result = push(channel, record);
        if (result == Channel::Push::kFull) {
            // Full (slots or budget): once the lane is empty, any record fits.
            FUZZ_CHECK(!model.empty());
            while (!model.empty()) pop_and_check(channel, taken, model);
            result = push(channel, record);
        }
        FUZZ_CHECK(result == Channel::Push::kOk);
        model.push_back(&record);
        FUZZ_CHECK(model.size() <= capacity);
        // Drop-oldest makes room in a full lane by evicting its head.
        if ((evictions & (1u << (i % 8))) && model.size() == capacity) {
            FUZZ_CHECK(channel.evict_oldest(0) == Channel::Evict::kEvicted);
            model.pop_front();
        }
        FUZZ_CHECK(channel.depth() == model.size());
    }
    while (!model.empty()) pop_and_check(channel, taken, model);
    FUZZ_CHECK(channel.try_pop(taken) == Channel::Pop::kEmpty);
    FUZZ_CHECK(channel.enqueued() == records.size());
    return 0;
}
