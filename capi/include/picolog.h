/*
 * picolog.h - the whole public C API of picolog, one logging runtime shared
 * by every language in a process.
 *
 * Read this header top to bottom: it is the manual. Each larger area has a
 * header of its own under picolog/ (handlers.h, queue.h, ...), included
 * below at its place in the reading order; include only <picolog.h>.
 *
 * Conventions
 * -----------
 * - Every name starts with picolog_ / PICOLOG_.
 * - Objects are opaque handles. A function that can fail returns int:
 *   0 (PICOLOG_OK) on success, a negative PICOLOG_E* code on failure, and
 *   picolog_last_error() then describes the failure for the calling thread.
 * - Ownership is written beside every function:
 *     "borrowed"  the caller must not release it;
 *     "owned"     the caller holds one reference and must release it with the
 *                 type's one release function (picolog_handler_release,
 *                 picolog_formatter_release, picolog_filter_release).
 *   Functions that attach an object (a handler to a logger, a formatter to a
 *   handler) take their own reference; the caller keeps its own.
 * - Loggers are never freed: a picolog_logger pointer is valid until the
 *   process exits, in every thread.
 * - Callbacks take `void *userdata` as their last parameter. A callback may be
 *   called from any thread, including a queue listener's thread.
 * - No C++ exception ever crosses this API; allocation failure is reported as
 *   PICOLOG_ENOMEM.
 * - Strings are UTF-8 by convention but treated as bytes: a message that is
 *   not valid UTF-8 is stored and written unchanged. Messages passed with an
 *   explicit length may contain NUL bytes and may be of any size.
 * - Structs grow without breaking old callers (docs/abi.md). An input
 *   struct (picolog_*_options, picolog_record_info) starts with `unsigned
 *   version`: initialise it with its *_INIT macro, or from another language
 *   with its *_init(ptr, version) function, which writes that version's
 *   defaults. A library accepts every version from 1 up to its own (fields
 *   an older caller lacks take their defaults) and refuses a newer one with
 *   PICOLOG_EINVAL and a message naming both versions. An output struct
 *   (picolog_record_view, picolog_queue_stats) is passed with its size
 *   (sizeof as the caller knows it): the library fills as much as fits and
 *   zeroes whatever it does not know.
 *
 * Thread safety: every function may be called from any thread at any time.
 */
#ifndef PICOLOG_H
#define PICOLOG_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define PICOLOG_API
#elif defined(__GNUC__)
#define PICOLOG_API __attribute__((visibility("default")))
#else
#define PICOLOG_API
#endif

#if defined(__GNUC__)
#define PICOLOG_PRINTF(fmt_index, args_index) __attribute__((format(printf, fmt_index, args_index)))
#else
#define PICOLOG_PRINTF(fmt_index, args_index)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                   */
/* ------------------------------------------------------------------------ */

#define PICOLOG_VERSION_MAJOR 0
#define PICOLOG_VERSION_MINOR 1
#define PICOLOG_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH */
#define PICOLOG_VERSION_NUMBER \
    (PICOLOG_VERSION_MAJOR * 10000 + PICOLOG_VERSION_MINOR * 100 + PICOLOG_VERSION_PATCH)
#define PICOLOG_VERSION_STRING "0.1.0"
/* The ABI number in the library's SONAME (libpicolog.so.1). */
#define PICOLOG_ABI_VERSION 1

/* The version of the library actually loaded: compare with the macros above
 * to assert that a program runs with the library it was built against. */
PICOLOG_API const char* picolog_version(void);
PICOLOG_API unsigned picolog_version_number(void);

/* An address that identifies the one runtime of this process. Every binding
 * that reaches the same libpicolog sees the same value. */
