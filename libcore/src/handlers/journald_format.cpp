// journald_format.cpp - the journal's native protocol: field names, the
// plain and binary-safe field forms, and a record's entry.
#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "picolog/journald.hpp"

namespace picolog::journald {

namespace {
constexpr size_t kNameMax = 64;
// journald ignores a whole entry of more fields than this
// (ENTRY_FIELD_COUNT_MAX).
constexpr size_t kFieldsMax = 1024;
}  // namespace

namespace {
// F_ in front: a name journald would otherwise ignore, or one the entry
// already carries.
std::string prefixed(std::string name) {
    name.insert(0, "F_");
    if (name.size() > kNameMax) name.resize(kNameMax);
    return name;
}
}  // namespace

std::string field_name(std::string_view key) {
    std::string name;
    for (size_t i = 0; i < key.size() && name.size() < kNameMax; ++i) {
        char c = key[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) c = '_';
        // journald ignores a client's field whose name starts with '_' (its
        // trusted fields), whether the key had the '_' or a character that
        // became one.
        if (name.empty() && c == '_') continue;
        name += c;
    }
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return prefixed(std::move(name));
    return name;
}

void append_field(std::string_view name, std::string_view value, std::string& out) {
    out.append(name);
    if (value.find('\n') == std::string_view::npos) {
        out += '=';
        out.append(value);
        out += '\n';
        return;
    }
    out += '\n';
    uint64_t n = value.size();
    for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xFF);
    out.append(value);
    out += '\n';
}

void append_entry(const EntryOptions& o, const Record& r, std::string_view text, std::string& out) {
    char num[24];
    auto number = [&](int64_t v) {
        auto res = std::to_chars(num, num + sizeof num, v);
        return std::string_view(num, static_cast<size_t>(res.ptr - num));
    };
    size_t count = 0;
    // The entry's own fields: a structured field of the same name would
    // give it a second value (PRIORITY=4 and PRIORITY=high), so it goes
    // under F_ and that name.
    std::string_view own[9];
    size_t owned = 0;
    auto put = [&](std::string_view name, std::string_view value) {
        append_field(name, value, out);
        ++count;
    };
    auto put_own = [&](std::string_view name, std::string_view value) {
        own[owned++] = name;
        put(name, value);
    };
    auto put_structured = [&](std::string_view key, std::string_view value) {
        std::string name = field_name(key);
        if (std::find(own, own + owned, name) != own + owned) name = prefixed(std::move(name));
        put(name, value);
    };
    put_own("MESSAGE", text);
    put_own("PRIORITY", number(o.severities.severity(r.level)));
    if (o.facility >= 0) put_own("SYSLOG_FACILITY", number(o.facility));
    if (!o.identifier.empty()) put_own("SYSLOG_IDENTIFIER", o.identifier);
    if (!r.file.empty()) put_own("CODE_FILE", r.file);
    if (r.line > 0) put_own("CODE_LINE", number(r.line));
    if (!r.func.empty()) put_own("CODE_FUNC", r.func);
    put_own("LOGGER", r.logger_name);
    if (!r.thread_name.empty()) put_own("THREAD_NAME", r.thread_name);
    // The structured fields that fit within journald's limit; when some do
    // not, the last field says how many were left out.
    size_t room = kFieldsMax - count;
    if (r.fields.size() > room) --room;
    const size_t kept = std::min(r.fields.size(), room);
    for (size_t i = 0; i < kept; ++i) put_structured(r.fields[i].key, r.fields[i].value);
    if (kept < r.fields.size())
        put("PICOLOG_FIELDS_DROPPED", number(static_cast<int64_t>(r.fields.size() - kept)));
}

}  // namespace picolog::journald
