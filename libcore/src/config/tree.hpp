// tree.hpp - the neutral tree both parsers produce, so one schema reads
// JSON and TOML alike, and the reader that names the path of a bad value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace picolog::config {

struct Field;

struct Node {
    enum class Kind { Null, Bool, Int, Float, String, Array, Table };
    Kind kind = Kind::Null;
    bool boolean = false;
    int64_t integer = 0;
    double number = 0;
    std::string text;
    std::vector<Node> items;    // Array
    std::vector<Field> fields;  // Table, in document order

    const Node* find(std::string_view key) const noexcept;
};

struct Field {
    std::string key;
    Node value;
};

inline const Node* Node::find(std::string_view key) const noexcept {
    for (const Field& f : fields)
        if (f.key == key) return &f.value;
    return nullptr;
}

// "a string", "an integer"... for error messages.
const char* describe(Node::Kind kind) noexcept;

// A stable text of a subtree, keys sorted: two settings are the same when
// their canonical texts are equal (reload keeps such handlers).
std::string canonical(const Node& node);

// The parsers: Error(kInvalid) naming the line and column of a syntax error,
// or the path of a value the tree cannot hold.
//
// Tables and lists nest at most kMaxDepth deep, deeper than any
// configuration needs: the walks over a tree recurse, and a file of a few
// kilobytes could otherwise nest deep enough to overflow the stack (TOML's
// dotted keys and table headers nest tables without a bound of toml++'s).
constexpr int kMaxDepth = 64;
Node parse_json(std::string_view text);
Node parse_toml(std::string_view text);

// Replaces ${VAR} and ${VAR:-default} in every string of the tree ($$ is a
// '$'); Error(kInvalid) naming the path of a malformed reference or of an
// unset variable without a default.
void expand_environment(Node& root);

// Joins a path and a key: "handlers" + "file" -> "handlers.file"; keys that
// are not plain words are quoted, so the path stays readable.
std::string join_path(std::string_view path, std::string_view key);

// The level names a configuration gives in its `levels` table, which its
// own levels use before they are named in the process: read_spec() lends
// them to the reading thread's Keys::level while it reads.
using LevelNames = std::vector<std::pair<std::string, int>>;
class LevelNamesInScope {
public:
    explicit LevelNamesInScope(const LevelNames& names) noexcept;
    ~LevelNamesInScope();
    LevelNamesInScope(const LevelNamesInScope&) = delete;
    LevelNamesInScope& operator=(const LevelNamesInScope&) = delete;

private:
    const LevelNames* outer_;
};

// Reads one table's keys with errors that name the full path; finish()
// rejects the keys nobody read (a misspelt setting is an error, not a no-op).
class Keys {
public:
    // Error(kInvalid) "path: expected a table, got ..." unless node is one.
    Keys(const Node& node, std::string path);

    const std::string& path() const noexcept { return path_; }
    std::string path_of(std::string_view key) const { return join_path(path_, key); }
    [[noreturn]] void fail(std::string_view key, const std::string& message) const;

    // Marks the key read; null when absent.
    const Node* get(std::string_view key);
    std::optional<std::string> string(std::string_view key);
    std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max);
    std::optional<bool> boolean(std::string_view key);
    // A level name (exact spelling, as logging's checkLevel; the names in
    // scope first) or a number >= 0.
    std::optional<int> level(std::string_view key);
    // A list of strings (a lone string is refused, as logging's own loop
    // would iterate its characters).
    std::optional<std::vector<std::string>> strings(std::string_view key);
    // A table under key, to read with its own Keys.
    const Node* table(std::string_view key);
    void finish() const;

private:
    const Node& node_;
    std::string path_;
    std::vector<std::string> used_;  // owned: a caller may pass a temporary key
};

}  // namespace picolog::config
