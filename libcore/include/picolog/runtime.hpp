// runtime.hpp - process-wide services: the error hook, the list of live
// handlers, and process life (exit and fork).
//
// The core knows nothing of the async layer; queue handlers are handlers, and
// Handler::flush/close on a queue handler drains its listener. Process-life
// ordering:
//   exit (atexit hook, registered on first use of the runtime) and shutdown():
//     close every queue handler (drain + join), then flush and close the rest.
//   fork (pthread_atfork, registered on first use):
//     prepare: each fork hook's prepare, then the registry's exclusive lock,
//              then every live handler's lock;
//     parent:  release in reverse order, then each hook's parent step;
//     child:   fresh registry and handler locks, then each hook's child step
//              (queues restart their listeners there).
#pragma once

#include <string_view>

namespace picolog {

class Handler;
struct Record;

namespace runtime {

using ErrorHook = void (*)(const char* message, void* userdata);

// Makes sure the exit and fork hooks are installed; called by the registry
// and by every handler's constructor. Cheap after the first call.
void ensure_initialized() noexcept;

// Null restores the default (one line to stderr). Returns once no other
// thread is in a call to the hook it replaced; the calling thread's own
// calls (a hook replacing the hook) are not waited for, nor is anything
// when called from inside a callback (reentry::in_callout()).
void set_error_hook(ErrorHook hook, void* userdata) noexcept;
// For tests: called with the hook's lock held (so it must not report an
// error) when set_error_hook is about to wait for another thread's call.
using ErrorHookWait = void (*)();
void set_error_hook_wait_seam_for_test(ErrorHookWait seam) noexcept;
void report_error(std::string_view message) noexcept;

void register_handler(Handler* handler) noexcept;
void unregister_handler(Handler* handler) noexcept;

// Queue handlers first, then the rest. First failure, after trying all.
int flush_all() noexcept;
// Closes queue handlers (drain, join), then flushes and closes every other.
int shutdown() noexcept;
// For a thread that runs other code (a queue's listener, whose handlers may
// call exit()): when the exit hook runs on that thread, it calls
// hook(userdata, false) first, then closes every handler, then calls
// hook(userdata, true). The thread never returns to what it was doing. One
// per thread; the thread keeps userdata alive while it runs.
using ThreadExitHook = void (*)(void* userdata, bool closed);
void set_thread_exit_hook(ThreadExitHook hook, void* userdata) noexcept;

struct ForkHooks {
    void (*prepare)(void* userdata);
    void (*parent)(void* userdata);
    void (*child)(void* userdata);
    void* userdata;
};
// Hooks run newest first at prepare and in the child, oldest first in the
// parent (a queue registers after the handlers it is given, so dependents
// are prepared before what they depend on).
// Returns an id for remove_fork_hooks.
int add_fork_hooks(const ForkHooks& hooks) noexcept;
void remove_fork_hooks(int id) noexcept;

// On a fatal signal (crash.cpp): crash_flush(last) on every handler in use
// that no queue owns, queue handlers first. Takes no lock it could wait on
// for long; takes no references (the process is ending).
void crash_flush_all(const Record& last) noexcept;

}  // namespace runtime
}  // namespace picolog
