// runtime.cpp - process-wide services: the error hook, the live-handler
// list, flush_all / shutdown, and the exit and fork hooks.
//
// Fork lock order: the fork hooks' prepare steps (queues park their
// listeners), then every live handler's lock, then the registry's locks (with
// the loggers' handler and filter lists), the level table, the handlers'
// filter lists, and last the runtime's own locks. Handler locks come before the registry's because a
// handler may create a logger while emitting (a Python handler calling
// getLogger), while nothing holding the registry lock ever takes a handler's.
#include "picolog/runtime.hpp"

#include <pthread.h>
#include <sys/uio.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "fork_lock.hpp"
#include "picolog/crash.hpp"
#include "picolog/fence.hpp"
#include "picolog/fork_gate.hpp"
#include "picolog/handler.hpp"
#include "picolog/hazard.hpp"
#include "picolog/housekeeping.hpp"
#include "picolog/in_flight_calls.hpp"
#include "picolog/level.hpp"
#include "picolog/memory.hpp"
#include "picolog/producer_index.hpp"
#include "picolog/record.hpp"
#include "picolog/reentry.hpp"
#include "picolog/registry.hpp"

namespace picolog::runtime {
namespace {

struct State {
    std::mutex handlers_mutex;
    std::vector<Handler*> handlers;  // registration order

    std::mutex hook_mutex;
    ErrorHook hook = nullptr;
    void* hook_userdata = nullptr;
    uint64_t hook_generation = 0;  // guarded by hook_mutex; one more per replacement
    // Calls to the error hook in progress, by the generation of the hook
    // they call. Guarded by hook_mutex.
    InFlightCalls<uint64_t> hook_calls;

    std::mutex fork_mutex;  // held from prepare to parent / child
    std::vector<std::pair<int, ForkHooks>> fork_hooks;
    int next_fork_id = 1;

