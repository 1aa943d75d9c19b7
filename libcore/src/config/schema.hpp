// schema.hpp - dictConfig's version-1 schema read from the neutral tree into
// specs: plain data, every reference checked, nothing built or opened yet.
// Building (build.cpp) and installing (apply.cpp) come after, so a bad
// configuration fails here without a side effect.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "picolog/formatter.hpp"
#include "picolog/handler.hpp"
#include "tree.hpp"

namespace picolog::config {

struct FormatterSpec {
    std::string format = "%(message)s";
    std::string datefmt;
    FormatStyle style = FormatStyle::Percent;
    bool json = false;
    std::string key;  // canonical settings
};

struct FilterSpec {
    std::string name;  // logging.Filter(name)
    std::string key;
};

// Where a handler's targets are named: the key (a list under "handlers"
// for a queue, one name under "target" for a memory handler), and whether
// they belong to this handler alone (a queue's listener owns its handlers;
// a memory handler's target may also serve loggers).
struct TargetsKey {
    std::string_view key;
    bool exclusive;
};

// The settings of one handler type, read by its entry in handler_types.cpp.
class HandlerSpec {
public:
    virtual ~HandlerSpec() = default;
    // Other handlers this one feeds, by name (a queue's listener handlers,
    // a memory handler's target).
    virtual std::vector<std::string> targets() const { return {}; }
    virtual TargetsKey targets_key() const { return {"handlers", true}; }
    // Builds the handler; `targets` are built already, in targets() order.
    // Throws Error (kIoError for a file that cannot be opened). A file that
    // mode "w" truncates is opened without truncating it: see truncates().
    virtual Ref<Handler> build(std::vector<Ref<Handler>> targets) const = 0;
    // The file to truncate once every handler of the configuration is built
    // (so one that fails leaves every file as it was), or empty.
    virtual std::string truncates() const { return {}; }
};

struct HandlerEntry {
    std::string name;
    std::string path;  // "handlers.<name>", for build errors
    std::unique_ptr<HandlerSpec> spec;
    std::optional<int> level;
    std::string formatter;             // a formatter's name, or empty
    std::vector<std::string> filters;  // filters' names
    // Everything that makes this handler what it is: its settings, its
    // formatter's and filters' settings and its targets' keys. Reload keeps
    // a handler whose key did not change.
    std::string key;
};

struct LoggerSpec {
    std::string name;  // "" for the root
    std::string path;
    std::optional<int> level;
    std::optional<bool> propagate;
    std::vector<std::string> handlers;
    std::vector<std::string> filters;
};

struct Spec {
    bool incremental = false;
    bool disable_existing = true;
    // `levels`: custom level names, as logging.addLevelName, in document
    // order (a later name for the same level wins, as a later call does).
    LevelNames level_names;
    std::map<std::string, FormatterSpec> formatters;
    std::map<std::string, FilterSpec> filters;
    std::vector<HandlerEntry> handlers;  // a handler's targets come before it
    std::vector<LoggerSpec> loggers;
    std::optional<LoggerSpec> root;
};

// Throws Error(kInvalid) naming the path of the first bad value.
Spec read_spec(const Node& root);

}  // namespace picolog::config
