// formatters.cpp - pattern and JSON formatters, and formatting a record from
// a callback.
#include <cstring>
#include <string>

#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

// The per-thread format buffer is kept up to this size between calls.
constexpr size_t kKeepBytes = 64 * 1024;

}  // namespace

extern "C" {

int picolog_formatter_new(picolog_formatter** out, const char* fmt, const char* datefmt, int style) {
    static constexpr const char* fn = "picolog_formatter_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (style != PICOLOG_STYLE_PERCENT && style != PICOLOG_STYLE_BRACE)
        return fail(fn, kBadFormat, "style %d is neither PICOLOG_STYLE_PERCENT nor PICOLOG_STYLE_BRACE",
                    style);
    FormatStyle core_style = style == PICOLOG_STYLE_BRACE ? FormatStyle::Brace : FormatStyle::Percent;
    // As Python, a missing pattern is the message alone, in the style's syntax.
    if (!fmt) fmt = core_style == FormatStyle::Brace ? "{message}" : "%(message)s";
    return create(fn, out, [&] {
        return Ref<PatternFormatter>::make(fmt, datefmt ? datefmt : "", core_style).detach();
    });
}

int picolog_json_formatter_new(picolog_formatter** out) {
    return create("picolog_json_formatter_new", out, [] { return Ref<JsonFormatter>::make().detach(); });
}

void picolog_formatter_release(picolog_formatter* formatter) {
    if (formatter) from_c(formatter)->release();
}

int picolog_formatter_format(const picolog_formatter* formatter, const picolog_record* record, char* buf,
                             size_t capacity, size_t* written) {
    static constexpr const char* fn = "picolog_formatter_format";
    if (int rc = check_handle(fn, formatter, "formatter")) return rc;
    if (int rc = check_handle(fn, record, "record")) return rc;
    if (int rc = check_handle(fn, written, "written")) return rc;
    if (!buf && capacity != 0) return fail(fn, kInvalid, "buf is NULL but capacity is %zu", capacity);
    return guard(fn, [&]() -> int {
        // Formatting runs no user code, so one buffer per thread serves every
        // call without allocating once it has grown.
        thread_local std::string line;
        line.clear();
        from_c(formatter)->format(*from_c(record), line);
        *written = line.size();
        int rc = kOk;
        if (line.size() < capacity) {
            std::memcpy(buf, line.data(), line.size());
            buf[line.size()] = '\0';
        } else {
            rc = fail(fn, kRange, "the formatted record needs %zu bytes plus the NUL; buf holds %zu",
                      line.size(), capacity);
        }
        // Do not keep a huge record's buffer for the life of the thread.
        if (line.capacity() > kKeepBytes) std::string().swap(line);
        return rc;
    });
}

}  // extern "C"
