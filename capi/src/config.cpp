// config.cpp - the C entry points of configuration (picolog/config.h), and
// the library-load hook that installs the exit and fork hooks and reads
// PICOLOG_CONFIG and PICOLOG_LEVEL.
#include "picolog/config.hpp"

#include <string_view>

#include "capi_internal.hpp"
#include "picolog/runtime.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

// Runs when libpicolog.so is loaded, so C, Python and Rust programs alike
// start with the environment's configuration. The exit hook is installed
// first: registered before anything the program registers with atexit() and
// before its static objects are made, it runs after those functions and
// destructors, so their log calls are still written.
__attribute__((constructor)) void configure_from_environment() {
    runtime::ensure_initialized();
    config::load_from_environment();
}

}  // namespace

extern "C" {

int picolog_apply_directives(const char* text) {
    static constexpr const char* fn = "picolog_apply_directives";
    return guard(fn, [&] {
        if (text == nullptr) return int{kOk};
        config::Directives parsed = config::parse_directives(text);
        config::apply_directives(text, "picolog_apply_directives");
        if (parsed.errors.empty()) return int{kOk};
        const auto& first = parsed.errors.front();
        return fail(fn, kInvalid, "%zu bad entr%s skipped; the first, '%s': %s", parsed.errors.size(),
                    parsed.errors.size() == 1 ? "y" : "ies", first.entry.c_str(), first.reason.c_str());
    });
}

int picolog_configure(const char* text, size_t length, int format) {
    static constexpr const char* fn = "picolog_configure";
    return guard(fn, [&] {
        if (text == nullptr && length != 0) return fail(fn, kInvalid, "text is NULL");
        config::Format f;
        switch (format) {
            case PICOLOG_CONFIG_AUTO:
                f = config::Format::Auto;
                break;
            case PICOLOG_CONFIG_JSON:
                f = config::Format::Json;
                break;
            case PICOLOG_CONFIG_TOML:
                f = config::Format::Toml;
                break;
            default:
                return fail(fn, kInvalid, "unknown format %d", format);
        }
        config::configure(std::string_view(text == nullptr ? "" : text, length), f);
        return int{kOk};
    });
}

int picolog_configure_file(const char* path) {
    static constexpr const char* fn = "picolog_configure_file";
    return guard(fn, [&] {
        if (path == nullptr) return fail(fn, kInvalid, "path is NULL");
        config::configure_file(path);
        return int{kOk};
    });
}

int picolog_reload(void) {
    return guard("picolog_reload", [] {
        config::reload();
        return int{kOk};
    });
}

int picolog_reload_on_sighup(int enable) {
    return guard("picolog_reload_on_sighup", [&] {
        config::set_reload_on_sighup(enable != 0);
        return int{kOk};
    });
}

}  // extern "C"
