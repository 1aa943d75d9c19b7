// logger_handlers.cpp - attaching handlers and filters to loggers.
#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

extern "C" {

int picolog_logger_add_handler(picolog_logger* logger, picolog_handler* handler) {
    static constexpr const char* fn = "picolog_logger_add_handler";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    return guard(fn, [&] {
        from_c(logger)->add_handler(Ref<Handler>(from_c(handler)));
        return kOk;
    });
}

int picolog_logger_remove_handler(picolog_logger* logger, picolog_handler* handler) {
    static constexpr const char* fn = "picolog_logger_remove_handler";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    return guard(fn, [&]() -> int {
        if (!from_c(logger)->remove_handler(from_c(handler)))
            return fail(fn, kNotFound, "the handler is not attached to logger \"%s\"",
                        from_c(logger)->name().data());
        return kOk;
    });
}

int picolog_logger_clear_handlers(picolog_logger* logger) {
    static constexpr const char* fn = "picolog_logger_clear_handlers";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    return guard(fn, [&] {
        from_c(logger)->clear_handlers();
        return kOk;
    });
}

int picolog_logger_handlers(const picolog_logger* logger, picolog_handler** out, size_t capacity) {
    static constexpr const char* fn = "picolog_logger_handlers";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    if (!out && capacity != 0) return fail(fn, kInvalid, "out is NULL but capacity is %zu", capacity);
    auto handlers = from_c(logger)->handlers();
    if (handlers->size() > static_cast<size_t>(INT32_MAX))
        return fail(fn, kRange, "%zu handlers do not fit the int result", handlers->size());
    for (size_t i = 0; i < handlers->size() && i < capacity; ++i) {
        Handler* h = (*handlers)[i].get();
        h->retain();
        out[i] = to_c(h);
    }
    return static_cast<int>(handlers->size());
}

int picolog_logger_has_handlers(const picolog_logger* logger) {
    if (int rc = check_handle("picolog_logger_has_handlers", logger, "logger")) return rc;
    return from_c(logger)->has_handlers() ? 1 : 0;
}

int picolog_logger_add_filter(picolog_logger* logger, picolog_filter* filter) {
    static constexpr const char* fn = "picolog_logger_add_filter";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    return add_filter(fn, from_c(logger)->filters(), filter);
}

int picolog_logger_remove_filter(picolog_logger* logger, picolog_filter* filter) {
    static constexpr const char* fn = "picolog_logger_remove_filter";
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    return remove_filter(fn, from_c(logger)->filters(), filter);
}

}  // extern "C"
