// formatter.cpp - PatternFormatter: walking the compiled steps for a record,
// the per-thread asctime cache, and the shared default formatter.
#include <time.h>

#include <atomic>
#include <charconv>
#include <cstring>

#include "pattern.hpp"
#include "picolog/error.hpp"
#include "picolog/level.hpp"

namespace picolog {
namespace {

using pattern::Source;
using pattern::Step;

std::atomic<uint64_t> g_next_formatter_id{1};

int64_t floor_div(int64_t a, int64_t b) noexcept {
    return a / b - ((a % b) < 0 ? 1 : 0);
}
int64_t floor_mod(int64_t a, int64_t b) noexcept {
    return a - floor_div(a, b) * b;
}

// Turning seconds into local time takes glibc's time-zone lock, so each
// thread keeps the text of the last second it formatted for a few
// formatters. Trivially destructible: no thread-exit work.
struct TimeCacheEntry {
    uint64_t formatter_id;
    int64_t second;
    size_t len;
    char text[240];
};
constexpr size_t kTimeCacheEntries = 4;
thread_local TimeCacheEntry t_time_cache[kTimeCacheEntries];
thread_local size_t t_time_cache_next;

char* put_digits(char* p, int value, int width) noexcept {
    for (int i = width - 1; i >= 0; --i, value /= 10) p[i] = static_cast<char>('0' + value % 10);
    return p + width;
}

// "2026-01-02 03:04:05": Python's default asctime without the milliseconds.
size_t default_time_text(const tm& t, char* out) noexcept {
    char* p = out;
    long year = 1900L + t.tm_year;
    if (year >= 0 && year <= 9999)
        p = put_digits(p, static_cast<int>(year), 4);
    else
        p = std::to_chars(p, p + 24, year).ptr;
    *p++ = '-';
    p = put_digits(p, t.tm_mon + 1, 2);
    *p++ = '-';
    p = put_digits(p, t.tm_mday, 2);
    *p++ = ' ';
    p = put_digits(p, t.tm_hour, 2);
    *p++ = ':';
    p = put_digits(p, t.tm_min, 2);
    *p++ = ':';
    p = put_digits(p, t.tm_sec, 2);
    return static_cast<size_t>(p - out);
}

const TimeCacheEntry& local_time_text(const PatternFormatter::Compiled& c, int64_t second) noexcept {
    for (const TimeCacheEntry& e : t_time_cache)
        if (e.formatter_id == c.id && e.second == second) return e;
    TimeCacheEntry& e = t_time_cache[t_time_cache_next++ % kTimeCacheEntries];
    e.formatter_id = c.id;
    e.second = second;
    time_t seconds = static_cast<time_t>(second);
    tm t{};
    if (::localtime_r(&seconds, &t) == nullptr) t = tm{};
    if (c.datefmt.empty())
        e.len = default_time_text(t, e.text);
    else
        e.len = ::strftime(e.text, sizeof e.text, c.datefmt.c_str(), &t);
    return e;
}

// Python's asctime into buf (256 bytes): the cached text of the second, then
// ",mmm" unless a datefmt was given.
size_t asctime_text(char* buf, const PatternFormatter::Compiled& c, int64_t created_ns) noexcept {
    const TimeCacheEntry& e = local_time_text(c, floor_div(created_ns, 1000000000));
    std::memcpy(buf, e.text, e.len);
    size_t len = e.len;
    if (c.datefmt.empty()) {
        buf[len++] = ',';
        put_digits(buf + len, static_cast<int>(floor_mod(created_ns, 1000000000) / 1000000), 3);
        len += 3;
    }
    return len;
}

std::string_view base_name(std::string_view path) noexcept {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// os.path.splitext(filename)[0]: leading dots do not start an extension.
std::string_view module_name(std::string_view path) noexcept {
    std::string_view file = base_name(path);
    size_t first = file.find_first_not_of('.');
    if (first == std::string_view::npos) return file;
    size_t dot = file.rfind('.');
    return dot != std::string_view::npos && dot > first ? file.substr(0, dot) : file;
}

inline void text(std::string& out, std::string_view value, const pattern::Spec& spec) {
    if (spec.plain)
        out.append(value);
    else
        pattern::render_text(out, value, spec);
}

void render_field(std::string& out, const Step& step, const Record& r, const PatternFormatter::Compiled& c) {
    const pattern::Spec& spec = step.spec;
    switch (step.source) {
        case Source::Literal:
            return;
        case Source::Name:
            text(out, r.logger_name, spec);
            return;
        case Source::Levelno:
            pattern::render_int(out, r.level, spec);
            return;
        case Source::Levelname:
            text(out, levels::name(r.level), spec);
            return;
        case Source::Pathname:
            text(out, r.file, spec);
            return;
        case Source::Filename:
            text(out, base_name(r.file), spec);
            return;
        case Source::Module:
            text(out, module_name(r.file), spec);
            return;
        case Source::Lineno:
            pattern::render_int(out, r.line, spec);
            return;
        case Source::FuncName:
            text(out, r.func, spec);
            return;
        case Source::Created:
            pattern::render_float(out, static_cast<double>(r.created_ns) / 1e9, spec);
            return;
        case Source::Msecs:
            pattern::render_float(out, static_cast<double>(floor_mod(r.created_ns, 1000000000) / 1000000),
                                  spec);
            return;
        case Source::RelativeCreated:
            pattern::render_float(out, static_cast<double>(r.created_ns - start_time_ns()) / 1e6, spec);
            return;
        case Source::Thread:
            pattern::render_int(out, static_cast<int64_t>(r.thread_id), spec);
            return;
        case Source::ThreadName:
            text(out, r.thread_name, spec);
            return;
        case Source::Process:
            pattern::render_int(out, r.process_id, spec);
            return;
        case Source::Message:
            text(out, r.message, spec);
            return;
        case Source::Asctime: {
            char buf[256];
            text(out, std::string_view(buf, asctime_text(buf, c, r.created_ns)), spec);
            return;
        }
        case Source::ExcText:
            text(out, r.exc_text, spec);
            return;
        case Source::StackInfo:
            text(out, r.stack_text, spec);
            return;
        case Source::Structured: {
            const Field* f = r.find_field(step.key);
            text(out, f ? f->value : std::string_view{}, spec);
            return;
        }
    }
}

}  // namespace

PatternFormatter::PatternFormatter(std::string_view fmt, std::string_view datefmt, FormatStyle style)
    : compiled_(std::make_unique<Compiled>()) {
    if (style != FormatStyle::Percent && style != FormatStyle::Brace)
        throw Error(kBadFormat, "unknown format style " + std::to_string(static_cast<int>(style)));
    if (datefmt.find('\0') != std::string_view::npos)
        throw Error(kBadFormat, "a date format cannot contain a NUL byte");
    compiled_->steps = pattern::compile(fmt, style);
    compiled_->datefmt.assign(datefmt);
    for (const Step& s : compiled_->steps)
        if (s.source == Source::Asctime) compiled_->uses_time = true;
    compiled_->id = g_next_formatter_id.fetch_add(1, std::memory_order_relaxed);
}

PatternFormatter::~PatternFormatter() = default;

bool PatternFormatter::uses_time() const noexcept {
    return compiled_->uses_time;
}

void PatternFormatter::format(const Record& record, std::string& out) const {
    size_t start = out.size();
    for (const Step& step : compiled_->steps) {
        if (!step.prefix.empty()) out.append(step.prefix);
        render_field(out, step, record, *compiled_);
    }
    // Python's Formatter.format: the exception, then the stack, each on a
    // line of its own.
    for (std::string_view extra : {record.exc_text, record.stack_text}) {
        if (extra.empty()) continue;
        if (out.size() == start || out.back() != '\n') out += '\n';
        out.append(extra);
    }
}

const Ref<const Formatter>& default_formatter() {
    static const Ref<const Formatter>* shared =
        new Ref<const Formatter>(Ref<const Formatter>::adopt(new PatternFormatter()));
    return *shared;
}

}  // namespace picolog
