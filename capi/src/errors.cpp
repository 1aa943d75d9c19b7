// errors.cpp - status codes, the thread-local last error and the error hook.
#include <cstdarg>
#include <cstdio>
#include <type_traits>

#include "capi_internal.hpp"
#include "picolog/runtime.hpp"

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
// A fixed buffer rather than a std::string: reporting a failure (out of
// memory included) must not itself allocate or throw.
thread_local char last_error[1024];
}  // namespace

int fail(const char* fn, int code, const char* format, ...) noexcept {
    int n = std::snprintf(last_error, sizeof last_error, "%s: ", fn);
    if (n < 0) n = 0;
    if (static_cast<size_t>(n) < sizeof last_error) {
        va_list args;
        va_start(args, format);
        std::vsnprintf(last_error + n, sizeof last_error - n, format, args);
        va_end(args);
    }
    return code;
}

int fail_signal_safe(const char* message, int code) noexcept {
    size_t i = 0;
    for (; message[i] != '\0' && i + 1 < sizeof last_error; ++i) last_error[i] = message[i];
    last_error[i] = '\0';
    return code;
}

}  // namespace picolog::capi

using namespace picolog;
using namespace picolog::capi;

extern "C" {

const char* picolog_last_error(void) {
    return last_error;
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
