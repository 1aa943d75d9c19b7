// printf_fuzz.cpp - deferred printf formatting (printf_plan.hpp) against the
// C library: any format the plan accepts, called with argument values from
// the input, renders later byte for byte as snprintf renders it at once;
// any format at all parses without a crash.
//
// Input: the format up to the first NUL byte, then the bytes argument values
// are drawn from (8 at a time, zeros when they run out).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "../support/printf_differential.hpp"
#include "fuzz_record.hpp"

namespace {

class Bytes : public printf_differential::Values {
public:
    Bytes(const uint8_t* p, size_t n) : p_(p), n_(n) {}
    uint64_t bits() override {
        uint64_t v = 0;
        const size_t take = n_ < sizeof v ? n_ : sizeof v;
        std::memcpy(&v, p_, take);
        p_ += take;
        n_ -= take;
        return v;
    }

private:
    const uint8_t* p_;
    size_t n_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto* nul = static_cast<const uint8_t*>(std::memchr(data, 0, size));
    const size_t format_len = nul ? static_cast<size_t>(nul - data) : size;
    const std::string format(reinterpret_cast<const char*>(data), format_len);
    const size_t rest = nul ? size - format_len - 1 : 0;
    Bytes values(nul ? nul + 1 : data + size, rest);
    const auto o = printf_differential::run(format.c_str(), values);
    if (o.captured) FUZZ_CHECK(o.deferred == o.direct);
    return 0;
}
