// apply.cpp - the transactional half of configuration: every object is built
// (or found unchanged from the previous configuration) before any logger is
// touched; then each logger's handler list is replaced in one step, so a
// record meets the old handlers or the new ones, never both or neither.
#include "apply.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "../fork_lock.hpp"
#include "picolog/error.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"
#include "picolog/runtime.hpp"
#include "test_seams.hpp"

namespace picolog::config {
namespace {

[[noreturn]] void rethrow_at(const std::string& path, const Error& e) {
    throw Error(e.code(), path + ": " + e.what());
}

struct BuiltHandlers {
    std::map<std::string, AppliedState::Named> named;
    std::vector<std::string> truncate;  // files the new handlers' mode "w" empties
    // The handlers kept from the previous configuration, with the level this
    // one gives them: an incremental configuration or the program may have
    // changed it since, and a new handler would have this one.
    std::vector<std::pair<Ref<Handler>, int>> kept_levels;
};

BuiltHandlers build_handlers(const Spec& spec, const BuiltObjects& objects, const AppliedState& state) {
    std::map<std::string, std::string> queue_of;  // target -> the queue it serves
    for (const auto& h : spec.handlers)
        if (h.spec->targets_key().exclusive)
            for (const auto& t : h.spec->targets()) queue_of[t] = h.name;
    auto unchanged = [&](const std::string& name, const std::string& key) {
        auto it = state.handlers.find(name);
        return it != state.handlers.end() && it->second.key == key;
    };
    std::map<std::string, const HandlerEntry*> by_name;
    for (const auto& h : spec.handlers) by_name[h.name] = &h;
    BuiltHandlers out;
    for (const auto& h : spec.handlers) {
        // A listener's handler can only stay with its own queue: kept when
        // the queue is, built afresh when the queue is.
        bool keep;
        if (auto q = queue_of.find(h.name); q != queue_of.end())
            keep = unchanged(q->second, by_name.at(q->second)->key);
        else
            keep = unchanged(h.name, h.key) && !state.handlers.at(h.name).handler->owned_by_listener();
        if (keep) {
            out.named[h.name] = state.handlers.at(h.name);
            out.kept_levels.emplace_back(out.named[h.name].handler, h.level.value_or(NOTSET));
            continue;
        }
        std::vector<Ref<Handler>> targets;
        for (const auto& t : h.spec->targets()) targets.push_back(out.named.at(t).handler);
        Ref<Handler> handler;
        try {
            handler = h.spec->build(std::move(targets));
            if (h.level) handler->set_level(*h.level);
            if (!h.formatter.empty()) handler->set_formatter(objects.formatters.at(h.formatter));
            for (const auto& f : h.filters) handler->filters().add(objects.filters.at(f));
        } catch (const Error& e) {
            rethrow_at(h.path, e);
        }
        out.named[h.name] = {h.key, std::move(handler)};
        if (std::string file = h.spec->truncates(); !file.empty()) out.truncate.push_back(std::move(file));
    }
    return out;
}

void apply_logger(Logger& logger, const LoggerSpec& l, const BuiltObjects& objects,
                  const BuiltHandlers& built) {
    std::vector<Ref<Handler>> handlers;
    for (const auto& name : l.handlers) handlers.push_back(built.named.at(name).handler);
    std::vector<Ref<const Filter>> filters;
    for (const auto& name : l.filters) filters.push_back(objects.filters.at(name));
    if (l.level) logger.set_level(*l.level);
    logger.set_handlers(std::move(handlers));
    logger.filters().replace(std::move(filters));
    if (&logger != &Registry::instance().root()) {
        logger.set_disabled(false);
        if (l.propagate) logger.set_propagate(*l.propagate);
    }
}

bool below_any(std::string_view name, const std::vector<LoggerSpec>& loggers) {
    return std::any_of(loggers.begin(), loggers.end(), [&](const LoggerSpec& l) {
        return name.size() > l.name.size() && name.starts_with(l.name) && name[l.name.size()] == '.';
    });
}

// The configuration's `levels`, as logging.addLevelName calls in their order.
void name_levels(const Spec& spec) {
    for (const auto& [name, level] : spec.level_names) levels::add_name(level, name);
}

void apply_incremental(const Spec& spec, AppliedState& state) {
    for (const auto& h : spec.handlers)
        if (state.handlers.find(h.name) == state.handlers.end())
            throw Error(kInvalid,
                        h.path + ": no handler named '" + h.name + "' from an earlier configuration");
    name_levels(spec);
    Registry& registry = Registry::instance();
    for (const auto& h : spec.handlers)
        if (h.level) state.handlers.at(h.name).handler->set_level(*h.level);
    auto apply = [&](Logger& logger, const LoggerSpec& l) {
        if (l.level) logger.set_level(*l.level);
        if (&logger != &registry.root()) {
            logger.set_disabled(false);
            if (l.propagate) logger.set_propagate(*l.propagate);
        }
    };
    for (const auto& l : spec.loggers) apply(registry.get(l.name), l);
    if (spec.root) apply(registry.root(), *spec.root);
}

thread_local bool holds_state = false;  // this thread holds applied_state().mutex
bool locked_for_fork = false;           // prepare took it (nobody held it)

// Prepare never waits for the mutex: its holder may be waiting for the
// forking thread (an error hook in another language, waiting for a lock the
// forking thread has). It takes it only when it is free, so that the child
// then sees no configuration half applied.
void prepare_fork(void*) {
    if (!holds_state) locked_for_fork = applied_state().mutex.try_lock();
}

void parent_after_fork(void*) {
    if (locked_for_fork) applied_state().mutex.unlock();
    locked_for_fork = false;
}

void child_after_fork(void*) {
    if (!holds_state) fork_lock::renew_in_child(applied_state().mutex);
    locked_for_fork = false;
}

}  // namespace

AppliedState& applied_state() {
    static AppliedState* s = [] {
        auto* state = new AppliedState();
        runtime::add_fork_hooks({prepare_fork, parent_after_fork, child_after_fork, nullptr});
        return state;
    }();
    return *s;
}

StateLock::StateLock(AppliedState& state) : state_(state) {
    if (!state_.mutex.try_lock()) {
        lock_wait_seam();
        state_.mutex.lock();
    }
    holds_state = true;
}

StateLock::~StateLock() {
    holds_state = false;
    state_.mutex.unlock();
}

BuiltObjects build_formatters_and_filters(const Spec& spec) {
    BuiltObjects out;
    for (const auto& [name, f] : spec.formatters) {
        try {
            if (f.json)
                out.formatters[name] = Ref<const Formatter>(Ref<JsonFormatter>::make());
            else
                out.formatters[name] =
                    Ref<const Formatter>(Ref<PatternFormatter>::make(f.format, f.datefmt, f.style));
        } catch (const Error& e) {
            throw Error(kInvalid, join_path("formatters", name) + ".format: " + e.what());
        }
    }
    for (const auto& [name, f] : spec.filters)
        out.filters[name] = Ref<const Filter>(Ref<NameFilter>::make(f.name));
    return out;
}

void apply_spec(const Spec& spec, AppliedState& state) {
    if (spec.incremental) return apply_incremental(spec, state);
    BuiltObjects objects = build_formatters_and_filters(spec);
    BuiltHandlers built = build_handlers(spec, objects, state);
    // Nothing has changed so far; from here on nothing fails but memory.
    // Every handler is built, so mode "w" may now empty its file (a FIFO or
    // a device, which O_TRUNC leaves alone, refuses with EINVAL).
    for (const auto& file : built.truncate)
        if (::truncate(file.c_str(), 0) != 0 && errno != EINVAL)
            runtime::report_error("picolog: " + file + ": cannot truncate: " + std::strerror(errno));
    name_levels(spec);
    for (const auto& [handler, level] : built.kept_levels) handler->set_level(level);
    Registry& registry = Registry::instance();
    std::vector<Logger*> existing;
    registry.for_each([&](Logger& l) {
        if (&l != &registry.root()) existing.push_back(&l);
    });
    for (const auto& l : spec.loggers) apply_logger(registry.get(l.name), l, objects, built);
    for (Logger* logger : existing) {
        std::string_view name = logger->name();
        if (std::any_of(spec.loggers.begin(), spec.loggers.end(),
                        [&](const LoggerSpec& l) { return l.name == name; }))
            continue;
        if (below_any(name, spec.loggers)) {
            // As logging: a logger below a configured one is reset to follow it.
            logger->set_level(NOTSET);
            logger->set_handlers({});
            logger->set_propagate(true);
        } else {
            logger->set_disabled(spec.disable_existing);
        }
    }
    if (spec.root) apply_logger(registry.root(), *spec.root, objects, built);
    // The previous configuration's handlers that were not kept: flushed, and
    // closed when the last logging thread using them lets go (a thread may
    // still be inside one; closing it now would lose that record).
    std::map<std::string, AppliedState::Named> previous;
    previous.swap(state.handlers);
    state.handlers = std::move(built.named);
    for (const auto& entry : previous) {
        const Ref<Handler>& old = entry.second.handler;
        bool kept = std::any_of(state.handlers.begin(), state.handlers.end(),
                                [&](const auto& now) { return now.second.handler == old; });
        if (!kept && !old->owned_by_listener()) old->flush();
    }
}

}  // namespace picolog::config
