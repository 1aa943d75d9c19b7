// capi_fuzz_checks.hpp - what the C API fuzz target checks each call
// against (status codes and last-error messages, constructors' *out), and
// the callbacks it installs, which check the calls made from inside them.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_record.hpp"
#include "picolog.h"

namespace fuzz::capi {

inline int g_devnull = -1;  // /dev/null, for stream handlers
inline std::string g_dir;   // a private directory for file handlers
inline std::atomic<uint64_t> g_hook_calls{0};

inline void count_hook(const char*, void*) {
    g_hook_calls.fetch_add(1, std::memory_order_relaxed);
}
inline void listener_a(void*) {}
inline void listener_b(void*) {}

// Every status is 0 or a PICOLOG_E* code, and a failure says why.
inline int status(int rc) {
    if (rc > PICOLOG_OK || rc <= PICOLOG_EINTERNAL) {
        std::fprintf(stderr, "status %d: %s\n", rc, picolog_last_error());
        fuzz::fail("a call returned no PICOLOG_E* status, or PICOLOG_EINTERNAL");
    }
    if (rc != PICOLOG_OK) FUZZ_CHECK(picolog_last_error()[0] != '\0');
    return rc;
}
// A query returns a value >= 0, or a status.
inline int value(int rc) {
    return rc >= 0 ? rc : status(rc);
}
template <class T>
inline int created(int rc, T* out) {
    status(rc);
    FUZZ_CHECK((rc == PICOLOG_OK) == (out != nullptr));
    return rc;
}

// What a callback handler or filter decides, and the JSON formatter its
// emit formats records with. Freed by its destroy callback.
struct Callback {
    bool fail = false;
    picolog_formatter* json = nullptr;
    // A handler made before this one that emit passes each record on to,
    // as Python's Handler.handle(record) would; held by a reference of its
    // own (made earlier, so no cycle of references can form).
    picolog_handler* forward = nullptr;
};

inline void destroy_callback(void* userdata) {
    auto* cb = static_cast<Callback*>(userdata);
    picolog_formatter_release(cb->json);
    if (cb->forward) picolog_handler_release(cb->forward);
    delete cb;
}

inline int emit(const picolog_record* record, const char* line, size_t line_len, void* userdata) {
    auto* cb = static_cast<Callback*>(userdata);
    picolog_record_view v;
    FUZZ_CHECK(picolog_record_get(record, &v, sizeof v) == PICOLOG_OK);
    FUZZ_CHECK(picolog_record_get(record, &v, sizeof v - 1) == PICOLOG_EINVAL);
    FUZZ_CHECK(v.level >= 0 && v.level_name && v.logger_name && v.thread_name && v.file && v.func);
    FUZZ_CHECK(v.exc_text && v.stack_text && (v.field_count == 0 || v.fields));
    FUZZ_CHECK(line_len == 0 || line[line_len - 1] == line[line_len - 1]);  // readable
    char small[16];
    size_t needed = 0;
    int rc = picolog_formatter_format(cb->json, record, small, sizeof small, &needed);
    FUZZ_CHECK(rc == PICOLOG_OK ? needed < sizeof small : rc == PICOLOG_ERANGE && needed >= sizeof small);
    std::string full(needed + 1, '\0');
    size_t written = 0;
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, full.data(), full.size(), &written) == PICOLOG_OK);
    FUZZ_CHECK(written == needed && full[written] == '\0');
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, nullptr, 0, &written) == PICOLOG_ERANGE);
    FUZZ_CHECK(written == needed);
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, nullptr, 1, &written) == PICOLOG_EINVAL);
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, small, sizeof small, nullptr) == PICOLOG_EINVAL);
    FUZZ_CHECK(picolog_record_get(nullptr, &v, sizeof v) == PICOLOG_EINVAL);
    if (cb->forward) status(picolog_handler_handle(cb->forward, record));
    FUZZ_CHECK(picolog_handler_handle(nullptr, record) == PICOLOG_EINVAL);
    FUZZ_CHECK(picolog_handler_handle(cb->forward ? cb->forward : nullptr, nullptr) == PICOLOG_EINVAL);
    return cb->fail ? 1 : 0;
}

inline int filter_fn(const picolog_record*, void* userdata) {
    return static_cast<Callback*>(userdata)->fail ? 0 : 1;
}

}  // namespace fuzz::capi
