// crash.cpp - the opt-in drain on a fatal signal: what the queues and the
// buffered file handlers hold is written, one record names the signal, and
// the handler installed before (or the default) runs next.
#include "picolog/crash.hpp"

#include <signal.h>
#include <string.h>

#include <atomic>
#include <mutex>

#include "picolog/level.hpp"
#include "picolog/record.hpp"
#include "picolog/runtime.hpp"

namespace picolog::crash {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
constexpr int kCount = sizeof kSignals / sizeof kSignals[0];

struct sigaction g_previous[kCount];
std::atomic<bool> g_installed{false};
std::atomic<bool> g_crashing{false};

const char* message_for(int sig) noexcept {
    switch (sig) {
        case SIGSEGV:
            return "fatal signal SIGSEGV";
        case SIGBUS:
            return "fatal signal SIGBUS";
        case SIGILL:
            return "fatal signal SIGILL";
        case SIGFPE:
            return "fatal signal SIGFPE";
        case SIGABRT:
            return "fatal signal SIGABRT";
        default:
            return "fatal signal";
    }
}

void on_fatal_signal(int sig, siginfo_t*, void*) {
    const int saved_errno = errno;
    // Once per process: a second fault (in another thread, or while
    // draining) goes straight to the previous handler.
    if (!g_crashing.exchange(true)) {
        Record last;
        last.level = CRITICAL;
        last.logger_name = "picolog";
        last.message = message_for(sig);
        stamp(last);
        runtime::crash_flush_all(last);
    }
    // Hand the signal on: the previous action comes back, and the signal is
    // raised again. It is blocked while this handler runs, so it is
    // delivered as this one returns (a fault that returns re-executes the
    // faulting instruction too).
    for (int i = 0; i < kCount; ++i)
        if (kSignals[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
    ::raise(sig);
    errno = saved_errno;
}

}  // namespace

int install() noexcept {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (g_installed.load(std::memory_order_relaxed)) return kOk;
    runtime::ensure_initialized();
    struct sigaction sa;
    ::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fatal_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < kCount; ++i) {
        if (::sigaction(kSignals[i], &sa, &g_previous[i]) != 0) {
            for (int j = 0; j < i; ++j) ::sigaction(kSignals[j], &g_previous[j], nullptr);
            return kInternal;
        }
    }
    g_installed.store(true, std::memory_order_relaxed);
    return kOk;
}

}  // namespace picolog::crash
