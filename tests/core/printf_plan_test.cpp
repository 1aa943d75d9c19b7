// printf_plan_test.cpp - deferred printf rendering against the C library:
// every conversion, flag, width, precision and length modifier captured,
// rendered and compared with vsnprintf's output for the same call.
#include "picolog/printf_plan.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "printf_plan_test_util.hpp"

using namespace picolog;
using picolog_test::deferred;
using picolog_test::direct;

namespace {

template <class... A>
void expect_same(const std::string& format, A... args) {
    SCOPED_TRACE("format \"" + format + "\"");
    const printf_plan::Plan plan = printf_plan::parse(format);
    ASSERT_TRUE(plan.deferrable);
    EXPECT_EQ(deferred(plan, format.c_str(), args...), direct(format.c_str(), args...));
}

const char* const kFlagSets[] = {"",   "-",  "+",  " ",  "#",  "0",  "-+",
                                 "+0", " 0", "#0", "-#", "+ ", "-0", "#+0 -"};
const char* const kWidths[] = {"", "1", "7", "25", "*"};
const char* const kPrecisions[] = {"", ".", ".0", ".3", ".12", ".*"};

// Calls expect_same for every flag set, width and precision of one
// conversion, with '*' values before the argument where the spec has them.
template <class V>
void every_spec(const std::string& length_and_conversion, V value) {
    for (const char* flags : kFlagSets)
        for (const char* width : kWidths)
            for (const char* precision : kPrecisions) {
                const std::string f =
                    std::string("<%") + flags + width + precision + length_and_conversion + ">";
                const bool sw = std::strcmp(width, "*") == 0, sp = std::strcmp(precision, ".*") == 0;
                for (int w : {9, -6})
                    for (int p : {2, -1, 0}) {
                        if (sw && sp)
                            expect_same(f, w, p, value);
                        else if (sw)
                            expect_same(f, w, value);
                        else if (sp)
                            expect_same(f, p, value);
                        else
                            expect_same(f, value);
                        if (!sp) break;
                    }
            }
}

TEST(PrintfPlan, EveryIntegerConversionFlagWidthPrecisionAndLength) {
    for (const char* conv : {"d", "i", "o", "u", "x", "X"}) {
        for (const char* len : {"", "hh", "h"})
            for (int v : {0, 1, -1, 42, -300, 65537, INT_MAX, INT_MIN})
                every_spec(std::string(len) + conv, v);
        for (const char* len : {"l", "ll", "j", "z", "t"})
            for (long long v : {0LL, 7LL, -7LL, LLONG_MAX, LLONG_MIN, 1LL << 40})
                every_spec(std::string(len) + conv, v);
    }
}

TEST(PrintfPlan, EveryFloatingConversionFlagWidthPrecisionAndLength) {
    for (const char* conv : {"f", "F", "e", "E", "g", "G", "a", "A"}) {
        for (const char* len : {"", "l"})
            for (double v : {0.0, -0.0, 1.5, -2.25, 3.14159265358979, 1e300, 1e-300, DBL_MIN / 4, HUGE_VAL,
                             -HUGE_VAL, double{NAN}})
                every_spec(std::string(len) + conv, v);
        for (long double v : {0.0L, 1.5L, -2.25L, 3.14159265358979323846L, 1e300L, LDBL_MIN})
            every_spec(std::string("L") + conv, v);
    }
}

TEST(PrintfPlan, CharactersStringsAndPointers) {
    for (int v : {int{'a'}, int{'Z'}, 32, 0, 255, -1}) every_spec("c", v);
    for (const char* v :
         {"", "x", "hello", "a longer string of text, past twelve bytes", static_cast<const char*>(nullptr)})
        every_spec("s", v);
    int local = 0;
    for (const void* v : {static_cast<const void*>(nullptr), static_cast<const void*>(&local),
                          reinterpret_cast<const void*>(uintptr_t{0xdeadbeef})})
        every_spec("p", v);
}

TEST(PrintfPlan, StringPrecisionNeedsNoTerminator) {
    const char unterminated[3] = {'a', 'b', 'c'};
    expect_same("[%.3s]", unterminated);
    expect_same("[%.*s]", 2, unterminated);
    expect_same("[%-6.3s]", unterminated);
}

TEST(PrintfPlan, LiteralTextPercentSignsAndManyConversions) {
    expect_same("no conversion at all");
    expect_same("");
    expect_same("100%% sure, %d%%", 5);
    expect_same("iteration %d int %d double %.2f", 1, 2, 3.14159);
    expect_same("%s=%d, %s=%lu (%p) %c%c %Le %%", "a", 1, "b", 2UL, static_cast<void*>(nullptr), 'x', 'y',
                2.5L);
    expect_same("%*d|%-*d|%.*f|%*.*s|", 5, 1, 5, 2, 3, 1.0, 8, 2, "abcdef");
}

TEST(PrintfPlan, RefusesWhatItCannotReproduceLater) {
    for (const char* f : {"%n",  "x %d %n", "%m",  "%1$d",  "%2$s %1$s", "%*1$d",      "%ls", "%lc",
                          "%'d", "%Id",     "%Ld", "%hf",   "%qd",       "%Zd",        "%C",  "%S",
                          "%b",  "%5%",     "%",   "abc %", "%1234567d", "%.1234567f", "%hs", "%lp"})
        EXPECT_FALSE(printf_plan::parse(f).deferrable) << f;
    std::string many;
    for (int i = 0; i < 65; ++i) many += "%d";
    EXPECT_FALSE(printf_plan::parse(many).deferrable);
    EXPECT_TRUE(printf_plan::parse(many.substr(2)).deferrable);
}

TEST(PrintfPlan, CaptureRefusesBlocksThatDoNotFitAndHugeStarValues) {
    const printf_plan::Plan plan = printf_plan::parse("%s");
    const std::string big(1000, 'x');
    EXPECT_EQ(picolog_test::capture_size(plan, 64, big.c_str()), 0u);
    EXPECT_GT(picolog_test::capture_size(plan, 2048, big.c_str()), 1000u);
    const printf_plan::Plan star = printf_plan::parse("%*d");
    EXPECT_EQ(picolog_test::capture_size(star, 64, 1000000, 1), 0u);
    EXPECT_GT(picolog_test::capture_size(star, 64, 999999, 1), 0u);
}

TEST(PrintfPlan, AFixedLayoutKnowsItsSizeAndNeedsExactlyThatRoom) {
    const char* format = "%c|%hd|%ld|%llu|%zx|%e|%.3Lf|%p|%%|%jd";
    const printf_plan::Plan plan = printf_plan::parse(format);
    ASSERT_TRUE(plan.deferrable);
    const size_t expected = sizeof(void*) + 2 * sizeof(int) + 4 * sizeof(long long) + sizeof(double) +
                            sizeof(long double) + sizeof(void*);
    EXPECT_EQ(plan.fixed_size, expected);
    int x = 0;
    auto call = [&](size_t cap) {
        return picolog_test::capture_size(plan, cap, 'q', static_cast<short>(-7), -5L,
                                          18446744073709551615ULL, size_t{255}, 1.5e-300, 2.25L,
                                          static_cast<void*>(&x), intmax_t{-1});
    };
    EXPECT_EQ(call(expected), expected);
    EXPECT_EQ(call(expected - 1), 0u);
    EXPECT_EQ(deferred(plan, format, 'q', static_cast<short>(-7), -5L, 18446744073709551615ULL, size_t{255},
                       1.5e-300, 2.25L, static_cast<void*>(&x), intmax_t{-1}),
              direct(format, 'q', static_cast<short>(-7), -5L, 18446744073709551615ULL, size_t{255}, 1.5e-300,
                     2.25L, static_cast<void*>(&x), intmax_t{-1}));
    // A string or a '*' makes the size depend on the call.
    EXPECT_EQ(printf_plan::parse("%d %s").fixed_size, 0u);
    EXPECT_EQ(printf_plan::parse("%*d").fixed_size, 0u);
    EXPECT_EQ(printf_plan::parse("%.*f").fixed_size, 0u);
    EXPECT_EQ(printf_plan::parse("no conversions").fixed_size, sizeof(void*));
}

TEST(PrintfPlan, CacheFindsAPlanByAddressAndChecksTheText) {
    static const char kFormat[] = "cached %d and %s";
    const printf_plan::Plan* a = printf_plan::find(kFormat);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(printf_plan::find(kFormat), a);
    EXPECT_EQ(printf_plan::find("%n is refused"), nullptr);
    // The same address with another text: not that plan.
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "first %%d");
    const printf_plan::Plan* first = printf_plan::find(buffer);
    ASSERT_NE(first, nullptr);
    std::snprintf(buffer, sizeof buffer, "second %%s");
    EXPECT_EQ(printf_plan::find(buffer), nullptr);
}

