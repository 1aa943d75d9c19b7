// schema.cpp - reads dictConfig's version-1 schema from the neutral tree:
// formatters, filters, handlers (through the handler-type table), loggers
// and root, with every name a section refers to checked.
#include "schema.hpp"

#include <algorithm>
#include <set>

#include "handler_types.hpp"
#include "picolog/error.hpp"

namespace picolog::config {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& message) {
    throw Error(kInvalid, path + ": " + message);
}

FormatterSpec read_formatter(const Node& node, const std::string& path) {
    Keys keys(node, path);
    FormatterSpec f;
    if (auto cls = keys.string("class")) {
        if (*cls == "json" || *cls == "picolog.JsonFormatter")
            f.json = true;
        else if (*cls != "logging.Formatter" && *cls != "picolog.Formatter")
            keys.fail("class", "unknown formatter class \"" + *cls +
                                   "\" (logging.Formatter or picolog.JsonFormatter)");
    }
    if (auto format = keys.string("format")) f.format = *format;
    if (auto datefmt = keys.string("datefmt")) f.datefmt = *datefmt;
    if (auto style = keys.string("style")) {
        if (*style == "{")
            f.style = FormatStyle::Brace;
        else if (*style != "%")
            keys.fail("style", "expected \"%\" or \"{\", got \"" + *style + "\"");
    }
    keys.boolean("validate");  // patterns are always checked when built
    keys.finish();
    if (f.json && (node.find("format") || node.find("datefmt") || node.find("style")))
        fail(path, "a JSON formatter takes no format, datefmt or style");
    f.key = canonical(node);
    return f;
}

