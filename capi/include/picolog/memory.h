/*
 * picolog/memory.h - handlers that hold records back: Python's MemoryHandler
 * and a backtrace ring.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_MEMORY_H
#define PICOLOG_MEMORY_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/memory.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* Memory and backtrace handlers                                             */
/* ------------------------------------------------------------------------ */

/* Both keep copies of the records they are given (the caller's strings are
 * free when its log call returns) and pass them later to a target handler's
 * handle(): the target's own level and filters apply, and the target
 * formats them. A target is any handler except one that belongs to a queue
 * listener; it may also be attached to loggers. The handler holds its own
 * reference to the target: the caller keeps (and must still release) its
 * own. The handler's lock is held while it calls the target. */

typedef struct picolog_memory_options {
    unsigned version;   /* PICOLOG_MEMORY_OPTIONS_VERSION */
    size_t capacity;    /* pass the buffer on when it holds this many records */
    int flush_level;    /* ... or when a record at or above this level arrives */
    int flush_on_close; /* 1: close() passes the buffer on first (Python's flushOnClose) */
} picolog_memory_options;

#define PICOLOG_MEMORY_OPTIONS_VERSION 1
#define PICOLOG_MEMORY_OPTIONS_INIT \
    { PICOLOG_MEMORY_OPTIONS_VERSION, 1024, PICOLOG_ERROR, 1 }

/* Writes the defaults of `version` (1 to PICOLOG_MEMORY_OPTIONS_VERSION) into
 * *opts, touching no byte past that version's struct: PICOLOG_MEMORY_OPTIONS_INIT
 * for callers that cannot use the macro. PICOLOG_EINVAL for NULL, 0 or a
 * version newer than this library's (the message names both). */
PICOLOG_API int picolog_memory_options_init(picolog_memory_options* opts, unsigned version);

/* Python's logging.handlers.MemoryHandler. Each record that passes this
 * handler's level and filters is appended to the buffer; then, if the buffer
 * holds `capacity` records or the record's level is at least flush_level,
 * every buffered record goes to the target in order and the buffer empties
 * (the record that caused it is the last one). picolog_handler_flush does the
 * same at any time. Without a target nothing is passed on and the records
 * stay buffered (as in Python: the buffer then grows past capacity), until a
 * target is set and the next flush. picolog_handler_close passes the buffer
 * on if flush_on_close, then drops the target.
 * options may be NULL (PICOLOG_MEMORY_OPTIONS_INIT); target may be NULL.
 * PICOLOG_EINVAL for a bad version, a negative flush_level or a target that
 * belongs to a queue listener. *out is owned by the caller. */
PICOLOG_API int picolog_memory_handler_new(picolog_handler** out, const picolog_memory_options* options,
                                           picolog_handler* target);

typedef struct picolog_backtrace_options {
    unsigned version;   /* PICOLOG_BACKTRACE_OPTIONS_VERSION */
    size_t capacity;    /* the ring keeps the last this many records (at least 1) */
    int store_below;    /* records below this level go to the ring, not to the target */
    int trigger;        /* a record at or above this level writes the ring out first */
    const char* prefix; /* put before each ring record's message; NULL: "[backtrace] " */
} picolog_backtrace_options;

#define PICOLOG_BACKTRACE_OPTIONS_VERSION 1
#define PICOLOG_BACKTRACE_OPTIONS_INIT \
    { PICOLOG_BACKTRACE_OPTIONS_VERSION, 64, PICOLOG_INFO, PICOLOG_ERROR, NULL }

/* The defaults of `version` (PICOLOG_BACKTRACE_OPTIONS_INIT), as
 * picolog_memory_options_init. */
PICOLOG_API int picolog_backtrace_options_init(picolog_backtrace_options* opts, unsigned version);

/* The backtrace ring (quill's backtrace, for records from every language).
 * A record below store_below is copied into a ring of the last `capacity`
 * such records (the oldest is dropped) and not written. Any other record
 * goes to the target; one at or above `trigger` is preceded by the ring's
 * records, oldest first, and the ring empties. Each ring record reaches the
 * target marked: its message starts with `prefix` (copied; "" for none) and
 * it carries the structured field backtrace=1 (shown by JSON formatters and
 * by %(backtrace)s). Records no trigger followed are never written, not even
 * by flush or close. The handler's level must let the low records in (0, the
 * default), and so must the loggers'.
 * options may be NULL (PICOLOG_BACKTRACE_OPTIONS_INIT); target may be NULL
 * (then nothing is written). PICOLOG_EINVAL for a bad version, capacity 0,
 * a negative level or a listener's target. *out is owned by the caller. */
PICOLOG_API int picolog_backtrace_handler_new(picolog_handler** out, const picolog_backtrace_options* options,
                                              picolog_handler* target);

/* Replaces the target of a memory or backtrace handler (NULL: none); the
 * handler takes its own reference and releases the old target's. Records
 * already buffered go to the new target. PICOLOG_EINVAL for another kind of
 * handler, the handler itself or a listener's handler as target, or a target
 * whose records would come back to the handler through the targets of
 * memory and backtrace handlers (a cycle). */
PICOLOG_API int picolog_memory_handler_set_target(picolog_handler* handler, picolog_handler* target);

/* Changes a memory handler's capacity, flush_level and flush_on_close
 * (Python's assignments to capacity, flushLevel and flushOnClose). The
 * records it holds stay; the next record is judged by the new values, and
 * close() by the new flush_on_close. PICOLOG_EINVAL for NULL options, a bad
 * version, a negative flush_level or another kind of handler. */
PICOLOG_API int picolog_memory_handler_set_options(picolog_handler* handler,
                                                   const picolog_memory_options* options);

/* How many records a memory or backtrace handler holds now, in *out.
 * PICOLOG_EINVAL for another kind of handler. */
PICOLOG_API int picolog_memory_handler_buffered(picolog_handler* handler, size_t* out);

#endif /* PICOLOG_MEMORY_H */
