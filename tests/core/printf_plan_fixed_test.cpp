// printf_plan_fixed_test.cpp - the captures compiled for short sequences of
// arguments (printf_capture_fixed.cpp): every sequence of up to four
// integers, 64-bit integers, doubles and pointers, and the loop past them,
// rendered later and compared with vsnprintf's output for the same call,
// with the arguments in registers and past them on the stack.
#include <gtest/gtest.h>

#include <cstdarg>
#include <string>
#include <utility>
#include <vector>

#include "picolog/printf_plan.hpp"
#include "printf_plan_test_util.hpp"

using namespace picolog;
using picolog_test::deferred;
using picolog_test::direct;

namespace {

constexpr size_t kKinds = 4;

// Argument i of sequence `code` is of kind (code / 4^i) % 4: a value of
// that kind distinct per position, and its conversion.
template <size_t kKind>
auto value_of(size_t position) {
    if constexpr (kKind == 0) return -1000 - static_cast<int>(position);
    if constexpr (kKind == 1) return (1LL << 40) + static_cast<long long>(position);
    if constexpr (kKind == 2) return 3.25 + static_cast<double>(position);
    if constexpr (kKind == 3) return reinterpret_cast<void*>(0x1000 + position);
}

const char* const kConversions[kKinds] = {"%d", "%lld", "%.3f", "%p"};

constexpr size_t power(size_t exponent) {
    return exponent == 0 ? 1 : kKinds * power(exponent - 1);
}

// The plan's rendering of a call whose variadic arguments all follow six
// integer and eight floating-point named parameters, so that none is in a
// register (x86-64 System V; elsewhere, more arguments before them).
std::string deferred_past_registers(const printf_plan::Plan& plan, long, long, long, long, long, double,
                                    double, double, double, double, double, double, double last, ...) {
    std::vector<std::byte> block(4096);
    va_list args;
    va_start(args, last);
    const size_t n = picolog_test::capture_v(plan, block.data(), block.size(), args);
    va_end(args);
    if (n == 0) return "<not captured>";
    std::string out;
    printf_plan::render(std::string_view(reinterpret_cast<const char*>(block.data()), n), out);
    return out;
}

template <size_t kCount, size_t kCode, size_t... kIndex>
void check_sequence(std::index_sequence<kIndex...>) {
    std::string format = "[";
    ((format += kConversions[(kCode / power(kIndex)) % kKinds], format += "|"), ...);
    format += "]";
    SCOPED_TRACE("format \"" + format + "\"");
    const printf_plan::Plan plan = printf_plan::parse(format);
    ASSERT_TRUE(plan.deferrable);
    ASSERT_NE(plan.fixed_size, 0u);
    const std::string expected =
        direct(format.c_str(), value_of<(kCode / power(kIndex)) % kKinds>(kIndex)...);
    EXPECT_EQ(deferred(plan, format.c_str(), value_of<(kCode / power(kIndex)) % kKinds>(kIndex)...),
              expected);
    EXPECT_EQ(deferred_past_registers(plan, 1, 2, 3, 4, 5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0,
                                      value_of<(kCode / power(kIndex)) % kKinds>(kIndex)...),
              expected);
}

template <size_t kCount, size_t... kCodes>
void check_every_sequence(std::index_sequence<kCodes...>) {
    (check_sequence<kCount, kCodes>(std::make_index_sequence<kCount>{}), ...);
}

TEST(PrintfPlanFixed, EverySequenceOfUpToFourCommonArgumentsRendersAsVsnprintf) {
    check_every_sequence<0>(std::make_index_sequence<power(0)>{});
    check_every_sequence<1>(std::make_index_sequence<power(1)>{});
    check_every_sequence<2>(std::make_index_sequence<power(2)>{});
    check_every_sequence<3>(std::make_index_sequence<power(3)>{});
    check_every_sequence<4>(std::make_index_sequence<power(4)>{});
}

TEST(PrintfPlanFixed, LongerSequencesAndLongDoublesTakeTheLoopAndRenderAsVsnprintf) {
    const char* five = "%d %lld %.2f %p %hhu";
    const printf_plan::Plan five_plan = printf_plan::parse(five);
    ASSERT_NE(five_plan.fixed_size, 0u);
    void* p = reinterpret_cast<void*>(0xbeef);
    EXPECT_EQ(deferred(five_plan, five, -1, 1LL << 50, 2.5, p, 300),
              direct(five, -1, 1LL << 50, 2.5, p, 300));
    EXPECT_EQ(deferred_past_registers(five_plan, 1, 2, 3, 4, 5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, -1,
                                      1LL << 50, 2.5, p, 300),
              direct(five, -1, 1LL << 50, 2.5, p, 300));

    const char* with_long_double = "%d %.4Lf %g";
    const printf_plan::Plan ld_plan = printf_plan::parse(with_long_double);
    ASSERT_NE(ld_plan.fixed_size, 0u);
    EXPECT_EQ(deferred(ld_plan, with_long_double, 7, 1.125L, 0.5), direct(with_long_double, 7, 1.125L, 0.5));
    EXPECT_EQ(deferred_past_registers(ld_plan, 1, 2, 3, 4, 5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 7,
                                      1.125L, 0.5),
              direct(with_long_double, 7, 1.125L, 0.5));

    std::string many;
    for (int i = 0; i < 12; ++i) many += "%d,%.1f;";
    const printf_plan::Plan many_plan = printf_plan::parse(many);
    ASSERT_NE(many_plan.fixed_size, 0u);
    EXPECT_EQ(deferred(many_plan, many.c_str(), 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8,
                       8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5),
              direct(many.c_str(), 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10,
                     10.5, 11, 11.5, 12, 12.5));
}

}  // namespace
