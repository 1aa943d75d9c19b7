// json_formatter_fuzz.cpp - the JSON formatter with arbitrary bytes in every
// string of a record: its output must be one valid JSON object (checked by
// nlohmann::json, which also rejects ill-formed UTF-8) with no member name
// given twice, whose members read back as the record's values, with each
// byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD,
// and each field under its key, prefixed with "field." as often as needed
// to make the name unique.
//
// Input: a record (fuzz_record.hpp).
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fuzz_record.hpp"
#include "picolog/formatter.hpp"
#include "picolog/level.hpp"

namespace {

// The length of the well-formed UTF-8 sequence at s[i] (Unicode's table 3-7
// of well-formed byte sequences), or 0.
size_t well_formed(std::string_view s, size_t i) {
    auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    auto in = [&](size_t k, unsigned lo, unsigned hi) { return k < s.size() && at(k) >= lo && at(k) <= hi; };
    unsigned b = at(i);
    if (b <= 0x7F) return 1;
    if (b >= 0xC2 && b <= 0xDF) return in(i + 1, 0x80, 0xBF) ? 2 : 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
    if (b >= 0xE0 && b <= 0xEF) return in(i + 1, lo, hi) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
    if (b >= 0xF0 && b <= 0xF4)
        return in(i + 1, lo, hi) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

std::string sanitized(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (size_t n = well_formed(s, i)) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

// "1970-01-01T00:00:00.000000Z" by the standard library's calendar.
std::string iso_time(int64_t ns) {
    using namespace std::chrono;
    sys_time<microseconds> us = floor<microseconds>(sys_time<nanoseconds>(nanoseconds(ns)));
    sys_days day = floor<days>(us);
    year_month_day ymd(day);
    hh_mm_ss<microseconds> hms(us - day);
    char buf[64];
    int year = static_cast<int>(ymd.year());
    std::snprintf(buf, sizeof buf, year >= 0 && year <= 9999 ? "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ"
                                                            : "%d-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                  year, static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<long long>(hms.subseconds().count()));
    return buf;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::Fields in(data, size);
    fuzz::OwnedRecord owned;
    owned.read(in);
    const picolog::Record& r = owned.record;

    std::string out;
    picolog::JsonFormatter().format(r, out);
    std::vector<std::string> names;  // as written, one given twice kept twice
    auto collect = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (event == nlohmann::json::parse_event_t::key && depth == 1)
            names.push_back(parsed.get<std::string>());
        return true;
    };
    nlohmann::json doc = nlohmann::json::parse(out, collect, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        std::fprintf(stderr, "invalid JSON: %s\n", out.c_str());
        fuzz::fail("the JSON formatter wrote invalid JSON");
    }
    FUZZ_CHECK(doc.is_object());
    FUZZ_CHECK(out.find('\n') == std::string::npos);  // one record, one line

    // What each member must read back as; a field whose name is taken by a
    // member before it gets "field." in front until the name is free.
    std::map<std::string, nlohmann::json> expected;
    expected["time"] = iso_time(r.created_ns);
    expected["level"] = sanitized(picolog::levels::name(r.level));
    expected["logger"] = sanitized(r.logger_name);
    expected["message"] = sanitized(r.message);
    expected["thread"] = sanitized(r.thread_name);
    expected["process"] = r.process_id;
    expected["file"] = sanitized(r.file);
    expected["line"] = r.line;
    expected["func"] = sanitized(r.func);
    if (!r.exc_text.empty()) expected["exc_text"] = sanitized(r.exc_text);
    if (!r.stack_text.empty()) expected["stack_info"] = sanitized(r.stack_text);
    for (const picolog::Field& f : r.fields) {
        std::string name = sanitized(f.key);
        while (expected.count(name)) name = "field." + name;
        expected[name] = sanitized(f.value);
    }

    FUZZ_CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
    FUZZ_CHECK(names.size() == expected.size());
    FUZZ_CHECK(doc.size() == expected.size());
    for (const auto& [key, value] : expected) {
        auto it = doc.find(key);
        FUZZ_CHECK(it != doc.end());
        if (*it != value) {
            std::fprintf(stderr, "member %s: got %s, expected %s\n", key.c_str(), it->dump().c_str(),
                         value.dump().c_str());
            fuzz::fail("a JSON member does not read back as the record's value");
        }
    }
    return 0;
}
