// printf_differential.hpp - one printf call made both ways, for the
// differential tests: captured and rendered later (printf_plan.hpp), and
// formatted by the C library's snprintf at once. The arguments follow the
// plan's own list, so any deferrable format with up to four arguments can be
// called with values of the right types, drawn from a source of bits.
#pragma once

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "picolog/printf_plan.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

namespace printf_differential {

using picolog::printf_plan::Arg;
using picolog::printf_plan::Plan;

// Where argument values come from (a fuzzer's bytes, a seeded generator).
class Values {
public:
    virtual ~Values() = default;
    virtual uint64_t bits() = 0;
    // A string argument: one of a few, sometimes NULL.
    const char* string() {
        static const char* const kStrings[] = {
            "", "a", "hello", "with spaces and %d in it", "tab\tnewline\n", "\xc3\xa9t\xc3\xa9", nullptr};
        return kStrings[bits() % (sizeof kStrings / sizeof kStrings[0])];
    }
};

// What a call is given, in order: the plan's stars and values, flattened.
enum class Kind { kWidth, kPrecision, kInt, kLong, kDouble, kLongDouble, kPointer, kString };

inline std::vector<Kind> kinds_of(const Plan& plan) {
    std::vector<Kind> kinds;
    for (const auto& c : plan.conversions) {
        if (c.star_width) kinds.push_back(Kind::kWidth);
        if (c.star_precision) kinds.push_back(Kind::kPrecision);
        switch (c.arg) {
            case Arg::kInt:
                kinds.push_back(Kind::kInt);
                break;
            case Arg::kLong:
                kinds.push_back(Kind::kLong);
                break;
            case Arg::kDouble:
                kinds.push_back(Kind::kDouble);
                break;
            case Arg::kLongDouble:
                kinds.push_back(Kind::kLongDouble);
                break;
            case Arg::kPointer:
                kinds.push_back(Kind::kPointer);
                break;
            case Arg::kString:
                kinds.push_back(Kind::kString);
                break;
        }
    }
    return kinds;
}

struct Outcome {
    bool compared = false;
    bool captured = false;
    std::string deferred, direct;
};

// The call made both ways from one argument list: vsnprintf at once, and
// the plan's capture rendered later. Variadic in C's way, so each list of
// argument types costs the templates below one call, not a copy of this.
inline void both_ways(const Plan* plan, const char* format, Outcome* o, ...) {
    va_list args, again, captured;
    va_start(args, o);
    va_copy(again, args);
    va_copy(captured, args);
    const int n = std::vsnprintf(nullptr, 0, format, args);
    if (n >= 0) {
        std::vector<char> buf(static_cast<size_t>(n) + 1);
        std::vsnprintf(buf.data(), buf.size(), format, again);
        o->direct.assign(buf.data(), static_cast<size_t>(n));
        std::vector<std::byte> block(4096);
        const size_t size = picolog::printf_plan::capture(*plan, &captured, block.data(), block.size());
        o->compared = true;
        if (size != 0) {
            o->captured = true;
            picolog::printf_plan::render(std::string_view(reinterpret_cast<const char*>(block.data()), size),
                                         o->deferred);
        }
    }
    va_end(captured);
    va_end(again);
    va_end(args);
}

template <class... A>
void call(const Plan& plan, const char* format, Outcome& o, A... args) {
    both_ways(&plan, format, &o, args...);
}

inline double double_of(uint64_t bits) {
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

// The value of the k-th argument, as one of the five types a call passes:
// every int-sized kind goes as an int, and a string as a pointer to void,
// which va_arg may read as a pointer to char (C11 7.16.1.1). Fewer types
// keep the instantiations of draw() below in the hundreds, not thousands.
inline int int_value(Kind kind, Values& v) {
    switch (kind) {
        case Kind::kWidth:  // small: the output stays short
            return static_cast<int>(v.bits() % 41) - 20;
        case Kind::kPrecision:
            return static_cast<int>(v.bits() % 30) - 5;
        default:
            return static_cast<int>(v.bits());
    }
}

inline const void* pointer_value(Kind kind, Values& v) {
    if (kind == Kind::kString) return v.string();
    return reinterpret_cast<const void*>(static_cast<uintptr_t>(v.bits()));
}

// Draws the k-th argument and recurses; at most four arguments.
template <class... A>
void draw(const Plan& plan, const char* format, const std::vector<Kind>& kinds, size_t k, Values& v,
          Outcome& o, A... args) {
    if (k == kinds.size()) return call(plan, format, o, args...);
    if constexpr (sizeof...(A) < 4) {
        switch (kinds[k]) {
            case Kind::kWidth:
            case Kind::kPrecision:
            case Kind::kInt:
                return draw(plan, format, kinds, k + 1, v, o, args..., int_value(kinds[k], v));
            case Kind::kLong:
                return draw(plan, format, kinds, k + 1, v, o, args..., static_cast<long long>(v.bits()));
            case Kind::kDouble:
                return draw(plan, format, kinds, k + 1, v, o, args..., double_of(v.bits()));
            case Kind::kLongDouble:
                return draw(plan, format, kinds, k + 1, v, o, args...,
                            static_cast<long double>(double_of(v.bits())) / 3);
            case Kind::kPointer:
            case Kind::kString:
                return draw(plan, format, kinds, k + 1, v, o, args..., pointer_value(kinds[k], v));
        }
    }
}

// The call made both ways; compared is false when the format is refused or
// takes more than four arguments.
inline Outcome run(const char* format, Values& values) {
    Outcome o;
    const Plan plan = picolog::printf_plan::parse(format);
    if (!plan.deferrable) return o;
    const std::vector<Kind> kinds = kinds_of(plan);
    if (kinds.size() > 4) return o;
    draw(plan, format, kinds, 0, values, o);
    return o;
}

}  // namespace printf_differential

#pragma GCC diagnostic pop
