// level.cpp - the level-name table: lock-free names for 0..255, interned
// strings that are never freed, and Python's name -> level map.
#include "picolog/level.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "fork_lock.hpp"
#include "picolog/error.hpp"

namespace picolog::levels {
namespace {

constexpr int kTableSize = 256;

// The names of levels 0..255 before any add_name: the standard names, else
// "Level N", built at compile time so formatting a level name never measures
// a string.
struct DefaultNames {
    char text[kTableSize][10] = {};
    unsigned char len[kTableSize] = {};
};

constexpr std::string_view standard_name(int level) noexcept {
    switch (level) {
        case NOTSET:
            return "NOTSET";
        case TRACE:
            return "TRACE";
        case DEBUG:
            return "DEBUG";
        case INFO:
            return "INFO";
        case WARNING:
            return "WARNING";
        case ERROR:
            return "ERROR";
        case CRITICAL:
            return "CRITICAL";
        default:
            return {};
    }
}

constexpr DefaultNames make_default_names() {
    DefaultNames d;
    for (int level = 0; level < kTableSize; ++level) {
        char* out = d.text[level];
        size_t n = 0;
        if (std::string_view standard = standard_name(level); !standard.empty()) {
            for (char c : standard) out[n++] = c;
        } else {
            for (char c : std::string_view("Level ")) out[n++] = c;
            if (level >= 100) out[n++] = static_cast<char>('0' + level / 100);
            if (level >= 10) out[n++] = static_cast<char>('0' + level / 10 % 10);
            out[n++] = static_cast<char>('0' + level % 10);
        }
        d.len[level] = static_cast<unsigned char>(n);
    }
    return d;
}

constexpr DefaultNames kDefaultNames = make_default_names();

// Names given with add_name for levels 0..255; null means the default.
// Zero-initialised, so it is ready before any static constructor runs.
constinit std::array<std::atomic<const std::string_view*>, kTableSize> g_custom{};

struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// The slow side: names above 255 and the reverse map. Never destroyed, so
// names stay valid during static destruction too.
struct Table {
    std::mutex mutex;
    std::map<int, const std::string_view*> high;  // levels > 255, named or "Level N"
    size_t unnamed = 0;                           // of them, "Level N" texts
    std::vector<std::unique_ptr<char[]>> texts;
    std::vector<std::unique_ptr<std::string_view>> views;
    std::unordered_map<std::string, int, Hash, std::equal_to<>> by_name{
        {"NOTSET", NOTSET}, {"TRACE", TRACE},    {"DEBUG", DEBUG},
        {"INFO", INFO},     {"WARN", WARNING},   {"WARNING", WARNING},
        {"ERROR", ERROR},   {"FATAL", CRITICAL}, {"CRITICAL", CRITICAL},
    };
};

std::atomic<uint64_t> g_names_version{0};

Table& table() {
    static Table* t = new Table();
    return *t;
}

// A NUL-terminated copy that lives as long as the process (a renamed level's
// old name may still be in use). Table mutex held.
const std::string_view* intern(std::string_view s) {
    Table& t = table();
    t.texts.reserve(t.texts.size() + 1);
    t.views.reserve(t.views.size() + 1);
    auto text = std::make_unique<char[]>(s.size() + 1);
    std::memcpy(text.get(), s.data(), s.size());
    auto view = std::make_unique<std::string_view>(text.get(), s.size());
    t.texts.push_back(std::move(text));
    t.views.push_back(std::move(view));
    return t.views.back().get();
}

// The name of a level in 0..255, custom or default. Lock-free.
std::string_view name_below_table_size(int level) noexcept {
    if (const std::string_view* custom = g_custom[level].load(std::memory_order_acquire)) return *custom;
    return std::string_view(kDefaultNames.text[level], kDefaultNames.len[level]);
}

// "Level N", NUL-terminated, written into `room`.
std::string_view unnamed_text(int level, LevelText& room) noexcept {
    constexpr std::string_view prefix = "Level ";
    std::memcpy(room.text, prefix.data(), prefix.size());
    char* end = std::to_chars(room.text + prefix.size(), std::end(room.text) - 1, level).ptr;
    *end = '\0';
    return std::string_view(room.text, end);
}

}  // namespace

void add_name(int level, std::string_view name) {
    if (!valid(level)) throw Error(kInvalid, "level " + std::to_string(level) + " is negative");
    if (name.empty()) throw Error(kInvalid, "a level name cannot be empty");
    if (name.find('\0') != std::string_view::npos)
        throw Error(kInvalid, "a level name cannot contain a NUL byte");
    Table& t = table();
    std::lock_guard lock(t.mutex);
    const std::string_view* text = intern(name);
    if (level < kTableSize)
        g_custom[level].store(text, std::memory_order_release);
    else
        t.high[level] = text;
    t.by_name[std::string(name)] = level;
    g_names_version.fetch_add(1, std::memory_order_release);
}

uint64_t names_version() noexcept {
    return g_names_version.load(std::memory_order_acquire);
}

std::string_view name(int level) noexcept {
    if (level < 0) return {};
    if (level < kTableSize) return name_below_table_size(level);
    Table& t = table();
    std::lock_guard lock(t.mutex);
    auto it = t.high.find(level);
    if (it != t.high.end()) return *it->second;
    try {
        LevelText room;
        const std::string_view* text = intern(unnamed_text(level, room));
        t.high.emplace(level, text);
        ++t.unnamed;
        return *text;
    } catch (...) {
        return "Level";
    }
}

std::string_view name(int level, LevelText& room) noexcept {
    if (level < 0) return {};
    if (level < kTableSize) return name_below_table_size(level);
    {
        Table& t = table();
        std::lock_guard lock(t.mutex);
        auto it = t.high.find(level);
        if (it != t.high.end()) return *it->second;
    }
    return unnamed_text(level, room);
}

size_t interned_unnamed_count() noexcept {
    Table& t = table();
    std::lock_guard lock(t.mutex);
    return t.unnamed;
}

std::optional<int> from_name(std::string_view name) noexcept {
    Table& t = table();
    std::lock_guard lock(t.mutex);
    auto it = t.by_name.find(name);
    if (it == t.by_name.end()) return std::nullopt;
    return it->second;
}

std::optional<int> from_name_nocase(std::string_view name) noexcept {
    if (auto exact = from_name(name)) return exact;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    Table& t = table();
    std::lock_guard lock(t.mutex);
    std::optional<int> found;
    for (const auto& [known, level] : t.by_name) {
        if (known.size() != name.size()) continue;
        if (!std::equal(known.begin(), known.end(), name.begin(),
                        [&](char a, char b) { return lower(a) == lower(b); }))
            continue;
        if (!found || level < *found) found = level;
    }
    return found;
}

void lock_for_fork() noexcept {
    table().mutex.lock();
}

void unlock_after_fork_parent() noexcept {
    table().mutex.unlock();
}

void reinit_after_fork_child() noexcept {
    fork_lock::renew_in_child(table().mutex);
}

}  // namespace picolog::levels
