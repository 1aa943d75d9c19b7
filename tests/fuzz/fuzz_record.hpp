// fuzz_record.hpp - the input format the record fuzzers share: text fields
// separated by 0x1f (ASCII unit separator), so that seeds can be written by
// hand and a mutation that changes one field leaves the others in place.
//
// A record takes 13 fields, in this order, then any number of key/value
// pairs for its structured fields:
//   level created_ns line thread_id process_id   (decimal; out-of-range
//                                                 values saturate)
//   message logger_name thread_name file func exc_text stack_text
// Missing fields are empty or zero. Strings are arbitrary bytes except 0x1f;
// NUL bytes stay (the message may hold them; the other strings are cut at the
// first NUL, as the C API would see them).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "picolog/record.hpp"

namespace fuzz {

// Stops the run with a message: libFuzzer reports the input as a crash.
[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}
#define FUZZ_CHECK(cond)                                                     \
    do {                                                                     \
        if (!(cond)) ::fuzz::fail(#cond " (" __FILE__ ":" FUZZ_LINE_(__LINE__) ")"); \
    } while (0)
#define FUZZ_LINE_(x) FUZZ_STR_(x)
#define FUZZ_STR_(x) #x

inline constexpr char kSeparator = '\x1f';

// Splits the input into its fields.
class Fields {
public:
    Fields(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const noexcept { return !has_more_; }

    std::string_view next() noexcept {
        if (!has_more_) return {};
        size_t sep = rest_.find(kSeparator);
        std::string_view field = rest_.substr(0, sep);
        if (sep == std::string_view::npos) {
            has_more_ = false;
            rest_ = {};
        } else {
            rest_.remove_prefix(sep + 1);
        }
        return field;
    }

    template <class Int>
    Int next_int() noexcept {
        std::string_view text = next();
        Int value{};
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        (void)end;
        if (ec == std::errc::result_out_of_range)
            value = !text.empty() && text[0] == '-' ? std::numeric_limits<Int>::min()
                                                    : std::numeric_limits<Int>::max();
        return value;
    }

private:
    std::string_view rest_;
    bool has_more_ = true;
};

// The text up to its first NUL: what a NUL-terminated C string would carry.
inline std::string_view c_string(std::string_view s) noexcept {
    return s.substr(0, s.find('\0'));
}

// A Record built from fields, owning every byte it points to.
struct OwnedRecord {
    picolog::Record record;
    std::deque<std::string> strings;  // a deque: growing it never moves a string
    std::vector<picolog::Field> fields;

    std::string_view keep(std::string_view s) { return strings.emplace_back(s); }

    // Every string member except the message is NUL-terminated in a Record;
    // std::string keeps a NUL after its bytes.
    void read(Fields& in, size_t max_fields = 64) {
        picolog::Record& r = record;
        // The C API refuses negative levels: fold them onto valid ones.
        int level = in.next_int<int>();
        r.level = level < 0 ? -(level + 1) : level;
        r.created_ns = in.next_int<int64_t>();
        r.line = in.next_int<int>();
        r.thread_id = in.next_int<uint64_t>();
        r.process_id = in.next_int<int64_t>();
        r.message = keep(in.next());
        r.logger_name = keep(c_string(in.next()));
        r.thread_name = keep(c_string(in.next()));
        r.file = keep(c_string(in.next()));
        r.func = keep(c_string(in.next()));
        r.exc_text = keep(c_string(in.next()));
        r.stack_text = keep(c_string(in.next()));
        while (!in.empty() && fields.size() < max_fields) {
            std::string_view key = keep(c_string(in.next()));
            std::string_view value = keep(c_string(in.next()));
            fields.push_back({key, value});
        }
        r.fields = {fields.data(), fields.size()};
    }
};

}  // namespace fuzz
