/* queued_call.c - the workload scripts/count-instructions.sh runs under
 * callgrind: N picolog_log calls into a queue handler in front of a null
 * handler (the 65-byte message of the benchmarks), logged in flushed batches so that the lane never fills (a
 * full lane would count the overflow policy, not the call). With "context" as the second argument, 4 context
 * fields are pushed first (the fields of bench_context); with "logf", each call is the three-argument
 * picolog_logf of bench_async_logf instead. Prints nothing; exits non-zero on any error. */
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

int main(int argc, char** argv) {
    long calls = argc > 1 ? atol(argv[1]) : 20000;
    int with_context = argc > 2 && strcmp(argv[2], "context") == 0;
    int printf_style = argc > 2 && strcmp(argv[2], "logf") == 0;
    picolog_handler* sink = NULL;
    check(picolog_null_handler_new(&sink), "picolog_null_handler_new");
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.overflow = PICOLOG_OVERFLOW_BLOCK;
    picolog_handler* queue = NULL;
    check(picolog_queue_handler_new(&queue, &options, &sink, 1), "picolog_queue_handler_new");
    picolog_logger* logger = NULL;
    check(picolog_get_logger(&logger, "count.queued"), "picolog_get_logger");
    check(picolog_logger_set_level(logger, PICOLOG_INFO), "picolog_logger_set_level");
    check(picolog_logger_set_propagate(logger, 0), "picolog_logger_set_propagate");
    check(picolog_logger_add_handler(logger, queue), "picolog_logger_add_handler");
    static const picolog_field kContext[] = {
        {"request_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
        {"user", "ada"},
        {"tenant", "acme"},
        {"route", "/api/v1/items"},
    };
    picolog_context_token token = 0;
    if (with_context) check(picolog_context_push(kContext, 4, &token), "picolog_context_push");
    for (long i = 0; i < calls; ++i) {
        if (printf_style)
            check(picolog_logf(logger, PICOLOG_INFO, "iteration %d int %d double %.2f", (int)i, (int)(i * 7),
                               (double)i * 0.5),
                  "picolog_logf");
        else
            check(picolog_log(logger, PICOLOG_INFO, kMessage), "picolog_log");
        if (i % 1024 == 1023) check(picolog_handler_flush(queue), "picolog_handler_flush");
    }
    if (with_context) check(picolog_context_pop(token), "picolog_context_pop");
    check(picolog_handler_flush(queue), "picolog_handler_flush");
    check(picolog_logger_remove_handler(logger, queue), "picolog_logger_remove_handler");
    picolog_handler_release(queue);
    picolog_handler_release(sink);
    return 0;
}
