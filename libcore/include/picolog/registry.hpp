// registry.hpp - the process-wide map of loggers.
//
// Lookups run in parallel under a shared lock; creation takes the exclusive
// lock and checks again, as Python's Manager, linking the new logger under its
// nearest existing ancestor and adopting existing descendants (the
// placeholder fix-up). The registry and its loggers are never destroyed.
#pragma once

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "picolog/in_flight_calls.hpp"
#include "picolog/logger.hpp"

namespace picolog {

class Registry {
public:
    // Created on first use, never destroyed (no static destruction order).
    static Registry& instance() noexcept;

    Logger& root() noexcept { return *root_; }
    // "" and "root" give the root logger. Throws Error(kInvalid) for a name
    // with a NUL byte or longer than 4294967295 bytes, Error(kNoMemory) if
    // allocation fails.
    Logger& get(std::string_view name);
    Logger* find(std::string_view name) const noexcept;
    // A new logger outside the hierarchy (Python's Logger(name) made
    // directly): no parent, not found by name, not visited by for_each; it
    // logs to its own handlers and follows the global disable level. Lives
    // until the process exits, like every logger. Throws as get().
    Logger& standalone(std::string_view name);

    // Python's logging.disable(level); NOTSET undoes it.
    void set_disable(int level);
    int disable() const noexcept { return disable_.load(std::memory_order_relaxed); }

    // The lowest threshold of any logger (kept current on every change).
    int min_threshold() const noexcept { return min_threshold_.load(std::memory_order_relaxed); }

    // Listeners run after any threshold change (see picolog_add_level_listener),
    // outside the registry lock. Once remove_level_listener returns, the
    // listener is not called again, and no other thread is still calling it
    // (a call on the removing thread itself, a listener removing itself, is
    // the caller's own).
    using LevelListener = void (*)(void* userdata);
    void add_level_listener(LevelListener fn, void* userdata);
    bool remove_level_listener(LevelListener fn, void* userdata);

    // Visits every logger (root first) under the shared lock.
    void for_each(const std::function<void(Logger&)>& fn) const;
    size_t size() const;

    // fork() support: prepare takes the exclusive lock; parent releases it;
    // child makes a fresh lock.
    void lock_for_fork();
    void unlock_after_fork_parent();
    void reinit_after_fork_child();

private:
    friend class Logger;
    Registry();
    // Recomputes levels and thresholds from `from` down and min_threshold_;
    // mutex_ held exclusively.
    void update_levels_locked(Logger& from);
    Logger* nearest_ancestor_locked(std::string_view name) const;
    // The first logger among the names walk(fn) passes to fn, else the root.
    template <class Walk>
    Logger* first_existing_locked(Walk&& walk) const;
    template <class Fn>
    void for_each_locked(Fn&& fn) const;  // every logger, standalone ones too; mutex_ held
    void notify_level_listeners() noexcept;
    // Applies a level-affecting change under the exclusive lock, recomputes
    // thresholds from `from` down, then tells the listeners.
    template <class Change>
    void change_levels(Logger& from, Change&& change) {
        {
            std::unique_lock lock(mutex_);
            change();
            update_levels_locked(from);
        }
        notify_level_listeners();
    }

    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, Logger*, Hash, std::equal_to<>> loggers_;
    Logger* root_;
    std::vector<Logger*> standalone_;  // guarded by mutex_
    std::atomic<int> disable_{0};
    std::atomic<int> min_threshold_{0};
    // Calls fn(userdata) if it is still registered, marked as in progress.
    void call_level_listener(LevelListener fn, void* userdata) noexcept;
    std::mutex listeners_mutex_;
    std::vector<std::pair<LevelListener, void*>> listeners_;         // guarded by listeners_mutex_
    InFlightCalls<std::pair<LevelListener, void*>> listener_calls_;  // guarded by listeners_mutex_
};

}  // namespace picolog
