// json_formatter.cpp - one JSON object per record (RFC 8259), with an ISO
// 8601 UTC timestamp computed without the C library's time-zone lock.
#include <charconv>
#include <string>
#include <unordered_map>
#include <unordered_set>

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

// Whether a field named `key` would repeat a member written before the
// fields. Those names are ASCII, and a key holding a stray byte is written
// with a U+FFFD, so comparing the bytes as given is exact.
bool fixed_member(std::string_view key, const Record& r) noexcept {
    switch (key.size()) {
        case 4:
            return key == "time" || key == "file" || key == "line" || key == "func";
        case 5:
            return key == "level";
        case 6:
            return key == "logger" || key == "thread";
        case 7:
            return key == "message" || key == "process";
        case 8:
            return key == "exc_text" && !r.exc_text.empty();
        case 10:
            return key == "stack_info" && !r.stack_text.empty();
        default:
            return false;
    }
}

constexpr std::string_view kPrefix = "field.";

// The next character of a key as written: one well-formed UTF-8 sequence,
// or U+FFFD for a stray byte. Advances `i`.
std::string_view next_char(std::string_view s, size_t& i) noexcept {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    uint32_t cp;
    size_t len = utf8::decode(reinterpret_cast<const unsigned char*>(s.data()) + i, s.size() - i, cp);
    if (len == 0) {
        ++i;
        return kReplacement;
    }
    i += len;
    return s.substr(i - len, len);
}

// Whether two keys are written as the same name.
bool same_name(std::string_view a, std::string_view b) noexcept {
    if (a == b) return true;
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (static_cast<unsigned char>(a[i]) < 0x80 && static_cast<unsigned char>(b[j]) < 0x80) {
            if (a[i++] != b[j++]) return false;
        } else if (next_char(a, i) != next_char(b, j)) {
            return false;
        }
    }
    return i == a.size() && j == b.size();
}

bool is_ascii(std::string_view s) noexcept {
    unsigned char any = 0;
    for (char c : s) any |= static_cast<unsigned char>(c);
    return any < 0x80;
}

// A name given to a field: `prefixes` times "field.", then the key.
struct Name {
    const char* data;
    size_t size;
    size_t prefixes;
    bool ascii;  // the key is written as given

    std::string_view key() const noexcept { return {data, size}; }
    size_t length() const noexcept { return size + prefixes * kPrefix.size(); }
};

// Whether two names are written the same. A name of ASCII characters never
// equals one with others (a stray byte is written as U+FFFD).
bool same_name(const Name& a, const Name& b) noexcept {
    if (a.ascii != b.ascii || (a.ascii && a.length() != b.length())) return false;
    const Name& longer = a.prefixes >= b.prefixes ? a : b;
    const Name& shorter = a.prefixes >= b.prefixes ? b : a;
    std::string_view rest = shorter.key();
    for (size_t n = longer.prefixes - shorter.prefixes; n > 0; --n) {
        if (rest.substr(0, kPrefix.size()) != kPrefix) return false;
        rest.remove_prefix(kPrefix.size());
    }
    return same_name(longer.key(), rest);
}

// Up to this many fields, each name is checked against those before it;
// past it, against a hash set of the names written.
constexpr size_t kScanFields = 16;

// The names given to the fields of a record of a few fields. A 64-bit
// filter of the ASCII names' lengths and last characters answers most
// lookups without a scan.
class FewNames {
public:
    // Whether a field before has this name; keeps its filter bit for add().
    bool taken(const Name& name) noexcept {
        bit_ = bit(name);
        return (!name.ascii || (filter_ & bit_) != 0) && scan(name);
    }

    // Adds the name taken() last found free.
    void add(const Name& name) noexcept {
        if (name.ascii) filter_ |= bit_;
        names_[count_++] = name;
    }

private:
    [[gnu::noinline]] bool scan(const Name& name) const noexcept {
        for (size_t i = 0; i < count_; ++i)
            if (same_name(names_[i], name)) return true;
        return false;
    }

    static uint64_t bit(const Name& name) noexcept {
        unsigned last = name.size != 0       ? static_cast<unsigned char>(name.data[name.size - 1])
                        : name.prefixes != 0 ? '.'
                                             : 0;
        return uint64_t{1} << ((name.length() * 5 + last * 3) & 63);
    }

    Name names_[kScanFields];  // the first count_ are set
    size_t count_ = 0;
    uint64_t filter_ = 0;
    uint64_t bit_ = 0;
};

// The key as written, with invalid UTF-8 replaced.
std::string written(std::string_view key) {
    std::string out;
    for (size_t i = 0; i < key.size();) out += next_char(key, i);
    return out;
}

// The name "field." repeated `prefixes` times, then the key.
void append_prefixed(std::string& out, size_t prefixes, std::string_view key) {
    std::string name;
    for (size_t n = 0; n < prefixes; ++n) name += kPrefix;
    name += key;
    append_string(out, name);
}

// Each field under its key, or under "field." repeated until the name is
// not yet a member of the object.
void append_fields(std::string& out, const Record& r) {
    if (r.fields.size() <= kScanFields) {
        FewNames names;
        for (const Field& f : r.fields) {
            Name name{f.key.data(), f.key.size(), 0, is_ascii(f.key)};
            out += ',';
            if (!fixed_member(f.key, r) && !names.taken(name)) {
                append_string(out, f.key);
            } else {
                do ++name.prefixes;
                while (names.taken(name));
                append_prefixed(out, name.prefixes, f.key);
            }
            out += ':';
            append_string(out, f.value);
            names.add(name);
        }
        return;
    }
    // Each key keeps the number of prefixes to try first: the names with
    // fewer are taken, so a key given n times costs n tries, not n * n.
    std::unordered_set<std::string> names;
    std::unordered_map<std::string, size_t> next_prefixes;
    for (const Field& f : r.fields) {
        std::string key = written(f.key);
        size_t& prefixes = next_prefixes[key];
        if (prefixes == 0 && fixed_member(f.key, r)) prefixes = 1;
        std::string name;
        for (size_t n = 0; n < prefixes; ++n) name += kPrefix;
        name += key;
        while (!names.insert(name).second) name.insert(0, kPrefix), ++prefixes;
        out += ',';
        append_prefixed(out, prefixes++, f.key);
        out += ':';
        append_string(out, f.value);
    }
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
    if (!r.fields.empty()) append_fields(out, r);
    out += '}';
}

}  // namespace picolog
