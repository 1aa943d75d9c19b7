/*
 * picolog/filters.h - filters: by logger name, by level, or by a
 * callback, run before any handler lock is taken.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_FILTERS_H
#define PICOLOG_FILTERS_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/filters.h> directly"
#endif

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

#endif /* PICOLOG_FILTERS_H */
