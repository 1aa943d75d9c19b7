/*
 * picolog.h - the whole public C API of picolog, one logging runtime shared
 * by every language in a process.
 *
 * Read this header top to bottom: it is the manual.
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
 * - Option structs start with a `version` field; initialise them with their
 *   *_INIT macro so that newer libraries can add fields safely.
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

/* The message of the last failure in the calling thread, or "" if none.
 * Borrowed: valid until the next picolog call in the same thread. */
PICOLOG_API const char* picolog_last_error(void);

/* A static description of a PICOLOG_E* code. Borrowed, never freed. */
PICOLOG_API const char* picolog_strerror(int code);

/* Where handler failures are reported. A failing handler (disk full, closed
 * socket) counts the failure and reports the first one of each kind through
 * this hook; it never fails the log call. The default hook writes one line to
 * stderr. Pass fn = NULL to restore the default. */
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
 * level. Borrowed, valid until the process exits. NULL for a negative level. */
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
 * disabled flag, so one load and one compare make the whole enabled check.
 * Borrowed, valid forever. NULL for a NULL logger. */
PICOLOG_API const volatile int32_t* picolog_logger_threshold_ptr(const picolog_logger* logger);

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
 * PICOLOG_ENOTFOUND if none. */
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

/* printf-style convenience for C: formats only when the level is enabled. */
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

/* Fill `out` (of `out_size` bytes, pass sizeof(picolog_record_view)) from a
 * record received in a callback. */
PICOLOG_API int picolog_record_get(const picolog_record* record, picolog_record_view* out, size_t out_size);

/* ------------------------------------------------------------------------ */
/* Formatters                                                                */
/* ------------------------------------------------------------------------ */

#define PICOLOG_STYLE_PERCENT 0 /* %(name)s, %(levelname)-8s, %(lineno)d, %% */
#define PICOLOG_STYLE_BRACE 1   /* {name}, {levelname:<8}, {lineno:d}, {{ }} */

/* A formatter compiled once from a pattern in Python's syntax. Fields:
 * name levelno levelname pathname filename module lineno funcName created
 * msecs relativeCreated thread threadName process message asctime exc_text
 * stack_info, plus any structured field name. Width, alignment and
 * precision work as in Python ("%(levelname)-8s", "%(msecs)03d"). After the
 * message come the exception text and the stack, each on a new line, as in
 * Python. fmt NULL means "%(message)s"; datefmt NULL means Python's default
 * "%Y-%m-%d %H:%M:%S,mmm" for asctime; otherwise datefmt is strftime syntax.
 * An unknown standard field, a malformed pattern or a bad style is
 * PICOLOG_EFORMAT here, never an error at log time. Unknown names are
 * looked up among the record's structured fields; a record without that
 * field formats it as "". *out is owned. */
PICOLOG_API int picolog_formatter_new(picolog_formatter** out, const char* fmt, const char* datefmt,
                                      int style);

/* A formatter writing one JSON object per record: time (ISO 8601 UTC), level,
 * logger, message, thread, process, file, line, func, exc_text (when set),
 * then every structured field. *out is owned. */
PICOLOG_API int picolog_json_formatter_new(picolog_formatter** out);

PICOLOG_API void picolog_formatter_release(picolog_formatter* formatter);

/* Format a record into buf (NUL-terminated when it fits). *written gets the
 * formatted length without the NUL. PICOLOG_ERANGE when capacity is too small:
 * *written then holds the length needed. */
PICOLOG_API int picolog_formatter_format(const picolog_formatter* formatter, const picolog_record* record,
                                         char* buf, size_t capacity, size_t* written);

/* ------------------------------------------------------------------------ */
/* Filters                                                                   */
/* ------------------------------------------------------------------------ */

/* Python's logging.Filter(name): passes records of logger `name` and its
 * descendants ("a.b" passes "a.b" and "a.b.c", not "a.bc"). NULL or "" passes
 * everything. *out is owned. */
PICOLOG_API int picolog_name_filter_new(picolog_filter** out, const char* name);

/* Passes records with min_level <= level <= max_level. *out is owned. */
PICOLOG_API int picolog_level_filter_new(picolog_filter** out, int min_level, int max_level);

/* Returns non-zero to keep the record. Runs on the logging thread, before
 * any handler lock is taken. */
typedef int (*picolog_filter_fn)(const picolog_record* record, void* userdata);
/* Called once when the filter's last reference is released. */
typedef void (*picolog_destroy_fn)(void* userdata);

/* A filter that calls fn. destroy may be NULL. *out is owned. */
PICOLOG_API int picolog_callback_filter_new(picolog_filter** out, picolog_filter_fn fn,
                                            picolog_destroy_fn destroy, void* userdata);

PICOLOG_API void picolog_filter_release(picolog_filter* filter);

/* ------------------------------------------------------------------------ */
/* Handlers                                                                  */
/* ------------------------------------------------------------------------ */