TEST(PrintfPlan, RenderRecordReplacesTheCapturedMessage) {
    const printf_plan::Plan plan = printf_plan::parse("x=%d y=%s");
    std::vector<std::byte> block(256);
    const size_t n = picolog_test::capture_into(plan, block.data(), block.size(), 7, "seven");
    ASSERT_GT(n, 0u);
    Record r;
    r.message = std::string_view(reinterpret_cast<const char*>(block.data()), n);
    r.deferred_format = true;
    std::string storage;
    printf_plan::render_record(r, storage);
    EXPECT_FALSE(r.deferred_format);
    EXPECT_EQ(r.message, "x=7 y=seven");
    printf_plan::render_record(r, storage);  // a plain record is left alone
    EXPECT_EQ(r.message, "x=7 y=seven");
}

}  // namespace

namespace {

// Threads released together look up the same new formats: each gets the one
// plan published for a format, or nullptr while another thread parses it,
// never a half-built plan.
TEST(PrintfPlan, CacheIsSafeUnderConcurrentFirstUse) {
    static const char* const kFormats[] = {"concurrent a %d", "concurrent b %s", "concurrent c %.2f",
                                           "concurrent d %p %x"};
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    std::vector<std::vector<const printf_plan::Plan*>> seen(4);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            ready.fetch_add(1);
            while (ready.load() < 4) {
            }
            for (const char* f : kFormats) seen[static_cast<size_t>(t)].push_back(printf_plan::find(f));
        });
    for (auto& th : threads) th.join();
    for (size_t i = 0; i < std::size(kFormats); ++i) {
        const printf_plan::Plan* settled = printf_plan::find(kFormats[i]);
        ASSERT_NE(settled, nullptr);
        EXPECT_EQ(settled->format, kFormats[i]);
        EXPECT_EQ(settled->conversions.size(), i == 3 ? 2u : 1u);
        for (const auto& s : seen) EXPECT_TRUE(s[i] == nullptr || s[i] == settled);
    }
}

}  // namespace
