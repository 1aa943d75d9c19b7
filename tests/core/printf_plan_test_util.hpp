// printf_plan_test_util.hpp - a printf call rendered both ways: captured by
// value and rendered later (printf_plan.hpp), and by vsnprintf at once.
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "picolog/printf_plan.hpp"

namespace picolog_test {

inline size_t capture_v(const picolog::printf_plan::Plan& plan, std::byte* out, size_t cap, va_list args) {
    va_list copy;
    va_copy(copy, args);
    const size_t n = picolog::printf_plan::capture(plan, &copy, out, cap);
    va_end(copy);
    return n;
}

inline size_t capture_size(const picolog::printf_plan::Plan& plan, size_t cap, ...) {
    std::vector<std::byte> out(cap);
    va_list args;
    va_start(args, cap);
    const size_t n = capture_v(plan, out.data(), cap, args);
    va_end(args);
    return n;
}

inline size_t capture_into(const picolog::printf_plan::Plan& plan, std::byte* out, size_t cap, ...) {
    va_list args;
    va_start(args, cap);
    const size_t n = capture_v(plan, out, cap, args);
    va_end(args);
    return n;
}

// The plan's rendering of the call; "<not captured>" when capture refused.
inline std::string deferred(const picolog::printf_plan::Plan& plan, const char* format, ...) {
    std::vector<std::byte> block(4096);
    va_list args;
    va_start(args, format);
    const size_t n = capture_v(plan, block.data(), block.size(), args);
    va_end(args);
    if (n == 0) return "<not captured>";
    std::string out;
    picolog::printf_plan::render(std::string_view(reinterpret_cast<const char*>(block.data()), n), out);
    return out;
}

inline std::string direct(const char* format, ...) {
    va_list args;
    va_start(args, format);
    char buf[8192];
    const int n = std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    return n < 0 ? "<vsnprintf failed>" : std::string(buf, static_cast<size_t>(n));
}

}  // namespace picolog_test
