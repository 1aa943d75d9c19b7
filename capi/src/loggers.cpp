// loggers.cpp - looking up loggers and their level, propagate and disabled
// settings.
#include <atomic>
#include <cstring>
#include <string_view>

#include "capi_internal.hpp"
#include "picolog/reentry.hpp"
#include "picolog/registry.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

int get_logger(const char* fn, picolog_logger** out, const char* name, size_t len) {
    if (int rc = check_handle(fn, out, "out")) return rc;
    *out = nullptr;
    if (!name && len != 0) return fail(fn, kInvalid, "name is NULL but its length is %zu", len);
    std::string_view view = name ? std::string_view(name, len) : std::string_view();
    if (view.find('\0') != std::string_view::npos)
        return fail(fn, kInvalid, "logger name contains a NUL byte");
    return guard(fn, [&] {
        *out = to_c(&Registry::instance().get(view));
        return kOk;
    });
}

}  // namespace

extern "C" {

int picolog_get_logger(picolog_logger** out, const char* name) {
    return get_logger("picolog_get_logger", out, name, name ? std::strlen(name) : 0);
}

int picolog_get_logger_len(picolog_logger** out, const char* name, size_t len) {
    return get_logger("picolog_get_logger_len", out, name, len);
}

int picolog_logger_new_standalone(picolog_logger** out, const char* name) {
    static constexpr const char* fn = "picolog_logger_new_standalone";
    if (int rc = check_handle(fn, out, "out")) return rc;
    *out = nullptr;
    if (int rc = check_handle(fn, name, "name")) return rc;
    return guard(fn, [&] {
        *out = to_c(&Registry::instance().standalone(name));
        return kOk;
    });
}

picolog_logger* picolog_root_logger(void) {
    return to_c(&Registry::instance().root());
}

const char* picolog_logger_name(const picolog_logger* logger) {
    if (check_handle("picolog_logger_name", logger, "logger")) return nullptr;
    return from_c(logger)->name().data();
}

picolog_logger* picolog_logger_parent(const picolog_logger* logger) {
    if (check_handle("picolog_logger_parent", logger, "logger")) return nullptr;
    return to_c(from_c(logger)->parent());
}

int picolog_logger_set_level(picolog_logger* logger, int level) {
    static constexpr const char* fn = "picolog_logger_set_level";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    if (int rc = check_level(fn, level)) return rc;
    return guard(fn, [&] {
        from_c(logger)->set_level(level);
        return kOk;
    });
}

int picolog_logger_level(const picolog_logger* logger) {
    if (int rc = check_handle("picolog_logger_level", logger, "logger")) return rc;
    return from_c(logger)->level();
}

int picolog_logger_effective_level(const picolog_logger* logger) {
    if (int rc = check_handle("picolog_logger_effective_level", logger, "logger")) return rc;
    return from_c(logger)->effective_level();
}

int picolog_logger_is_enabled_for(const picolog_logger* logger, int level) {
    if (!logger) return 0;
    return from_c(logger)->enabled_for(level) ? 1 : 0;
}

const volatile int32_t* picolog_logger_threshold_ptr(const picolog_logger* logger) {
    // C readers load the atomic through a plain pointer: that is sound only
    // when the atomic is a bare, lock-free int32_t.
    static_assert(sizeof(std::atomic<int32_t>) == sizeof(int32_t));
    static_assert(alignof(std::atomic<int32_t>) == alignof(int32_t));
    static_assert(std::atomic<int32_t>::is_always_lock_free);
    if (check_handle("picolog_logger_threshold_ptr", logger, "logger")) return nullptr;
    return reinterpret_cast<const volatile int32_t*>(from_c(logger)->threshold_ptr());
}

int picolog_logger_reaches_callbacks(picolog_logger* logger) {
    if (int rc = check_handle("picolog_logger_reaches_callbacks", logger, "logger")) return rc;
    // The route is read as a log call reads it, its handler pinned in the
    // thread's hazard slots: marked as one, so that a signal handler's log
    // call cannot take the slot meanwhile (reentry.hpp). Interrupting a log
    // call itself, it cannot tell.
    reentry::LogCall call;
    if (call.refused()) return 1;
    return from_c(logger)->reaches_user_code() ? 1 : 0;
}

int picolog_logger_set_propagate(picolog_logger* logger, int propagate) {
    if (int rc = check_handle("picolog_logger_set_propagate", logger, "logger")) return rc;
    from_c(logger)->set_propagate(propagate != 0);
    return kOk;
}

int picolog_logger_propagate(const picolog_logger* logger) {
    if (int rc = check_handle("picolog_logger_propagate", logger, "logger")) return rc;
    return from_c(logger)->propagate() ? 1 : 0;
}

int picolog_logger_set_disabled(picolog_logger* logger, int disabled) {
    static constexpr const char* fn = "picolog_logger_set_disabled";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    return guard(fn, [&] {
        from_c(logger)->set_disabled(disabled != 0);
        return kOk;
    });
}

int picolog_logger_disabled(const picolog_logger* logger) {
    if (int rc = check_handle("picolog_logger_disabled", logger, "logger")) return rc;
    return from_c(logger)->disabled() ? 1 : 0;
}

}  // extern "C"
