// utf8.hpp - decoding one UTF-8 sequence (private to libcore/src), for the
// formatters' repr and JSON escaping, which must tell valid text from stray
// bytes, and encoding one code point.
#pragma once

#include <cstddef>
#include <cstdint>

namespace picolog::utf8 {

// Decodes the sequence at p (n > 0 bytes available). Returns its length and
// sets cp, or returns 0 for an invalid byte (overlong forms, surrogates and
// code points above U+10FFFF are invalid, as RFC 3629 says).
inline size_t decode(const unsigned char* p, size_t n, uint32_t& cp) noexcept {
    unsigned char b = p[0];
    if (b < 0x80) {
        cp = b;
        return 1;
    }
    size_t len;
    uint32_t min;
    if ((b & 0xE0) == 0xC0) {
        len = 2, cp = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3, cp = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
        len = 4, cp = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

// Writes the UTF-8 of cp (a Unicode scalar value: no surrogate, at most
// U+10FFFF) into out; returns its length.
inline size_t encode(uint32_t cp, char out[4]) noexcept {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    size_t len = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    constexpr unsigned char kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    for (size_t i = len - 1; i > 0; --i, cp >>= 6) out[i] = static_cast<char>(0x80 | (cp & 0x3F));
    out[0] = static_cast<char>(kLead[len] | cp);
    return len;
}

// Code points in a byte string, counting each stray byte as one.
inline size_t count(const char* p, size_t n) noexcept {
    size_t c = 0;
    for (size_t i = 0; i < n; ++i) c += (static_cast<unsigned char>(p[i]) & 0xC0) != 0x80;
    return c;
}

// The byte length of the first `points` code points.
inline size_t prefix_bytes(const char* p, size_t n, size_t points) noexcept {
    size_t seen = 0;
    for (size_t i = 0; i < n; ++i)
        if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80 && seen++ == points) return i;
    return n;
}

}  // namespace picolog::utf8
