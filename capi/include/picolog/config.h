/*
 * picolog/config.h - configuration from data: level directives
 * (PICOLOG_LEVEL), configuration files in logging.config's dictConfig schema
 * (JSON or TOML), and reload.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 * docs/configuration.md describes the schema and the grammar in full.
 */

#ifndef PICOLOG_CONFIG_H
#define PICOLOG_CONFIG_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/config.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* Configuration: directives, files, reload                                  */
/* ------------------------------------------------------------------------ */

/* When the library loads, before main(): PICOLOG_CONFIG=path is applied as by
 * picolog_configure_file(), then PICOLOG_LEVEL as by
 * picolog_apply_directives(). Failures go to the error hook. Precedence is
 * therefore: the file, then PICOLOG_LEVEL, then whatever the program's code
 * sets afterwards. */

/* Apply level directives, env_logger's grammar over the dotted hierarchy:
 * a comma-separated list of
 *   level        the root logger's level
 *   name=level   that logger and its descendants ("app" does not match
 *                "application"); "::" is read as ".", so Rust targets work
 *   name         everything for that logger (level 1)
 * where a level is a name in any case (custom names included), "off", or a
 * number >= 0. Later directives for one name win; the most specific name
 * wins. Named loggers are created, so loggers created below them later
 * inherit the level; existing descendants of a named logger lose their own
 * levels unless a more specific directive names them (a bare level sets the
 * root's level and nothing else). Bad entries are skipped, each reported
 * once through the error hook; the rest is applied and the call returns
 * PICOLOG_EINVAL with picolog_last_error() naming the first bad entry.
 * text may be NULL (nothing to do). */
PICOLOG_API int picolog_apply_directives(const char* text);

#define PICOLOG_CONFIG_AUTO 0 /* JSON if the first non-blank byte is '{', else TOML */
#define PICOLOG_CONFIG_JSON 1
#define PICOLOG_CONFIG_TOML 2

/* Apply a configuration in logging.config.dictConfig's schema, version 1
 * (formatters, filters, handlers, loggers, root, incremental,
 * disable_existing_loggers), plus `levels`: custom level names the
 * configuration uses, named in the process when it is applied, as
 * picolog_add_level_name() ({"levels": {"NOTICE": 25}}). ${VAR} and
 * ${VAR:-default} in strings are replaced from the environment. text need
 * not be NUL-terminated.
 *
 * Transactional: every formatter, filter and handler is built before any
 * logger changes. A bad configuration changes nothing and returns
 * PICOLOG_EINVAL, picolog_last_error() starting with the path of the bad
 * value ("handlers.file.buffer_size: expected an integer, got a string");
 * a file handler that cannot open its file gives PICOLOG_EIO the same way.
 * Handlers of the previous configuration whose settings are unchanged are
 * kept (not reopened); the others are closed once no logging thread uses
 * them. The runtime owns every object it builds. */
PICOLOG_API int picolog_configure(const char* text, size_t length, int format);

/* picolog_configure() on a file, the format from its extension (.json,
 * .toml) or else from its content. The path is remembered for
 * picolog_reload(), a relative one as the file it names now (a later
 * chdir() does not change it). PICOLOG_EIO if the file cannot be read. */
PICOLOG_API int picolog_configure_file(const char* path);

/* Re-read the file of the last successful picolog_configure_file() (or
 * PICOLOG_CONFIG) and apply it while other threads log: loggers keep their
 * identity; unchanged handlers are kept as they are, with their buffered
 * records; changed ones are swapped in each logger at once, so no record is
 * lost or written twice. PICOLOG_ESTATE if no file was configured; a bad
 * file changes nothing, as picolog_configure(). */
PICOLOG_API int picolog_reload(void);

/* Opt-in: enable = 1 makes SIGHUP reload the configuration (on a runtime
 * thread; failures go to the error hook); enable = 0 restores the previous
 * SIGHUP disposition. For C programs; Python and Rust programs usually
 * call picolog_reload() from their own signal handling. */
PICOLOG_API int picolog_reload_on_sighup(int enable);

#endif /* PICOLOG_CONFIG_H */
