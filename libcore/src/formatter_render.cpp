// formatter_render.cpp - writing one value by a compiled Python format spec:
// text (with repr, truncation and padding), integers and floats. Everything
// is appended to the caller's string; numbers go through std::to_chars, so
// no locale and no allocation is involved.
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "pattern.hpp"
#include "unicode_printable.hpp"
#include "utf8.hpp"

namespace picolog::pattern {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_escape(std::string& out, char kind, uint32_t value, int digits) {
    out += '\\';
    out += kind;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

// Python's repr(str); ascii_only is ascii(str). A byte that is not UTF-8 is
// the lone surrogate Python decodes it to (U+DC80..U+DCFF, surrogateescape),
// as the Python binding hands such text to Python.
void append_repr(std::string& out, std::string_view text, bool ascii_only) {
    bool has_single = text.find('\'') != std::string_view::npos;
    bool has_double = text.find('"') != std::string_view::npos;
    char quote = has_single && !has_double ? '"' : '\'';
    out += quote;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    size_t n = text.size();
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '\\' || c == static_cast<unsigned char>(quote)) {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            append_hex_escape(out, 'x', c, 2);
        } else if (c >= 0x80) {
            uint32_t cp = 0;
            size_t len = utf8::decode(p + i, n - i, cp);
            if (len == 0) {
                append_hex_escape(out, 'u', 0xDC00u | c, 4);  // a stray byte
                ++i;
                continue;
            }
            if (ascii_only || !unicode::printable(cp))
                append_hex_escape(out,
                                  cp < 0x100     ? 'x'
                                  : cp < 0x10000 ? 'u'
                                                 : 'U',
                                  cp,
                                  cp < 0x100     ? 2
                                  : cp < 0x10000 ? 4
                                                 : 8);
            else
                out.append(text.data() + i, len);
            i += len;
            continue;
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    out += quote;
}

char effective_fill(const Spec& spec) noexcept {
    return spec.zero && spec.fill == ' ' ? '0' : spec.fill;
}

char effective_align(const Spec& spec, char default_align) noexcept {
    return spec.align != 0 ? spec.align : (spec.zero && default_align == '>' ? '=' : default_align);
}

// Pads out[start..] (already `length` code points long) to the spec's width.
// head_len is the sign and prefix length, for '=' alignment.
void pad(std::string& out, size_t start, size_t length, const Spec& spec, char default_align,
         size_t head_len = 0) {
    if (static_cast<size_t>(spec.width) <= length) return;
    size_t n = static_cast<size_t>(spec.width) - length;
    char fill = effective_fill(spec);
    char align = effective_align(spec, default_align);
    switch (align) {
        case '<':
            out.append(n, fill);
            break;
        case '=':
            out.insert(start + head_len, n, fill);
            break;
        case '^':
            out.insert(start, n / 2, fill);
            out.append(n - n / 2, fill);
            break;
        default:
            out.insert(start, n, fill);
    }
}

// Digits a separator goes between every `group_size` of: three decimal
// digits, or four of base 2, 8 or 16 (the only group of four).
size_t group_size(const Spec& spec) noexcept {
    return spec.type == 'b' || spec.type == 'o' || spec.type == 'x' || spec.type == 'X' ? 4 : 3;
}

bool is_group_digit(char c, size_t group) noexcept {
    return (c >= '0' && c <= '9') || (group == 4 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
}

// Inserts ',' or '_' every `group` digits of the integer part in buf[0..len).
size_t group_digits(char* buf, size_t len, size_t cap, char separator, size_t group) noexcept {
    size_t int_len = 0;
    while (int_len < len && is_group_digit(buf[int_len], group)) ++int_len;
    size_t separators = int_len > 0 ? (int_len - 1) / group : 0;
    if (separators == 0 || len + separators > cap) return len;
    std::memmove(buf + int_len + separators, buf + int_len, len - int_len);
    size_t src = int_len, dst = int_len + separators;
    for (size_t k = 0; src > 0; ++k) {
        if (k > 0 && k % group == 0) buf[--dst] = separator;
        buf[--dst] = buf[--src];
    }
    return len + separators;
}

// Python's zero padding of a number with separators ('0' fill, '='
// alignment): the zeros widen the integer part of `body` (grouped already)
// and are grouped with it, so "0,004,242", never ",004,242".
void append_grouped_zeros(std::string& out, const char* body, size_t len, const Spec& spec, size_t head_len) {
    size_t group = group_size(spec);
    size_t int_len = 0, digits = 0;
    while (int_len < len && (body[int_len] == spec.grouping || is_group_digit(body[int_len], group)))
        digits += body[int_len++] != spec.grouping;
    if (digits == 0) return;  // nan, inf: padded as usual
    size_t width = static_cast<size_t>(spec.width);
    size_t tail = len - int_len;
    size_t min_width = width > head_len + tail ? width - head_len - tail : 0;
    size_t total = digits;
    while (total + (total - 1) / group < min_width) ++total;
    for (size_t k = total - 1; k >= digits; --k) {
        out += '0';
        if (k % group == 0) out += spec.grouping;
    }
}

// Writes the sign, the prefix, `zeros` zeros, then body, and pads the whole
// as a number.
void append_number(std::string& out, bool negative, std::string_view prefix, size_t zeros, const char* body,
                   size_t len, const Spec& spec) {
    size_t start = out.size();
    if (negative)
        out += '-';
    else if (spec.sign != 0)
        out += spec.sign;
    out.append(prefix);
    size_t head_len = out.size() - start;
    if (spec.grouping != 0 && effective_fill(spec) == '0' && effective_align(spec, '>') == '=')
        append_grouped_zeros(out, body, len, spec, head_len);
    out.append(zeros, '0');
    out.append(body, len);
    pad(out, start, out.size() - start, spec, '>', head_len);
}

void to_upper(char* p, size_t n) noexcept {
    for (size_t i = 0; i < n; ++i)
        if (p[i] >= 'a' && p[i] <= 'z') p[i] = static_cast<char>(p[i] - 'a' + 'A');
}

// The decimal exponent of to_chars' scientific text.
int exponent_of(std::string_view sci) noexcept {
    size_t e = sci.find('e');
    int exponent = 0;
    std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
    return exponent;
}

// '#' on a float: the decimal point is always written, before the exponent
// or the '%' if no digit follows it ("%#.0f" of 17.0 is "17.").
size_t with_point(char* buf, size_t len, size_t cap) noexcept {
    if (len == 0 || buf[0] < '0' || buf[0] > '9' || std::memchr(buf, '.', len) != nullptr) return len;
    if (len + 1 > cap) return 0;
    size_t at = 0;
    while (at < len && buf[at] >= '0' && buf[at] <= '9') ++at;
    std::memmove(buf + at + 1, buf + at, len - at);
    buf[at] = '.';
    return len + 1;
}

// 'g' with '#': the same choice of notation, but trailing zeros stay
// (format(17.0, '#g') is '17.0000').
size_t general_alternate(double magnitude, int precision, char* buf, size_t cap) noexcept {
    if (!std::isfinite(magnitude)) return float_repr(magnitude, buf, cap);
    auto r = std::to_chars(buf, buf + cap, magnitude, std::chars_format::scientific, precision - 1);
    if (r.ec != std::errc()) return 0;
    int exponent = exponent_of(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
    if (exponent < -4 || exponent >= precision) return static_cast<size_t>(r.ptr - buf);
    r = std::to_chars(buf, buf + cap, magnitude, std::chars_format::fixed, precision - 1 - exponent);
    return r.ec != std::errc() ? 0 : static_cast<size_t>(r.ptr - buf);
}

// Python's float format with a precision and no type: like 'g', but fixed
// notation keeps a digit after the point and so switches to an exponent one
// digit earlier (format(123.0, '.3') is '1.23e+02'). keep_zeros: '#', which
// keeps every digit of the precision.
size_t precision_repr(double magnitude, int precision, bool keep_zeros, char* buf, size_t cap) noexcept {
    if (!std::isfinite(magnitude)) return float_repr(magnitude, buf, cap);
    auto r = std::to_chars(buf, buf + cap, magnitude, std::chars_format::scientific, precision - 1);
    if (r.ec != std::errc()) return 0;
    std::string_view sci(buf, static_cast<size_t>(r.ptr - buf));
    size_t e = sci.find('e');
    int exponent = exponent_of(sci);
    size_t len;
    if (exponent < -4 || exponent >= precision - 1) {
        if (keep_zeros) return sci.size();
        // Trailing zeros of the mantissa go, as in 'g'.
        char exp_text[8];
        size_t exp_len = sci.size() - e;
        std::memcpy(exp_text, sci.data() + e, exp_len);
        len = e;
        while (len > 0 && buf[len - 1] == '0' && std::memchr(buf, '.', len) != nullptr) --len;
        if (len > 0 && buf[len - 1] == '.') --len;
        std::memcpy(buf + len, exp_text, exp_len);
        return len + exp_len;
    }
    r = std::to_chars(buf, buf + cap, magnitude, std::chars_format::fixed, precision - 1 - exponent);
    if (r.ec != std::errc()) return 0;
    len = static_cast<size_t>(r.ptr - buf);
    if (keep_zeros) return len;
    const char* point = static_cast<const char*>(std::memchr(buf, '.', len));
    if (point == nullptr) {
        if (len + 2 > cap) return 0;
        buf[len++] = '.';
        buf[len++] = '0';
        return len;
    }
    size_t min_len = static_cast<size_t>(point - buf) + 2;  // one digit after the point stays
    while (len > min_len && buf[len - 1] == '0') --len;
    return len;
}

// |value| by a float presentation type, without what '#' adds, into buf;
// returns the length, or 0 when buf is too small.
size_t float_digits(double magnitude, const Spec& spec, char* buf, size_t cap) noexcept {
    char type = spec.type;
    int precision = spec.precision;
    std::to_chars_result r{};
    if (type == 0 && precision < 0) return float_repr(magnitude, buf, cap);
    if ((type == 'g' || type == 'G') && spec.alternate) {
        size_t len = general_alternate(magnitude,
                                       precision < 0    ? 6
                                       : precision == 0 ? 1
                                                        : precision,
                                       buf, cap);
        if (type == 'G') to_upper(buf, len);
        return len;
    }
    switch (type) {
        case 'f':
        case 'F':
            r = std::to_chars(buf, buf + cap, magnitude, std::chars_format::fixed,
                              precision < 0 ? 6 : precision);
            break;
        case 'e':
        case 'E':
            r = std::to_chars(buf, buf + cap, magnitude, std::chars_format::scientific,
                              precision < 0 ? 6 : precision);
            break;
        case '%':
            r = std::to_chars(buf, buf + cap - 1, magnitude * 100, std::chars_format::fixed,
                              precision < 0 ? 6 : precision);
            if (r.ec == std::errc()) *r.ptr++ = '%';
            break;
        case 0:
            return precision_repr(magnitude, precision == 0 ? 1 : precision, spec.alternate, buf, cap);
        default:  // 'g', 'G'
            r = std::to_chars(buf, buf + cap, magnitude, std::chars_format::general,
                              precision < 0    ? 6
                              : precision == 0 ? 1
                                               : precision);
            break;
    }
    if (r.ec != std::errc()) return 0;
    size_t len = static_cast<size_t>(r.ptr - buf);
    if (type == 'E' || type == 'F' || type == 'G') to_upper(buf, len);
    return len;
}

// |value| by the spec's presentation type and '#' flag, into buf; returns
// the length, or 0 when buf is too small.
size_t float_body(double magnitude, const Spec& spec, char* buf, size_t cap) noexcept {
    size_t len = float_digits(magnitude, spec, buf, cap);
    return spec.alternate && len != 0 ? with_point(buf, len, cap) : len;
}

// Whether a float's digits (before any exponent) are all zeros: 'z' then
// drops the '-' of what rounded to zero.
bool rounds_to_zero(const char* body, size_t len) noexcept {
    bool digit = false;
    for (size_t i = 0; i < len && body[i] != 'e' && body[i] != 'E'; ++i) {
        if (body[i] >= '1' && body[i] <= '9') return false;
        digit = digit || body[i] == '0';
    }
    return digit;
}

}  // namespace

size_t float_repr(double value, char* buf, size_t size) noexcept {
    if (size < 32) return 0;
    if (std::isnan(value)) {
        std::memcpy(buf, "nan", 3);
        return 3;
    }
    char sci[64];
    auto r = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
    std::string_view s(sci, static_cast<size_t>(r.ptr - sci));
    if (std::isinf(value)) {
        std::memcpy(buf, s.data(), s.size());
        return s.size();
    }
    size_t e_pos = s.find('e');
    int exponent = 0;
    std::from_chars(s.data() + e_pos + (s[e_pos + 1] == '+' ? 2 : 1), s.data() + s.size(), exponent);
    if (exponent < -4 || exponent >= 16) {
        std::memcpy(buf, s.data(), s.size());
        return s.size();
    }
    bool negative = s[0] == '-';
    char digits[24];
    size_t nd = 0;
    for (size_t i = negative ? 1 : 0; i < e_pos; ++i)
        if (s[i] != '.') digits[nd++] = s[i];
    size_t len = 0;
    if (negative) buf[len++] = '-';
    int point = exponent + 1;  // digits before the decimal point
    if (point <= 0) {
        buf[len++] = '0';
        buf[len++] = '.';
        for (int i = 0; i < -point; ++i) buf[len++] = '0';
        for (size_t i = 0; i < nd; ++i) buf[len++] = digits[i];
    } else if (static_cast<size_t>(point) >= nd) {
        for (size_t i = 0; i < nd; ++i) buf[len++] = digits[i];
        for (size_t i = nd; i < static_cast<size_t>(point); ++i) buf[len++] = '0';
        buf[len++] = '.';
        buf[len++] = '0';
    } else {
        for (size_t i = 0; i < nd; ++i) {
            if (i == static_cast<size_t>(point)) buf[len++] = '.';
            buf[len++] = digits[i];
        }
    }
    return len;
}

void render_text(std::string& out, std::string_view value, const Spec& spec) {
    if (spec.plain) {
        out.append(value);
        return;
    }
    size_t start = out.size();
    if (spec.conversion == 'r' || spec.conversion == 'a')
        append_repr(out, value, spec.conversion == 'a');
    else
        out.append(value);
    if (spec.precision >= 0)
        out.resize(start + utf8::prefix_bytes(out.data() + start, out.size() - start,
                                              static_cast<size_t>(spec.precision)));
    if (spec.width > 0) pad(out, start, utf8::count(out.data() + start, out.size() - start), spec, '<');
}

namespace {

// Python's '%c' / '{:c}': the character of code point `value`, U+FFFD for
// a value that is none (Python raises for it, or writes a lone surrogate).
void render_char(std::string& out, int64_t value, const Spec& spec) {
    bool scalar = value >= 0 && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF);
    char buf[4];
    size_t len = utf8::encode(scalar ? static_cast<uint32_t>(value) : 0xFFFD, buf);
    render_text(out, std::string_view(buf, len), spec);
}

}  // namespace

void render_int(std::string& out, int64_t value, const Spec& spec) {
    if (spec.type == 'c') {
        render_char(out, value, spec);
        return;
    }
    if (spec.type != 0 && spec.type != 'd' && spec.type != 'x' && spec.type != 'X' && spec.type != 'o' &&
        spec.type != 'b') {
        render_float(out, static_cast<double>(value), spec);
        return;
    }
    char buf[96];
    uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    int base = spec.type == 'x' || spec.type == 'X' ? 16 : spec.type == 'o' ? 8 : spec.type == 'b' ? 2 : 10;
    if (spec.conversion != 0) {
        size_t len = static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, value).ptr - buf);
        render_text(out, std::string_view(buf, len), spec);
        return;
    }
    if (spec.plain) {
        out.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
        return;
    }
    size_t len = static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, magnitude, base).ptr - buf);
    if (spec.type == 'X') to_upper(buf, len);
    // The percent style's precision on an integer: at least that many digits
    // (the brace style allows none, and only it groups digits).
    const size_t zeros = spec.precision > 0 && static_cast<size_t>(spec.precision) > len
                             ? static_cast<size_t>(spec.precision) - len
                             : 0;
    if (spec.grouping != 0) len = group_digits(buf, len, sizeof buf, spec.grouping, group_size(spec));
    std::string_view prefix;
    if (spec.alternate) {
        prefix = base == 16 ? (spec.type == 'X' ? "0X" : "0x") : base == 8 ? "0o" : base == 2 ? "0b" : "";
    }
    append_number(out, value < 0, prefix, zeros, buf, len, spec);
}

