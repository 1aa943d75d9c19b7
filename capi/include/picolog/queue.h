/*
 * picolog/queue.h - asynchronous logging: queue handlers and their counters.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_QUEUE_H
#define PICOLOG_QUEUE_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/queue.h> directly"
#endif

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

/* Writes the defaults of `version` (1 to PICOLOG_QUEUE_OPTIONS_VERSION) into
 * *opts, touching no byte past that version's struct: PICOLOG_QUEUE_OPTIONS_INIT
 * for callers that cannot use the macro. PICOLOG_EINVAL for a NULL opts or an
 * unknown version. */
PICOLOG_API int picolog_queue_options_init(picolog_queue_options* opts, unsigned version);

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

/* Counters of a queue handler: PICOLOG_EINVAL for any other handler. Pass
 * out_size = sizeof(picolog_queue_stats); it is filled as picolog_record_get
 * fills a view (cut to the caller's size, or zero-extended). */
PICOLOG_API int picolog_queue_handler_stats(const picolog_handler* handler, picolog_queue_stats* out,
                                            size_t out_size);

/* 1 if the handler is a queue handler. */
PICOLOG_API int picolog_handler_is_queue(const picolog_handler* handler);

#endif /* PICOLOG_QUEUE_H */
