// capi_internal.hpp - what every file of the C API shares: the casts between
// opaque handles and core objects, the thread-local last error, and guard(),
// which keeps every exception on this side of the boundary.
#pragma once

#include <memory>
#include <new>

#include "picolog.h"
#include "picolog/async/queue_handler.hpp"
#include "picolog/error.hpp"
#include "picolog/filter.hpp"
#include "picolog/formatter.hpp"
#include "picolog/handler.hpp"
#include "picolog/level.hpp"
#include "picolog/logger.hpp"
#include "picolog/record.hpp"

namespace picolog {
struct FileOptions;
}

namespace picolog::capi {

// A handle is the core object's own address (see ref.hpp), so a cast in each
// direction is all a conversion takes. Subclasses must be converted to their
// base (Handler, Formatter, Filter) before they become a handle.
inline Logger* from_c(picolog_logger* p) noexcept {
    return reinterpret_cast<Logger*>(p);
}
inline const Logger* from_c(const picolog_logger* p) noexcept {
    return reinterpret_cast<const Logger*>(p);
}
inline picolog_logger* to_c(Logger* p) noexcept {
    return reinterpret_cast<picolog_logger*>(p);
}

inline Handler* from_c(picolog_handler* p) noexcept {
    return reinterpret_cast<Handler*>(p);
}
inline const Handler* from_c(const picolog_handler* p) noexcept {
    return reinterpret_cast<const Handler*>(p);
}
inline picolog_handler* to_c(Handler* p) noexcept {
    return reinterpret_cast<picolog_handler*>(p);
}

// Formatters and filters are immutable; the C handle drops the const.
inline const Formatter* from_c(const picolog_formatter* p) noexcept {
    return reinterpret_cast<const Formatter*>(p);
}
inline picolog_formatter* to_c(const Formatter* p) noexcept {
    return reinterpret_cast<picolog_formatter*>(const_cast<Formatter*>(p));
}

inline const Filter* from_c(const picolog_filter* p) noexcept {
    return reinterpret_cast<const Filter*>(p);
}
inline picolog_filter* to_c(const Filter* p) noexcept {
    return reinterpret_cast<picolog_filter*>(const_cast<Filter*>(p));
}

inline const Record* from_c(const picolog_record* p) noexcept {
    return reinterpret_cast<const Record*>(p);
}
inline const picolog_record* to_c(const Record* p) noexcept {
    return reinterpret_cast<const picolog_record*>(p);
}

// Sets the calling thread's last error to "<fn>: <printf message>" and
// returns code. Never throws. The text is truncated to a fixed buffer of the
// thread's, allocated by its first failure; without one (no memory for it),
// the last error is picolog_strerror(code).
int fail(const char* fn, int code, const char* format, ...) noexcept __attribute__((format(printf, 3, 4)));
// As fail, with a fixed message of static storage and only async-signal-safe
// steps (for a call refused inside a signal handler): the message itself
// becomes the last error, not a copy.
int fail_signal_safe(const char* message, int code) noexcept;
// On the entry points of the log calls: each starts a 64-byte line, so its
// disabled path (a few dozen bytes: the argument checks and the level's
// load and compare) sits in one line of the instruction and op caches,
// wherever the rest of the library's code happens to place it.
#define PICOLOG_LOG_ENTRY [[gnu::aligned(64)]]
// A log call's status other than kOk, recorded for picolog_last_error()
// (logging.cpp). Cold: handlers refuse records rarely.
[[gnu::cold]] int log_refused(const char* fn, int status) noexcept;
// The status of a log call from the status its handlers returned: kOk, or
// the failure recorded for picolog_last_error(). Inline: kOk costs a test.
inline int log_status(const char* fn, int status) noexcept {
    return status == kOk ? kOk : log_refused(fn, status);
}

// Runs body (which returns an int status) and turns every exception into a
// status code and a last-error message naming fn.
template <class Body>
int guard(const char* fn, Body&& body) noexcept {
    try {
        return body();
    } catch (const Error& e) {
        return fail(fn, e.code(), "%s", e.what());
    } catch (const std::bad_alloc&) {
        return fail(fn, kNoMemory, "out of memory");
    } catch (const std::exception& e) {
        return fail(fn, kInternal, "unexpected failure: %s", e.what());
    } catch (...) {
        return fail(fn, kInternal, "unexpected failure");
    }
}

// The common argument checks, each returning kOk or the failure it recorded.
inline int check_handle(const char* fn, const void* handle, const char* what) noexcept {
    return handle ? kOk : fail(fn, kInvalid, "%s is NULL", what);
}
inline int check_level(const char* fn, int level) noexcept {
    return level >= 0 ? kOk : fail(fn, kInvalid, "level %d is negative", level);
}
// Checks a constructor's out-parameter and clears it first, so that *out is
// NULL after any failure.
template <class Handle>
int clear_out(const char* fn, Handle** out) noexcept {
    if (int rc = check_handle(fn, out, "out")) return rc;
    *out = nullptr;
    return kOk;
}

// Runs make(), which returns a fresh core object holding its one reference,
// and gives that reference to the caller as *out (NULL on failure).
template <class Handle, class Make>
int create(const char* fn, Handle** out, Make&& make) noexcept {
    if (int rc = clear_out(fn, out)) return rc;
    return guard(fn, [&] {
        *out = to_c(make());
        return kOk;
    });
}

// Translates picolog_queue_options (NULL leaves `out` as it is) into the
// async layer's options, which validates the numbers itself.
int queue_options(const char* fn, const picolog_queue_options* in, QueueOptions& out);

// Storage behind a picolog_record_view: the field array, inline for the
// usual handful of fields, else on the heap; and the text of an unnamed
// level above 255, which the view names without interning it.
class ViewStorage {
public:
    picolog_field* fields(size_t n);
    levels::LevelText& level_text() noexcept { return level_text_; }

private:
    static constexpr size_t kInline = 8;
    picolog_field inline_[kInline];
    std::unique_ptr<picolog_field[]> heap_;
    size_t heap_size_ = 0;
    levels::LevelText level_text_;
};

// Marks the run of one user callback on this thread (innermost last). The
// storage of a picolog_record_view lives in the innermost scope, so a
// view stays valid for exactly the callback that received the record, even
// when that callback logs and so runs further callbacks before it returns.
class CallbackScope {
public:
    CallbackScope() noexcept : outer_(current_) { current_ = this; }
    ~CallbackScope() { current_ = outer_; }
    CallbackScope(const CallbackScope&) = delete;
    CallbackScope& operator=(const CallbackScope&) = delete;

    // The innermost scope of the calling thread, or nullptr outside callbacks.
    static CallbackScope* current() noexcept { return current_; }
    ViewStorage& view_storage() noexcept { return view_storage_; }

private:
    CallbackScope* outer_;
    ViewStorage view_storage_;
    static inline thread_local CallbackScope* current_ = nullptr;
};

// Checks a picolog_file_options (NULL: the defaults) and converts it.
int file_options(const char* fn, const picolog_file_options* in, FileOptions& out);

// Filter lists of loggers and handlers: attaching takes the list's own
// reference; removing an absent filter is kNotFound.
int add_filter(const char* fn, FilterList& list, picolog_filter* filter) noexcept;
int remove_filter(const char* fn, FilterList& list, picolog_filter* filter) noexcept;

}  // namespace picolog::capi