/* Every handler has a level (default NOTSET: everything), filters, a
 * formatter (default "%(message)s") and its own lock. Filters run on the
 * logging thread before the lock; formatting and writing happen inside it,
 * so one handler's lines never interleave and two handlers never contend. */

PICOLOG_API void picolog_handler_retain(picolog_handler* handler);
/* Drops one reference; the handler is flushed, closed and freed when the
 * last one goes. */
PICOLOG_API void picolog_handler_release(picolog_handler* handler);

PICOLOG_API int picolog_handler_set_level(picolog_handler* handler, int level);
PICOLOG_API int picolog_handler_level(const picolog_handler* handler);
/* The handler takes its own reference; NULL restores the default. */
PICOLOG_API int picolog_handler_set_formatter(picolog_handler* handler, picolog_formatter* formatter);
PICOLOG_API int picolog_handler_add_filter(picolog_handler* handler, picolog_filter* filter);
PICOLOG_API int picolog_handler_remove_filter(picolog_handler* handler, picolog_filter* filter);

/* Write out anything buffered. For a queue handler: returns when every record
 * enqueued before the call has been written by the listener's handlers and
 * they have been flushed. */
PICOLOG_API int picolog_handler_flush(picolog_handler* handler);

/* Flush and close. Records reaching a closed handler are ignored. For a queue
 * handler: drains the queue, then stops and joins the listener thread.
 * Idempotent. */
PICOLOG_API int picolog_handler_close(picolog_handler* handler);

/* Pass a record received in a callback (a callback filter or handler) to
 * another handler, as Python's Handler.handle(record). */
PICOLOG_API int picolog_handler_handle(picolog_handler* handler, const picolog_record* record);

/* Writes to a file descriptor (PICOLOG_STDERR, PICOLOG_STDOUT or any open fd,
 * which the handler does not close). Each record is one write(2) of the
 * formatted line plus "\n", flushed at once. *out is owned. */
#define PICOLOG_STDOUT 1
#define PICOLOG_STDERR 2
PICOLOG_API int picolog_stream_handler_new(picolog_handler** out, int fd);

#define PICOLOG_FLUSH_EVERY_RECORD 0 /* write and flush each record (Python's default) */
#define PICOLOG_FLUSH_BUFFERED 1     /* buffer; flush when full, at flush_level, or after flush_interval_ms */

typedef struct picolog_file_options {
    unsigned version;           /* PICOLOG_FILE_OPTIONS_VERSION */
    int truncate;               /* 0: append (default); 1: truncate on open */
    unsigned mode;              /* permission bits for a new file; 0 means 0644 */
    int delay;                  /* 1: open on the first record instead of now */
    int flush_policy;           /* PICOLOG_FLUSH_* */
    int flush_level;            /* buffered: records at or above this flush at once (default ERROR) */
    uint32_t flush_interval_ms; /* buffered: flush when this much time passed since the last (default 1000; 0:
                                   never) */
    size_t buffer_size;         /* buffered: bytes (default 64 KiB) */
} picolog_file_options;

#define PICOLOG_FILE_OPTIONS_VERSION 1
#define PICOLOG_FILE_OPTIONS_INIT \
    { PICOLOG_FILE_OPTIONS_VERSION, 0, 0, 0, PICOLOG_FLUSH_EVERY_RECORD, PICOLOG_ERROR, 1000, 65536 }

/* Writes to a file opened with O_APPEND|O_CLOEXEC (O_TRUNC if asked). options
 * may be NULL for the defaults. PICOLOG_EIO if the file cannot be opened
 * (unless delay is set; then the first record reports the failure through the
 * error hook). *out is owned. */
PICOLOG_API int picolog_file_handler_new(picolog_handler** out, const char* path,
                                         const picolog_file_options* options);

/* Discards everything. *out is owned. */
PICOLOG_API int picolog_null_handler_new(picolog_handler** out);

/* A handler whose emit is a C function: the way bindings write handlers in
 * their own language. emit gets the record and the line formatted by the
 * handler's formatter (not NUL-terminated; no trailing newline). It runs
 * under the handler's lock and returns 0, or non-zero to report a failure
 * (counted and reported through the error hook). flush and destroy may be
 * NULL; destroy runs once when the last reference is released. */
typedef int (*picolog_emit_fn)(const picolog_record* record, const char* line, size_t line_len,
                               void* userdata);
typedef int (*picolog_flush_fn)(void* userdata);

typedef struct picolog_callback_handler_options {
    unsigned version; /* PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION */
    picolog_emit_fn emit;
    picolog_flush_fn flush;
    picolog_destroy_fn destroy;
    void* userdata;
} picolog_callback_handler_options;

#define PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION 1
#define PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT \
    { PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION, NULL, NULL, NULL, NULL }

PICOLOG_API int picolog_callback_handler_new(picolog_handler** out,
                                             const picolog_callback_handler_options* options);

