// directives.cpp - PICOLOG_LEVEL: env_logger's directive grammar over
// Python's dotted hierarchy.
//
// `level` sets the root, `name=level` a logger and its descendants, `name`
// alone turns everything on for it. Errors are collected, never thrown, so
// one bad entry in an environment variable never hides the others.
#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "picolog/config.hpp"
#include "picolog/error.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"
#include "picolog/runtime.hpp"

namespace picolog::config {
namespace {

std::string_view trim(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

bool lower_equals(std::string_view a, std::string_view lower) {
    return a.size() == lower.size() && std::equal(a.begin(), a.end(), lower.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? static_cast<char>(x - 'A' + 'a') : x) == y;
           });
}

// A level by name (any case, custom names included), `off`, or a number.
// Empty string on success, else the reason.
std::string parse_level(std::string_view text, int& level) {
    if (text.empty()) return "the level is empty";
    if (lower_equals(text, "off")) {
        level = kOff;
        return {};
    }
    bool digits = std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) {
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
        if (ec != std::errc() || end != text.data() + text.size())
            return "level " + std::string(text) + " is out of range";
        return {};
    }
    if (text.size() > 1 && text[0] == '-' &&
        std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "a level cannot be negative";
    if (auto named = levels::from_name_nocase(text)) {
        level = *named;
        return {};
    }
    return "unknown level '" + std::string(text) + "'";
}

// Dotted segments with `::` read as `.`; "root" is the root (""). Empty
// string on success, else the reason.
std::string parse_name(std::string_view text, std::string& name) {
    if (text.empty()) return "the logger name is empty";
    name.clear();
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ':') {
            if (i + 1 < text.size() && text[i + 1] == ':') {
                name += '.';
                ++i;
                continue;
            }
            return "a single ':' in the logger name (use '.' or '::')";
        }
        if (c == ' ' || c == '\t' || c == '\0') return "blank or NUL inside the logger name";
        name += c;
    }
    if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos)
        return "an empty segment in the logger name";
    if (name == "root") name.clear();
    return {};
}

void parse_entry(std::string_view entry, Directives& out) {
    auto fail = [&](std::string reason) { out.errors.push_back({std::string(entry), std::move(reason)}); };
    if (entry.find('/') != std::string_view::npos)
        return fail("message filters ('/regex') are not supported");
    size_t eq = entry.find('=');
    if (eq != std::string_view::npos && entry.find('=', eq + 1) != std::string_view::npos)
        return fail("more than one '='");
    Directive d{{}, 0};
    std::string reason;
    if (eq == std::string_view::npos) {
        // A level alone is the root's; anything else is a name.
        if (parse_level(entry, d.level).empty()) {
            out.directives.push_back(std::move(d));
            return;
        }
        if (entry.front() == '-') return fail("a level cannot be negative");
        bool digits = std::all_of(entry.begin(), entry.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits) return fail("level " + std::string(entry) + " is out of range");
        if (!(reason = parse_name(entry, d.name)).empty()) return fail(reason);
        d.level = kEverything;
    } else {
        if (!(reason = parse_name(trim(entry.substr(0, eq)), d.name)).empty()) return fail(reason);
        if (!(reason = parse_level(trim(entry.substr(eq + 1)), d.level)).empty()) return fail(reason);
    }
    out.directives.push_back(std::move(d));
}

size_t depth(const std::string& name) {
    return name.empty() ? 0 : 1 + static_cast<size_t>(std::count(name.begin(), name.end(), '.'));
}

bool below(std::string_view name, std::string_view ancestor) {
    if (ancestor.empty()) return true;
    return name.size() > ancestor.size() && name.starts_with(ancestor) && name[ancestor.size()] == '.';
}

}  // namespace

Directives parse_directives(std::string_view text) {
    Directives out;
    while (true) {
        size_t comma = text.find(',');
        std::string_view entry = trim(text.substr(0, comma));
        // Empty entries (a trailing comma, ",,") are skipped, as env_logger.
        if (!entry.empty()) parse_entry(entry, out);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

size_t apply_directives(std::string_view text, std::string_view source) {
    Directives parsed = parse_directives(text);
    for (const auto& e : parsed.errors)
        runtime::report_error("picolog: " + std::string(source) + ": skipped '" + e.entry + "': " + e.reason);
    // The last directive for a name wins; then the least specific first, so a
    // more specific one overrides what a broader one cleared.
    std::vector<Directive> plan;
    for (auto it = parsed.directives.rbegin(); it != parsed.directives.rend(); ++it)
        if (std::none_of(plan.begin(), plan.end(), [&](const Directive& d) { return d.name == it->name; }))
            plan.push_back(*it);
    // Names of one depth are distinct, so neither is below the other: their
    // order does not matter.
    std::sort(plan.begin(), plan.end(),
              [](const Directive& a, const Directive& b) { return depth(a.name) < depth(b.name); });
    Registry& registry = Registry::instance();
    for (const Directive& d : plan) {
        Logger& logger = registry.get(d.name);
        logger.set_level(d.level);
        // A bare level is the root's level alone, as the grammar says: it
        // leaves the levels of named loggers (from a file, say) in place.
        if (d.name.empty()) continue;
        std::vector<Logger*> descendants;
        registry.for_each([&](Logger& l) {
            if (&l != &registry.root() && below(l.name(), d.name) && l.level() != NOTSET)
                descendants.push_back(&l);
        });
        for (Logger* l : descendants) l->set_level(NOTSET);
    }
    return parsed.errors.size();
}

}  // namespace picolog::config
