// syslog_format.cpp - the syslog wire format: RFC 5424 and RFC 3164
// headers, SD-ELEMENT escaping, Python's bare form, and RFC 6587 framing.
#include "picolog/syslog_format.hpp"

#include <time.h>

#include <charconv>
#include <cstdio>

#include "../utf8.hpp"
#include "picolog/error.hpp"

namespace picolog::syslog {

namespace {

constexpr size_t kSdNameMax = 32;
constexpr size_t kHostnameMax = 255;
constexpr size_t kAppNameMax = 48;
constexpr size_t kProcIdMax = 128;
constexpr size_t kMsgIdMax = 32;
constexpr size_t kTagMax = 32;  // RFC 3164 4.1.3

bool printable(unsigned char c) noexcept {
    return c >= 33 && c <= 126;
}

bool sd_name_char(unsigned char c) noexcept {
    return printable(c) && c != '=' && c != ']' && c != '"';
}

void append_number(int64_t v, std::string& out) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_pri(int pri, std::string& out) {
    // 0..191: at most three digits.
    char buf[5];
    char* p = buf;
    *p++ = '<';
    if (pri >= 100) *p++ = static_cast<char>('0' + pri / 100);
    if (pri >= 10) *p++ = static_cast<char>('0' + pri / 10 % 10);
    *p++ = static_cast<char>('0' + pri % 10);
    *p++ = '>';
    out.append(buf, p);
}

// Six digits of microseconds, zero-padded.
void append_micros(int64_t usec, std::string& out) {
    char buf[6];
    for (int i = 5; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + usec % 10);
        usec /= 10;
    }
    out.append(buf, sizeof buf);
}

const char kMonths[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

int SeverityMap::severity(int level) const noexcept {
    for (const auto& [lvl, sev] : levels)
        if (lvl == level) return sev;
    return otherwise;
}

void validate(const MessageOptions& o) {
    if (o.facility < 0 || o.facility > 23)
        throw Error(kInvalid, "syslog facility must be between 0 and 23, got " + std::to_string(o.facility));
    auto check = [](int sev) {
        if (sev < 0 || sev > 7)
            throw Error(kInvalid, "syslog severity must be between 0 and 7, got " + std::to_string(sev));
    };
    for (const auto& entry : o.severities.levels) check(entry.second);
    check(o.severities.otherwise);
    if (o.sd_id.empty() || o.sd_id.size() > kSdNameMax)
        throw Error(kInvalid, "syslog SD-ID must be 1 to 32 characters, got \"" + o.sd_id + "\"");
    for (unsigned char c : o.sd_id)
        if (!sd_name_char(c))
            throw Error(kInvalid, "syslog SD-ID \"" + o.sd_id +
                                      "\" holds a character other than printable ASCII "
                                      "without '=', ']', '\"' and space");
}

void append_sd_value(std::string_view value, std::string& out) {
    const auto* p = reinterpret_cast<const unsigned char*>(value.data());
    const size_t n = value.size();
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == '"' || c == '\\' || c == ']') out += '\\';
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        uint32_t cp;
        size_t len = utf8::decode(p + i, n - i, cp);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(value.data() + i, len);
            i += len;
        }
    }
}

void append_sd_name(std::string_view name, std::string& out) {
    if (name.empty()) {
        out += '_';
        return;
    }
    size_t n = std::min(name.size(), kSdNameMax);
    for (size_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        out += sd_name_char(c) ? static_cast<char>(c) : '_';
    }
}

void append_header_field(std::string_view field, size_t max, std::string& out) {
    if (field.empty()) {
        out += '-';
        return;
    }
    size_t n = std::min(field.size(), max);
    for (size_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(field[i]);
        out += printable(c) ? static_cast<char>(c) : '_';
    }
}