/* Failures a handler has counted (writes or callbacks that failed). */
PICOLOG_API int picolog_handler_failures(const picolog_handler* handler, uint64_t* out);

/* ------------------------------------------------------------------------ */
/* Asynchronous logging: queue handlers                                      */
/* ------------------------------------------------------------------------ */

/* A queue handler copies each record into a bounded channel and returns; the
 * caller's buffers are free at once. Every thread that logs into the queue
 * gets its own ring (a lane) of `capacity` records, so producers never write
 * the same memory and a log call takes no lock and no locked instruction.
 * One listener thread drains the lanes in batches, oldest timestamp first,
 * and passes the records to the listener's handlers (given at creation; the
 * listener is their only caller, so a handler given to a queue cannot also be
 * attached to a logger). Each thread's records keep the order of its calls. */

#define PICOLOG_OVERFLOW_BLOCK 0         /* wait for room */
#define PICOLOG_OVERFLOW_BLOCK_TIMEOUT 1 /* wait up to timeout_ms, then drop: PICOLOG_ETIMEDOUT */
#define PICOLOG_OVERFLOW_DROP_NEWEST 2   /* drop the record being logged: PICOLOG_EDROPPED */
#define PICOLOG_OVERFLOW_DROP_OLDEST 3   /* drop the oldest queued record to make room */

typedef struct picolog_queue_options {
    unsigned version;          /* PICOLOG_QUEUE_OPTIONS_VERSION */
    size_t capacity;           /* records per logging thread; at least 1 (default 8192).
                                  The overflow policy applies to the calling thread's lane */
    size_t max_bytes;          /* byte budget, shared by all lanes, of queued records too
                                  large for a slot (default 64 MiB); ordinary records are
                                  bounded by capacity alone. A single record larger than the
                                  budget is still accepted when its lane is empty, never
                                  truncated */
    int overflow;              /* PICOLOG_OVERFLOW_* */
    uint32_t timeout_ms;       /* for BLOCK_TIMEOUT; must be > 0 there */
    int respect_handler_level; /* 1 (default): the listener skips records below a
                                  handler's level; 0: every handler gets every record */
} picolog_queue_options;

#define PICOLOG_QUEUE_OPTIONS_VERSION 1
#define PICOLOG_QUEUE_OPTIONS_INIT \
    { PICOLOG_QUEUE_OPTIONS_VERSION, 8192, (size_t)64 << 20, PICOLOG_OVERFLOW_BLOCK, 0, 1 }

/* Build a queue handler and start its listener thread. handlers (count may be
 * 0) become the listener's; the queue takes its own references. Invalid
 * options or a handler already attached elsewhere are PICOLOG_EINVAL with a
 * message naming the problem. *out is owned; attach it to loggers like any
 * handler. */
PICOLOG_API int picolog_queue_handler_new(picolog_handler** out, const picolog_queue_options* options,
                                          picolog_handler* const* handlers, size_t count);

typedef struct picolog_queue_stats {
    uint64_t enqueued;        /* records accepted into the channel */
    uint64_t dropped_newest;  /* refused: drop-newest policy */
    uint64_t dropped_oldest;  /* evicted: drop-oldest policy */
    uint64_t dropped_timeout; /* refused after a block timeout */
    uint64_t dropped_closed;  /* refused because the queue was closed */
    uint64_t emitted;         /* records the listener passed to its handlers */
    uint64_t failed;          /* handler failures seen by the listener */
    uint64_t high_water;      /* most records seen queued at once in one lane */
    uint64_t queued;          /* records queued now, all lanes together */
    uint64_t capacity;        /* records per lane */
} picolog_queue_stats;

/* Counters of a queue handler: PICOLOG_EINVAL for any other handler. out_size
 * is sizeof(picolog_queue_stats). */
PICOLOG_API int picolog_queue_handler_stats(const picolog_handler* handler, picolog_queue_stats* out,
                                            size_t out_size);

/* 1 if the handler is a queue handler. */
PICOLOG_API int picolog_handler_is_queue(const picolog_handler* handler);

/* ------------------------------------------------------------------------ */
/* Process life                                                              */
/* ------------------------------------------------------------------------ */

/* Flush every live handler, queue handlers first (each waits for its
 * listener). Returns the first failure, after trying all. */
PICOLOG_API int picolog_flush_all(void);

/* Python's logging.shutdown(): drain and stop every queue listener, then
 * flush and close every handler. Logging afterwards still works for handlers
 * created later. The runtime also does this at exit() (an atexit hook), so
 * every record accepted before exit reaches its destination. */
PICOLOG_API int picolog_shutdown(void);

/* Name the calling thread for records logged from it (threadName), instead of
 * the OS thread name. name is copied; NULL clears it. */
PICOLOG_API int picolog_set_thread_name(const char* name);

#ifdef __cplusplus
}
#endif

#endif /* PICOLOG_H */
