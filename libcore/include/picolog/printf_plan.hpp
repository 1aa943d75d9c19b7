// printf_plan.hpp - deferred printf formatting: a format string parsed once
// into a plan, a call's arguments captured by value into a byte block, and
// the block rendered later (on the queue's listener) byte for byte as
// vsnprintf would have rendered it at the call.
//
// A captured block is a record's message while the record is marked
// `deferred_format` (record.hpp): it starts with the plan's address (plans
// live until the process ends), then each argument in call order.
#pragma once

#include <atomic>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "picolog/record.hpp"

namespace picolog::printf_plan {

// How one argument is read from the va_list and passed back to snprintf.
enum class Arg : uint8_t {
    kInt,         // int (and what promotes to it: char, short, %c) or a '*'
    kLong,        // long, long long, intmax_t, size_t, ptrdiff_t (all 64 bits)
    kDouble,      // double
    kLongDouble,  // long double
    kPointer,     // %p
    kString,      // %s, copied by value (at most the precision's bytes)
};

// One conversion: the literal text before it, then its own specification
// ("%-08.*lld"), handed to snprintf with the captured values.
struct Conversion {
    uint32_t text_begin = 0;  // into Plan::text
    uint32_t text_len = 0;
    char spec[32] = {};
    Arg arg = Arg::kInt;
    bool star_width = false;
    bool star_precision = false;
    int precision = -1;  // the literal precision, -1 when none or '*'
};

struct Plan;

// Writes a fixed-layout plan's block from the arguments (capture_fixed()).
using FixedCapture = void (*)(const Plan& plan, va_list* args, std::byte* out) noexcept;

struct Plan {
    std::string format;  // the whole format, to recognise it again
    bool deferrable = false;
    bool uses_locale = false;  // floating point: the decimal point is the locale's
    std::string text;          // every literal piece, '%%' already turned into '%'
    std::vector<Conversion> conversions;
    uint32_t tail_begin = 0;  // literal text after the last conversion
    uint32_t tail_len = 0;
    // When no conversion takes a string or a '*', every call's block has
    // this size (the plan's address, then each value): capture() then reads
    // the arguments by each conversion's Arg alone, checking the room once.
    // 0 otherwise.
    uint32_t fixed_size = 0;
    // With a fixed layout, the capture compiled for its sequence of
    // arguments (printf_capture_fixed.cpp); nullptr otherwise.
    FixedCapture fixed_capture = nullptr;
};

// Parses `format`. A format whose output the plan cannot reproduce exactly
// later (%n, %m, positional arguments, wide characters and strings, the
// locale's digit grouping, unknown conversions, widths or precisions of
// more than 6 digits, more than 64 conversions) yields deferrable = false.
Plan parse(std::string_view format);

// The plan cache (printf_plan_cache.cpp): a fixed table of entries keyed by
// the format's address, probed linearly from the address's hash.
namespace detail {
struct Entry {
    std::atomic<const char*> key{nullptr};
    std::atomic<const Plan*> plan{nullptr};
};
inline constexpr size_t kEntries = 1024;  // a power of two
extern Entry g_entries[kEntries];

inline size_t slot_of(const char* format) noexcept {
    const auto a = reinterpret_cast<uintptr_t>(format);
    return static_cast<size_t>((a * 0x9E3779B97F4A7C15ull) >> 54) & (kEntries - 1);
}
// The plan, if it may be used for the format now at that address.
inline const Plan* usable(const Plan* plan, const char* format) noexcept {
    if (plan == nullptr || !plan->deferrable) return nullptr;  // still parsing, or refused
    if (std::strcmp(plan->format.c_str(), format) != 0) return nullptr;
    return plan;
}
// find() past the home entry: the probe, and the parse of a new format.
const Plan* find_slow(const char* format) noexcept;
// The capture for a fixed layout of these conversions: one compiled for
// their sequence when they are few and of the common kinds, else a loop.
FixedCapture fixed_capture_for(const std::vector<Conversion>& conversions) noexcept;
}  // namespace detail

// The cached plan for the format at this address (parsed on first use), or
// nullptr when the format must be formatted at the call: the cache is full,
// another thread is still parsing it, its text at this address changed, or
// the plan is not deferrable. Lock-free; allocates only when it parses.
// Inline: a format found in its home entry costs a hash, two loads and the
// text's compare.
inline const Plan* find(const char* format) noexcept {
    detail::Entry& home = detail::g_entries[detail::slot_of(format)];
    if (home.key.load(std::memory_order_acquire) == format)
        return detail::usable(home.plan.load(std::memory_order_acquire), format);
    return detail::find_slow(format);
}

// Writes the block for one call into out[0, capacity): the plan's address,
// then the arguments read from `args` (advanced). Returns the block's size,
// or 0 when it does not fit or a value cannot be deferred (a '*' width or
// precision beyond 6 digits): the caller then formats at the call from its
// own copy of the arguments.
size_t capture(const Plan& plan, va_list* args, std::byte* out, size_t capacity) noexcept;

// capture() of a plan with a fixed layout into room the caller has made:
// out[0, plan.fixed_size) is written, every value read from `args`.
inline void capture_fixed(const Plan& plan, va_list* args, std::byte* out) noexcept {
    plan.fixed_capture(plan, args, out);
}

// Appends the rendering of a captured block to `out`. Throws std::bad_alloc.
void render(std::string_view block, std::string& out);

// If `record` carries a captured block, renders it into `storage` and points
// the record's message there, clearing the mark. Throws std::bad_alloc.
void render_record(Record& record, std::string& storage);

}  // namespace picolog::printf_plan
