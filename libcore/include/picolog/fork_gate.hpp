// fork_gate.hpp - how fork() avoids waiting for a thread that is waiting for
// the forking thread (private to libcore and its async layer).
//
// fork()'s prepare step locks every handler, so that no handler is caught
// half-changed in the child. A lock's holder may however be waiting for
// something the forking thread holds: a Python handler's emit waits for the
// GIL, which os.fork() keeps; a handler's emit that logs into a second
// handler waits for that handler's lock, which prepare already holds. Such a
// thread never lets go, and prepare must not wait for it.
//
// So each thread has a gate. Wherever a thread may wait for something
// outside picolog's own code (a callback into another language, a write(2),
// a wait for a handler's lock, a parked listener) its handlers are at rest:
// nothing in them is half-changed. It says so by going quiet (kQuiet) for
// the duration. The forking thread may freeze a quiet thread (kQuiet ->
// kFrozen) instead of waiting for the lock it holds: the child then sees the
// thread's handlers at rest and renews their locks. A frozen thread keeps
// running, but cannot leave its quiet section until the parent thaws it
// after the fork, so it changes no handler state the child might copy.
// Running code (kRunning) never blocks while it holds a handler's lock, so
// prepare's wait for it is short.
#pragma once

#include <atomic>
#include <cstdint>

namespace picolog::fork_gate {

enum : uint32_t { kRunning = 0, kQuiet = 1, kFrozen = 2 };

// One thread's gate; records are reused by later threads, never freed, so
// a pointer to one read by the forking thread never dangles.
struct alignas(64) Gate {
    std::atomic<uint32_t> state{kRunning};  // written by its owner, frozen by the forking thread
    std::atomic<bool> owned{false};
    Gate* next = nullptr;  // fixed once published
};

namespace detail {
// The calling thread's gate once it has one (fork_gate.cpp).
extern thread_local constinit Gate* t_gate;
// Takes a gate from the pool (or makes one) for the calling thread.
[[gnu::cold]] Gate* claim() noexcept;
}  // namespace detail

// The calling thread's gate, taken from the pool on first use; nullptr only
// when no record can be allocated (the thread is then never frozen, and
// fork() waits for it as it would have without gates). Inline: every
// handler lock asks.
inline Gate* current() noexcept {
    Gate* g = detail::t_gate;
    return g != nullptr ? g : detail::claim();
}

namespace detail {
// resume() of a gate the forking thread froze: waits for the thaw.
[[gnu::cold, gnu::noinline]] void resume_frozen(Gate& gate) noexcept;
}  // namespace detail

// Leaves a quiet section: kQuiet -> kRunning, waiting while frozen. Inline:
// every write(2) of a handler leaves one.
inline void resume(Gate& gate) noexcept {
    // Only the owner moves its gate between running and quiet.
    uint32_t s = kQuiet;
    if (gate.state.compare_exchange_strong(s, kRunning, std::memory_order_acquire,
                                           std::memory_order_relaxed) ||
        s == kRunning) [[likely]]
        return;
    detail::resume_frozen(gate);
}

// The calling thread is quiet for the scope (if it was running): every
// handler it holds is at rest. Nested scopes are free.
class Quiet {
public:
    Quiet() noexcept : gate_(current()) {
        if (gate_ != nullptr && gate_->state.load(std::memory_order_relaxed) == kRunning) {
            gate_->state.store(kQuiet, std::memory_order_release);
            entered_ = true;
        }
    }
    ~Quiet() {
        if (entered_) resume(*gate_);
    }
    Quiet(const Quiet&) = delete;
    Quiet& operator=(const Quiet&) = delete;

private:
    Gate* gate_;
    bool entered_ = false;
};

// For the forking thread, during prepare. True when `gate` is frozen now
// (already, or quiet and frozen by this call).
bool freeze(Gate& gate) noexcept;
// Waits a little longer each call (spin, yield, then short sleeps): for
// prepare, while a running thread finishes what it is doing.
void backoff(unsigned& rounds) noexcept;
// In the parent after fork(): every frozen gate becomes quiet again, and its
// thread may go on.
void thaw_all_after_fork_parent() noexcept;
// In the child: only the forking thread exists; every other gate is free.
void reset_after_fork_child() noexcept;

}  // namespace picolog::fork_gate
