// registry.cpp - the name -> logger map with Python Manager semantics: a new
// logger hangs under its nearest existing ancestor and adopts the existing
// loggers that belong below it.
#include "picolog/registry.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>

#include "fork_lock.hpp"
#include "picolog/level.hpp"
#include "picolog/runtime.hpp"

namespace picolog {
namespace {

// A logger's name may hold no NUL byte, and its length fits the 32 bits a
// queued record keeps for it (encoding.hpp). The length is checked first:
// nothing past it is read.
void check_name(std::string_view name) {
    if (name.size() > std::numeric_limits<uint32_t>::max())
        throw Error(kInvalid, "a logger name cannot be longer than 4294967295 bytes");
    if (name.find('\0') != std::string_view::npos)
        throw Error(kInvalid, "a logger name cannot contain a NUL byte");
}

// Calls fn(name[:i]) for Python's Manager._fixupParents walk from the last
// '.' before `end`, longest first, until fn returns true.
template <class Fn>
void walk_names_from(std::string_view name, size_t end, Fn&& fn) {
    // Python's name.rfind(".", 0, end): the last '.' before `end`.
    auto last_dot_before = [name](size_t end) -> size_t {
        return end == 0 ? std::string_view::npos : name.substr(0, end).rfind('.');
    };
    size_t i = last_dot_before(end);
    while (i != std::string_view::npos && i > 0) {
        if (fn(name.substr(0, i))) return;
        i = last_dot_before(i - 1);
    }
}

// The ancestor names of `name` ("a.b.c" gives "a.b" then "a").
template <class Fn>
void walk_ancestor_names(std::string_view name, Fn&& fn) {
    walk_names_from(name, name.size(), fn);
}

// The names a descendant's walk visits after `name` (not empty). They are
// its ancestor names, unless it ends with a '.': the walk then skips the
// name without it ("a.b...c" visits "a.b..", then "a.b", not "a.b.").
template <class Fn>
void walk_names_after(std::string_view name, Fn&& fn) {
    walk_names_from(name, name.size() - 1, fn);
}

}  // namespace

Registry& Registry::instance() noexcept {
    static Registry* registry = new Registry();
    return *registry;
}

Registry::Registry() : root_(new Logger("root", nullptr)) {
    root_->level_.store(WARNING, std::memory_order_relaxed);
    root_->update_levels_locked(NOTSET);
    min_threshold_.store(root_->threshold_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    runtime::ensure_initialized();
}

Logger* Registry::nearest_ancestor_locked(std::string_view name) const {
    return first_existing_locked([&](auto&& fn) { walk_ancestor_names(name, fn); });
}

template <class Walk>
Logger* Registry::first_existing_locked(Walk&& walk) const {
    Logger* found = root_;
    walk([&](std::string_view prefix) {
        auto it = loggers_.find(prefix);
        if (it == loggers_.end()) return false;
        found = it->second;
        return true;
    });
    return found;
}

Logger* Registry::find(std::string_view name) const noexcept {
    if (name.empty() || name == "root") return root_;
    std::shared_lock lock(mutex_);
    auto it = loggers_.find(name);
    return it == loggers_.end() ? nullptr : it->second;
}

Logger& Registry::get(std::string_view name) {
    check_name(name);
    if (Logger* existing = find(name)) return *existing;
    Logger* created;
    try {
        std::unique_lock lock(mutex_);
        auto it = loggers_.find(name);
        if (it != loggers_.end()) return *it->second;
        Logger* parent = nearest_ancestor_locked(name);
        // The loggers that belong below the new one hang, until now, under
        // the first logger their walk meets after `name`: `parent`, unless
        // the name ends with a '.'.
        Logger* former = first_existing_locked([&](auto&& fn) { walk_names_after(name, fn); });
        auto owned = std::unique_ptr<Logger>(new Logger(std::string(name), parent));
        created = owned.get();
        // Those whose ancestor walk meets `name` before `former`.
        std::vector<Logger*> adopted;
        for (Logger* child : former->children_) {
            bool below = false;
            walk_ancestor_names(child->name_, [&](std::string_view prefix) {
                below = prefix == name;
                return below || (former != root_ && prefix == former->name_);
            });
            if (below) adopted.push_back(child);
        }
        parent->children_.reserve(parent->children_.size() + 1);
        created->children_ = adopted;
        loggers_.emplace(created->name_, created);
        owned.release();  // loggers live until the process exits
        // Nothing below can throw.
        std::erase_if(former->children_, [&](Logger* c) {
            return std::find(adopted.begin(), adopted.end(), c) != adopted.end();
        });
        parent->children_.push_back(created);
        // A route may pass through the new parent now (route.hpp).
        route::begin_relink();
        for (Logger* child : adopted) child->parent_.store(created, std::memory_order_release);
        route::end_relink();
        created->update_levels_locked(disable_.load(std::memory_order_relaxed));
        int threshold = created->threshold_.load(std::memory_order_relaxed);
        if (threshold < min_threshold_.load(std::memory_order_relaxed))
            min_threshold_.store(threshold, std::memory_order_relaxed);
    } catch (const std::bad_alloc&) {
        throw Error(kNoMemory, "out of memory creating logger '" + std::string(name) + "'");
    }
    notify_level_listeners();
    return *created;
}

Logger& Registry::standalone(std::string_view name) {
    check_name(name);
    Logger* created;
    try {
        std::unique_lock lock(mutex_);
        auto owned = std::unique_ptr<Logger>(new Logger(std::string(name), nullptr));
        standalone_.push_back(owned.get());
        created = owned.release();  // loggers live until the process exits
        update_levels_locked(*created);
    } catch (const std::bad_alloc&) {
        throw Error(kNoMemory, "out of memory creating logger '" + std::string(name) + "'");
    }
    notify_level_listeners();
    return *created;
}

void Registry::update_levels_locked(Logger& from) {
    int disable = disable_.load(std::memory_order_relaxed);
    from.update_levels_locked(disable);
    // The global disable level reaches loggers outside the hierarchy too.
    if (&from == root_)
        for (Logger* logger : standalone_) logger->update_levels_locked(disable);
    int lowest = root_->threshold_.load(std::memory_order_relaxed);
    for_each_locked([&](Logger* logger) {
        lowest = std::min<int>(lowest, logger->threshold_.load(std::memory_order_relaxed));
    });
    min_threshold_.store(lowest, std::memory_order_relaxed);
}

void Registry::set_disable(int level) {
    if (!levels::valid(level))
        throw Error(kInvalid, "disable level " + std::to_string(level) + " is negative");
    change_levels(*root_, [&] { disable_.store(level, std::memory_order_relaxed); });
}

void Registry::add_level_listener(LevelListener fn, void* userdata) {
    if (fn == nullptr) throw Error(kInvalid, "the level listener is NULL");
    std::lock_guard lock(listeners_mutex_);
    listeners_.emplace_back(fn, userdata);
}

bool Registry::remove_level_listener(LevelListener fn, void* userdata) {
    std::unique_lock lock(listeners_mutex_);
    auto it = std::find(listeners_.begin(), listeners_.end(), std::make_pair(fn, userdata));
    if (it == listeners_.end()) return false;
    listeners_.erase(it);
    // The caller may free userdata once this returns: another thread's call
    // to the listener finishes first.
    listener_calls_.wait_for_others(lock, {fn, userdata});
    return true;
}

void Registry::notify_level_listeners() noexcept {
    std::vector<std::pair<LevelListener, void*>> listeners;
    try {
        std::lock_guard lock(listeners_mutex_);
        if (listeners_.empty()) return;
        listeners = listeners_;
    } catch (...) {
        return;  // out of memory: the listeners catch up on the next change
    }
    for (const auto& [fn, userdata] : listeners) call_level_listener(fn, userdata);
}

void Registry::call_level_listener(LevelListener fn, void* userdata) noexcept {
    const std::pair key(fn, userdata);
    {
        std::lock_guard lock(listeners_mutex_);
        // Removed since the list was copied: its userdata may be gone.
        if (std::find(listeners_.begin(), listeners_.end(), key) == listeners_.end()) return;
        // Out of memory: the listener catches up on the next change.
        if (!listener_calls_.enter(key)) return;
    }
    fn(userdata);
    std::lock_guard lock(listeners_mutex_);
    listener_calls_.leave(key);
}

template <class Fn>
void Registry::for_each_locked(Fn&& fn) const {
    fn(root_);
    for (const auto& entry : loggers_) fn(entry.second);
    for (Logger* logger : standalone_) fn(logger);
}

void Registry::for_each(const std::function<void(Logger&)>& fn) const {
    std::shared_lock lock(mutex_);
    fn(*root_);
    for (const auto& [name, logger] : loggers_) fn(*logger);
}

size_t Registry::size() const {
    std::shared_lock lock(mutex_);
    return loggers_.size() + 1;
}

// The loggers' handler and filter lists are held too: a thread caught
// copying one at the fork would leave its lock taken in the child.
void Registry::lock_for_fork() {
    mutex_.lock();
    listeners_mutex_.lock();
    for_each_locked([](Logger* l) {
        l->handlers_.lock_for_fork();
        l->filters_.lock_for_fork();
    });
}

void Registry::unlock_after_fork_parent() {
    for_each_locked([](Logger* l) {
        l->filters_.unlock_after_fork_parent();
        l->handlers_.unlock_after_fork_parent();
    });
    listeners_mutex_.unlock();
    mutex_.unlock();
}

void Registry::reinit_after_fork_child() {
    fork_lock::renew_in_child(mutex_);
    fork_lock::renew_in_child(listeners_mutex_);
    listener_calls_.forget_other_threads_after_fork();
    for_each_locked([](Logger* l) {
        l->handlers_.reinit_after_fork_child();
        l->filters_.reinit_after_fork_child();
    });
}

}  // namespace picolog
