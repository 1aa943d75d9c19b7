// printf_plan.cpp - parsing a printf format into a plan (printf_plan.hpp).
//
// The parser accepts only what it can hand back to snprintf one conversion
// at a time with the same result: each C conversion renders independently
// of the others, so a specification kept verbatim and given the same value
// prints the same bytes. Anything else makes the format "format at the call".
#include "picolog/printf_plan.hpp"

#include <cstring>

namespace picolog::printf_plan {
namespace {

constexpr size_t kMaxConversions = 64;
constexpr size_t kMaxDigits = 6;

enum class Length { kNone, kHH, kH, kL, kLL, kJ, kZ, kT, kBigL };

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// Reads up to kMaxDigits digits at format[i]; false when there are more.
bool read_number(std::string_view f, size_t& i, int& value) noexcept {
    size_t start = i;
    value = 0;
    while (i < f.size() && is_digit(f[i])) {
        if (i - start >= kMaxDigits) return false;
        value = value * 10 + (f[i] - '0');
        ++i;
    }
    return true;
}

Length read_length(std::string_view f, size_t& i) noexcept {
    if (i >= f.size()) return Length::kNone;
    auto twice = [&](char c, Length one, Length two) {
        if (i + 1 < f.size() && f[i + 1] == c) {
            i += 2;
            return two;
        }
        ++i;
        return one;
    };
    switch (f[i]) {
        case 'h':
            return twice('h', Length::kH, Length::kHH);
        case 'l':
            return twice('l', Length::kL, Length::kLL);
        case 'j':
            ++i;
            return Length::kJ;
        case 'z':
            ++i;
            return Length::kZ;
        case 't':
            ++i;
            return Length::kT;
        case 'L':
            ++i;
            return Length::kBigL;
        default:
            return Length::kNone;
    }
}

// The argument a conversion takes with this length modifier; false when the
// pair is refused.
bool argument_for(char conversion, Length length, Arg& arg, bool& uses_locale) noexcept {
    switch (conversion) {
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X':
            switch (length) {
                case Length::kNone:
                case Length::kHH:
                case Length::kH:
                    arg = Arg::kInt;
                    return true;
                case Length::kL:
                case Length::kLL:
                case Length::kJ:
                case Length::kZ:
                case Length::kT:
                    arg = Arg::kLong;
                    return true;
                case Length::kBigL:
                    return false;
            }
            return false;
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            uses_locale = true;
            if (length == Length::kNone || length == Length::kL) {
                arg = Arg::kDouble;
                return true;
            }
            if (length == Length::kBigL) {
                arg = Arg::kLongDouble;
                return true;
            }
            return false;
        case 'c':  // %lc converts through the locale: refused
            arg = Arg::kInt;
            return length == Length::kNone;
        case 's':  // %ls likewise
            arg = Arg::kString;
            return length == Length::kNone;
        case 'p':
            arg = Arg::kPointer;
            return length == Length::kNone;
        default:  // %n, %m and anything unknown
            return false;
    }
}

// Parses the conversion starting at format[i] == '%' into `c`; i ends past
// it. False when it is refused.
bool parse_conversion(std::string_view f, size_t& i, Conversion& c, bool& uses_locale) noexcept {
    const size_t start = i++;
    // A number followed by '$' is a positional argument: refused.
    for (size_t j = i; j < f.size() && is_digit(f[j]); ++j)
        if (j + 1 < f.size() && f[j + 1] == '$') return false;
    while (i < f.size() && std::strchr("-+ #0", f[i]) != nullptr && f[i] != '\0') ++i;
    if (i < f.size() && (f[i] == '\'' || f[i] == 'I')) return false;  // the locale's digits
    int number = 0;
    if (i < f.size() && f[i] == '*') {
        c.star_width = true;
        ++i;
    } else if (!read_number(f, i, number)) {
        return false;
    }
    if (i < f.size() && f[i] == '.') {
        ++i;
        if (i < f.size() && f[i] == '*') {
            c.star_precision = true;
            ++i;
        } else {
            if (!read_number(f, i, number)) return false;
            c.precision = number;
        }
    }
    const Length length = read_length(f, i);
    if (i >= f.size()) return false;
    const char conversion = f[i++];
    if (!argument_for(conversion, length, c.arg, uses_locale)) return false;
    const size_t n = i - start;
    if (n >= sizeof c.spec) return false;
    std::memcpy(c.spec, f.data() + start, n);
    c.spec[n] = '\0';
    return true;
}

Plan refused(std::string_view format) {
    Plan plan;
    plan.format.assign(format);
    return plan;
}

// The block's size for every call, when it does not depend on the values.
void set_fixed_layout(Plan& plan) {
    size_t size = sizeof(const Plan*);
    for (const Conversion& c : plan.conversions) {
        if (c.star_width || c.star_precision) return;
        switch (c.arg) {
            case Arg::kInt:
                size += sizeof(int);
                break;
            case Arg::kLong:
                size += sizeof(long long);
                break;
            case Arg::kDouble:
                size += sizeof(double);
                break;
            case Arg::kLongDouble:
                size += sizeof(long double);
                break;
            case Arg::kPointer:
                size += sizeof(void*);
                break;
            case Arg::kString:
                return;
        }
    }
    plan.fixed_size = static_cast<uint32_t>(size);
    plan.fixed_capture = detail::fixed_capture_for(plan.conversions);
}

}  // namespace

Plan parse(std::string_view format) {
    Plan plan;
    plan.format.assign(format);
    std::string_view f = format;
    uint32_t text_begin = 0;
    size_t i = 0;
    while (i < f.size()) {
        if (f[i] != '%') {
            plan.text += f[i++];
            continue;
        }
        if (i + 1 < f.size() && f[i + 1] == '%') {
            plan.text += '%';
            i += 2;
            continue;
        }
        Conversion c;
        if (plan.conversions.size() >= kMaxConversions || !parse_conversion(f, i, c, plan.uses_locale))
            return refused(format);
        c.text_begin = text_begin;
        c.text_len = static_cast<uint32_t>(plan.text.size()) - text_begin;
        text_begin = static_cast<uint32_t>(plan.text.size());
        plan.conversions.push_back(c);
    }
    plan.tail_begin = text_begin;
    plan.tail_len = static_cast<uint32_t>(plan.text.size()) - text_begin;
    plan.deferrable = true;
    set_fixed_layout(plan);
    return plan;
}

}  // namespace picolog::printf_plan
