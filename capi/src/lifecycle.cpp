// lifecycle.cpp - process life: flushing and shutting down every handler, and
// naming threads.
#include "capi_internal.hpp"
#include "picolog/runtime.hpp"

using namespace picolog;
using namespace picolog::capi;

extern "C" {

int picolog_flush_all(void) {
    int rc = runtime::flush_all();
    return rc == kOk ? kOk
                     : fail("picolog_flush_all", rc, "a handler failed to flush: %s", picolog_strerror(rc));
}

int picolog_shutdown(void) {
    int rc = runtime::shutdown();
    return rc == kOk ? kOk
                     : fail("picolog_shutdown", rc, "a handler failed to close: %s", picolog_strerror(rc));
}

int picolog_set_thread_name(const char* name) {
    static constexpr const char* fn = "picolog_set_thread_name";
    return guard(fn, [&] {
        set_thread_name(name ? name : "");
        return kOk;
    });
}

}  // extern "C"
