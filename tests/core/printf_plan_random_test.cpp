// printf_plan_random_test.cpp - a randomised differential test: formats
// drawn from the printf grammar (flags, widths, precisions, lengths,
// conversions, literal text, refused pieces) with random values, each call
// rendered late and by snprintf at once; the two must agree byte for byte.
// Seeded and bounded by a count, so a failure reproduces.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "printf_differential.hpp"

namespace {

class Random : public printf_differential::Values {
public:
    explicit Random(uint64_t seed) : gen_(seed) {}
    uint64_t bits() override {
        // Mostly small numbers, where widths and signs matter; some raw bits.
        switch (gen_() % 4) {
            case 0:
                return gen_() % 256;
            case 1:
                return static_cast<uint64_t>(-static_cast<int64_t>(gen_() % 100000));
            default:
                return gen_();
        }
    }
    uint64_t below(uint64_t n) { return gen_() % n; }

private:
    std::mt19937_64 gen_;
};

std::string random_spec(Random& r) {
    static const char* const kFlags[] = {"", "", "-", "+", " ", "#", "0", "-0", "+ ", "#0", "'", "I"};
    static const char* const kWidths[] = {"", "", "1", "5", "12", "*", "1$", "1234567"};
    static const char* const kPrecisions[] = {"", "", ".", ".0", ".2", ".7", ".*", ".20"};
    static const char* const kLengths[] = {"", "", "", "hh", "h", "l", "ll", "j", "z", "t", "L", "q"};
    static const char* const kConversions[] = {"d", "i", "o", "u", "x", "X", "f", "F", "e", "E", "g",
                                               "G", "a", "A", "c", "s", "p", "%", "n", "m", "C", "S"};
    auto pick = [&](const auto& list) { return std::string(list[r.below(std::size(list))]); };
    return "%" + pick(kFlags) + pick(kWidths) + pick(kPrecisions) + pick(kLengths) + pick(kConversions);
}

TEST(PrintfPlanRandom, RenderedLaterEqualsSnprintfAtTheCall) {
    const uint64_t seed = 20261204;
    Random r(seed);
    int compared = 0, refused = 0;
    for (int i = 0; i < 60000; ++i) {
        std::string format;
        const uint64_t pieces = 1 + r.below(4);
        for (uint64_t p = 0; p < pieces; ++p) {
            if (r.below(3) == 0) format += r.below(2) ? "text " : "%% ";
            format += random_spec(r);
        }
        const auto o = printf_differential::run(format.c_str(), r);
        if (!o.compared) {
            ++refused;
            continue;
        }
        ++compared;
        if (o.captured) {
            ASSERT_EQ(o.deferred, o.direct) << "format \"" << format << "\", seed " << seed << ", call " << i;
        }
    }
    // The grammar above reaches both sides often.
    EXPECT_GT(compared, 3000);
    EXPECT_GT(refused, 3000);
}

}  // namespace
