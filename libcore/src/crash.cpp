// crash.cpp - the opt-in drain on a fatal signal: what the queues and the
// buffered file handlers hold is written, one record names the signal, and
// the handler installed before (or the default) runs next.
//
// The handler runs on an alternate signal stack: a SIGSEGV from a stack
// overflow arrives with no stack left, and without one the handler could
// not even start. Signal stacks are per thread, so the installing thread
// gets one at once and every other thread with its first record after that.
#include "picolog/crash.hpp"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>

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

// Room for the drain (formatting and writing records) below the guard page
// that stops an overflow of the signal stack itself. Mapped lazily by the
// kernel: untouched, it costs address space, not memory.
constexpr size_t kAltStackSize = 128 * 1024;

struct AltStack {
    void* mapping = nullptr;
    size_t mapping_size = 0;
};

// Undone at thread exit: the stack is switched off before it is unmapped.
void release_alt_stack(void* arg) noexcept {
    auto* alt = static_cast<AltStack*>(arg);
    stack_t current;
    if (::sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE) &&
        static_cast<char*>(current.ss_sp) - static_cast<char*>(alt->mapping) ==
            static_cast<std::ptrdiff_t>(alt->mapping_size - kAltStackSize)) {
        stack_t off;
        ::memset(&off, 0, sizeof off);
        off.ss_flags = SS_DISABLE;
        ::sigaltstack(&off, nullptr);
    }
    ::munmap(alt->mapping, alt->mapping_size);
    delete alt;
}

pthread_key_t alt_stack_key() noexcept {
    static pthread_key_t key;
    static const bool made = ::pthread_key_create(&key, release_alt_stack) == 0;
    return made ? key : static_cast<pthread_key_t>(-1);
}

void give_thread_alt_stack() noexcept {
    stack_t current;
    if (::sigaltstack(nullptr, &current) != 0 || !(current.ss_flags & SS_DISABLE)) return;
    const pthread_key_t key = alt_stack_key();
    if (key == static_cast<pthread_key_t>(-1)) return;
    const size_t guard = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    auto* alt = new (std::nothrow) AltStack{nullptr, kAltStackSize + guard};
    if (alt == nullptr) return;
    alt->mapping = ::mmap(nullptr, alt->mapping_size, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (alt->mapping == MAP_FAILED) {
        delete alt;
        return;
    }
    ::mprotect(alt->mapping, guard, PROT_NONE);  // stacks grow down, onto it
    stack_t ss;
    ::memset(&ss, 0, sizeof ss);
    ss.ss_sp = static_cast<char*>(alt->mapping) + guard;
    ss.ss_size = kAltStackSize;
    if (::sigaltstack(&ss, nullptr) != 0 || ::pthread_setspecific(key, alt) != 0) {
        release_alt_stack(alt);
        return;
    }
}

}  // namespace

bool crashing() noexcept {
    return g_crashing.load(std::memory_order_relaxed);
}

bool may_wait_more() noexcept {
    static std::atomic<int64_t> wait_until{0};
    constexpr int64_t kBudgetNs = 2'000'000'000;
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
    const int64_t now = int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
    int64_t until = wait_until.load(std::memory_order_relaxed);
    if (until == 0 && wait_until.compare_exchange_strong(until, now + kBudgetNs, std::memory_order_relaxed))
        return true;
    return now < until;
}

void ensure_alt_stack() noexcept {
    // Not for the record naming the signal, stamped in the crashing thread:
    // making a stack maps memory and allocates, and the thread may have
    // crashed holding malloc's lock.
    if (g_installed.load(std::memory_order_acquire) && !crashing()) give_thread_alt_stack();
}

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
    g_installed.store(true, std::memory_order_release);
    give_thread_alt_stack();
    return kOk;
}

}  // namespace picolog::crash
