// crash.hpp - the opt-in drain on a fatal signal (SIGSEGV, SIGBUS, SIGILL,
// SIGFPE, SIGABRT): see picolog_install_crash_handler in picolog/crash.h.
#pragma once

#include "picolog/error.hpp"
#include "picolog/fork_gate.hpp"

namespace picolog::crash {

// Installs the handlers once, keeping the ones they replace to chain to,
// and gives the calling thread an alternate signal stack.
// kOk, or kInternal if sigaction fails.
int install() noexcept;

// Once the handlers are installed: gives the calling thread an alternate
// signal stack if it has none, so that a stack overflow on it can still be
// drained. Called with a thread's first record; a no-op before install()
// and in the crash drain (crashing()).
void ensure_alt_stack() noexcept;

// True once a fatal signal has started the drain (in any thread), until
// the process ends. Work that would allocate on the drain's path checks it
// (a heap corrupted by the crash would hang or fault the drain).
// Async-signal-safe.
bool crashing() noexcept;

// For the drain's waits for locks another thread holds (a listener in the
// middle of a batch, its write(2) held up by the kernel under heavy I/O):
// true until 2 s after the crash's first call, then false. One budget for
// the whole drain, so the waits of many handlers do not add up; a holder
// that never lets go (the crashed thread, a write that never returns)
// delays the end by that much. Async-signal-safe.
bool may_wait_more() noexcept;

// Takes `m` (anything with try_lock) within that budget. False when the
// budget ran out first: the caller goes on without the lock.
template <class Mutex>
bool try_lock_within_budget(Mutex& m) noexcept {
    for (unsigned rounds = 0;; fork_gate::backoff(rounds)) {
        if (m.try_lock()) return true;
        if (!may_wait_more()) return false;
    }
}

}  // namespace picolog::crash
