/*
 * picolog/last_resort.h - what happens to a record that no handler took
 * (Python's logging.lastResort).
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_LAST_RESORT_H
#define PICOLOG_LAST_RESORT_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/last_resort.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* The last resort                                                           */
/* ------------------------------------------------------------------------ */

/* A record that finds no handler on its logger or on any ancestor reached
 * through propagate (a handler whose level refuses it still counts as found)
 * goes to the last resort, one for the whole process:
 * - built in (the default, and after picolog_reset_last_resort): records at
 *   WARNING and above are written to stderr (fd 2) as "%(message)s", plus
 *   exception and stack text;
 * - a handler (picolog_set_last_resort(handler)): it gets the record as if
 *   it were attached to the logger, so its own level and filters decide;
 * - none (picolog_set_last_resort(NULL)): the record is dropped, and the
 *   first one after that call writes
 *   'No handlers could be found for logger "<name>"' and a newline to stderr.
 * Each call replaces the previous state for records logged after it
 * returns. */

/* Makes `handler` the last resort (it takes its own reference and releases
 * the previous handler's), or none for NULL. The handler counts as attached
 * to a logger meanwhile. PICOLOG_EINVAL for a handler that belongs to a
 * queue listener. */
PICOLOG_API int picolog_set_last_resort(picolog_handler* handler);

/* Goes back to the built-in last resort (releasing a handler set before).
 * Always PICOLOG_OK. */
PICOLOG_API int picolog_reset_last_resort(void);

#endif /* PICOLOG_LAST_RESORT_H */
