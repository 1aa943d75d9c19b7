/*
 * picolog/formatters.h - formatters: the pattern formatter in Python's
 * syntax and the JSON formatter.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_FORMATTERS_H
#define PICOLOG_FORMATTERS_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/formatters.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* Formatters                                                                */
/* ------------------------------------------------------------------------ */

#define PICOLOG_STYLE_PERCENT 0 /* %(name)s, %(levelname)-8s, %(lineno)d, %% */
#define PICOLOG_STYLE_BRACE 1   /* {name}, {levelname:<8}, {lineno:d}, {{ }} */

/* A formatter compiled once from a pattern in Python's syntax. Fields:
 * name levelno levelname pathname filename module lineno funcName created
 * msecs relativeCreated thread threadName process message asctime exc_text
 * stack_info, plus any structured field name. Width, alignment and
 * precision work as in Python ("%(levelname)-8s", "%(msecs)03d"); '%c' and
 * '{:c}' of an integer field write the character of that code point, U+FFFD
 * for a value that is none (negative, a surrogate or above U+10FFFF, where
 * Python raises or writes a lone surrogate). '%r' and '!r' escape as
 * Python 3.13's repr() (Unicode 15.1), '%a' and '!a' as ascii(); a byte that
 * is not UTF-8 is escaped as the surrogate Python decodes it to (U+DC80 to
 * U+DCFF). After the message come the exception text and the stack, each on
 * a new line, as in Python. fmt NULL means "%(message)s"; datefmt NULL means
 * Python's default "%Y-%m-%d %H:%M:%S,mmm" for asctime; otherwise datefmt is
 * strftime syntax.
 * An unknown standard field, a malformed pattern or a bad style is
 * PICOLOG_EFORMAT here, never an error at log time. Unknown names are
 * looked up among the record's structured fields; a record without that
 * field formats it as "". *out is owned. */
PICOLOG_API int picolog_formatter_new(picolog_formatter** out, const char* fmt, const char* datefmt,
                                      int style);

/* A formatter writing one JSON object per record: time (ISO 8601 UTC), level,
 * logger, message, thread, process, file, line, func, exc_text and
 * stack_info (each when set), then every structured field in its order.
 * Member names are unique: a field whose key names a member already written
 * (one above, or an earlier field) is written as "field.<key>", with
 * "field." added again until the name is free, so {"message": "x"} becomes
 * "field.message" and a second such field "field.field.message". Nothing is
 * dropped. Strings are escaped as RFC 8259 asks and invalid UTF-8 bytes
 * become U+FFFD, in names as in values (names are compared as written).
 * *out is owned. */
PICOLOG_API int picolog_json_formatter_new(picolog_formatter** out);

PICOLOG_API void picolog_formatter_release(picolog_formatter* formatter);

/* Format a record into buf (NUL-terminated when it fits). *written gets the
 * formatted length without the NUL. PICOLOG_ERANGE when capacity is too small:
 * *written then holds the length needed. */
PICOLOG_API int picolog_formatter_format(const picolog_formatter* formatter, const picolog_record* record,
                                         char* buf, size_t capacity, size_t* written);

#endif /* PICOLOG_FORMATTERS_H */
