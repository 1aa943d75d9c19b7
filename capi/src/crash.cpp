// crash.cpp - the C entry of the opt-in crash drain (picolog/crash.h).
#include "picolog/crash.hpp"

#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

extern "C" {

int picolog_install_crash_handler(void) {
    if (int rc = crash::install(); rc != kOk)
        return fail("picolog_install_crash_handler", rc, "sigaction failed");
    return kOk;
}

}  // extern "C"