size_t utf8_prefix(std::string_view text, size_t max) noexcept {
    if (text.size() <= max) return text.size();
    size_t cut = max;
    // Back off continuation bytes to the start of the sequence that
    // crosses the limit; that sequence is dropped whole.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}

void frame(Framing framing, std::string_view message, std::string& out) {
    switch (framing) {
        case Framing::OctetCounting:
            append_number(static_cast<int64_t>(message.size()), out);
            out += ' ';
            out.append(message);
            break;
        case Framing::Lf:
            out.append(message);
            out += '\n';
            break;
        case Framing::None:
            out.append(message);
            break;
    }
}

MessageFormatter::MessageFormatter(MessageOptions options) : options_(std::move(options)) {
    validate(options_);
}

const std::string& MessageFormatter::fields_after_stamp(int64_t process_id) {
    if (fields_cached_ && process_id == cached_pid_) return cached_fields_;
    std::string& f = cached_fields_;
    f.clear();
    if (options_.format == Format::Rfc5424) {
        // "Z HOSTNAME APP-NAME PROCID MSGID "
        f += "Z ";
        append_header_field(options_.hostname, kHostnameMax, f);
        f += ' ';
        append_header_field(options_.app_name, kAppNameMax, f);
        f += ' ';
        if (process_id > 0) {
            std::string pid;
            append_number(process_id, pid);
            append_header_field(pid, kProcIdMax, f);
        } else {
            f += '-';
        }
        f += ' ';
        append_header_field(options_.msgid, kMsgIdMax, f);
        f += ' ';
    } else {
        // RFC 3164: "HOSTNAME TAG[PID]: "
        if (!options_.hostname.empty()) {
            append_header_field(options_.hostname, kHostnameMax, f);
            f += ' ';
        }
        if (!options_.app_name.empty()) {
            const size_t tag = f.size();
            append_header_field(options_.app_name, kTagMax, f);
            // Receivers end the TAG at ':' (the content follows) or '[' (the
            // PID): neither, nor ']', may be in it.
            for (size_t i = tag; i < f.size(); ++i)
                if (f[i] == ':' || f[i] == '[' || f[i] == ']') f[i] = '_';
            if (process_id > 0) {
                f += '[';
                append_number(process_id, f);
                f += ']';
            }
            f += ": ";
        }
    }
    cached_pid_ = process_id;
    fields_cached_ = true;
    return f;
}

void MessageFormatter::header_5424(const Record& r, int pri, std::string& out) {
    append_pri(pri, out);
    out += "1 ";
    const int64_t sec = r.created_ns >= 0 ? r.created_ns / 1000000000 : (r.created_ns + 1) / 1000000000 - 1;
    const int64_t usec = (r.created_ns - sec * 1000000000) / 1000;
    if (sec != cached_second_ || !cached_utc_) {
        time_t t = static_cast<time_t>(sec);
        struct tm tm;
        gmtime_r(&t, &tm);
        int n = std::snprintf(cached_stamp_, sizeof cached_stamp_, "%04d-%02d-%02dT%02d:%02d:%02d.",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached_stamp_size_ = static_cast<size_t>(n);
        cached_second_ = sec;
        cached_utc_ = true;
    }
    out.append(cached_stamp_, cached_stamp_size_);
    append_micros(usec, out);
    out += fields_after_stamp(r.process_id);
    if (r.fields.empty()) {
        out += '-';
        return;
    }
    out += '[';
    out += options_.sd_id;
    for (const Field& f : r.fields) {
        out += ' ';
        append_sd_name(f.key, out);
        out += "=\"";
        append_sd_value(f.value, out);
        out += '"';
    }
    out += ']';
}

void MessageFormatter::header_3164(const Record& r, int pri, std::string& out) {
    append_pri(pri, out);
    const int64_t sec = r.created_ns >= 0 ? r.created_ns / 1000000000 : (r.created_ns + 1) / 1000000000 - 1;
    if (sec != cached_second_ || cached_utc_) {
        time_t t = static_cast<time_t>(sec);
        struct tm tm;
        localtime_r(&t, &tm);
        // The day is padded with a space, not a zero (RFC 3164 4.1.2).
        int n = std::snprintf(cached_stamp_, sizeof cached_stamp_, "%s %2d %02d:%02d:%02d ",
                              kMonths[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached_stamp_size_ = static_cast<size_t>(n);
        cached_second_ = sec;
        cached_utc_ = false;
    }
    out.append(cached_stamp_, cached_stamp_size_);
    out += fields_after_stamp(r.process_id);
}

void MessageFormatter::format(const Record& record, std::string_view text, std::string& out) {
    const int pri = options_.facility * 8 + options_.severities.severity(record.level);
    switch (options_.format) {
        case Format::Rfc5424:
            header_5424(record, pri, out);
            // MSG is UTF-8 without a BOM: receivers take it as octets, and a
            // BOM would show up in every line they write.
            if (!text.empty()) {
                out += ' ';
                out.append(text);
            }
            break;
        case Format::Rfc3164:
            header_3164(record, pri, out);
            out.append(text);
            break;
        case Format::Bare:
            append_pri(pri, out);
            out += options_.ident;
            out.append(text);
            break;
    }
    if (options_.append_nul) out += '\0';
}

void MessageFormatter::format_note(int level, std::string_view text, std::string& out) {
    Record r;
    r.level = level;
    r.message = text;
    stamp(r);
    format(r, text, out);
}

}  // namespace picolog::syslog
