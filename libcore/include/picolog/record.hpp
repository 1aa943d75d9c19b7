// record.hpp - what one log call produced.
//
// A Record only borrows its strings: on the synchronous path they live on the
// caller's stack for the duration of the call. The queue copies a record into
// its channel (see async/) before the call returns.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "picolog/clock.hpp"

namespace picolog {

struct Field {
    std::string_view key;    // NUL-terminated
    std::string_view value;  // NUL-terminated
};

struct Record {
    int level = 0;
    std::string_view logger_name;  // NUL-terminated
    std::string_view message;      // may hold NUL bytes; not terminated
    int64_t created_ns = 0;        // wall clock, ns since the epoch
    uint64_t thread_id = 0;
    std::string_view thread_name;  // NUL-terminated
    int64_t process_id = 0;
    std::string_view file;  // NUL-terminated, "" if unknown
    int line = 0;
    std::string_view func;        // NUL-terminated, "" if unknown
    std::string_view exc_text;    // NUL-terminated, "" if none
    std::string_view stack_text;  // NUL-terminated, "" if none
    std::span<const Field> fields;
    // The message is not text yet but a printf call captured by value
    // (printf_plan.hpp), rendered by whoever first needs the text.
    bool deferred_format = false;

    // The value of the structured field `key`, or nullptr.
    const Field* find_field(std::string_view key) const noexcept {
        for (const Field& f : fields)
            if (f.key == key) return &f;
        return nullptr;
    }
};

// Fills the members a caller did not give: created_ns (now) when 0,
// thread_id when 0, thread_name when empty (picolog_set_thread_name's name,
// else the OS name, cached per thread), and process_id (getpid, refreshed
// after fork). Allocation-free after the first call in a thread.
void stamp(Record& record) noexcept;

// What stamp() gives a record made now on the calling thread that carries
// none of these: for paths that encode a record without building one.
// process_id 0 is the calling process, looked up by whoever needs the
// number (a record encoded in a queue is read in the process that made it).
struct Stamp {
    int64_t created_ns;
    uint64_t thread_id;
    std::string_view thread_name;
    int64_t process_id;
};

namespace detail {
// Everything stamping needs about the calling thread, in one trivially
// destructible thread_local: one TLS lookup per record and no init wrapper.
// `name` points at os_name or at the custom name's bytes, length known.
struct ThreadState {
    uint64_t tid = 0;
    const char* name = nullptr;  // null until first use
    size_t name_len = 0;
    char os_name[16] = {};
};
extern thread_local constinit ThreadState t_state;
extern std::atomic<int64_t> g_pid;
// The first record of a thread (or of the forking thread after fork).
[[gnu::cold, gnu::noinline]] void fill_thread_state(ThreadState& s) noexcept;
// The process id, looked up (first use, or the first after fork).
[[gnu::cold, gnu::noinline]] int64_t load_process_id() noexcept;
}  // namespace detail

// The calling process's id, cached (looked up again after fork).
inline int64_t process_id() noexcept {
    const int64_t pid = detail::g_pid.load(std::memory_order_relaxed);
    return pid != 0 ? pid : detail::load_process_id();
}

// Inline: it is on every queued call. Leaves process_id 0 (the calling
// process): a queued record does not carry it.
inline Stamp stamp_now() noexcept {
    Stamp out;
    out.created_ns = clock_now_ns();
    detail::ThreadState* s = &detail::t_state;
    // GCC recomputes a TLS address at every use rather than keep it in a
    // register; hiding the pointer's origin makes it keep the one lookup.
    asm("" : "+r"(s));
    if (s->tid == 0 || s->name == nullptr) [[unlikely]]
        detail::fill_thread_state(*s);
    out.thread_id = s->tid;
    out.thread_name = std::string_view(s->name, s->name_len);
    out.process_id = 0;
    return out;
}

// Wall-clock now in ns since the epoch.
int64_t now_ns() noexcept;

// The wall-clock time the runtime started (for relativeCreated).
int64_t start_time_ns() noexcept;

// Sets or clears (empty) the calling thread's name for records. Throws
// Error(kInvalid) for a name longer than 4294967295 bytes.
void set_thread_name(std::string_view name);

// For the runtime's fork handler, in the child: forgets the cached process id
// and the forking thread's cached thread id (both changed with the fork).
void reset_process_cache_after_fork() noexcept;

}  // namespace picolog
