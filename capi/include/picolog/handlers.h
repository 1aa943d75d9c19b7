/*
 * picolog/handlers.h - handlers: the shared handler calls and the stream, file, null and callback handlers.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_HANDLERS_H
#define PICOLOG_HANDLERS_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/handlers.h> directly"
#endif

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
 * formatted line plus "\n", flushed at once. *out is owned.
 *
 * Threads logging to one handler take turns under its lock. Where each
 * record is its own write(2) (this handler, and the file handlers below with
 * PICOLOG_FLUSH_EVERY_RECORD), a thread that finds the lock held spins for
 * a few microseconds (about one write's time) before it sleeps, since a
 * sleep and a wake-up per record cost more than the write; with
 * PICOLOG_FLUSH_BUFFERED it sleeps at once. */
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
    size_t buffer_size;         /* buffered: bytes (default 64 KiB, at most 1 GiB) */
} picolog_file_options;

#define PICOLOG_FILE_OPTIONS_VERSION 1
#define PICOLOG_FILE_OPTIONS_INIT \
    { PICOLOG_FILE_OPTIONS_VERSION, 0, 0, 0, PICOLOG_FLUSH_EVERY_RECORD, PICOLOG_ERROR, 1000, 65536 }

/* Writes the defaults of `version` (1 to PICOLOG_FILE_OPTIONS_VERSION) into
 * *opts, touching no byte past that version's struct: PICOLOG_FILE_OPTIONS_INIT
 * for callers that cannot use the macro. PICOLOG_EINVAL for a NULL opts or an
 * unknown version. */
PICOLOG_API int picolog_file_options_init(picolog_file_options* opts, unsigned version);

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
 * (counted and reported through the error hook), or
 * PICOLOG_CALLBACK_REPORTED for a failure it has reported itself (counted
 * only: a binding whose handler reports its own errors, as Python's
 * handleError does, or stays silent as logging.raiseExceptions = False
 * asks). flush returns the same way: non-zero fails the flush
 * (picolog_handler_flush, picolog_flush_all, picolog_handler_close and
 * picolog_shutdown then return PICOLOG_EIO), counted and reported through
 * the error hook; PICOLOG_CALLBACK_REPORTED fails it the same way, counted
 * without a report. flush and destroy may be NULL; destroy runs once when
 * the last reference is released. */
#define PICOLOG_CALLBACK_REPORTED (-100)
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

/* The defaults of `version` (every callback NULL), as picolog_file_options_init. */
PICOLOG_API int picolog_callback_handler_options_init(picolog_callback_handler_options* opts,
                                                      unsigned version);

PICOLOG_API int picolog_callback_handler_new(picolog_handler** out,
                                             const picolog_callback_handler_options* options);

/* Failures a handler has counted (writes or callbacks that failed). */
PICOLOG_API int picolog_handler_failures(const picolog_handler* handler, uint64_t* out);

#endif /* PICOLOG_HANDLERS_H */
