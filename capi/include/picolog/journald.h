/*
 * picolog/journald.h - the journald handler: records to systemd-journald
 * over its native protocol, and its counters.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it
 * (picolog/queue.h, picolog/syslog.h).
 */

#ifndef PICOLOG_JOURNALD_H
#define PICOLOG_JOURNALD_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/journald.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* journald                                                                  */
/* ------------------------------------------------------------------------ */

/* Each record becomes one journal entry with the fields MESSAGE (the
 * handler's formatted text), PRIORITY (Python's level map, as the syslog
 * handler's), SYSLOG_FACILITY (if set), SYSLOG_IDENTIFIER, CODE_FILE,
 * CODE_LINE, CODE_FUNC (when known), LOGGER, THREAD_NAME, and every
 * structured field under its key upper-cased to a valid journal field name
 * (A-Z, 0-9 and '_', no leading '_', "F_" before a leading digit or a
 * name the entry already has, as "priority" -> F_PRIORITY, at most
 * 64 bytes; journald ignores an entry of more than 1024 fields, so the
 * structured fields past that are left out and PICOLOG_FIELDS_DROPPED says
 * how many). Values holding a newline use the protocol's binary-safe form;
 * an entry too large for a datagram is passed in a sealed memfd. Like the
 * syslog handler it owns a queue: the log call never waits for journald
 * unless the queue is full under PICOLOG_OVERFLOW_BLOCK. */

typedef struct picolog_journald_options {
    unsigned version;        /* PICOLOG_JOURNALD_OPTIONS_VERSION */
    const char* socket_path; /* NULL: "/run/systemd/journal/socket"; a journald started with a
                                namespace listens on /run/systemd/journal.<namespace>/socket */
    const char* identifier;  /* SYSLOG_IDENTIFIER; NULL or "": the program's name */
    int facility;            /* SYSLOG_FACILITY 0..23, or -1 (default) to leave it out */
    const picolog_syslog_severity* severities; /* overrides of Python's map; copied; may be NULL */
    size_t severity_count;
    int default_severity;        /* levels not in the map (default 4) */
    picolog_queue_options queue; /* the queue between log calls and the sender */
} picolog_journald_options;

#define PICOLOG_JOURNALD_OPTIONS_VERSION 1
#define PICOLOG_JOURNALD_OPTIONS_INIT \
    { PICOLOG_JOURNALD_OPTIONS_VERSION, NULL, NULL, -1, NULL, 0, 4, PICOLOG_QUEUE_OPTIONS_INIT }

/* Writes the defaults of `version` (1 to PICOLOG_JOURNALD_OPTIONS_VERSION):
 * PICOLOG_JOURNALD_OPTIONS_INIT, its embedded queue options at the queue
 * version that `version` holds. Touches no byte past that version's struct.
 * PICOLOG_EINVAL for NULL, 0 or a version newer than this library's (the
 * message names both). */
PICOLOG_API int picolog_journald_options_init(picolog_journald_options* opts, unsigned version);

/* Builds a journald handler and starts its sender thread. options may be
 * NULL. Invalid options are PICOLOG_EINVAL with a message; a journald that
 * is not running is not an error (its records are counted as
 * dropped_unreachable). Strings are copied. *out is owned. */
PICOLOG_API int picolog_journald_handler_new(picolog_handler** out, const picolog_journald_options* options);

typedef struct picolog_journald_stats {
    uint64_t enqueued;            /* records accepted by the queue */
    uint64_t sent;                /* entries journald's socket took */
    uint64_t sent_memfd;          /* of those, passed in a memfd */
    uint64_t dropped_queue_full;  /* refused or evicted by the queue's overflow policy */
    uint64_t dropped_unreachable; /* journald's socket absent or refusing */
    uint64_t dropped_failed;      /* any other send failure */
    uint64_t dropped_closed;      /* refused after close */
    uint64_t queued;              /* records in the queue now */
} picolog_journald_stats;

/* Counters of a journald handler: PICOLOG_EINVAL for any other handler.
 * out_size is sizeof(picolog_journald_stats). */
PICOLOG_API int picolog_journald_handler_stats(const picolog_handler* handler, picolog_journald_stats* out,
                                               size_t out_size);

#endif /* PICOLOG_JOURNALD_H */
