/*
 * picolog/rotating.h - file handlers that rotate by size or by time, as
 * Python's RotatingFileHandler and TimedRotatingFileHandler.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_ROTATING_H
#define PICOLOG_ROTATING_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/rotating.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* Rotating file handlers                                                    */
/* ------------------------------------------------------------------------ */

/* Both write like picolog_file_handler_new (O_APPEND, every record whole,
 * the same picolog_file_options; truncate applies to the first open only).
 * A rotation never truncates the live file and never loses a record: when a
 * rename fails the failure is counted (picolog_rotation_stats and
 * picolog_handler_failures), reported through the error hook, and writing
 * goes on to the current file. */

/* Optional hooks, for bindings and tests. Every member may be NULL.
 * - now_ns: the wall clock in ns since the epoch (default CLOCK_REALTIME);
 *   tests inject one so that time rotation needs no sleeping.
 * - namer: Python's namer. Writes the name to use instead of default_name
 *   into out (NUL-terminated, at most out_size bytes) and returns 0, or
 *   returns non-zero to keep the default.
 * - rotator: Python's rotator. Moves source to dest its own way (compress
 *   it, say); returns 0, or non-zero for a failure (counted as a failed
 *   rename).
 * - destroy: called once with userdata when the handler is freed.
 * The hooks run on the logging thread, under the handler's lock. They may
 * log to other handlers, as a callback handler's functions may. */
typedef int64_t (*picolog_clock_fn)(void* userdata);
typedef int (*picolog_rotation_namer_fn)(const char* default_name, char* out, size_t out_size,
                                         void* userdata);
typedef int (*picolog_rotation_rotator_fn)(const char* source, const char* dest, void* userdata);

typedef struct picolog_rotation_hooks {
    unsigned version; /* PICOLOG_ROTATION_HOOKS_VERSION */
    picolog_clock_fn now_ns;
    picolog_rotation_namer_fn namer;
    picolog_rotation_rotator_fn rotator;
    picolog_destroy_fn destroy;
    void* userdata;
} picolog_rotation_hooks;

#define PICOLOG_ROTATION_HOOKS_VERSION 1
#define PICOLOG_ROTATION_HOOKS_INIT \
    { PICOLOG_ROTATION_HOOKS_VERSION, NULL, NULL, NULL, NULL, NULL }

/* Writes the defaults of `version` (1 to PICOLOG_ROTATION_HOOKS_VERSION)
 * into *opts (every hook NULL), touching no byte past that version's struct:
 * PICOLOG_ROTATION_HOOKS_INIT for callers that cannot use the macro.
 * PICOLOG_EINVAL for a NULL opts or an unknown version (the message names
 * both versions). */
PICOLOG_API int picolog_rotation_hooks_init(picolog_rotation_hooks* opts, unsigned version);

typedef struct picolog_rotating_file_options {
    unsigned version;      /* PICOLOG_ROTATING_FILE_OPTIONS_VERSION */
    uint64_t max_bytes;    /* rotate before a line would make the file reach this size; 0: never */
    unsigned backup_count; /* keep path.1 .. path.<backup_count>; 0: never rotate */
    unsigned max_age_days; /* > 0: also delete rotated files older than this (by mtime) */
    int multiprocess;      /* 1: several processes share the file; see below */
    /* version 2 */
    int compress; /* 1: gzip each rotated file to path.N.gz on the housekeeping thread; see below */
} picolog_rotating_file_options;

#define PICOLOG_ROTATING_FILE_OPTIONS_VERSION 2
#define PICOLOG_ROTATING_FILE_OPTIONS_INIT \
    { PICOLOG_ROTATING_FILE_OPTIONS_VERSION, 0, 0, 0, 0, 0 }

/* The defaults of `version` (1 to PICOLOG_ROTATING_FILE_OPTIONS_VERSION), as
 * picolog_rotation_hooks_init. A version 1 struct is still accepted by
 * picolog_rotating_file_handler_new (compress is then 0). */
PICOLOG_API int picolog_rotating_file_options_init(picolog_rotating_file_options* opts, unsigned version);

/* compress: a rotated file becomes path.1, and the housekeeping thread
 * gzips it to path.1.gz (written under a hidden temporary name, then
 * renamed, then the plain file removed), so no log call waits for gzip and
 * a crash leaves the plain file or the complete .gz, never a torn .gz
 * alone. Later rotations shift path.N.gz as they shift path.N (a file whose
 * compression has not finished keeps its plain name meanwhile);
 * backup_count counts both kinds. The .gz keeps the plain file's
 * modification time, from which max_age_days counts. */

/* multiprocess (opt-in): for processes sharing one rotating file (pre-forked
 * servers, worker pools). Each check-rotate-write holds flock(2) on
 * path + ".lock"; the size is read from the file, and a process that finds
 * path rotated by another reopens it first. So exactly one process rotates,
 * no record lands in a file already rotated away, and no file grows past
 * max_bytes plus one record. Records are then written one by one (no
 * buffering), at the cost of two more system calls each. A forked child
 * opens its own lock file descriptor. */

/* Size rotation. Before writing a line, if the file is not empty and its size
 * plus the line (with its newline) is at least max_bytes, path.N-1 becomes
 * path.N ... path becomes path.1 (path.<backup_count> is dropped) and a new
 * path is opened. A line longer than max_bytes gets a file of its own.
 * Without a namer a rotation shifts only the backups the directory holds, so
 * any backup_count costs the same. rotation may not be NULL; file_options
 * and hooks may be NULL (defaults). PICOLOG_EINVAL for bad options,
 * PICOLOG_EIO if the file cannot be opened (unless delay). *out is owned;
 * the handler copies what it needs of the option structs. */
