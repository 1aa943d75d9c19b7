// configure.cpp - the entry points: text or a file to a configuration,
// reload, check, and what the environment asks for at library load.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "apply.hpp"
#include "picolog/config.hpp"
#include "picolog/error.hpp"
#include "picolog/runtime.hpp"
#include "schema.hpp"
#include "test_seams.hpp"

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
    // A byte-order mark, as editors on Windows write one, is not content.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (format == Format::Auto) format = detect(text);
    Node root = format == Format::Json ? parse_json(text) : parse_toml(text);
    expand_environment(root);
    return read_spec(root);
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The file's bytes; Error(kIoError) when it cannot be opened or read (a
// directory opens, and only reading it fails).
std::string read_file(const std::string& path, Format& format) {
    auto fail = [&](int err) { throw Error(kIoError, path + ": cannot read: " + std::strerror(err)); };
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(errno);
    struct Closing {
        int fd;
        ~Closing() { ::close(fd); }
    } closing{fd};
    std::string text;
    char buf[16384];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) != 0;) {
        if (n > 0)
            text.append(buf, static_cast<size_t>(n));
        else if (errno != EINTR)
            fail(errno);
    }
    format = ends_with(path, ".json") ? Format::Json : ends_with(path, ".toml") ? Format::Toml : Format::Auto;
    return text;
}

// The file a relative path names now: reload() reads that one even after
// the program changes its directory (a daemon's chdir("/")).
std::string absolute(const std::string& path) {
    std::error_code ec;
    std::filesystem::path full = std::filesystem::absolute(path, ec);
    return ec ? path : full.string();
}

// Reads, checks and applies the file at `path` (remembered as `file` for
// reload()), state.mutex held by the caller. Holding it from before the read
// makes the read and the apply one step: of two loads, the one that applies
// last read the file last, so racing reloads leave the newest version they
// saw applied. Logging never takes that lock; only configuring waits.
void load_locked(const std::string& path, const std::string& file, AppliedState& state) {
    Format format;
    std::string text = read_file(path, format);
    try {
        Spec spec = read(text, format);
        after_read_seam();
        apply_spec(spec, state);
        state.path = file;
    } catch (const Error& e) {
        throw Error(e.code(), path + ": " + e.what());
    }
}

// PICOLOG_CONFIG's file, remembered for reload() even when it cannot be
// applied: the operator who fixes a file refused at start-up then applies it
// with a reload (a SIGHUP), as with a file that was applied.
void configure_environment_file(const std::string& path) {
    const std::string file = absolute(path);
    AppliedState& state = applied_state();
    StateLock lock(state);
    try {
        load_locked(path, file, state);
    } catch (const Error&) {
        state.path = file;
        throw;
    }
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
    AppliedState& state = applied_state();
    StateLock lock(state);
    load_locked(path, file, state);
}

void reload() {
    AppliedState& state = applied_state();
    StateLock lock(state);
    if (state.path.empty())
        throw Error(kBadState, "no configuration file to reload (configure from a file first)");
    const std::string path = state.path;
    load_locked(path, path, state);
}

void load_from_environment() noexcept {
    try {
        if (const char* path = std::getenv("PICOLOG_CONFIG"); path != nullptr && *path != '\0') {
            try {
                configure_environment_file(path);
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
