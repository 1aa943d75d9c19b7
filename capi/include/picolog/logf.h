/*
 * picolog/logf.h - printf-style logging: a va_list entry point for C
 * libraries that forward their own logging wrapper, and a macro that adds
 * the caller's file, line and function.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_LOGF_H
#define PICOLOG_LOGF_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/logf.h> directly"
#endif

#include <stdarg.h>

/* ------------------------------------------------------------------------ */
/* printf-style logging                                                      */
/* ------------------------------------------------------------------------ */

/* picolog_logf, picolog_vlogf and picolog_logf_at format only when the level
 * is enabled, and, when the logger's records go only to queue handlers (and
 * the logger has no filter), not at the call at all: the format's address
 * and the arguments are copied into the queue (integers, floating point,
 * pointers and characters by value, each %s string's bytes up to its
 * precision), and the listener renders the message. The text is the same
 * byte for byte as vsnprintf's at the call, for every consumer (formatters,
 * filters and callback handlers on the listener, the crash drain, record
 * views). The format is parsed once per address; its address must stay
 * valid only for the duration of the call (a format at a reused address
 * with other text is recognised and formatted at the call).
 *
 * Formatted at the call instead, by vsnprintf: a format with %n, %m, positional
 * arguments (%1$d), wide characters or strings (%lc, %ls), the locale's
 * digit grouping (%'d), a width or precision of more than 6 digits or more
 * than 64 conversions; strings too long to copy into the record's slot; a
 * floating point conversion on a thread with a locale of its own
 * (uselocale); a logger with a filter or a handler other than a queue. */

/* As picolog_logf, with the arguments in a va_list, which is consumed (the
 * caller va_ends it). Returns as picolog_log; PICOLOG_EINVAL for a NULL
 * logger or format or a negative level, PICOLOG_EFORMAT when vsnprintf
 * fails on the format. */
PICOLOG_API int picolog_vlogf(picolog_logger* logger, int level, const char* format, va_list args)
    PICOLOG_PRINTF(3, 0);

/* As picolog_logf, recording `file`, `line` and `func` (borrowed for the
 * call; NULL for unknown) in the record. Use PICOLOG_LOGF_AT. */
PICOLOG_API int picolog_logf_at(picolog_logger* logger, int level, const char* file, int line,
                                const char* func, const char* format, ...) PICOLOG_PRINTF(6, 7);

/* picolog_logf with the caller's file, line and function. Each argument is
 * evaluated once; the format must be a string literal or a (const char *)
 * followed by its arguments. */
#define PICOLOG_LOGF_AT(logger, level, ...) \
    picolog_logf_at((logger), (level), __FILE__, __LINE__, __func__, __VA_ARGS__)

#endif /* PICOLOG_LOGF_H */
