// reentry.hpp - telling a log call that interrupts another log call of the
// same thread (from a signal handler) from one made by a callback.
//
// A thread's lane in a queue has one producer, and its hazard slots one
// owner; a signal handler logging while its thread is half-way through a
// log call would be a second producer on the same lane. So a log call is
// refused (PICOLOG_EBUSY) while the thread is already inside one, except
// from inside a callback into user code (a handler's emit, a filter, the
// error hook): there picolog's own state is at rest, and logging from a
// callback is supported.
#pragma once

#include <atomic>

#include "picolog/fork_gate.hpp"

namespace picolog::reentry {

// > 0 while the calling thread runs picolog's own code for a log call.
// (Not initial-exec: a library loaded with dlopen, as Python loads it, may
// find no room in the static TLS block. The thread's block exists once it
// has made a log call, which is when re-entry can happen.)
extern thread_local constinit int t_inside;

// > 0 while the calling thread runs user code picolog called (Callout
// below), which may hold picolog's locks: a handler's, for its emit.
extern thread_local constinit int t_callouts;

inline bool in_callout() noexcept {
    return t_callouts > 0;
}

// The scope of one log call. refused(): the thread was inside a log call.
class LogCall {
public:
    LogCall() noexcept : inside_(&t_inside) {
        // One TLS lookup for both ends of the call: hiding the pointer's
        // origin keeps the compiler from recomputing it after the fence.
        asm("" : "+r"(inside_));
        refused_ = *inside_ != 0;
        ++*inside_;
        std::atomic_signal_fence(std::memory_order_seq_cst);
    }
    ~LogCall() {
        std::atomic_signal_fence(std::memory_order_seq_cst);
        --*inside_;
    }
    LogCall(const LogCall&) = delete;
    LogCall& operator=(const LogCall&) = delete;
    bool refused() const noexcept { return refused_; }

private:
    int* inside_;
    bool refused_;
};

// The scope of a call into user code: log calls made there are nested, not
// re-entrant; and the thread is quiet for fork() (fork_gate.hpp).
class Callout {
public:
    Callout() noexcept : saved_(t_inside) {
        t_inside = 0;
        ++t_callouts;
        std::atomic_signal_fence(std::memory_order_seq_cst);
    }
    ~Callout() {
        std::atomic_signal_fence(std::memory_order_seq_cst);
        --t_callouts;
        t_inside = saved_;
    }
    Callout(const Callout&) = delete;
    Callout& operator=(const Callout&) = delete;

private:
    int saved_;
    fork_gate::Quiet quiet_;
};

}  // namespace picolog::reentry