// `levels`: name -> number. A name is how levels are written, so it may not
// be empty, hold a NUL byte or read as a number.
LevelNames read_level_names(const Node& node) {
    Keys keys(node, "levels");
    LevelNames names;
    for (const Field& f : node.fields) {
        const std::string& name = f.key;
        if (name.empty()) fail("levels", "an empty level name");
        if (name.find('\0') != std::string::npos) fail("levels", "a NUL byte in a level name");
        std::string_view digits = name;
        if (digits.front() == '-') digits.remove_prefix(1);
        if (!digits.empty() &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            keys.fail(name, "a level name cannot be a number");
        names.emplace_back(name, static_cast<int>(*keys.integer(name, 0, 0x7fffffff)));
    }
    keys.finish();
    return names;
}

FilterSpec read_filter(const Node& node, const std::string& path) {
    Keys keys(node, path);
    if (keys.get("()") != nullptr)
        keys.fail("()", "factories are Python objects; a file can only name filters by `name`");
    FilterSpec f;
    f.name = keys.string("name").value_or("");
    keys.finish();
    f.key = canonical(node);
    return f;
}

template <class Map>
void check_names(const Map& known, const std::vector<std::string>& names, const std::string& path,
                 const char* what) {
    for (size_t i = 0; i < names.size(); ++i)
        if (known.find(names[i]) == known.end())
            fail(path + "[" + std::to_string(i) + "]",
                 std::string("no ") + what + " named '" + names[i] + "'");
}

HandlerEntry read_handler(const std::string& name, const Node& node, const std::string& path,
                          const Spec& spec) {
    Keys keys(node, path);
    HandlerEntry h;
    h.name = name;
    h.path = path;
    if (keys.get("()") != nullptr) keys.fail("()", "factories are Python objects; name a `class`");
    auto cls = keys.string("class");
    if (!cls) keys.fail("class", "missing (one of " + handler_type_names() + " or logging's class name)");
    const HandlerType* type = find_handler_type(*cls);
    if (type == nullptr)
        keys.fail("class", "unknown handler class \"" + *cls + "\" (known: " + handler_type_names() + ")");
    h.level = keys.level("level");
    if (auto formatter = keys.string("formatter")) {
        if (spec.formatters.find(*formatter) == spec.formatters.end())
            keys.fail("formatter", "no formatter named '" + *formatter + "'");
        h.formatter = *formatter;
    }
    h.filters = keys.strings("filters").value_or(std::vector<std::string>{});
    check_names(spec.filters, h.filters, keys.path_of("filters"), "filter");
    if (keys.get(".") != nullptr) keys.fail(".", "attributes of Python objects cannot be set from a file");
    h.spec = type->parse(keys);
    keys.finish();
    h.key = std::string(type->name) + canonical(node);
    if (!h.formatter.empty()) h.key += "|f" + spec.formatters.at(h.formatter).key;
    for (const auto& f : h.filters) h.key += "|F" + spec.filters.at(f).key;
    return h;
}

LoggerSpec read_logger(const std::string& name, const Node& node, const std::string& path, bool is_root) {
    Keys keys(node, path);
    LoggerSpec l;
    l.name = name;
    l.path = path;
    l.level = keys.level("level");
    if (!is_root) l.propagate = keys.boolean("propagate");
    l.handlers = keys.strings("handlers").value_or(std::vector<std::string>{});
    l.filters = keys.strings("filters").value_or(std::vector<std::string>{});
    keys.finish();
    return l;
}

// The path of a handler's i-th target: "handlers.q.handlers[0]" for a
// list, "handlers.m.target" for one name.
std::string target_path(const HandlerEntry& h, size_t i) {
    TargetsKey where = h.spec->targets_key();
    std::string at = h.path + "." + std::string(where.key);
    return where.exclusive ? at + "[" + std::to_string(i) + "]" : at;
}

// Orders the handlers so that each comes after its targets, checks the
// targets exist, that a queue's handler serves that queue and nothing else,
// and that no handler feeds itself, directly or through others.
void order_handlers(Spec& spec) {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < spec.handlers.size(); ++i) index[spec.handlers[i].name] = i;
    std::map<std::string, std::string> served_by;  // target -> its queue
    for (const auto& h : spec.handlers) {
        auto targets = h.spec->targets();
        bool exclusive = h.spec->targets_key().exclusive;
        for (size_t i = 0; i < targets.size(); ++i) {
            std::string at = target_path(h, i);
            if (index.find(targets[i]) == index.end()) fail(at, "no handler named '" + targets[i] + "'");
            if (targets[i] == h.name)
                fail(at, exclusive ? "a queue cannot feed itself" : "a handler cannot be its own target");
            if (!exclusive) continue;
            auto [it, fresh] = served_by.emplace(targets[i], h.name);
            if (!fresh) fail(at, "handler '" + targets[i] + "' already serves queue '" + it->second + "'");
        }
    }
    // A queue's handler belongs to its listener: no other handler may feed it.
    for (const auto& h : spec.handlers) {
        if (h.spec->targets_key().exclusive) continue;
        auto targets = h.spec->targets();
        for (size_t i = 0; i < targets.size(); ++i)
            if (auto it = served_by.find(targets[i]); it != served_by.end())
                fail(target_path(h, i), "handler '" + targets[i] + "' serves queue '" + it->second +
                                            "' and cannot be another handler's target");
    }
    auto check_logger = [&](const LoggerSpec& l) {
        for (size_t i = 0; i < l.handlers.size(); ++i)
            if (auto it = served_by.find(l.handlers[i]); it != served_by.end())
                fail(l.path + ".handlers[" + std::to_string(i) + "]", "handler '" + l.handlers[i] +
                                                                          "' serves queue '" + it->second +
                                                                          "' and cannot be on a logger");
    };
    for (const auto& l : spec.loggers) check_logger(l);
    if (spec.root) check_logger(*spec.root);
    // Depth-first: targets first; a handler met again while open is a cycle.
    std::vector<HandlerEntry> ordered;
    std::vector<int> state(spec.handlers.size(), 0);  // 0 new, 1 open, 2 done
    auto visit = [&](auto&& self, size_t i) -> void {
        if (state[i] == 2) return;
        if (state[i] == 1) {
            const HandlerEntry& h = spec.handlers[i];
            fail(h.path + "." + std::string(h.spec->targets_key().key),
                 h.spec->targets_key().exclusive ? "queue handlers feed each other in a cycle"
                                                 : "handlers feed each other in a cycle");
        }
        state[i] = 1;
        for (const auto& t : spec.handlers[i].spec->targets()) self(self, index.at(t));
        state[i] = 2;
        ordered.push_back(std::move(spec.handlers[i]));
    };
    for (size_t i = 0; i < spec.handlers.size(); ++i) visit(visit, i);
    // A handler's key holds its targets' keys: a changed target changes it.
    std::map<std::string, std::string> keys;
    for (auto& h : ordered) {
        for (const auto& t : h.spec->targets()) h.key += "|T" + keys.at(t);
        keys[h.name] = h.key;
    }
    spec.handlers = std::move(ordered);
}

}  // namespace

