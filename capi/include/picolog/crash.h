/*
 * picolog/crash.h - signals: which calls a signal handler may make, and the
 * opt-in drain on a fatal signal.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_CRASH_H
#define PICOLOG_CRASH_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/crash.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* Signals                                                                   */
/* ------------------------------------------------------------------------ */

/* Async-signal-safe (callable from a signal handler):
 *   - reading *picolog_logger_threshold_ptr(logger) and PICOLOG_ENABLED;
 *   - picolog_strerror, picolog_last_error, picolog_version, picolog_runtime_id;
 *   - a log call (picolog_log, _len, _ex, _logf) that interrupts a log call
 *     of the same thread: it is refused with PICOLOG_EBUSY, doing nothing
 *     else. (A thread's queue lane has a single producer; the interrupted
 *     call owns it.)
 * Everything else takes locks or allocates. A log call from a signal
 * handler that interrupted code outside picolog, or a callback picolog
 * called (a handler's emit, a filter), runs like any log call: safe only if
 * the interrupted code holds no lock it needs (malloc's, a handler's). To
 * keep the records of a crashing program, use picolog_install_crash_handler
 * below rather than logging from the handler. */

/* ------------------------------------------------------------------------ */
/* Crash-safe drain (opt-in)                                                 */
/* ------------------------------------------------------------------------ */

/* Installs handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT. On such
 * a signal, the crashing thread writes what every queue holds, then what
 * buffered file handlers hold, to their files, adds one final CRITICAL
 * record from the logger "picolog" naming the signal ("fatal signal
 * SIGSEGV") to every file and stream handler, then restores the handler
 * that was installed before it (or the default) and raises the signal
 * again, so that handler (a core dump, Python's faulthandler, a sanitizer)
 * still runs.
 *
 * Only native file and stream handlers are written; callback handlers
 * (Python, Rust) are not called. Records go through write(2) with no lock
 * that could be held by the crashed thread: a handler lock is tried for a
 * moment and then done without. The formatters allocate nothing for
 * ordinary records; %(asctime)s may convert local time (localtime_r). A
 * record the listener had just taken out when the crash came may be lost.
 *
 * The handler runs on an alternate signal stack (128 KiB of address space,
 * touched only by a crash), so a thread that overflowed its own stack is
 * drained too. Signal stacks belong to threads: the calling thread gets one
 * now, and every other thread with its first record after this call. A
 * thread that already has an alternate stack (sigaltstack(2)) keeps its own;
 * one whose first record came before this call has none unless it made one.
 *
 * Idempotent: a second call changes nothing. Install it after any other
 * handler of these signals that picolog should chain to. Not itself
 * async-signal-safe. PICOLOG_EINTERNAL if sigaction fails. */
PICOLOG_API int picolog_install_crash_handler(void);

#endif /* PICOLOG_CRASH_H */
