// thresholds.cpp - the process-wide level gates: picolog_disable, the lowest
// threshold of any logger, and the listeners told when thresholds change.
#include <type_traits>

#include "capi_internal.hpp"
#include "picolog/registry.hpp"

using namespace picolog;
using namespace picolog::capi;

static_assert(std::is_same_v<picolog_level_listener_fn, Registry::LevelListener>);

extern "C" {

int picolog_disable(int level) {
    static constexpr const char* fn = "picolog_disable";
    if (int rc = check_level(fn, level)) return rc;
    return guard(fn, [&] {
        Registry::instance().set_disable(level);
        return kOk;
    });
}

int picolog_min_threshold(void) {
    return Registry::instance().min_threshold();
}

int picolog_add_level_listener(picolog_level_listener_fn listener, void* userdata) {
    static constexpr const char* fn = "picolog_add_level_listener";
    if (!listener) return fail(fn, kInvalid, "fn is NULL");
    return guard(fn, [&] {
        Registry::instance().add_level_listener(listener, userdata);
        return kOk;
    });
}

int picolog_remove_level_listener(picolog_level_listener_fn listener, void* userdata) {
    static constexpr const char* fn = "picolog_remove_level_listener";
    if (!listener) return fail(fn, kInvalid, "fn is NULL");
    return guard(fn, [&]() -> int {
        if (!Registry::instance().remove_level_listener(listener, userdata))
            return fail(fn, kNotFound, "no listener is registered with this fn and userdata");
        return kOk;
    });
}

}  // extern "C"
