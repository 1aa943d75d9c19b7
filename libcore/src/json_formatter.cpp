// json_formatter.cpp - one JSON object per record (RFC 8259), with an ISO
// 8601 UTC timestamp computed without the C library's time-zone lock.
#include <charconv>

#include "picolog/formatter.hpp"
#include "picolog/level.hpp"
#include "utf8.hpp"

namespace picolog {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// A quoted JSON string. Control characters are escaped, invalid UTF-8 bytes
// become U+FFFD, everything else is copied as is.
void append_string(std::string& out, std::string_view s) {
    out += '"';
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size();
    size_t run = 0;  // start of the pending run of bytes copied verbatim
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp;
            if (size_t len = utf8::decode(p + i, n - i, cp); len != 0) {
                i += len;
                continue;
            }
        }
        out.append(s.data() + run, i - run);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 0xF];
                } else {
                    out += "\\ufffd";
                }
        }
        run = ++i;
    }
    out.append(s.data() + run, n - run);
    out += '"';
}

void append_key(std::string& out, std::string_view key) {
    out += ',';
    append_string(out, key);
    out += ':';
}

void string_member(std::string& out, std::string_view key, std::string_view value) {
    append_key(out, key);
    append_string(out, value);
}

void append_int(std::string& out, int64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

char* put_digits(char* p, int64_t value, int width) noexcept {
    for (int i = width - 1; i >= 0; --i, value /= 10) p[i] = static_cast<char>('0' + value % 10);
    return p + width;
}

// Days since 1970-01-01 to a proleptic Gregorian date (the era-based method
// of Howard Hinnant's "chrono-compatible low-level date algorithms").
void civil_from_days(int64_t days, int64_t& year, int& month, int& day) noexcept {
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

// "2026-11-26T10:00:00.123456Z"
void append_time(std::string& out, int64_t ns) {
    int64_t us = ns / 1000 - (ns % 1000 < 0 ? 1 : 0);
    int64_t seconds = us / 1000000 - (us % 1000000 < 0 ? 1 : 0);
    int64_t micros = us - seconds * 1000000;
    int64_t days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0);
    int64_t sod = seconds - days * 86400;
    int64_t year;
    int month, day;
    civil_from_days(days, year, month, day);
    char buf[48];
    char* p = buf;
    *p++ = '"';
    if (year >= 0 && year <= 9999)
        p = put_digits(p, year, 4);
    else
        p = std::to_chars(p, p + 24, year).ptr;
    *p++ = '-';
    p = put_digits(p, month, 2);
    *p++ = '-';
    p = put_digits(p, day, 2);
    *p++ = 'T';
    p = put_digits(p, sod / 3600, 2);
    *p++ = ':';
    p = put_digits(p, sod / 60 % 60, 2);
    *p++ = ':';
    p = put_digits(p, sod % 60, 2);
    *p++ = '.';
    p = put_digits(p, micros, 6);
    *p++ = 'Z';
    *p++ = '"';
    out.append(buf, p);
}

}  // namespace

void JsonFormatter::format(const Record& r, std::string& out) const {
    out += "{\"time\":";
    append_time(out, r.created_ns);
    levels::LevelText level_text;
    string_member(out, "level", levels::name(r.level, level_text));
    string_member(out, "logger", r.logger_name);
    string_member(out, "message", r.message);
    string_member(out, "thread", r.thread_name);
    append_key(out, "process");
    append_int(out, r.process_id);
    string_member(out, "file", r.file);
    append_key(out, "line");
    append_int(out, r.line);
    string_member(out, "func", r.func);
    if (!r.exc_text.empty()) string_member(out, "exc_text", r.exc_text);
    if (!r.stack_text.empty()) string_member(out, "stack_info", r.stack_text);
    for (const Field& f : r.fields) string_member(out, f.key, f.value);
    out += '}';
}

}  // namespace picolog
