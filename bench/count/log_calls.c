/* log_calls.c - the workloads scripts/count-instructions.sh runs under
 * callgrind: N log calls of the benchmarks' 65-byte message, the mode (the
 * second argument) saying which:
 *   plain    picolog_log into a queue handler in front of a null handler,
 *            logged in flushed batches so that the lane never fills (a full
 *            lane would count the overflow policy, not the call);
 *   context  the same under 4 context fields (those of bench_context);
 *   logf     the three-argument picolog_logf of bench_async_logf, queued;
 *   written  picolog_log to a FileHandler on /dev/null with the benchmarks'
 *            pattern, each record written at once (the call up to its
 *            write(2), not the disk);
 *   ex       the same through picolog_log_ex with a file, line and function,
 *            as the Rust and Python bindings log.
 * Prints nothing; exits non-zero on any error. */
#include <picolog.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kMessage[] = "request handled: user=42 path=/api/v1/items status=200 bytes=5120";

static void check(int rc, const char* what) {
    if (rc != 0) {
        fprintf(stderr, "%s failed: %s\n", what, picolog_last_error());
        exit(1);
    }
}

static picolog_handler* queue_handler(void) {
    picolog_handler* sink = NULL;
    check(picolog_null_handler_new(&sink), "picolog_null_handler_new");
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.overflow = PICOLOG_OVERFLOW_BLOCK;
    picolog_handler* queue = NULL;
    check(picolog_queue_handler_new(&queue, &options, &sink, 1), "picolog_queue_handler_new");
    picolog_handler_release(sink);
    return queue;
}

static picolog_handler* file_handler(void) {
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    picolog_handler* file = NULL;
    check(picolog_file_handler_new(&file, "/dev/null", &options), "picolog_file_handler_new");
    picolog_formatter* formatter = NULL;
    check(picolog_formatter_new(&formatter, "%(asctime)s %(levelname)s %(name)s: %(message)s", NULL,
                                PICOLOG_STYLE_PERCENT),
          "picolog_formatter_new");
    check(picolog_handler_set_formatter(file, formatter), "picolog_handler_set_formatter");
    picolog_formatter_release(formatter);
    return file;
}

int main(int argc, char** argv) {
    long calls = argc > 1 ? atol(argv[1]) : 20000;
    const char* mode = argc > 2 ? argv[2] : "plain";
    const int with_context = strcmp(mode, "context") == 0;
    const int printf_style = strcmp(mode, "logf") == 0;
    const int with_location = strcmp(mode, "ex") == 0;
    const int written = with_location || strcmp(mode, "written") == 0;
    picolog_handler* handler = written ? file_handler() : queue_handler();
    picolog_logger* logger = NULL;
    check(picolog_get_logger(&logger, "count.calls"), "picolog_get_logger");
    check(picolog_logger_set_level(logger, PICOLOG_INFO), "picolog_logger_set_level");
    check(picolog_logger_set_propagate(logger, 0), "picolog_logger_set_propagate");
    check(picolog_logger_add_handler(logger, handler), "picolog_logger_add_handler");
    static const picolog_field kContext[] = {
        {"request_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
        {"user", "ada"},
        {"tenant", "acme"},
        {"route", "/api/v1/items"},
    };
    picolog_context_token token = 0;
    if (with_context) check(picolog_context_push(kContext, 4, &token), "picolog_context_push");
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.file = "src/server/handlers.rs";
    info.line = 120;
    info.func = "server::handlers";
    for (long i = 0; i < calls; ++i) {
        if (printf_style)
            check(picolog_logf(logger, PICOLOG_INFO, "iteration %d int %d double %.2f", (int)i, (int)(i * 7),
                               (double)i * 0.5),
                  "picolog_logf");
        else if (with_location)
            check(picolog_log_ex(logger, PICOLOG_INFO, kMessage, sizeof kMessage - 1, &info),
                  "picolog_log_ex");
        else
            check(picolog_log(logger, PICOLOG_INFO, kMessage), "picolog_log");
        if (!written && i % 1024 == 1023) check(picolog_handler_flush(handler), "picolog_handler_flush");
    }
    if (with_context) check(picolog_context_pop(token), "picolog_context_pop");
    check(picolog_handler_flush(handler), "picolog_handler_flush");
    check(picolog_logger_remove_handler(logger, handler), "picolog_logger_remove_handler");
    picolog_handler_release(handler);
    return 0;
}