PICOLOG_API int picolog_rotating_file_handler_new(picolog_handler** out, const char* path,
                                                  const picolog_rotating_file_options* rotation,
                                                  const picolog_file_options* file_options,
                                                  const picolog_rotation_hooks* hooks);

#define PICOLOG_ROTATE_SECONDS 0  /* Python's when='S' */
#define PICOLOG_ROTATE_MINUTES 1  /* 'M' */
#define PICOLOG_ROTATE_HOURS 2    /* 'H' */
#define PICOLOG_ROTATE_DAYS 3     /* 'D' */
#define PICOLOG_ROTATE_MIDNIGHT 4 /* 'midnight' (or at_time_seconds) */
#define PICOLOG_ROTATE_WEEKDAY 5  /* 'W0'..'W6': weekday 0 (Monday) to 6 */

typedef struct picolog_timed_rotating_file_options {
    unsigned version;      /* PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION */
    int when;              /* PICOLOG_ROTATE_* */
    int weekday;           /* PICOLOG_ROTATE_WEEKDAY: 0 Monday .. 6 Sunday */
    unsigned interval;     /* units of `when`, at least 1 */
    unsigned backup_count; /* keep this many rotated files; 0: keep all */
    int utc;               /* 1: UTC; 0: local time (with Python's DST corrections) */
    int at_time_seconds;   /* MIDNIGHT and WEEKDAY: rotate at this second of the day; -1: midnight */
    int compress;          /* 1: gzip each rotated file to path.<suffix>.gz on the housekeeping thread */
    unsigned max_age_days; /* > 0: also delete rotated files older than this (by mtime) */
    /* version 2 */
    int multiprocess; /* 1: several processes share the file, as for size rotation; see below */
} picolog_timed_rotating_file_options;

#define PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION 2
#define PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT \
    { PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION, PICOLOG_ROTATE_HOURS, 0, 1, 0, 0, -1, 0, 0, 0 }

/* The defaults of `version` (1 to PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION),
 * as picolog_rotation_hooks_init. A version 1 struct is still accepted
 * (multiprocess is then 0). */
PICOLOG_API int picolog_timed_rotating_file_options_init(picolog_timed_rotating_file_options* opts,
                                                         unsigned version);

/* multiprocess (opt-in), for time rotation: each check-rotate-write holds
 * flock(2) on path + ".lock". The process that first finds the rollover
 * time reached renames path (and deletes the oldest files); a process that
 * finds path renamed by another (device or inode changed) reopens it and
 * moves its own rollover time on without renaming again. So exactly one
 * process renames per rollover and no record lands in a file already
 * rotated away. Records are written one by one (no buffering). */

/* Time rotation. When the clock reaches the rollover time, path becomes
 * path.<suffix>, the start of the interval formatted as Python does
 * (%Y-%m-%d_%H-%M-%S for seconds, down to %Y-%m-%d for days and weeks), and
 * the oldest rotated files beyond backup_count are deleted. The first
 * rollover counts from the file's modification time. rotation may not be
 * NULL; file_options and hooks may be NULL. Errors as above. *out is owned. */
PICOLOG_API int picolog_timed_rotating_file_handler_new(picolog_handler** out, const char* path,
                                                        const picolog_timed_rotating_file_options* rotation,
                                                        const picolog_file_options* file_options,
                                                        const picolog_rotation_hooks* hooks);

typedef struct picolog_rotation_stats {
    uint64_t rotations;         /* rotations completed */
    uint64_t rotation_failures; /* renames (or rotator calls) that failed; writing went on */
    int64_t rollover_at;        /* time rotation: the next rollover, s since the epoch; size: 0 */
} picolog_rotation_stats;

/* Copies a rotating handler's counters into *out (out_size: sizeof *out).
 * PICOLOG_EINVAL if the handler does not rotate. */
PICOLOG_API int picolog_rotation_stats_get(const picolog_handler* handler, picolog_rotation_stats* out,
                                           size_t out_size);

/* Python's computeRollover(current_time) for a time-rotating handler: into
 * *out, the rollover time its schedule gives a file last written at
 * current_time (s since the epoch), by the rules the handler itself follows
 * (Python 3.13's, on every Python). PICOLOG_EINVAL if the handler does not
 * rotate by time, out is NULL, or |current_time| is above 2^53 (a double's
 * exact integers, the range of Python's times). */
PICOLOG_API int picolog_rotation_compute_rollover(const picolog_handler* handler, int64_t current_time,
                                                  int64_t* out);

/* Rotates now, as Python's doRollover() called by hand (a size handler with
 * backup_count 0 only reopens its file). PICOLOG_EINVAL if the handler does
 * not rotate; a failed rename is counted, not returned. */
PICOLOG_API int picolog_rotation_rollover_now(picolog_handler* handler);

/* ------------------------------------------------------------------------ */
/* Files rotated by another program (logrotate)                              */
/* ------------------------------------------------------------------------ */

/* Python's WatchedFileHandler: before each record, stats path and reopens it
 * when the file is gone or another file has taken its name (device or inode
 * changed), so logrotate's default `create` mode works without a signal.
 * One stat(2) per record. options may be NULL. Errors as
 * picolog_file_handler_new. *out is owned. */
PICOLOG_API int picolog_watched_file_handler_new(picolog_handler** out, const char* path,
                                                 const picolog_file_options* options);

/* Asks every file handler (file, rotating and watched) to close and reopen
 * its path before its next record: call it from a SIGHUP handler, or from
 * logrotate's postrotate through one. Async-signal-safe and callable from
 * any thread: it only increments an atomic counter, which each handler
 * compares under its own lock before writing. Records written before a
 * handler sees the request go to the old file. */
PICOLOG_API void picolog_reopen_files(void);

#endif /* PICOLOG_ROTATING_H */
