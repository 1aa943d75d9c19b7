// record.cpp - stamping records: clocks, thread ids and names, process id.
//
// Everything a record needs about its thread is cached thread_local on first
// use, so stamping is a clock read, one TLS lookup and a few loads afterwards.
#include "picolog/record.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <string>

#include "picolog/clock.hpp"
#include "picolog/crash.hpp"
#include "picolog/error.hpp"

namespace picolog {
namespace {

using detail::g_pid;
using detail::t_state;
using detail::ThreadState;

// A custom name's bytes (malloc'd), which t_state.name points at while it is
// set. Freed by a thread-specific data destructor, which glibc runs after
// every C++ thread_local destructor: those may log, and their records
// still carry the name.
thread_local char* t_custom_name = nullptr;

void free_custom_name(void*) noexcept {
    if (t_state.name == t_custom_name) t_state.name = nullptr;
    std::free(t_custom_name);
    t_custom_name = nullptr;
}

// False when no key can be made; the name is then not set.
bool arm_free_custom_name() noexcept {
    static pthread_key_t key;
    static const bool made = ::pthread_key_create(&key, free_custom_name) == 0;
    return made && ::pthread_setspecific(key, &t_custom_name) == 0;
}

uint64_t current_tid() noexcept {
    return static_cast<uint64_t>(::syscall(SYS_gettid));
}

void use_os_name(ThreadState& s) noexcept {
    // Python calls the initial thread "MainThread"; the OS calls it after
    // the program.
    if (static_cast<int64_t>(s.tid) == ::getpid() ||
        ::pthread_getname_np(::pthread_self(), s.os_name, sizeof s.os_name) != 0) {
        const char main_name[] = "MainThread";
        static_assert(sizeof main_name <= sizeof s.os_name);
        for (size_t i = 0; i < sizeof main_name; ++i) s.os_name[i] = main_name[i];
    }
    s.os_name[sizeof s.os_name - 1] = '\0';
    s.name = s.os_name;
    s.name_len = std::char_traits<char>::length(s.os_name);
}

}  // namespace

thread_local constinit detail::ThreadState detail::t_state;
std::atomic<int64_t> detail::g_pid{0};

void detail::fill_thread_state(ThreadState& s) noexcept {
    if (s.tid == 0) {
        s.tid = current_tid();
        crash::ensure_alt_stack();
    }
    if (s.name == nullptr) use_os_name(s);
}

int64_t detail::load_process_id() noexcept {
    const int64_t pid = ::getpid();
    g_pid.store(pid, std::memory_order_relaxed);
    return pid;
}

int64_t now_ns() noexcept {
    return clock_now_ns();
}

int64_t start_time_ns() noexcept {
    static const int64_t start = now_ns();
    return start;
}

// Python's logging._startTime is taken at import; ours when the library is
// loaded (or earlier, if another static initialiser asks first).
[[maybe_unused]] static const int64_t g_start_at_load = start_time_ns();

void stamp(Record& record) noexcept {
    if (record.created_ns == 0) record.created_ns = now_ns();
    ThreadState* s = &t_state;
    // GCC recomputes a TLS address (a __tls_get_addr call in a shared
    // library) at every use rather than keep it in a register; hiding the
    // pointer's origin makes it keep the one lookup.
    asm("" : "+r"(s));
    if (s->tid == 0 || s->name == nullptr) [[unlikely]]
        fill_thread_state(*s);
    if (record.thread_id == 0) record.thread_id = s->tid;
    if (record.thread_name.empty()) record.thread_name = std::string_view(s->name, s->name_len);
    if (record.process_id == 0) record.process_id = process_id();
}

void set_thread_name(std::string_view name) {
    // Its length fits the 32 bits a queued record keeps for it (encoding.hpp).
    if (name.size() > std::numeric_limits<uint32_t>::max())
        throw Error(kInvalid, "a thread name cannot be longer than 4294967295 bytes");
    ThreadState& s = t_state;
    s.name = nullptr;  // the OS name, looked up again at the next record
    std::free(t_custom_name);
    t_custom_name = nullptr;
    if (name.empty()) return;
    auto* bytes = static_cast<char*>(std::malloc(name.size() + 1));
    if (bytes == nullptr || !arm_free_custom_name()) {
        std::free(bytes);
        throw std::bad_alloc();
    }
    std::memcpy(bytes, name.data(), name.size());
    bytes[name.size()] = '\0';
    t_custom_name = bytes;
    s.name = bytes;
    s.name_len = name.size();
}

void reset_process_cache_after_fork() noexcept {
    g_pid.store(0, std::memory_order_relaxed);
    t_state.tid = 0;
    reset_clock_after_fork();
}

}  // namespace picolog
