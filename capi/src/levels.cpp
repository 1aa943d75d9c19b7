// levels.cpp - the level-name table.
#include <optional>

#include "capi_internal.hpp"
#include "picolog/level.hpp"

using namespace picolog;
using namespace picolog::capi;

extern "C" {

int picolog_add_level_name(int level, const char* name) {
    static constexpr const char* fn = "picolog_add_level_name";
    if (int rc = check_level(fn, level)) return rc;
    if (int rc = check_handle(fn, name, "name")) return rc;
    if (*name == '\0') return fail(fn, kInvalid, "the name of level %d is empty", level);
    return guard(fn, [&] {
        levels::add_name(level, name);
        return kOk;
    });
}

const char* picolog_level_name(int level) {
    if (check_level("picolog_level_name", level)) return nullptr;
    return levels::name(level).data();
}

int picolog_level_from_name(const char* name, int* out_level) {
    static constexpr const char* fn = "picolog_level_from_name";
    if (int rc = check_handle(fn, name, "name")) return rc;
    if (int rc = check_handle(fn, out_level, "out_level")) return rc;
    std::optional<int> level = levels::from_name(name);
    if (!level) return fail(fn, kNotFound, "no level is named \"%s\"", name);
    *out_level = *level;
    return kOk;
}

}  // extern "C"
