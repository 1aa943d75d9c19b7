// journald_format.cpp - the journal's native protocol: field names, the
// plain and binary-safe field forms, and a record's entry.
#include <charconv>

#include "picolog/journald.hpp"

namespace picolog::journald {

namespace {
constexpr size_t kNameMax = 64;
}

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
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) name.insert(0, "F_");
    if (name.size() > kNameMax) name.resize(kNameMax);
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
    append_field("MESSAGE", text, out);
    append_field("PRIORITY", number(o.severities.severity(r.level)), out);
    if (o.facility >= 0) append_field("SYSLOG_FACILITY", number(o.facility), out);
    if (!o.identifier.empty()) append_field("SYSLOG_IDENTIFIER", o.identifier, out);
    if (!r.file.empty()) append_field("CODE_FILE", r.file, out);
    if (r.line > 0) append_field("CODE_LINE", number(r.line), out);
    if (!r.func.empty()) append_field("CODE_FUNC", r.func, out);
    append_field("LOGGER", r.logger_name, out);
    if (!r.thread_name.empty()) append_field("THREAD_NAME", r.thread_name, out);
    for (const Field& f : r.fields) append_field(field_name(f.key), f.value, out);
}

}  // namespace picolog::journald
