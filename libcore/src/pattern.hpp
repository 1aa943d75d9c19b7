// pattern.hpp - the compiled form of a PatternFormatter pattern (private to
// libcore/src): a list of steps, each literal text or one record field with
// its Python format spec, and the routines that render one value by a spec.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "picolog/formatter.hpp"

namespace picolog::pattern {

// Where a step's text comes from.
enum class Source : uint8_t {
    Literal,
    Name,
    Levelno,
    Levelname,
    Pathname,
    Filename,
    Module,
    Lineno,
    FuncName,
    Created,
    Msecs,
    RelativeCreated,
    Thread,
    ThreadName,
    Process,
    Message,
    Asctime,
    ExcText,
    StackInfo,
    Structured,  // a record field named by Step::text
};

// What kind of Python value a field holds: it decides which presentation
// types are legal and how the value is written by default.
enum class Kind : uint8_t { Text, Int, Float };

// The standard field with this name; Structured if it is not one.
Source source_of(std::string_view name) noexcept;
Kind kind_of(Source source) noexcept;

// Python's format-spec mini-language, shared by both styles (the percent
// style is translated into it at compile time).
struct Spec {
    char fill = ' ';
    char align = 0;  // '<' '>' '^' '=', or 0 for the value's default
    char sign = 0;   // '+' ' ', or 0 for '-'
    bool alternate = false;
    bool zero = false;              // '0': zero padding after the sign for numbers
    bool no_negative_zero = false;  // 'z': a float that rounds to zero has no '-'
    char grouping = 0;              // ',' '_' or 0
    int width = 0;
    int precision = -1;   // -1: none
    char type = 0;        // presentation type, 0 for the value's default
    char conversion = 0;  // 'r', 'a' (repr) or 's' / 0 (as is)
    bool plain = true;    // no width, precision, type or conversion at all
};

// Literal text, then one field (none for a Literal step, which only ends a
// pattern with text): a pattern of N fields runs in N or N + 1 steps.
struct Step {
    Source source = Source::Literal;
    Spec spec;
    std::string prefix;  // literal text written before the field
    std::string key;     // a structured field's name
};

// Parses a pattern; throws Error(kBadFormat) naming the problem.
std::vector<Step> compile(std::string_view fmt, FormatStyle style);

// Appends `value` formatted by `spec` to `out`.
void render_text(std::string& out, std::string_view value, const Spec& spec);
void render_int(std::string& out, int64_t value, const Spec& spec);
void render_float(std::string& out, double value, const Spec& spec);

// Python's repr(float) / str(float): shortest round-trip digits, fixed
// notation for exponents -4..15, always with a '.' or an exponent.
size_t float_repr(double value, char* buf, size_t size) noexcept;

}  // namespace picolog::pattern

namespace picolog {

struct PatternFormatter::Compiled {
    std::vector<pattern::Step> steps;
    std::string datefmt;  // empty: Python's default asctime
    bool uses_time = false;
    // Every step copies a text field or literal as is: format() then sizes
    // the line once and copies each piece into place.
    bool all_plain_text = false;
    uint64_t id = 0;  // unique per formatter: keys the per-thread asctime cache
    // The leading steps that depend only on the time, the level and the
    // logger name (asctime, msecs, levelname, levelno, name, literals): each thread
    // keeps their text, with the literal prefix of the step after them, for
    // the last few keys, and a record renders the rest. Below the step
    // count when set: the step after them is a field.
    size_t cached_steps = 0;
    // How long the cached text stays true, 0 if it shows no time: a
    // millisecond for msecs or Python's default asctime, a second for an
    // asctime with a datefmt.
    int64_t cached_time_unit_ns = 0;
    // The steps after the cached ones are plain text (as all_plain_text).
    bool rest_plain_text = false;
};

}  // namespace picolog