    // Set during one fork, by prepare.
    std::vector<ForkHooks> forking_hooks;
    std::vector<Ref<Handler>> forking_handlers;
    std::vector<Handler*> forking_locks;  // the handlers prepare locked
};

std::atomic<ErrorHookWait> g_hook_wait_seam{nullptr};

// Never destroyed: handlers and the exit hook may use it during static
// destruction.
State& state() noexcept {
    static State* s = new State();
    return *s;
}

void default_error_hook(std::string_view message) noexcept {
    iovec parts[2] = {{const_cast<char*>(message.data()), message.size()}, {const_cast<char*>("\n"), 1}};
    ssize_t ignored = ::writev(2, parts, 2);
    (void)ignored;
}

// The handlers that are in use and not owned by a queue's listener (the
// queue flushes and closes those), each with a reference.
std::vector<Ref<Handler>> live_handlers() noexcept {
    State& s = state();
    std::vector<Ref<Handler>> out;
    try {
        std::lock_guard lock(s.handlers_mutex);
        out.reserve(s.handlers.size());
        for (Handler* h : s.handlers)
            if (h->in_use() && !h->owned_by_listener() && h->try_retain())
                out.push_back(Ref<Handler>::adopt(h));
    } catch (const std::bad_alloc&) {
        // Act on the handlers collected so far.
    }
    return out;
}

// The handlers holding records back (memory and backtrace handlers), each
// before those of them it passes records to: newest first (as Python's
// logging.shutdown goes) where nothing else decides, which puts a handler
// made after its target first already. A target given later
// (picolog_memory_handler_set_target) may be newer than the handler feeding
// it; that handler must still go first, or what it passes on would reach a
// target already flushed or closed. A holder has one target, so the holders
// form chains that may merge: each is taken once no holder left feeds it,
// the newest of those first. set_target refuses a cycle of targets; were
// there one, its holders would follow the rest, newest first.
std::vector<Handler*> holders_feeders_first(const std::vector<Ref<Handler>>& handlers) {
    std::vector<Handler*> holders;  // newest first
    for (auto it = handlers.rbegin(); it != handlers.rend(); ++it)
        if ((*it)->holds_records()) holders.push_back(it->get());
    std::unordered_map<const Handler*, size_t> index;
    for (size_t i = 0; i < holders.size(); ++i) index.emplace(holders[i], i);
    // The holder each one feeds (its position), and how many feed each.
    constexpr size_t kNone = SIZE_MAX;
    std::vector<size_t> feeds(holders.size(), kNone);
    std::vector<size_t> fed_by(holders.size(), 0);
    for (size_t i = 0; i < holders.size(); ++i) {
        auto* holder = dynamic_cast<HoldingHandler*>(holders[i]);
        if (holder == nullptr) continue;
        if (auto found = index.find(holder->target().get()); found != index.end()) {
            feeds[i] = found->second;
            ++fed_by[found->second];
        }
    }
    std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
    for (size_t i = 0; i < holders.size(); ++i)
        if (fed_by[i] == 0) ready.push(i);
    std::vector<Handler*> order;
    order.reserve(holders.size());
    while (!ready.empty()) {
        const size_t i = ready.top();
        ready.pop();
        order.push_back(holders[i]);
        if (feeds[i] != kNone && --fed_by[feeds[i]] == 0) ready.push(feeds[i]);
    }
    // Holders never taken are still fed by one left: a cycle.
    for (size_t i = 0; i < holders.size(); ++i)
        if (fed_by[i] != 0) order.push_back(holders[i]);
    return order;
}

// Handlers that pass records on go before the handlers they feed. When there
// are memory handlers, the queues are drained first (into handlers still
// open, memory handlers included); then handlers holding records back
// (memory handlers) pass them on to their targets, still open, in the order
// above; then the queues, which may have been fed by those; then the rest.
template <class Fn>
int for_each_feeders_first(Fn&& fn) noexcept {
    std::vector<Ref<Handler>> handlers = live_handlers();
    int status = kOk;
    bool holders =
        std::any_of(handlers.begin(), handlers.end(), [](const auto& h) { return h->holds_records(); });
    if (holders)
        for (const auto& h : handlers)
            if (h->is_queue()) status = worse_status(status, h->flush());
    if (holders) {
        std::vector<Handler*> ordered;
        try {
            ordered = holders_feeders_first(handlers);
        } catch (const std::bad_alloc&) {
            // Out of memory: newest first, which serves every chain whose
            // handlers were made after their targets.
            for (auto it = handlers.rbegin(); it != handlers.rend(); ++it)
                if ((*it)->holds_records()) status = worse_status(status, fn(**it));
        }
        for (Handler* h : ordered) status = worse_status(status, fn(*h));
    }
    for (const auto& h : handlers)
        if (h->is_queue()) status = worse_status(status, fn(*h));
    for (const auto& h : handlers)
        if (!h->is_queue() && !h->holds_records()) status = worse_status(status, fn(*h));
    return status;
}

thread_local constinit ThreadExitHook t_exit_hook = nullptr;
thread_local constinit void* t_exit_hook_userdata = nullptr;

void at_exit() {
    const ThreadExitHook hook = t_exit_hook;
    void* userdata = t_exit_hook_userdata;
    if (hook != nullptr) hook(userdata, false);
    shutdown();
    if (hook != nullptr) hook(userdata, true);
}

void fork_prepare() {
    State& s = state();
    s.fork_mutex.lock();
    try {
        // Newest first: a queue registers after the handlers it is given, so
        // a queue feeding another queue parks its listener while the other
        // one still drains (it may be waiting for room there).
        s.forking_hooks.clear();
        for (auto it = s.fork_hooks.rbegin(); it != s.fork_hooks.rend(); ++it)
            s.forking_hooks.push_back(it->second);
    } catch (const std::bad_alloc&) {
    }
    for (const ForkHooks& h : s.forking_hooks)
        if (h.prepare != nullptr) h.prepare(h.userdata);
    {
        std::lock_guard lock(s.handlers_mutex);
        try {
            s.forking_handlers.clear();
            s.forking_handlers.reserve(s.handlers.size());
            for (Handler* h : s.handlers)
                if (h->try_retain()) s.forking_handlers.push_back(Ref<Handler>::adopt(h));
        } catch (const std::bad_alloc&) {
        }
    }
    s.forking_locks.clear();
    try {
        s.forking_locks.reserve(s.forking_handlers.size());
    } catch (const std::bad_alloc&) {
        s.forking_handlers.clear();  // unlocked in the parent, made fresh in the child
    }
    for (const auto& h : s.forking_handlers) {
        // A handler held by a quiet thread is at rest: freeze that thread
        // rather than wait for it (it may be waiting for this one; see
        // fork_gate.hpp). A running holder finishes shortly.
        for (unsigned rounds = 0;;) {
            if (h->try_lock_for_fork()) {
                s.forking_locks.push_back(h.get());
                break;
            }
            fork_gate::Gate* holder = h->holder();
            if (holder != nullptr && fork_gate::freeze(*holder) && h->holder() == holder) break;
            fork_gate::backoff(rounds);
        }
    }
    // After the hooks: a listener parking for the fork may need an index.
    lock_producer_indexes_for_fork();
    Registry::instance().lock_for_fork();
    levels::lock_for_fork();
    for (const auto& h : s.forking_handlers) h->filters().lock_for_fork();
    s.handlers_mutex.lock();
    s.hook_mutex.lock();
}

void fork_parent() {
    State& s = state();
    s.hook_mutex.unlock();
    s.handlers_mutex.unlock();
    for (auto it = s.forking_handlers.rbegin(); it != s.forking_handlers.rend(); ++it)
        (*it)->filters().unlock_after_fork_parent();
    levels::unlock_after_fork_parent();
    Registry::instance().unlock_after_fork_parent();
    unlock_producer_indexes_after_fork_parent();
    for (auto it = s.forking_locks.rbegin(); it != s.forking_locks.rend(); ++it)
        (*it)->unlock_after_fork_parent();
    for (auto it = s.forking_hooks.rbegin(); it != s.forking_hooks.rend(); ++it)
        if (it->parent != nullptr) it->parent(it->userdata);
    fork_gate::thaw_all_after_fork_parent();
    s.forking_locks.clear();
    s.forking_hooks.clear();
    std::vector<Ref<Handler>> release = std::move(s.forking_handlers);
    s.forking_handlers.clear();
    s.fork_mutex.unlock();
    // References dropped last: a final release closes its handler, which for
    // a queue needs the listener the hooks have just resumed.
}

void fork_child() {
    State& s = state();
    fence::reinit_after_fork_child();
    reset_process_cache_after_fork();
    hazard::forget_other_threads_after_fork();
    fork_lock::renew_in_child(s.hook_mutex);
    s.hook_calls.forget_other_threads_after_fork();
    fork_lock::renew_in_child(s.handlers_mutex);
    fork_gate::reset_after_fork_child();
    // Every registered handler, not only those locked in prepare: one
    // registered while the fork was being prepared may also have been held.
    for (Handler* h : s.handlers) {
        const bool locked =
            std::find(s.forking_locks.begin(), s.forking_locks.end(), h) != s.forking_locks.end();
        h->reinit_lock_after_fork(locked);
        h->filters().reinit_after_fork_child();
    }
    Registry::instance().reinit_after_fork_child();
    reinit_producer_indexes_after_fork_child();
    levels::reinit_after_fork_child();
    for (const ForkHooks& h : s.forking_hooks)
        if (h.child != nullptr) h.child(h.userdata);
    s.forking_locks.clear();
    s.forking_hooks.clear();
    std::vector<Ref<Handler>> release = std::move(s.forking_handlers);
    s.forking_handlers.clear();
    fork_lock::renew_in_child(s.fork_mutex);
}

}  // namespace

void ensure_initialized() noexcept {
    static std::once_flag once;
    std::call_once(once, [] {
        state();
        std::atexit(at_exit);
        ::pthread_atfork(fork_prepare, fork_parent, fork_child);
    });
}

void set_error_hook(ErrorHook hook, void* userdata) noexcept {
    State& s = state();
    std::unique_lock lock(s.hook_mutex);
    s.hook = hook;
    s.hook_userdata = userdata;
    const uint64_t replaced = s.hook_generation++;
    // The caller may free the replaced hook's userdata once this returns:
    // other threads' calls to it finish first. The calling thread's own
    // calls go on after it returns (a hook replacing the hook). Only calls to
    // the hook replaced here are waited for, so of two threads inside a hook
    // that both replace it, the later replacement does not wait for the
    // earlier one's thread. From inside a callback (a handler's emit, a
    // filter) the caller may hold a lock such a call waits for: no wait.
    if (reentry::in_callout() || !s.hook_calls.others_in(replaced)) return;
    if (ErrorHookWait seam = g_hook_wait_seam.load(std::memory_order_acquire)) seam();
    s.hook_calls.wait_for_others(lock, replaced);
}

void set_error_hook_wait_seam_for_test(ErrorHookWait seam) noexcept {
    g_hook_wait_seam.store(seam, std::memory_order_release);
}

void report_error(std::string_view message) noexcept {
    State& s = state();
    ErrorHook hook;
    void* userdata;
    uint64_t generation;
    {
        std::lock_guard lock(s.hook_mutex);
        hook = s.hook;
        userdata = s.hook_userdata;
        generation = s.hook_generation;
        // Out of memory: an unrecorded call could outlive its userdata.
        if (hook != nullptr && !s.hook_calls.enter(generation)) hook = nullptr;
    }
    if (hook == nullptr) {
        default_error_hook(message);
        return;
    }
    try {
        std::string text(message);  // the hook gets a NUL-terminated string
        // The hook may be another language's code (waiting for its own
        // locks), called with a handler's lock held.
        reentry::Callout callout;
        hook(text.c_str(), userdata);
    } catch (const std::bad_alloc&) {
        default_error_hook(message);
    }
    std::lock_guard lock(s.hook_mutex);
    s.hook_calls.leave(generation);
}

void register_handler(Handler* handler) noexcept {
    State& s = state();
    std::lock_guard lock(s.handlers_mutex);
    try {
        s.handlers.push_back(handler);
    } catch (const std::bad_alloc&) {
        // Unlisted, the handler still works; it is only missed by flush_all,
        // shutdown and fork.
    }
}

void unregister_handler(Handler* handler) noexcept {
    State& s = state();
    std::lock_guard lock(s.handlers_mutex);
    auto it = std::find(s.handlers.begin(), s.handlers.end(), handler);
    if (it != s.handlers.end()) s.handlers.erase(it);
}

int flush_all() noexcept {
    return for_each_feeders_first([](Handler& h) { return h.flush(); });
}

void set_thread_exit_hook(ThreadExitHook hook, void* userdata) noexcept {
    t_exit_hook = hook;
    t_exit_hook_userdata = userdata;
}

int shutdown() noexcept {
    int status = for_each_feeders_first([](Handler& h) { return h.close(); });
    housekeeping::drain();  // rotated files still being compressed
    return status;
}

void crash_flush_all(const Record& last) noexcept {
    State& s = state();
    // Held by a thread that crashed, or that will not run again: go on
    // without it after a while (the list is only read).
    const bool locked = crash::try_lock_within_budget(s.handlers_mutex);
    for (int queues = 1; queues >= 0; --queues)
        for (Handler* h : s.handlers)
            if (h->in_use() && !h->owned_by_listener() && h->is_queue() == (queues == 1))
                h->crash_flush(last);
    if (locked) s.handlers_mutex.unlock();
}

int add_fork_hooks(const ForkHooks& hooks) noexcept {
    ensure_initialized();
    State& s = state();
    std::lock_guard lock(s.fork_mutex);
    try {
        s.fork_hooks.emplace_back(s.next_fork_id, hooks);
    } catch (const std::bad_alloc&) {
        return kNoMemory;
    }
    return s.next_fork_id++;
}

void remove_fork_hooks(int id) noexcept {
    State& s = state();
    std::lock_guard lock(s.fork_mutex);
    std::erase_if(s.fork_hooks, [id](const auto& entry) { return entry.first == id; });
}

}  // namespace picolog::runtime
