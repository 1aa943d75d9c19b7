// logf.cpp - the printf-style log calls: picolog_logf, picolog_vlogf and
// picolog_logf_at.
//
// When the logger's records go only to queue handlers, the call copies the
// format's plan and its arguments into the record (printf_plan.hpp) and the
// listener formats; otherwise, or when the format or an argument cannot be
// deferred, vsnprintf formats at the call.
#include <clocale>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <new>

#include "capi_internal.hpp"
#include "picolog/logger_route.hpp"
#include "picolog/printf_plan.hpp"
#include "picolog/reentry.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

// Room on the stack for a call's captured arguments. Calls whose strings do
// not fit are formatted at the call; the block must also leave room for the
// record's names in a lane's slot.
constexpr size_t kBlockBytes = 256;

struct Site {
    const char* file;
    int line;
    const char* func;

    bool located() const noexcept { return file != nullptr || line != 0 || func != nullptr; }
};

[[gnu::cold, gnu::noinline]] int reject(const char* fn, const picolog_logger* logger, int level,
                                        const char* format) noexcept {
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    if (int rc = check_level(fn, level)) return rc;
    return check_handle(fn, format, "format");
}

Record make_record(int level, Site site) noexcept {
    Record record;
    record.level = level;
    if (site.file) record.file = site.file;
    record.line = site.line;
    if (site.func) record.func = site.func;
    return record;
}

// The cached plan of a call that may be deferred, or nullptr to format at
// the call. A thread with a locale of its own (uselocale) formats floating
// point at the call: the listener would render with the process's.
[[gnu::always_inline]] inline const printf_plan::Plan* deferrable_plan(const char* format) noexcept {
    const printf_plan::Plan* plan = printf_plan::find(format);
    if (plan != nullptr && plan->uses_locale && uselocale(locale_t{}) != LC_GLOBAL_LOCALE) return nullptr;
    return plan;
}

// The message captured by value into a block, for the listener to render.
// A call with no source location whose route ends at a queue handler goes
// straight there (Logger::log_captured); others take log(). False when this
// call cannot be deferred (`args` is then untouched).
[[gnu::noinline]] bool try_deferred(const char* fn, Logger& logger, int level, Site site,
                                    const printf_plan::Plan& plan, va_list* args, int& status) noexcept {
    const bool direct = !site.located() && logger.routes_to_queue();
    if (!direct && !logger.defers_formatting()) return false;
    alignas(8) std::byte block[kBlockBytes];
    va_list copy;
    va_copy(copy, *args);
    const size_t n = printf_plan::capture(plan, &copy, block, sizeof block);
    va_end(copy);
    if (n == 0) return false;
    if (direct) {
        status = log_status(
            fn, logger.log_captured(level, std::string_view(reinterpret_cast<const char*>(block), n)));
        return true;
    }
    Record record = make_record(level, site);
    record.message = std::string_view(reinterpret_cast<const char*>(block), n);
    record.deferred_format = true;
    status = log_status(fn, logger.log(record));
    return true;
}

[[gnu::noinline]] int format_at_call(const char* fn, Logger& logger, int level, Site site, const char* format,
                                     va_list* args) noexcept {
    va_list again;
    va_copy(again, *args);
    char stack_buf[512];
    const int n = std::vsnprintf(stack_buf, sizeof stack_buf, format, *args);
    const char* message = stack_buf;
    std::unique_ptr<char[]> heap_buf;
    if (n >= 0 && static_cast<size_t>(n) >= sizeof stack_buf) {
        heap_buf.reset(new (std::nothrow) char[static_cast<size_t>(n) + 1]);
        if (heap_buf) std::vsnprintf(heap_buf.get(), static_cast<size_t>(n) + 1, format, again);
        message = heap_buf.get();
    }
    va_end(again);
    if (n < 0) return fail(fn, kBadFormat, "vsnprintf failed for format \"%s\"", format);
    if (!message) return fail(fn, kNoMemory, "out of memory for a %d-byte message", n);
    Record record = make_record(level, site);
    record.message = std::string_view(message, static_cast<size_t>(n));
    return log_status(fn, logger.log(record));
}

[[gnu::always_inline]] inline int logf_call(const char* fn, picolog_logger* logger, int level, Site site,
                                            const char* format, va_list* args) noexcept {
    if (!logger || level < 0 || !format) [[unlikely]]
        return reject(fn, logger, level, format);
    Logger& l = *from_c(logger);
    if (!l.is_enabled_for(level)) return kOk;
    // Before vsnprintf or the capture, which a signal handler must not
    // interrupt either.
    reentry::LogCall call;
    if (call.refused()) [[unlikely]]
        return fail_signal_safe(
            "a log call interrupted a log call of the same thread (from a signal handler); record refused",
            kBusy);
    if (const printf_plan::Plan* plan = deferrable_plan(format)) {
        // A format with a fixed layout and no source location: its values
        // straight into the queue's slot when the route ends at one queue
        // handler (Logger::log_printf), `args` untouched when not.
        if (!site.located() && plan->fixed_size != 0) {
            const int placed = l.log_printf(level, *plan, args);
            if (placed != Handler::kNotTaken) return log_status(fn, placed);
        }
        int status = kOk;
        if (try_deferred(fn, l, level, site, *plan, args, status)) return status;
    }
    return format_at_call(fn, l, level, site, format, args);
}

}  // namespace

extern "C" {

int picolog_logf(picolog_logger* logger, int level, const char* format, ...) {
    va_list args;
    va_start(args, format);
    const int status = logf_call("picolog_logf", logger, level, Site{nullptr, 0, nullptr}, format, &args);
    va_end(args);
    return status;
}

int picolog_vlogf(picolog_logger* logger, int level, const char* format, va_list args) {
    va_list copy;
    va_copy(copy, args);
    const int status = logf_call("picolog_vlogf", logger, level, Site{nullptr, 0, nullptr}, format, &copy);
    va_end(copy);
    return status;
}

int picolog_logf_at(picolog_logger* logger, int level, const char* file, int line, const char* func,
                    const char* format, ...) {
    va_list args;
    va_start(args, format);
    const int status = logf_call("picolog_logf_at", logger, level, Site{file, line, func}, format, &args);
    va_end(args);
    return status;
}

}  // extern "C"
