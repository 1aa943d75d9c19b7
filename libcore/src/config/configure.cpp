// configure.cpp - the entry points: text or a file to a configuration,
// reload, check, and what the environment asks for at library load.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "apply.hpp"
#include "picolog/config.hpp"
#include "picolog/error.hpp"
#include "picolog/runtime.hpp"
#include "schema.hpp"

namespace picolog::config {
namespace {

Format detect(std::string_view text) {
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        return c == '{' ? Format::Json : Format::Toml;
    }
    return Format::Toml;
}

Spec read(std::string_view text, Format format) {
    if (format == Format::Auto) format = detect(text);
    Node root = format == Format::Json ? parse_json(text) : parse_toml(text);
    expand_environment(root);
    return read_spec(root);
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string read_file(const std::string& path, Format& format) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(kIoError, path + ": cannot read: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(kIoError, path + ": cannot read: " + std::strerror(errno));
    format = ends_with(path, ".json") ? Format::Json : ends_with(path, ".toml") ? Format::Toml : Format::Auto;
    return text.str();
}

// The file a relative path names now: reload() reads that one even after
// the program changes its directory (a daemon's chdir("/")).
std::string absolute(const std::string& path) {
    std::error_code ec;
    std::filesystem::path full = std::filesystem::absolute(path, ec);
    return ec ? path : full.string();
}

}  // namespace

void check(std::string_view text, Format format) {
    Spec spec = read(text, format);
    build_formatters_and_filters(spec);
}

void configure(std::string_view text, Format format) {
    Spec spec = read(text, format);
    AppliedState& state = applied_state();
    StateLock lock(state);
    apply_spec(spec, state);
}

void configure_file(const std::string& path) {
    const std::string file = absolute(path);
    Format format;
    std::string text = read_file(path, format);
    AppliedState& state = applied_state();
    try {
        Spec spec = read(text, format);
        StateLock lock(state);
        apply_spec(spec, state);
        state.path = file;
    } catch (const Error& e) {
        throw Error(e.code(), path + ": " + e.what());
    }
}

void reload() {
    std::string path;
    {
        AppliedState& state = applied_state();
        StateLock lock(state);
        path = state.path;
    }
    if (path.empty()) throw Error(kBadState, "no configuration file to reload (configure from a file first)");
    configure_file(path);
}

void load_from_environment() noexcept {
    try {
        if (const char* path = std::getenv("PICOLOG_CONFIG"); path != nullptr && *path != '\0') {
            try {
                configure_file(path);
            } catch (const Error& e) {
                runtime::report_error(std::string("picolog: PICOLOG_CONFIG: ") + e.what());
            }
        }
        if (const char* directives = std::getenv("PICOLOG_LEVEL"); directives != nullptr)
            apply_directives(directives, "PICOLOG_LEVEL");
    } catch (const std::exception& e) {
        runtime::report_error(std::string("picolog: configuring from the environment: ") + e.what());
    }
}

}  // namespace picolog::config