void render_float(std::string& out, double value, const Spec& spec) {
    if (spec.type == 'd') {  // the percent style's '%d' on a float truncates
        double t = std::trunc(value);
        render_int(out, std::isfinite(t) && std::fabs(t) < 9.2e18 ? static_cast<int64_t>(t) : 0, spec);
        return;
    }
    char buf[128];
    if (spec.conversion != 0 || spec.plain) {
        size_t len = float_repr(value, buf, sizeof buf);
        if (spec.plain)
            out.append(buf, len);
        else
            render_text(out, std::string_view(buf, len), spec);
        return;
    }
    bool negative = std::signbit(value) && !std::isnan(value);
    double magnitude = std::fabs(value);
    size_t len = float_body(magnitude, spec, buf, sizeof buf);
    if (len != 0 && negative && spec.no_negative_zero) negative = !rounds_to_zero(buf, len);
    if (len != 0) {
        if (spec.grouping != 0) len = group_digits(buf, len, sizeof buf, spec.grouping, group_size(spec));
        append_number(out, negative, {}, 0, buf, len, spec);
        return;
    }
    // Huge values or precisions: a heap buffer sized for the worst case.
    std::string big(static_cast<size_t>(spec.precision) + 400, '\0');
    len = float_body(magnitude, spec, big.data(), big.size());
    if (negative && spec.no_negative_zero) negative = !rounds_to_zero(big.data(), len);
    append_number(out, negative, {}, 0, big.data(), len, spec);
}

}  // namespace picolog::pattern
