// capi_fuzz_input.hpp - reading the C API fuzzer's program: bytes taken from
// the front (so hand-written seeds read as a list of calls), and the small
// tables of argument values it picks from (valid ones, edge cases, and
// invalid ones the API must refuse with a status).
#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>

namespace fuzz {

class Program {
public:
    Program(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}

    bool done() const noexcept { return p_ == end_; }
    uint8_t byte() noexcept { return p_ == end_ ? 0 : *p_++; }

    // One of a table's values, chosen by the next byte.
    template <class T, size_t N>
    T pick(const T (&table)[N]) noexcept {
        return table[byte() % N];
    }

    // A short string: a length byte, then that many bytes (capped by what
    // is left). Length 255 means NULL, returned as has_value == false.
    bool text(std::string& out, size_t max = 64) {
        uint8_t n = byte();
        out.clear();
        if (n == 255) return false;
        for (size_t i = 0; i < n && i < max && !done(); ++i) out += static_cast<char>(byte());
        return true;
    }

    // A logger name from a small alphabet (with NUL and a stray byte), so
    // the registry, which never frees a logger, stays small however long
    // the fuzzer runs: up to 4 characters.
    std::string logger_name() {
        static constexpr char kAlphabet[] = {'a', 'b', '.', '\0', '\xff', 'c'};
        std::string name;
        size_t n = byte() % 5;
        for (size_t i = 0; i < n; ++i) name += kAlphabet[byte() % sizeof kAlphabet];
        return name;
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

inline constexpr int kLevels[] = {0, 5, 10, 20, 30, 40, 50, 1, 255, 256, 1000, INT_MAX, -1, INT_MIN};
inline constexpr size_t kSizes[] = {0,       1, 2, 7, 64, 4096, 65536, size_t{1} << 24, (size_t{1} << 24) + 1,
                                    SIZE_MAX};
inline constexpr int64_t kTimes[] = {0,         1,        -1, 1700000000000000000, -1700000000000000000,
                                     INT64_MAX, INT64_MIN};
inline constexpr unsigned kVersions[] = {1, 1, 1, 0, 2, UINT_MAX};
inline constexpr int kEnums[] = {0, 1, 2, 3, 4, -1, INT_MAX};
inline constexpr uint32_t kTimeouts[] = {0, 1, 10, UINT32_MAX};

}  // namespace fuzz
