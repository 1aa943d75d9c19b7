// version.cpp - the version of the loaded library and the runtime's identity.
#include "capi_internal.hpp"
#include "picolog/registry.hpp"

extern "C" {

const char* picolog_version(void) {
    return PICOLOG_VERSION_STRING;
}

unsigned picolog_version_number(void) {
    return PICOLOG_VERSION_NUMBER;
}

// The registry is the one object every binding reaches through this library,
// so its address tells whether two of them share a runtime.
const void* picolog_runtime_id(void) {
    return &picolog::Registry::instance();
}

}  // extern "C"
