// record.cpp - stamping records: clocks, thread ids and names, process id.
//
// Everything a record needs about its thread is cached thread_local on first
// use, so stamping is a clock read and a few loads afterwards.
#include "picolog/record.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <string>

namespace picolog {
namespace {

// Trivially destructible, so access needs no TLS init wrapper.
struct ThreadCache {
    uint64_t tid = 0;
    bool has_custom_name = false;
    bool os_name_cached = false;
    char os_name[16] = {};
};
thread_local ThreadCache t_cache;
thread_local std::string t_custom_name;

std::atomic<int64_t> g_pid{0};

int64_t process_id() noexcept {
    int64_t pid = g_pid.load(std::memory_order_relaxed);
    if (pid == 0) {
        pid = ::getpid();
        g_pid.store(pid, std::memory_order_relaxed);
    }
    return pid;
}

uint64_t thread_id() noexcept {
    if (t_cache.tid == 0) t_cache.tid = static_cast<uint64_t>(::syscall(SYS_gettid));
    return t_cache.tid;
}

std::string_view os_thread_name() noexcept {
    if (!t_cache.os_name_cached) {
        // Python calls the initial thread "MainThread"; the OS calls it after
        // the program.
        if (static_cast<int64_t>(thread_id()) == ::getpid() ||
            ::pthread_getname_np(::pthread_self(), t_cache.os_name, sizeof t_cache.os_name) != 0) {
            const char main_name[] = "MainThread";
            static_assert(sizeof main_name <= sizeof t_cache.os_name);
            for (size_t i = 0; i < sizeof main_name; ++i) t_cache.os_name[i] = main_name[i];
        }
        t_cache.os_name_cached = true;
    }
    return t_cache.os_name;
}

}  // namespace

int64_t now_ns() noexcept {
    timespec ts;
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
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
    if (record.thread_id == 0) record.thread_id = thread_id();
    if (record.thread_name.empty())
        record.thread_name = t_cache.has_custom_name ? std::string_view(t_custom_name) : os_thread_name();
    if (record.process_id == 0) record.process_id = process_id();
}

void set_thread_name(std::string_view name) {
    if (name.empty()) {
        t_cache.has_custom_name = false;
        t_custom_name.clear();
        return;
    }
    t_custom_name.assign(name);
    t_cache.has_custom_name = true;
}

void reset_process_cache_after_fork() noexcept {
    g_pid.store(0, std::memory_order_relaxed);
    t_cache.tid = 0;
}

}  // namespace picolog
