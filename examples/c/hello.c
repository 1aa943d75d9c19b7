/* hello.c - picolog from C: a file handler with a pattern, a console handler,
 * a small logger hierarchy with levels, source locations, structured fields
 * and the inline enabled check through the threshold pointer. */
#define _POSIX_C_SOURCE 200809L

#include <picolog.h>
#include <stdio.h>
#include <stdlib.h>

/* Stops the program with picolog's own explanation of what went wrong. */
static void check(int rc, const char* what) {
    if (rc != PICOLOG_OK) {
        fprintf(stderr, "hello: %s failed: %s (%s)\n", what, picolog_last_error(), picolog_strerror(rc));
        exit(1);
    }
}

/* printf-style logging that records the call site like PICOLOG_LOG_AT. The
 * level is tested first, so the arguments are formatted only when wanted.
 * (picolog_logf formats too, but records no call site.) */
#define LOGF_AT(logger, level, ...)                             \
    do {                                                        \
        if (picolog_logger_is_enabled_for((logger), (level))) { \
            char message_[256];                                 \
            snprintf(message_, sizeof message_, __VA_ARGS__);   \
            PICOLOG_LOG_AT((logger), (level), message_);        \
        }                                                       \
    } while (0)

static int count_lines(const char* path) {
    FILE* f = fopen(path, "r");
    int lines = 0;
    int c;
    if (!f) return -1;
    while ((c = fgetc(f)) != EOF) lines += c == '\n';
    fclose(f);
    return lines;
}

int main(void) {
    char dir[] = "/tmp/picolog-hello-XXXXXX";
    char path[sizeof dir + 16];
    picolog_formatter *file_format, *console_format;
    picolog_handler *file, *console;
    picolog_logger *app, *db, *http;
    const volatile int32_t* http_threshold;
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    picolog_field fields[] = {{"user", "ada"}, {"request_id", "7f3a"}};
    int i;

    if (picolog_version_number() != PICOLOG_VERSION_NUMBER) {
        fprintf(stderr, "hello: built against picolog %s but running %s\n", PICOLOG_VERSION_STRING,
                picolog_version());
        return 1;
    }
    if (!mkdtemp(dir)) {
        perror("hello: mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/app.log", dir);
    printf("picolog %s: logging to the console and to a file\n\n", picolog_version());
    fflush(stdout); /* picolog writes to fd 1 directly; keep the order when piped */

    /* The file gets everything with time and source; the console a short form. */
    options.truncate = 1;
    check(picolog_file_handler_new(&file, path, &options), "picolog_file_handler_new");
    check(picolog_formatter_new(
              &file_format, "%(asctime)s %(levelname)-8s %(name)-8s %(filename)s:%(lineno)-3d %(message)s",
              NULL, PICOLOG_STYLE_PERCENT),
          "picolog_formatter_new");
    check(picolog_handler_set_formatter(file, file_format), "picolog_handler_set_formatter");

    check(picolog_stream_handler_new(&console, PICOLOG_STDOUT), "picolog_stream_handler_new");
    check(picolog_formatter_new(&console_format, "  {levelname:<8} {name:<9} {message}", NULL,
                                PICOLOG_STYLE_BRACE),
          "picolog_formatter_new");
    check(picolog_handler_set_formatter(console, console_format), "picolog_handler_set_formatter");

    /* Handlers sit on "app"; its children propagate their records up to it. */
    check(picolog_get_logger(&app, "app"), "picolog_get_logger");
    check(picolog_get_logger(&db, "app.db"), "picolog_get_logger");
    check(picolog_get_logger(&http, "app.http"), "picolog_get_logger");
    check(picolog_logger_add_handler(app, file), "picolog_logger_add_handler");
    check(picolog_logger_add_handler(app, console), "picolog_logger_add_handler");
    check(picolog_logger_set_level(app, PICOLOG_INFO), "picolog_logger_set_level");
    check(picolog_logger_set_level(db, PICOLOG_DEBUG), "picolog_logger_set_level");

    /* PICOLOG_LOG_AT records the caller's file, line and function. */
    PICOLOG_LOG_AT(app, PICOLOG_INFO, "service starting");
    PICOLOG_LOG_AT(db, PICOLOG_DEBUG, "app.db logs DEBUG: its own level is DEBUG");
    PICOLOG_LOG_AT(http, PICOLOG_DEBUG, "never seen: app.http inherits INFO from app");
    LOGF_AT(http, PICOLOG_INFO, "listening on port %d with %d workers", 8080, 4);
    PICOLOG_LOG_AT(db, PICOLOG_WARNING, "slow query: 1.2 s");

    /* Structured fields travel with the record (and work as %(user)s). */
    info.file = __FILE__;
    info.line = __LINE__;
    info.func = __func__;
    info.fields = fields;
    info.field_count = sizeof fields / sizeof fields[0];
    picolog_log_ex(http, PICOLOG_INFO, "request served", PICOLOG_NUL_TERMINATED, &info);

    /* The threshold pointer makes the enabled check one load, no call. */
    http_threshold = picolog_logger_threshold_ptr(http);
    for (i = 0; i < 2; i++) {
        if (PICOLOG_ENABLED(http_threshold, PICOLOG_DEBUG))
            LOGF_AT(http, PICOLOG_DEBUG, "debug output on (threshold %d)", (int)*http_threshold);
        else
            LOGF_AT(http, PICOLOG_INFO, "debug output off (threshold %d); turning it on",
                    (int)*http_threshold);
        check(picolog_logger_set_level(http, PICOLOG_DEBUG), "picolog_logger_set_level");
    }

    PICOLOG_LOG_AT(app, PICOLOG_ERROR, "shutting down");

    check(picolog_handler_flush(file), "picolog_handler_flush");
    printf("\n%d lines written to %s\n", count_lines(path), path);

    picolog_logger_clear_handlers(app);
    picolog_handler_release(file);
    picolog_handler_release(console);
    picolog_formatter_release(file_format);
    picolog_formatter_release(console_format);
    return 0;
}
