// printf_capture_fixed.cpp - the capture of a call whose plan has a fixed
// layout, compiled once for each short sequence of argument kinds.
//
// capture_fixed() runs on the logging thread for every deferred printf call
// that a queue's slot takes. Reading each argument by its conversion's kind
// in a loop costs a load of the kind, an indirect jump and the loop's own
// work per argument; a plan of up to kMaxArgs integers, 64-bit integers,
// pointers and doubles instead gets a function that reads exactly its
// sequence, straight-line. The block is the same either way: the plan's
// address, then each value at its own size (printf_plan.hpp).
#include <array>
#include <cstring>
#include <utility>

#include "picolog/printf_plan.hpp"

namespace picolog::printf_plan {
namespace {

// The kinds a specialised capture reads; the long double is left to the loop.
constexpr size_t kKinds = 4;
constexpr size_t kMaxArgs = 4;

constexpr Arg kind_arg(size_t kind) {
    constexpr Arg kArgs[kKinds] = {Arg::kInt, Arg::kLong, Arg::kDouble, Arg::kPointer};
    return kArgs[kind];
}

template <Arg kArg>
[[gnu::always_inline]] inline std::byte* take(va_list* args, std::byte* p) noexcept {
    auto store = [p](const auto& v) noexcept {
        std::memcpy(p, &v, sizeof v);
        return p + sizeof v;
    };
    if constexpr (kArg == Arg::kInt) return store(va_arg(*args, int));
    if constexpr (kArg == Arg::kLong) return store(va_arg(*args, long long));
    if constexpr (kArg == Arg::kDouble) return store(va_arg(*args, double));
    if constexpr (kArg == Arg::kLongDouble) return store(va_arg(*args, long double));
    if constexpr (kArg == Arg::kPointer) return store(va_arg(*args, void*));
}

// The block's start, the plan's address; returns where the values go.
[[gnu::always_inline]] inline std::byte* put_plan(const Plan& plan, std::byte* out) noexcept {
    const Plan* self = &plan;
    std::memcpy(out, &self, sizeof self);
    return out + sizeof self;
}

template <Arg... kArgs>
void capture_sequence(const Plan& plan, [[maybe_unused]] va_list* args, std::byte* out) noexcept {
    [[maybe_unused]] std::byte* p = put_plan(plan, out);
    ((p = take<kArgs>(args, p)), ...);
}

constexpr size_t power(size_t base, size_t exponent) {
    return exponent == 0 ? 1 : base * power(base, exponent - 1);
}

// Sequence `kCode` of sizeof...(kIndex) arguments reads argument i as kind
// (kCode / kKinds^i) % kKinds; a table holds every sequence of one length.
template <size_t kCode, size_t... kIndex>
constexpr FixedCapture sequence_for(std::index_sequence<kIndex...>) {
    return &capture_sequence<kind_arg((kCode / power(kKinds, kIndex)) % kKinds)...>;
}

template <size_t kCount, size_t... kCodes>
constexpr std::array<FixedCapture, sizeof...(kCodes)> table_of(std::index_sequence<kCodes...>) {
    return {sequence_for<kCodes>(std::make_index_sequence<kCount>{})...};
}

template <size_t kCount>
constexpr auto kTable = table_of<kCount>(std::make_index_sequence<power(kKinds, kCount)>{});

// The tables by length, 0 to kMaxArgs arguments.
template <size_t... kCounts>
constexpr std::array<const FixedCapture*, sizeof...(kCounts)> tables_of(std::index_sequence<kCounts...>) {
    return {kTable<kCounts>.data()...};
}

constexpr auto kTables = tables_of(std::make_index_sequence<kMaxArgs + 1>{});

// Each conversion's value read by its kind, in a loop: any fixed layout.
void capture_loop(const Plan& plan, va_list* args, std::byte* out) noexcept {
    std::byte* p = put_plan(plan, out);
    for (const Conversion& c : plan.conversions) {
        switch (c.arg) {
            case Arg::kInt:
                p = take<Arg::kInt>(args, p);
                break;
            case Arg::kLong:
                p = take<Arg::kLong>(args, p);
                break;
            case Arg::kDouble:
                p = take<Arg::kDouble>(args, p);
                break;
            case Arg::kLongDouble:
                p = take<Arg::kLongDouble>(args, p);
                break;
            case Arg::kPointer:
                p = take<Arg::kPointer>(args, p);
                break;
            case Arg::kString:  // not in a fixed layout
                return;
        }
    }
}

}  // namespace

FixedCapture detail::fixed_capture_for(const std::vector<Conversion>& conversions) noexcept {
    if (conversions.size() > kMaxArgs) return &capture_loop;
    size_t code = 0;
    for (size_t i = conversions.size(); i-- > 0;) {
        size_t kind = 0;
        while (kind < kKinds && kind_arg(kind) != conversions[i].arg) ++kind;
        if (kind == kKinds) return &capture_loop;
        code = code * kKinds + kind;
    }
    return kTables[conversions.size()][code];
}

}  // namespace picolog::printf_plan