Spec read_spec(const Node& root) {
    Keys top(root, "");
    Spec spec;
    const Node* version = top.get("version");
    if (version == nullptr) top.fail("version", "missing (write \"version\": 1)");
    // As dictConfig's `version != 1`: 1.0 is version 1 too.
    const bool one = (version->kind == Node::Kind::Int && version->integer == 1) ||
                     (version->kind == Node::Kind::Float && version->number == 1.0);
    if (!one) top.fail("version", "unsupported version " + canonical(*version) + " (only 1)");
    // Read first: every level below may use the names.
    if (const Node* names = top.get("levels")) spec.level_names = read_level_names(*names);
    const LevelNamesInScope names_in_scope(spec.level_names);
    spec.incremental = top.boolean("incremental").value_or(false);
    spec.disable_existing = top.boolean("disable_existing_loggers").value_or(true);
    if (const Node* formatters = top.table("formatters"))
        for (const auto& [name, node] : formatters->fields)
            spec.formatters[name] = read_formatter(node, join_path("formatters", name));
    if (const Node* filters = top.table("filters"))
        for (const auto& [name, node] : filters->fields)
            spec.filters[name] = read_filter(node, join_path("filters", name));
    if (const Node* handlers = top.table("handlers")) {
        for (const auto& [name, node] : handlers->fields) {
            std::string path = join_path("handlers", name);
            if (spec.incremental) {
                // Only a level, for a handler made by an earlier configuration.
                Keys keys(node, path);
                HandlerEntry h;
                h.name = name;
                h.path = path;
                h.level = keys.level("level");
                spec.handlers.push_back(std::move(h));
                continue;
            }
            spec.handlers.push_back(read_handler(name, node, path, spec));
        }
    }
    if (const Node* loggers = top.table("loggers"))
        for (const auto& [name, node] : loggers->fields) {
            std::string path = join_path("loggers", name);
            if (name.empty() || name == "root") fail(path, "configure the root logger under `root`");
            // Checked here: the registry would refuse it only once loggers change.
            if (name.find('\0') != std::string::npos) fail(path, "a NUL byte in the logger name");
            spec.loggers.push_back(read_logger(name, node, path, false));
        }
    if (const Node* root_node = top.get("root")) spec.root = read_logger("", *root_node, "root", true);
    top.finish();
    if (spec.incremental) return spec;
    auto check_logger = [&](const LoggerSpec& l) {
        std::map<std::string, int> handlers;
        for (const auto& h : spec.handlers) handlers[h.name] = 0;
        check_names(handlers, l.handlers, l.path + ".handlers", "handler");
        check_names(spec.filters, l.filters, l.path + ".filters", "filter");
    };
    for (const auto& l : spec.loggers) check_logger(l);
    if (spec.root) check_logger(*spec.root);
    order_handlers(spec);
    return spec;
}

}  // namespace picolog::config
