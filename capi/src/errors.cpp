// errors.cpp - status codes, the thread-local last error and the error hook.
#include <cstdarg>
#include <cstdio>
#include <type_traits>

#include "capi_internal.hpp"
#include "picolog/runtime.hpp"
#include "picolog/thread_block.hpp"

namespace picolog::capi {

static_assert(kOk == PICOLOG_OK);
static_assert(kInvalid == PICOLOG_EINVAL);
static_assert(kNoMemory == PICOLOG_ENOMEM);
static_assert(kBadFormat == PICOLOG_EFORMAT);
static_assert(kIoError == PICOLOG_EIO);
static_assert(kTimedOut == PICOLOG_ETIMEDOUT);
static_assert(kDropped == PICOLOG_EDROPPED);
static_assert(kRange == PICOLOG_ERANGE);
static_assert(kBadState == PICOLOG_ESTATE);
static_assert(kNotFound == PICOLOG_ENOTFOUND);
static_assert(kInternal == PICOLOG_EINTERNAL);
static_assert(kBusy == PICOLOG_EBUSY);
static_assert(kAgain == PICOLOG_EAGAIN);

namespace {

// What picolog_last_error() returns: the thread's ErrorText, a static text
// (fail_signal_safe, or fail() without a block), or null for "". Reading
// and setting it is async-signal-safe.
thread_local constinit const char* t_last_error = nullptr;

// The text fail() writes, in a block per thread (thread_block.hpp: a
// kilobyte is too much for libpicolog's thread-local storage). A fixed
// buffer rather than a std::string: reporting a failure must not itself
// throw, nor allocate beyond the block on a thread's first failure.
struct ErrorText {
    char text[1024];
    // Released at the thread's exit: a later picolog_last_error() of the
    // thread (a thread-specific data destructor's) reads "", not this.
    ~ErrorText() {
        if (t_last_error == text) t_last_error = nullptr;
    }
};

}  // namespace

int fail(const char* fn, int code, const char* format, ...) noexcept {
    ErrorText* e = ThreadBlock<ErrorText>::get();
    if (e == nullptr) [[unlikely]] {
        t_last_error = picolog_strerror(code);
        return code;
    }
    // Unset while the text changes: a signal handler's picolog_last_error()
    // reads "" meanwhile, not a half-written text.
    t_last_error = nullptr;
    int n = std::snprintf(e->text, sizeof e->text, "%s: ", fn);
    if (n < 0) n = 0;
    if (static_cast<size_t>(n) < sizeof e->text) {
        va_list args;
        va_start(args, format);
        std::vsnprintf(e->text + n, sizeof e->text - n, format, args);
        va_end(args);
    }
    t_last_error = e->text;
    return code;
}

int fail_signal_safe(const char* message, int code) noexcept {
    t_last_error = message;
    return code;
}

}  // namespace picolog::capi

using namespace picolog;
using namespace picolog::capi;

extern "C" {

const char* picolog_last_error(void) {
    const char* text = t_last_error;
    return text != nullptr ? text : "";
}

const char* picolog_strerror(int code) {
    switch (code) {
        case PICOLOG_OK:
            return "success";
        case PICOLOG_EINVAL:
            return "invalid argument";
        case PICOLOG_ENOMEM:
            return "out of memory";
        case PICOLOG_EFORMAT:
            return "invalid format pattern";
        case PICOLOG_EIO:
            return "input/output error";
        case PICOLOG_ETIMEDOUT:
            return "queue full until the timeout; record dropped";
        case PICOLOG_EDROPPED:
            return "queue full; record dropped";
        case PICOLOG_ERANGE:
            return "output buffer too small";
        case PICOLOG_ESTATE:
            return "object closed or stopped";
        case PICOLOG_ENOTFOUND:
            return "not found";
        case PICOLOG_EINTERNAL:
            return "internal error";
        case PICOLOG_EBUSY:
            return "log call interrupted a log call of the same thread; record refused";
        case PICOLOG_EAGAIN:
            return "the call would have had to wait; nothing was done";
        default:
            return "unknown picolog status code";
    }
}

int picolog_set_error_hook(picolog_error_hook_fn fn, void* userdata) {
    static_assert(std::is_same_v<picolog_error_hook_fn, runtime::ErrorHook>);
    runtime::set_error_hook(fn, userdata);
    return PICOLOG_OK;
}

}  // extern "C"
