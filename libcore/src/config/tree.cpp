// tree.cpp - the neutral tree's helpers: descriptions, canonical text, path
// joining and the key reader.
#include "tree.hpp"

#include <algorithm>
#include <cstdio>

#include "picolog/error.hpp"
#include "picolog/level.hpp"

namespace picolog::config {

const char* describe(Node::Kind kind) noexcept {
    switch (kind) {
        case Node::Kind::Null:
            return "null";
        case Node::Kind::Bool:
            return "a boolean";
        case Node::Kind::Int:
            return "an integer";
        case Node::Kind::Float:
            return "a number";
        case Node::Kind::String:
            return "a string";
        case Node::Kind::Array:
            return "a list";
        case Node::Kind::Table:
            return "a table";
    }
    return "a value";
}

namespace {

void quote(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        if (static_cast<unsigned char>(c) < 0x20) {
            // Control bytes spelt out: a path must print, and a NUL would
            // end the C API's message.
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
            continue;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

void canonical_into(const Node& node, std::string& out) {
    switch (node.kind) {
        case Node::Kind::Null:
            out += "null";
            break;
        case Node::Kind::Bool:
            out += node.boolean ? "true" : "false";
            break;
        case Node::Kind::Int:
            out += std::to_string(node.integer);
            break;
        case Node::Kind::Float: {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", node.number);
            out += buf;
            break;
        }
        case Node::Kind::String:
            quote(out, node.text);
            break;
        case Node::Kind::Array:
            out += '[';
            for (const Node& item : node.items) {
                canonical_into(item, out);
                out += ',';
            }
            out += ']';
            break;
        case Node::Kind::Table: {
            std::vector<const Field*> sorted;
            for (const Field& field : node.fields) sorted.push_back(&field);
            std::sort(sorted.begin(), sorted.end(),
                      [](const Field* a, const Field* b) { return a->key < b->key; });
            out += '{';
            for (const Field* field : sorted) {
                quote(out, field->key);
                out += ':';
                canonical_into(field->value, out);
                out += ',';
            }
            out += '}';
            break;
        }
    }
}

bool plain_word(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '-';
    });
}

}  // namespace

std::string canonical(const Node& node) {
    std::string out;
    canonical_into(node, out);
    return out;
}

std::string join_path(std::string_view path, std::string_view key) {
    std::string out(path);
    if (plain_word(key)) {
        if (!out.empty()) out += '.';
        out += key;
    } else {
        out += '[';
        quote(out, key);
        out += ']';
    }
    return out;
}

Keys::Keys(const Node& node, std::string path) : node_(node), path_(std::move(path)) {
    if (node.kind != Node::Kind::Table)
        throw Error(kInvalid, (path_.empty() ? "configuration" : path_) + ": expected a table, got " +
                                  describe(node.kind));
}

void Keys::fail(std::string_view key, const std::string& message) const {
    throw Error(kInvalid, path_of(key) + ": " + message);
}

const Node* Keys::get(std::string_view key) {
    const Node* found = node_.find(key);
    if (found != nullptr) used_.emplace_back(key);
    return found;
}

std::optional<std::string> Keys::string(std::string_view key) {
    const Node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (n->kind != Node::Kind::String) fail(key, std::string("expected a string, got ") + describe(n->kind));
    if (n->text.find('\0') != std::string::npos) fail(key, "a NUL byte in the string");
    return n->text;
}

std::optional<int64_t> Keys::integer(std::string_view key, int64_t min, int64_t max) {
    const Node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (n->kind != Node::Kind::Int) fail(key, std::string("expected an integer, got ") + describe(n->kind));
    if (n->integer < min || n->integer > max)
        fail(key, std::to_string(n->integer) + " is out of range [" + std::to_string(min) + ", " +
                      std::to_string(max) + "]");
    return n->integer;
}

std::optional<bool> Keys::boolean(std::string_view key) {
    const Node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (n->kind != Node::Kind::Bool) fail(key, std::string("expected a boolean, got ") + describe(n->kind));
    return n->boolean;
}

namespace {
thread_local const LevelNames* t_level_names = nullptr;

// The level a name in scope stands for (each name is there once: the
// parsers refuse a key given twice in a table).
std::optional<int> level_in_scope(std::string_view name) noexcept {
    if (t_level_names == nullptr) return std::nullopt;
    for (const auto& [named, level] : *t_level_names)
        if (named == name) return level;
    return std::nullopt;
}
}  // namespace

LevelNamesInScope::LevelNamesInScope(const LevelNames& names) noexcept : outer_(t_level_names) {
    t_level_names = &names;
}

LevelNamesInScope::~LevelNamesInScope() {
    t_level_names = outer_;
}

std::optional<int> Keys::level(std::string_view key) {
    const Node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (n->kind == Node::Kind::Int) {
        if (n->integer < 0 || n->integer > 0x7fffffff)
            fail(key, "level " + std::to_string(n->integer) + " is out of range");
        return static_cast<int>(n->integer);
    }
    if (n->kind != Node::Kind::String)
        fail(key, std::string("expected a level name or number, got ") + describe(n->kind));
    if (auto found = level_in_scope(n->text)) return *found;
    if (auto found = levels::from_name(n->text)) return *found;
    fail(key, "unknown level '" + n->text + "'");
}

std::optional<std::vector<std::string>> Keys::strings(std::string_view key) {
    const Node* n = get(key);
    if (n == nullptr) return std::nullopt;
    if (n->kind != Node::Kind::Array)
        fail(key, std::string("expected a list of names, got ") + describe(n->kind));
    std::vector<std::string> out;
    for (size_t i = 0; i < n->items.size(); ++i) {
        const Node& item = n->items[i];
        if (item.kind != Node::Kind::String)
            throw Error(kInvalid, path_of(key) + "[" + std::to_string(i) + "]: expected a name, got " +
                                      describe(item.kind));
        out.push_back(item.text);
    }
    return out;
}

const Node* Keys::table(std::string_view key) {
    const Node* n = get(key);
    if (n != nullptr && n->kind != Node::Kind::Table)
        fail(key, std::string("expected a table, got ") + describe(n->kind));
    return n;
}

void Keys::finish() const {
    for (const auto& [key, value] : node_.fields)
        if (std::find(used_.begin(), used_.end(), key) == used_.end()) fail(key, "unknown key");
}

}  // namespace picolog::config
