// formatter.cpp - PatternFormatter: walking the compiled steps for a record,
// the per-thread asctime and line-prefix caches, and the shared default
// formatter.
#include <time.h>

#include <atomic>
#include <charconv>
#include <cstring>
#include <limits>
#include <new>

#include "formatter_caches.hpp"
#include "pattern.hpp"
#include "picolog/error.hpp"
#include "picolog/level.hpp"

namespace picolog {
namespace {

using format_caches::FormatCaches;
using format_caches::kLongTimeText;
using format_caches::kMaxCachedName;
using format_caches::kMaxCachedText;
using format_caches::kPrefixEntries;
using format_caches::kTimeCacheEntries;
using format_caches::PrefixCache;
using format_caches::PrefixEntry;
using format_caches::thread_caches;
using format_caches::TimeCache;
using format_caches::TimeCacheEntry;
using pattern::Source;
using pattern::Step;

std::atomic<uint64_t> g_next_formatter_id{1};

// Rounding toward minus infinity, for b > 0, from the remainder: the
// quotient times b would overflow near INT64_MIN.
int64_t floor_div(int64_t a, int64_t b) noexcept {
    return a / b - (a % b < 0 ? 1 : 0);
}
int64_t floor_mod(int64_t a, int64_t b) noexcept {
    int64_t m = a % b;
    return m < 0 ? m + b : m;
}

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

// strftime into a buffer as large as needed, growing as Python's
// time.strftime does: a format that gives nothing in a buffer 256 times its
// size gives an empty text. False for an empty text, and in a crash drain
// (which allocates nothing).
bool long_time_text(const std::string& datefmt, const tm& t, std::string& out) noexcept {
    if (crash::crashing()) return false;
    try {
        for (size_t size = 1024; size <= 256 * datefmt.size() || size == 1024; size *= 2) {
            out.resize(size);
            if (size_t n = ::strftime(out.data(), size, datefmt.c_str(), &t); n > 0) {
                out.resize(n);
                return true;
            }
        }
    } catch (const std::bad_alloc&) {
    }
    return false;
}

TimeCacheEntry& local_time_text(const PatternFormatter::Compiled& c, int64_t second,
                                TimeCache* cache) noexcept {
    for (TimeCacheEntry& e : cache->entries)
        if (e.formatter_id == c.id && e.second == second) return e;
    TimeCacheEntry& e = cache->entries[cache->next++ % kTimeCacheEntries];
    e.formatter_id = c.id;
    e.second = second;
    e.msec_key = INT64_MIN;
    time_t seconds = static_cast<time_t>(second);
    tm t{};
    if (::localtime_r(&seconds, &t) == nullptr) t = tm{};
    if (c.datefmt.empty()) {
        e.len = default_time_text(t, e.text);
    } else if ((e.len = ::strftime(e.text, sizeof e.text, c.datefmt.c_str(), &t)) == 0 &&
               long_time_text(c.datefmt, t, cache->long_text)) {
        e.len = kLongTimeText;
        e.formatter_id = 0;  // not kept: long_text holds one entry's text
    }
    return e;
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

// Python's asctime as one piece of this thread's cache: the text of the
// second, then ",mmm" unless a datefmt was given.
std::string_view cached_asctime(const PatternFormatter::Compiled& c, int64_t created_ns,
                                FormatCaches& k) noexcept {
    int64_t msec = floor_div(created_ns, 1000000);
    TimeCacheEntry& e = local_time_text(c, floor_div(msec, 1000), &k.time);
    if (!c.datefmt.empty())
        return e.len == kLongTimeText ? std::string_view(k.time.long_text) : std::string_view(e.text, e.len);
    if (e.msec_key != msec) {
        e.text[e.len] = ',';
        put_digits(e.text + e.len + 1, static_cast<int>(floor_mod(msec, 1000)), 3);
        e.msec_key = msec;
    }
    return {e.text, e.len + 4};
}

// The value of a text field (pattern::Kind::Text) as it stands, before any
// spec is applied. A literal step has none. Forced inline: as a call it
// costs a frame per field of every record.
[[gnu::always_inline]] inline std::string_view field_text(const Step& step, const Record& r,
                                                          const PatternFormatter::Compiled& c,
                                                          FormatCaches& k) noexcept {
    switch (step.source) {
        case Source::Name:
            return r.logger_name;
        case Source::Levelname:
            return levels::name(r.level, k.level_text);
        case Source::Pathname:
            return r.file;
        case Source::Filename:
            return base_name(r.file);
        case Source::Module:
            return module_name(r.file);
        case Source::FuncName:
            return r.func;
        case Source::ThreadName:
            return r.thread_name;
        case Source::Message:
            return r.message;
        case Source::Asctime:
            return cached_asctime(c, r.created_ns, k);
        case Source::ExcText:
            return r.exc_text;
        case Source::StackInfo:
            return r.stack_text;
        case Source::Structured: {
            const Field* f = r.find_field(step.key);
            return f ? f->value : std::string_view{};
        }
        default:
            return {};
    }
}

// Milliseconds since the runtime started. A caller may give any created_ns,
// and far from now the difference overflows int64_t: then it is taken in
// doubles, which is all the precision such a value has anyway.
double relative_ms(int64_t created_ns) noexcept {
    const int64_t start = start_time_ns();
    int64_t diff;
    if (__builtin_sub_overflow(created_ns, start, &diff))
        return (static_cast<double>(created_ns) - static_cast<double>(start)) / 1e6;
    return static_cast<double>(diff) / 1e6;
}

// A spec that writes a number from 0 to 999 as exactly three digits, zeros
// first: what "%03d" and "{:03d}" give.
bool zero_padded_3_digits(const pattern::Spec& spec) noexcept {
    return spec.type == 'd' && spec.width == 3 && spec.zero && spec.align == '=' && spec.sign == 0 &&
           !spec.alternate && spec.grouping == 0 && spec.precision < 0 && spec.conversion == 0;
}

void render_field(std::string& out, const Step& step, const Record& r, const PatternFormatter::Compiled& c,
                  FormatCaches& k) {
    const pattern::Spec& spec = step.spec;
    switch (step.source) {
        case Source::Literal:
            return;
        case Source::Levelno:
            pattern::render_int(out, r.level, spec);
            return;
        case Source::Lineno:
            pattern::render_int(out, r.line, spec);
            return;
        case Source::Created:
            pattern::render_float(out, static_cast<double>(r.created_ns) / 1e9, spec);
            return;
        case Source::Msecs: {
            const int64_t ms = floor_mod(r.created_ns, 1000000000) / 1000000;
            if (zero_padded_3_digits(spec)) {  // "%(msecs)03d", the usual one: three digits
                const char digits[3] = {static_cast<char>('0' + ms / 100),
                                        static_cast<char>('0' + ms / 10 % 10),
                                        static_cast<char>('0' + ms % 10)};
                out.append(digits, 3);
                return;
            }
            pattern::render_float(out, static_cast<double>(ms), spec);
            return;
        }
        case Source::RelativeCreated:
            pattern::render_float(out, relative_ms(r.created_ns), spec);
            return;
        case Source::Thread:
            pattern::render_int(out, static_cast<int64_t>(r.thread_id), spec);
            return;
        case Source::Process:
            pattern::render_int(out, r.process_id, spec);
            return;
        default:
            text(out, field_text(step, r, c, k), spec);
            return;
    }
}

// The most pieces a plain pattern may produce and still take the fast path
// (a step gives its prefix and its field text).
constexpr size_t kMaxPlainPieces = 16;

// Copies a few bytes without a call into memcpy: most pieces of a line
// (separators, level and logger names) are shorter than 16 bytes.
inline void copy_bytes(char* dst, const char* src, size_t n) noexcept {
    if (n >= 8 && n <= 16) {
        std::memcpy(dst, src, 8);
        std::memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        std::memcpy(dst, src, 4);
        std::memcpy(dst + n - 4, src + n - 4, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; ++i) dst[i] = src[i];
    } else {
        std::memcpy(dst, src, n);
    }
}

// Compares a few bytes without a call into memcmp, as copy_bytes copies.
inline bool same_bytes(const char* a, const char* b, size_t n) noexcept {
    auto word8 = [](const char* p) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        return w;
    };
    auto word4 = [](const char* p) {
        uint32_t w;
        std::memcpy(&w, p, 4);
        return w;
    };
    if (n >= 8 && n <= 16) return word8(a) == word8(b) && word8(a + n - 8) == word8(b + n - 8);
    if (n >= 4 && n < 8) return word4(a) == word4(b) && word4(a + n - 4) == word4(b + n - 4);
    if (n < 4) {
        for (size_t i = 0; i < n; ++i)
            if (a[i] != b[i]) return false;
        return true;
    }
    return std::memcmp(a, b, n) == 0;
}

struct Piece {
    const char* data;
    size_t size;
};

// format() for an all-plain pattern: gathers the pieces, grows `out` once,
// then copies. An asctime piece points into this thread's cache, which stays
// put meanwhile: every asctime of one record reads the same entry.
void format_plain(const PatternFormatter::Compiled& c, const Record& record, std::string& out,
                  FormatCaches& k) {
    Piece pieces[kMaxPlainPieces];  // written before read
    size_t n = 0;
    size_t total = 0;
    for (const Step& step : c.steps) {
        if (!step.prefix.empty()) pieces[n++] = {step.prefix.data(), step.prefix.size()};
        if (step.source == Source::Literal) continue;
        std::string_view text = field_text(step, record, c, k);
        pieces[n++] = {text.data(), text.size()};
    }
    for (size_t i = 0; i < n; ++i) total += pieces[i].size;
    size_t start = out.size();
    out.resize(start + total);
    char* p = out.data() + start;
    for (size_t i = 0; i < n; ++i) {
        copy_bytes(p, pieces[i].data, pieces[i].size);
        p += pieces[i].size;
    }
}

// A step whose text depends only on the time (to the millisecond), the
// level and the logger name.
bool cacheable(Source source) noexcept {
    return source == Source::Literal || source == Source::Asctime || source == Source::Msecs ||
           source == Source::Levelname || source == Source::Levelno || source == Source::Name;
}

// Python's Formatter.format: the exception, then the stack, each on a line
// of its own, after the line that starts at `start`.
void append_exception_and_stack(const Record& record, std::string& out, size_t start) {
    for (std::string_view extra : {record.exc_text, record.stack_text}) {
        if (extra.empty()) continue;
        if (out.size() == start || out.back() != '\n') out += '\n';
        out.append(extra);
    }
}

// Renders steps [first, end) one by one.
void format_steps(const PatternFormatter::Compiled& c, const Record& record, std::string& out, size_t first,
                  size_t end, FormatCaches& k) {
    for (size_t i = first; i < end; ++i) {
        const Step& step = c.steps[i];
        if (!step.prefix.empty()) out.append(step.prefix);
        render_field(out, step, record, c, k);
    }
}

// Appends the text of c's leading steps for this record to out, and the
// literal prefix of the step after them (Compiled::cached_steps is below the
// step count): from this thread's cache, or rendered into out and kept (no
// allocation beyond out's own, as before the cache). False, with nothing
// appended, for a logger name too long to key on: the caller renders every
// step.
bool append_cached_prefix(const PatternFormatter::Compiled& c, const Record& r, std::string& out,
                          FormatCaches& k) {
    if (r.logger_name.size() > kMaxCachedName) return false;
    // An entry holds for records in its time unit: a range test, with no
    // division on a hit (an entry is only kept for a unit whose end is
    // representable, so the unsigned difference cannot wrap into range).
    const int64_t unit = c.cached_time_unit_ns;
    const uint64_t names_version = levels::names_version();
    PrefixCache* cache = &k.prefix;
    // The entry filled last first: a busy thread's records mostly share it.
    for (size_t k = 0; k < kPrefixEntries; ++k) {
        const PrefixEntry& e = cache->entries[(cache->next + kPrefixEntries - 1 - k) % kPrefixEntries];
        if (e.formatter_id == c.id &&
            (unit == 0 || static_cast<uint64_t>(r.created_ns) - static_cast<uint64_t>(e.time_from) <
                              static_cast<uint64_t>(unit)) &&
            e.level == r.level && e.name_len == r.logger_name.size() && e.names_version == names_version &&
            same_bytes(e.name, r.logger_name.data(), e.name_len)) {
            out.append(e.text, e.len);
            return true;
        }
    }
    const size_t start = out.size();
    format_steps(c, r, out, 0, c.cached_steps, k);
    out.append(c.steps[c.cached_steps].prefix);
    const size_t len = out.size() - start;
    if (len > kMaxCachedText) return true;
    int64_t time_from = 0;
    if (unit != 0) {
        using limits = std::numeric_limits<int64_t>;
        if (r.created_ns > limits::max() - unit || r.created_ns < limits::min() + unit) return true;
        time_from = r.created_ns - floor_mod(r.created_ns, unit);
    }
    PrefixEntry& e = cache->entries[cache->next++ % kPrefixEntries];
    e.formatter_id = c.id;
    e.time_from = time_from;
    e.names_version = names_version;
    e.level = r.level;
    e.name_len = static_cast<uint32_t>(r.logger_name.size());
    if (e.name_len != 0)
        std::memcpy(e.name, r.logger_name.data(), e.name_len);  // an empty name may have no data
    e.len = static_cast<uint32_t>(len);
    std::memcpy(e.text, out.data() + start, len);
    return true;
}

// PatternFormatter::format with the caches it uses.
void format_record(const PatternFormatter::Compiled& c, const Record& record, std::string& out,
                   FormatCaches& k) {
    size_t start = out.size();
    const size_t n = c.steps.size();
    if (c.cached_steps > 0 && append_cached_prefix(c, record, out, k)) {
        // The cached text ends with the next step's prefix (": ", most
        // often); that step is a field, not a literal.
        const Step& next = c.steps[c.cached_steps];
        if (c.rest_plain_text) {
            // Few pieces after it (the message, most often): appended one
            // by one.
            out.append(field_text(next, record, c, k));
            for (size_t i = c.cached_steps + 1; i < n; ++i) {
                const Step& step = c.steps[i];
                out.append(step.prefix);
                if (step.source != Source::Literal) out.append(field_text(step, record, c, k));
            }
        } else {
            render_field(out, next, record, c, k);
            format_steps(c, record, out, c.cached_steps + 1, n, k);
        }
    } else if (c.all_plain_text) {
        format_plain(c, record, out, k);
    } else {
        format_steps(c, record, out, 0, n, k);
    }
    if (!record.exc_text.empty() || !record.stack_text.empty()) [[unlikely]]
        append_exception_and_stack(record, out, start);
}

// Without the thread's caches: empty ones, for this record. Out of line,
// so that their 2.5 KiB are not every call's stack frame.
[[gnu::cold, gnu::noinline]] void format_uncached(const PatternFormatter::Compiled& c, const Record& record,
                                                  std::string& out) {
    FormatCaches none{};
    format_record(c, record, out, none);
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
    bool all_plain_text = compiled_->steps.size() * 2 <= kMaxPlainPieces;
    for (const Step& s : compiled_->steps) {
        if (s.source == Source::Asctime) compiled_->uses_time = true;
        if (!s.spec.plain || pattern::kind_of(s.source) != pattern::Kind::Text) all_plain_text = false;
    }
    compiled_->all_plain_text = all_plain_text;
    size_t cached = 0;
    bool cached_field = false;
    for (const Step& s : compiled_->steps) {
        if (!cacheable(s.source)) break;
        // msecs and asctime without a datefmt show milliseconds; strftime
        // shows seconds. The finest one decides.
        int64_t& unit = compiled_->cached_time_unit_ns;
        if (s.source == Source::Msecs || (s.source == Source::Asctime && datefmt.empty()))
            unit = 1000000;
        else if (s.source == Source::Asctime && unit == 0)
            unit = 1000000000;
        cached_field |= s.source != Source::Literal;
        ++cached;
    }
    // Worth it with a field to save; a pattern with no other step keeps
    // its plain path.
    if (cached_field && cached < compiled_->steps.size()) {
        compiled_->cached_steps = cached;
        bool rest_plain = (compiled_->steps.size() - cached) * 2 <= kMaxPlainPieces;
        for (size_t i = cached; i < compiled_->steps.size(); ++i) {
            const Step& s = compiled_->steps[i];
            if (!s.spec.plain || pattern::kind_of(s.source) != pattern::Kind::Text) rest_plain = false;
        }
        compiled_->rest_plain_text = rest_plain;
    }
    compiled_->id = g_next_formatter_id.fetch_add(1, std::memory_order_relaxed);
}

PatternFormatter::~PatternFormatter() = default;

bool PatternFormatter::uses_time() const noexcept {
    return compiled_->uses_time;
}

void PatternFormatter::format(const Record& record, std::string& out) const {
    if (FormatCaches* k = thread_caches()) [[likely]]
        return format_record(*compiled_, record, out, *k);
    format_uncached(*compiled_, record, out);
}

const Ref<const Formatter>& default_formatter() {
    static const Ref<const Formatter>* shared =
        new Ref<const Formatter>(Ref<const Formatter>::adopt(new PatternFormatter()));
    return *shared;
}

}  // namespace picolog
