// level.hpp - Python's level numbers and the level-name table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace picolog {

enum Level : int {
    NOTSET = 0,
    TRACE = 5,
    DEBUG = 10,
    INFO = 20,
    WARNING = 30,
    ERROR = 40,
    CRITICAL = 50,
};

namespace levels {

// Any level >= 0 is valid.
constexpr bool valid(int level) noexcept {
    return level >= 0;
}

// Names a level (custom or a rename of a standard one). Throws Error(kInvalid)
// for a negative level or an empty name.
void add_name(int level, std::string_view name);

// "INFO", a custom name, or "Level N" for an unnamed level. The view is
// NUL-terminated and valid until the process exits. Lock-free for levels
// 0..255 (the hot path of every formatter); empty for a negative level.
// An unnamed level above 255 gets its text interned the first time, so
// this is for callers that keep the pointer (picolog_level_name).
std::string_view name(int level) noexcept;

// Room for "Level " and the digits of any int, NUL-terminated.
struct LevelText {
    char text[24];
};

// The same name for text used at once (formatters, a callback's record
// view): an unnamed level above 255 is written into `room`, valid while
// `room` is, and nothing is interned. A program that logs at levels taken
// from its data (an error number added to a base) then keeps no text per
// level it ever used.
std::string_view name(int level, LevelText& room) noexcept;

// How many "Level N" texts the table holds for unnamed levels above 255
// (tests: records formatted at such levels add none).
size_t interned_unnamed_count() noexcept;

// Grows with every add_name: text rendered from level names stays valid
// while this is unchanged (the formatter's per-thread caches).
uint64_t names_version() noexcept;

// The level named exactly `name`, as Python's getLevelName(str).
std::optional<int> from_name(std::string_view name) noexcept;
// The same, ignoring ASCII case ("info", "Notice"); where two names differ
// only in case, the exact spelling wins, else the lowest level.
std::optional<int> from_name_nocase(std::string_view name) noexcept;

// fork() support for the runtime: hold the name table across fork, then
// release it (parent) or make a fresh lock (child).
void lock_for_fork() noexcept;
void unlock_after_fork_parent() noexcept;
void reinit_after_fork_child() noexcept;

}  // namespace levels
}  // namespace picolog
