// last_resort.cpp - the record that no handler took (see last_resort.hpp):
// the built-in stderr writer, a handler set by an application, or the
// one-time "No handlers could be found" notice.
#include "picolog/last_resort.hpp"

#include <atomic>
#include <mutex>
#include <string>

#include "fd_io.hpp"
#include "fork_lock.hpp"
#include "picolog/error.hpp"
#include "picolog/formatter.hpp"
#include "picolog/level.hpp"
#include "picolog/runtime.hpp"

namespace picolog::last_resort {
namespace {

enum Mode : int { kBuiltin, kHandler, kNone };

struct State {
    // Read without the lock for the default, the only state most processes
    // ever have; kHandler and kNone are read again under it.
    std::atomic<int> mode{kBuiltin};
    std::mutex mutex;      // guards handler and, with mode, their pairing
    Ref<Handler> handler;  // when mode is kHandler
    std::atomic<bool> warned{false};
    int fork_hooks = -1;
};

State& state() {
    static State* s = new State;  // never destroyed: records may come during exit
    return *s;
}

// A thread may hold the lock at fork() for the copy of one reference: the
// prepare step waits for it, the child makes it anew.
void register_fork_hooks(State& s) {
    if (s.fork_hooks >= 0) return;
    runtime::ForkHooks hooks{};
    hooks.prepare = [](void* p) { static_cast<State*>(p)->mutex.lock(); };
    hooks.parent = [](void* p) { static_cast<State*>(p)->mutex.unlock(); };
    hooks.child = [](void* p) { fork_lock::renew_in_child(static_cast<State*>(p)->mutex); };
    hooks.userdata = &s;
    s.fork_hooks = runtime::add_fork_hooks(hooks);
}

void write_builtin(const Record& record) noexcept {
    try {
        thread_local std::string line;
        line.clear();
        default_formatter()->format(record, line);
        line += '\n';
        fd_io::write_all(2, line.data(), line.size());
    } catch (...) {
        fd_io::write_all(2, record.message.data(), record.message.size());
        fd_io::write_all(2, "\n", 1);
    }
}

void warn_once(const Record& record) noexcept {
    State& s = state();
    if (s.warned.exchange(true, std::memory_order_acq_rel)) return;
    try {
        std::string text = "No handlers could be found for logger \"";
        text.append(record.logger_name);
        text += "\"\n";
        fd_io::write_all(2, text.data(), text.size());
    } catch (...) {
        static constexpr char kShort[] = "No handlers could be found for a logger\n";
        fd_io::write_all(2, kShort, sizeof kShort - 1);
    }
}

// The handler counts as attached to a logger while it is the last resort, so
// no queue listener can claim it meanwhile. The old one is let go after the
// lock: a last reference closes its handler, which may take time or log.
void set(int mode, Ref<Handler> handler) noexcept {
    State& s = state();
    {
        std::lock_guard lock(s.mutex);
        register_fork_hooks(s);
        std::swap(s.handler, handler);
        s.mode.store(mode, std::memory_order_release);
        if (mode == kNone) s.warned.store(false, std::memory_order_relaxed);
    }
    if (handler) handler->detach_from_logger();
}

}  // namespace

void use_builtin() noexcept {
    set(kBuiltin, {});
}

void use(Ref<Handler> handler) {
    if (!handler) throw Error(kInvalid, "last resort: the handler is null");
    if (!handler->attach_to_logger())
        throw Error(kInvalid, "last resort: the handler belongs to a queue listener");
    set(kHandler, std::move(handler));
}

void use_none() noexcept {
    set(kNone, {});
}

void handle(const Record& record) noexcept {
    State& s = state();
    if (s.mode.load(std::memory_order_acquire) == kBuiltin) {
        if (record.level >= WARNING) write_builtin(record);
        return;
    }
    int mode;
    Ref<Handler> handler;
    {
        std::lock_guard lock(s.mutex);
        mode = s.mode.load(std::memory_order_relaxed);
        handler = s.handler;
    }
    if (mode == kHandler)
        handler->handle(record);
    else if (mode == kNone)
        warn_once(record);
    else if (record.level >= WARNING)
        write_builtin(record);
}

}  // namespace picolog::last_resort
