// config.hpp - configuring the runtime from data: level directives
// (PICOLOG_LEVEL) and configuration files in logging.config's dictConfig
// schema (version 1), in JSON or TOML, applied all at once or not at all.
//
// Text flows one way: parsed into a neutral tree (config/tree.hpp), checked
// into specs with no side effect (config/schema.hpp), built into handlers,
// formatters and filters, then swapped into the loggers under one lock.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace picolog::config {

// ---- Level directives --------------------------------------------------

// One `name=level` of a directive list; name "" is the root logger.
struct Directive {
    std::string name;
    int level;
};

struct DirectiveError {
    std::string entry;   // as written, trimmed
    std::string reason;  // why it was skipped
};

struct Directives {
    std::vector<Directive> directives;  // in the order written
    std::vector<DirectiveError> errors;
};

// The lowest level a bare `name` directive turns on ("everything"): 1, since
// level 0 on a logger means NOTSET (inherit).
constexpr int kEverything = 1;
// `off`: above every level a record can have.
constexpr int kOff = 0x7fffffff;

// env_logger's grammar over the dotted hierarchy; never throws on bad text.
Directives parse_directives(std::string_view text);

// Parses and applies: each named logger gets its level (and is created, so
// loggers created below it later inherit it) and loses the explicit levels
// of its existing descendants that no more specific directive names (a bare
// level sets the root's level only); later
// directives for the same name win. Bad entries are reported through the
// error hook, one line each prefixed with `source`, and skipped. Returns the
// number skipped.
size_t apply_directives(std::string_view text, std::string_view source = "directives");

// ---- Configuration files -----------------------------------------------

enum class Format { Auto, Json, Toml };

// Parses, checks, builds and applies a configuration. Throws Error(kInvalid)
// whose message starts with the path of the bad value
// ("handlers.file.buffer_size: expected an integer") and changes nothing;
// Error(kIoError) if a handler cannot open its file. Auto picks JSON when
// the first non-blank byte is '{', else TOML.
void configure(std::string_view text, Format format = Format::Auto);

// configure() on a file's content, the format from its extension (.json,
// .toml) or else its content. Remembers the path for reload(). Error(kIoError)
// if the file cannot be read.
void configure_file(const std::string& path);

// Re-reads and applies the file given to the last successful
// configure_file(), or else PICOLOG_CONFIG's, applied at library load or not
// (it may have been fixed since). Handlers whose settings did not change are kept as they
// are; the others are swapped in each logger at once. Error(kBadState) if no
// file was configured. Reading and applying are one step under the
// configuration lock, for configure_file() too: of two concurrent calls, the
// one that applies last read the file last.
void reload();

// Parses and checks without building anything or changing the runtime (the
// fuzz target and a `--check` mode use it). Throws as configure().
void check(std::string_view text, Format format = Format::Auto);

// At library load: PICOLOG_CONFIG (a file) first, then PICOLOG_LEVEL.
// Failures go to the error hook.
void load_from_environment() noexcept;

// Opt-in: a SIGHUP makes a runtime thread call reload() (errors go to the
// error hook). Off again restores the previous disposition. Throws
// Error(kInternal) if the thread or the signal handler cannot be set up.
void set_reload_on_sighup(bool on);

}  // namespace picolog::config
