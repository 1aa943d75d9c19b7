// handlers.cpp - what every handler offers: references, level, formatter,
// filters, flush, close and handle.
#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

extern "C" {

void picolog_handler_retain(picolog_handler* handler) {
    if (handler) from_c(handler)->retain();
}

void picolog_handler_release(picolog_handler* handler) {
    if (handler) from_c(handler)->release();
}

int picolog_handler_set_level(picolog_handler* handler, int level) {
    static constexpr const char* fn = "picolog_handler_set_level";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_level(fn, level)) return rc;
    return guard(fn, [&] {
        from_c(handler)->set_level(level);
        return kOk;
    });
}

int picolog_handler_level(const picolog_handler* handler) {
    if (int rc = check_handle("picolog_handler_level", handler, "handler")) return rc;
    return from_c(handler)->level();
}

int picolog_handler_set_formatter(picolog_handler* handler, picolog_formatter* formatter) {
    static constexpr const char* fn = "picolog_handler_set_formatter";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    return guard(fn, [&] {
        from_c(handler)->set_formatter(Ref<const Formatter>(from_c(formatter)));
        return kOk;
    });
}

int picolog_handler_add_filter(picolog_handler* handler, picolog_filter* filter) {
    static constexpr const char* fn = "picolog_handler_add_filter";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    return add_filter(fn, from_c(handler)->filters(), filter);
}

int picolog_handler_remove_filter(picolog_handler* handler, picolog_filter* filter) {
    static constexpr const char* fn = "picolog_handler_remove_filter";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    return remove_filter(fn, from_c(handler)->filters(), filter);
}

int picolog_handler_flush(picolog_handler* handler) {
    static constexpr const char* fn = "picolog_handler_flush";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    int rc = from_c(handler)->flush();
    return rc == kOk ? kOk : fail(fn, rc, "flush failed: %s", picolog_strerror(rc));
}

int picolog_handler_close(picolog_handler* handler) {
    static constexpr const char* fn = "picolog_handler_close";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    int rc = from_c(handler)->close();
    return rc == kOk ? kOk : fail(fn, rc, "close failed: %s", picolog_strerror(rc));
}

int picolog_handler_handle(picolog_handler* handler, const picolog_record* record) {
    static constexpr const char* fn = "picolog_handler_handle";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, record, "record")) return rc;
    int rc = from_c(handler)->handle(*from_c(record));
    return rc == kOk ? kOk : fail(fn, rc, "the handler refused the record: %s", picolog_strerror(rc));
}

int picolog_handler_failures(const picolog_handler* handler, uint64_t* out) {
    static constexpr const char* fn = "picolog_handler_failures";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    *out = from_c(handler)->failures();
    return kOk;
}

int picolog_handler_is_queue(const picolog_handler* handler) {
    if (int rc = check_handle("picolog_handler_is_queue", handler, "handler")) return rc;
    return from_c(handler)->is_queue() ? 1 : 0;
}

}  // extern "C"