PICOLOG_API const void* picolog_runtime_id(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

#define PICOLOG_OK 0
#define PICOLOG_EINVAL (-1)     /* an argument is invalid (NULL handle, bad level, bad option) */
#define PICOLOG_ENOMEM (-2)     /* out of memory */
#define PICOLOG_EFORMAT (-3)    /* a format pattern or date format is invalid */
#define PICOLOG_EIO (-4)        /* an open, write or flush failed */
#define PICOLOG_ETIMEDOUT (-5)  /* a queue stayed full for the whole timeout; record dropped */
#define PICOLOG_EDROPPED (-6)   /* a full queue dropped the record (drop-newest policy) */
#define PICOLOG_ERANGE (-7)     /* an output buffer is too small; the needed size is reported */
#define PICOLOG_ESTATE (-8)     /* the object is closed or stopped */
#define PICOLOG_ENOTFOUND (-9)  /* no such level name, handler or filter */
#define PICOLOG_EINTERNAL (-10) /* an unexpected internal failure */
#define PICOLOG_EBUSY (-11)     /* a log call from a signal handler interrupted a log call of the
                                   same thread; record refused (see "Signals", picolog/crash.h) */
#define PICOLOG_EAGAIN (-12)    /* picolog_try_log_ex would have had to wait; nothing was done */

/* The message of the last failure in the calling thread, or "" if none.
 * Borrowed: valid until the next picolog call in the same thread. The text
 * is kept in a buffer the thread allocates on its first failure; without it
 * (no memory, or a failure in the thread's exit after picolog released its
 * per-thread state) the message is picolog_strerror()'s for the code. Once
 * that state is released, an earlier failure's message reads "". */
PICOLOG_API const char* picolog_last_error(void);

/* A static description of a PICOLOG_E* code. Borrowed, never freed. */
PICOLOG_API const char* picolog_strerror(int code);

/* Where handler failures are reported. A failing handler (disk full, closed
 * socket) counts the failure and reports the first one of each kind through
 * this hook; it never fails the log call. The default hook writes one line to
 * stderr. Pass fn = NULL to restore the default. picolog_set_error_hook
 * returns once no other thread is still in the previous hook, so that hook's
 * userdata may be freed then (a hook must not wait for a thread replacing
 * the hook). A hook may replace the hook from inside itself. Called from
 * inside another callback (a callback handler's emit, a filter), which may
 * hold a lock the hook's call waits for, it returns at once. */
typedef void (*picolog_error_hook_fn)(const char* message, void* userdata);
PICOLOG_API int picolog_set_error_hook(picolog_error_hook_fn fn, void* userdata);

/* ------------------------------------------------------------------------ */
/* Levels                                                                    */
/* ------------------------------------------------------------------------ */

/* Python's level numbers. Any level >= 0 is valid; negative levels are
 * PICOLOG_EINVAL. */
#define PICOLOG_NOTSET 0
#define PICOLOG_TRACE 5
#define PICOLOG_DEBUG 10
#define PICOLOG_INFO 20
#define PICOLOG_WARNING 30
#define PICOLOG_ERROR 40
#define PICOLOG_CRITICAL 50

/* Names a level (adds a custom level or renames a standard one). name is
 * copied. */
PICOLOG_API int picolog_add_level_name(int level, const char* name);

/* The name of a level: "INFO", a custom name, or "Level N" for an unnamed
 * level. Borrowed, valid until the process exits. NULL for a negative level.
 * The text of an unnamed level above 255 is kept from its first call on, one
 * per such level asked for; records, formatters and record views name those
 * levels without keeping anything. */
PICOLOG_API const char* picolog_level_name(int level);

/* The level with this name (exact match, as Python). PICOLOG_ENOTFOUND if no
 * level has that name. */
PICOLOG_API int picolog_level_from_name(const char* name, int* out_level);

/* ------------------------------------------------------------------------ */
/* Opaque types                                                              */
/* ------------------------------------------------------------------------ */

typedef struct picolog_logger picolog_logger;       /* never freed */
typedef struct picolog_handler picolog_handler;     /* reference-counted */
typedef struct picolog_formatter picolog_formatter; /* reference-counted, immutable */
typedef struct picolog_filter picolog_filter;       /* reference-counted, immutable */
typedef struct picolog_record picolog_record;       /* borrowed inside callbacks only */

/* ------------------------------------------------------------------------ */
/* Loggers                                                                   */
/* ------------------------------------------------------------------------ */

/* The logger with this dotted name, created on first use with its parents
 * linked as in Python's logging. NULL or "" gives the root logger, whose
 * level starts at WARNING. *out is borrowed and valid forever. */
PICOLOG_API int picolog_get_logger(picolog_logger** out, const char* name);

/* Same with an explicit length (the name need not be NUL-terminated; it must
 * not contain NUL). */
PICOLOG_API int picolog_get_logger_len(picolog_logger** out, const char* name, size_t len);

/* A new logger outside the hierarchy, as Python's Logger(name) made
 * directly: it has no parent, getLogger never returns it, and configuration
 * by name does not reach it; it logs to its own handlers (the last resort when
 * it has none) and follows picolog_disable(). Each call makes another one.
 * *out is borrowed and valid forever, like every logger: make these for the
 * rare code that needs them, not per request. */
PICOLOG_API int picolog_logger_new_standalone(picolog_logger** out, const char* name);

/* The root logger. Borrowed, never NULL. */
PICOLOG_API picolog_logger* picolog_root_logger(void);

/* The logger's full name ("root" for the root). Borrowed, valid forever.
 * NULL for a NULL logger. */
PICOLOG_API const char* picolog_logger_name(const picolog_logger* logger);

/* The parent logger, or NULL for the root. Borrowed. */
PICOLOG_API picolog_logger* picolog_logger_parent(const picolog_logger* logger);

/* Own level (PICOLOG_NOTSET means "inherit from the parent"). Changing it
 * updates the effective level of every descendant at once. */
PICOLOG_API int picolog_logger_set_level(picolog_logger* logger, int level);
/* The own level, or PICOLOG_EINVAL for a NULL logger. */
PICOLOG_API int picolog_logger_level(const picolog_logger* logger);
/* The first own level that is not NOTSET on the way to the root. */
PICOLOG_API int picolog_logger_effective_level(const picolog_logger* logger);

/* 1 if a record at `level` would be processed (not disabled, level at or
 * above the effective level and above the global disable level), else 0.
 * 0 for a NULL logger. */
PICOLOG_API int picolog_logger_is_enabled_for(const picolog_logger* logger, int level);

/* A stable pointer to the logger's enabled threshold: a record at level L is
 * processed iff L >= *ptr. The pointee is a naturally aligned 32-bit int that
 * the runtime updates atomically; read it with a plain (or relaxed atomic)
 * load. It folds in the effective level, picolog_disable() and the logger's
 * disabled flag, so one load and one compare make the whole enabled check,
 * with one exception at the top: the threshold cannot exceed INT32_MAX, so a
 * record at INT32_MAX passes it on a disabled logger or under
 * picolog_disable(INT32_MAX), and the log call drops it (as
 * picolog_logger_is_enabled_for says). Borrowed, valid forever. NULL for a
 * NULL logger. */
PICOLOG_API const volatile int32_t* picolog_logger_threshold_ptr(const picolog_logger* logger);

/* Whether a record logged through the logger now may run a callback (a
 * callback handler's emit or a callback filter: code in another language)
 * on the calling thread: 0 when its records all reach one handler that runs
 * none (a native handler, or a queue handler, whose handlers run on its
 * listener's thread), with no filter on the logger or on that handler; 1
 * when they may (a callback handler or any filter on the way, a memory
 * handler, several handlers, or none and the last resort). For a binding
 * that keeps its language's objects for the callbacks a log call may run,
 * and need not when 0. A handler or filter added meanwhile may make the
 * answer stale. 1 as well from a signal handler that interrupted a log call
 * of the same thread. PICOLOG_EINVAL for a NULL logger. */
PICOLOG_API int picolog_logger_reaches_callbacks(picolog_logger* logger);

/* Whether records are passed to the parent's handlers (default 1). */
PICOLOG_API int picolog_logger_set_propagate(picolog_logger* logger, int propagate);
PICOLOG_API int picolog_logger_propagate(const picolog_logger* logger);

/* A disabled logger drops every record (default 0). */
PICOLOG_API int picolog_logger_set_disabled(picolog_logger* logger, int disabled);
PICOLOG_API int picolog_logger_disabled(const picolog_logger* logger);

/* Attach a handler; the logger takes its own reference. Adding a handler that
 * is already attached does nothing. Safe while other threads log through the
 * logger: they see the old or the new list, never a torn one. */
PICOLOG_API int picolog_logger_add_handler(picolog_logger* logger, picolog_handler* handler);
/* Detach a handler and drop the logger's reference. PICOLOG_ENOTFOUND if the
 * handler was not attached. */
PICOLOG_API int picolog_logger_remove_handler(picolog_logger* logger, picolog_handler* handler);
/* Detach every handler. */
PICOLOG_API int picolog_logger_clear_handlers(picolog_logger* logger);
/* Copies up to `capacity` attached handlers into `out` (each an owned
 * reference the caller must release) and returns how many are attached in
 * all (which may exceed capacity), or a negative code. out may be NULL when
 * capacity is 0. */
PICOLOG_API int picolog_logger_handlers(const picolog_logger* logger, picolog_handler** out, size_t capacity);
/* 1 if this logger or any ancestor reached through propagate has a handler. */
PICOLOG_API int picolog_logger_has_handlers(const picolog_logger* logger);

/* Filters run in order before the logger's handlers; the logger takes its own
 * reference. */
PICOLOG_API int picolog_logger_add_filter(picolog_logger* logger, picolog_filter* filter);
PICOLOG_API int picolog_logger_remove_filter(picolog_logger* logger, picolog_filter* filter);

/* Python's logging.disable(level): every record at or below `level` is
 * dropped by every logger. PICOLOG_NOTSET undoes it. */
PICOLOG_API int picolog_disable(int level);

/* The lowest threshold of any logger: no record below this level is
 * processed anywhere. Facades with a global level gate (Rust's
 * log::max_level) keep theirs at this value. */
PICOLOG_API int picolog_min_threshold(void);

/* Called after a change to any logger's level or disabled flag, a new logger,
 * or picolog_disable(), on the thread that made the change and once the new
 * thresholds are visible. It must not change levels itself. */
typedef void (*picolog_level_listener_fn)(void* userdata);
PICOLOG_API int picolog_add_level_listener(picolog_level_listener_fn fn, void* userdata);
/* Removes the listener registered with the same fn and userdata;
 * PICOLOG_ENOTFOUND if none. Once it returns, the listener is not called
 * again, and a call to it that another thread was making has returned, so
 * userdata may be freed. A listener may remove itself. */
PICOLOG_API int picolog_remove_level_listener(picolog_level_listener_fn fn, void* userdata);

/* ------------------------------------------------------------------------ */
/* Logging                                                                   */
/* ------------------------------------------------------------------------ */

/* A structured key-value field of a record. Both strings are NUL-terminated
 * and copied when the record needs to outlive the call. */
typedef struct picolog_field {
    const char* key;
    const char* value;
} picolog_field;

/* Everything a log call may say besides level and message. Zero/NULL members
 * mean "not given"; the runtime then fills in the time, the calling thread's
 * id and name, and the process id. Every pointer is borrowed for the call. */
typedef struct picolog_record_info {
    unsigned version;            /* PICOLOG_RECORD_INFO_VERSION */
    const char* file;            /* source path (pathname) */
    int line;                    /* source line (lineno) */
    const char* func;            /* function name (funcName) */
    const char* exc_text;        /* formatted exception, appended after the message */
    const char* stack_text;      /* formatted stack, appended after exc_text */
    const picolog_field* fields; /* structured fields, also usable as %(key)s */
    size_t field_count;
    const char* thread_name; /* overrides the OS thread name (threadName) */
    uint64_t thread_id;      /* overrides the OS thread id when non-zero */
    int64_t created_ns;      /* wall-clock ns since the epoch; 0 = now */
} picolog_record_info;

#define PICOLOG_RECORD_INFO_VERSION 1
#define PICOLOG_RECORD_INFO_INIT \
    { PICOLOG_RECORD_INFO_VERSION, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, 0, 0 }

/* Writes the defaults of `version` (1 to PICOLOG_RECORD_INFO_VERSION) into
 * *info, touching no byte past that version's struct: the same values as
 * PICOLOG_RECORD_INFO_INIT, for callers that cannot use the macro.
 * PICOLOG_EINVAL for a NULL info or an unknown version. */
PICOLOG_API int picolog_record_info_init(picolog_record_info* info, unsigned version);

/* Log a NUL-terminated message. The message is not interpreted (no % or {}
 * expansion). Returns 0 when the record was dropped by level or filters or
 * accepted by every handler it reached; PICOLOG_ETIMEDOUT or PICOLOG_EDROPPED
 * when a queue handler had to drop it (also counted in the queue's stats);
 * PICOLOG_EINVAL for a NULL logger, a NULL message or a negative level. A
 * failing file or stream handler does not fail the call (see
 * picolog_set_error_hook). */
PICOLOG_API int picolog_log(picolog_logger* logger, int level, const char* message);

/* Same with an explicit length: the message may contain NUL bytes. */
PICOLOG_API int picolog_log_len(picolog_logger* logger, int level, const char* message, size_t length);

/* Same with source location, exception text, fields and overrides. info may
 * be NULL. */
PICOLOG_API int picolog_log_ex(picolog_logger* logger, int level, const char* message, size_t length,
                               const picolog_record_info* info);

/* picolog_log_ex that never waits, for a caller that must not while it holds
 * a lock of its own (an interpreter's global lock, a real-time thread). The
 * record is taken when the logger's records all reach one handler, with no
 * filter on the logger or the handler, and no fields in info while the
 * thread has context fields (either goes with the record as usual; the two
 * merged are picolog_log_ex's), and that handler takes it at once:
 * - a queue handler (picolog/queue.h) whose lane for the calling thread has
 *   a free slot the record fits: the record is copied there;
 * - a buffered file handler (PICOLOG_FLUSH_BUFFERED) whose lock no other
 *   thread holds, and whose buffer takes the formatted line without a write
 *   (the file open, the line below flush_level, the buffer not full with it
 *   and the flush interval not passed): the line is formatted into it.
 * The call then returns 0; a record below the level returns 0 too.
 * Anything else returns PICOLOG_EAGAIN with nothing done and
 * picolog_last_error() unchanged: call picolog_log_ex then, without the
 * lock. No lock it takes is ever held across a write, a filter or a wait,
 * and none is waited for; a thread's first record may map its lane's memory
 * or allocate its formatter's caches, and a record may wake the queue's
 * listener. */
PICOLOG_API int picolog_try_log_ex(picolog_logger* logger, int level, const char* message, size_t length,
                                   const picolog_record_info* info);

/* printf-style convenience for C: formats only when the level is enabled,
 * and into queue handlers on the listener (picolog/logf.h). */
PICOLOG_API int picolog_logf(picolog_logger* logger, int level, const char* format, ...) PICOLOG_PRINTF(3, 4);

/* The enabled check inline: one load through the threshold pointer. */
#define PICOLOG_ENABLED(threshold_ptr, level) ((int32_t)(level) >= *(threshold_ptr))

/* Log with the caller's file, line and function, testing the level first. */
#define PICOLOG_LOG_AT(logger, level, message)                                       \
    do {                                                                             \
        picolog_logger* picolog_l_ = (logger);                                       \
        if (picolog_logger_is_enabled_for(picolog_l_, (level))) {                    \
            picolog_record_info picolog_i_ = PICOLOG_RECORD_INFO_INIT;               \
            picolog_i_.file = __FILE__;                                              \
            picolog_i_.line = __LINE__;                                              \
            picolog_i_.func = __func__;                                              \
            picolog_log_ex(picolog_l_, (level), (message), (size_t)-1, &picolog_i_); \
        }                                                                            \
    } while (0)

/* picolog_log_ex also accepts (size_t)-1 as length for a NUL-terminated
 * message. */
#define PICOLOG_NUL_TERMINATED ((size_t)-1)

/* ------------------------------------------------------------------------ */
/* Records (inside callbacks)                                                */
/* ------------------------------------------------------------------------ */

/* A read-only view of a record. Every pointer is borrowed and valid only
 * during the callback that received the record. Every string is
 * NUL-terminated except the message, which is sized (it may hold NUL bytes
 * and need not be followed by one). */
typedef struct picolog_record_view {
    int level;
    const char* level_name;
    const char* logger_name;
    const char* message;
    size_t message_len;
    int64_t created_ns; /* wall clock, ns since the epoch */
    uint64_t thread_id;
    const char* thread_name;
    int64_t process_id;
    const char* file; /* "" when not given */
    int line;
    const char* func;       /* "" when not given */
    const char* exc_text;   /* "" when none */
    const char* stack_text; /* "" when none */
    const picolog_field* fields;
    size_t field_count;
} picolog_record_view;

/* Fill `out` from a record received in a callback. Pass out_size =
 * sizeof(picolog_record_view): the library fills that many bytes, zeroing
 * members it does not know (a caller built against a newer header) and
 * leaving out those the caller does not know (an older header).
 * PICOLOG_EINVAL if out_size is below the first version of the struct. */
PICOLOG_API int picolog_record_get(const picolog_record* record, picolog_record_view* out, size_t out_size);

#include "picolog/formatters.h"
#include "picolog/filters.h"
#include "picolog/handlers.h"
#include "picolog/queue.h"
#include "picolog/context.h"
#include "picolog/config.h"
#include "picolog/syslog.h"
#include "picolog/journald.h"
#include "picolog/rotating.h"
#include "picolog/crash.h"
#include "picolog/memory.h"
#include "picolog/last_resort.h"
#include "picolog/logf.h"

/* ------------------------------------------------------------------------ */
/* Process life                                                              */
/* ------------------------------------------------------------------------ */

/* Flush every live handler, queue handlers first (each waits for its
 * listener). A memory handler passes its records on before the handlers it
 * feeds, another memory handler included, whichever was made first, so
 * records go down a whole chain of them (picolog/memory.h).
 * Returns the first failure, after trying all. */
PICOLOG_API int picolog_flush_all(void);

/* Python's logging.shutdown(): drain and stop every queue listener, then
 * flush and close every handler. Logging afterwards still works for handlers
 * created later. The runtime also does this at exit() (an atexit hook), so
 * every record accepted before exit reaches its destination. The hook is
 * installed when the library is loaded: it runs after the program's own
 * atexit functions and static destructors, whose log calls are written too. */
PICOLOG_API int picolog_shutdown(void);

/* Name the calling thread for records logged from it (threadName), instead of
 * the OS thread name. name is copied; NULL clears it. */
PICOLOG_API int picolog_set_thread_name(const char* name);

#ifdef __cplusplus
}
#endif

#endif /* PICOLOG_H */
