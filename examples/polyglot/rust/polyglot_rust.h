/* polyglot_rust.h - the C ABI of the Rust library of the polyglot demo
 * (libpolyglot_rust.so). The workers have the shape of the C library's
 * (clib/polyglot_c.h: flags, polyglot_stats, semantics) and log through
 * app.rust.w<N>; a counting handler written as a Rust closure comes on top.
 * Python reads this file as cffi declarations after polyglot_c.h. */
#ifndef POLYGLOT_RUST_H
#define POLYGLOT_RUST_H

#include "../clib/polyglot_c.h"

int polyglot_rust_start(unsigned threads, unsigned records, int flags);
int polyglot_rust_wait_gate(void);
int polyglot_rust_release_gate(void);
int polyglot_rust_join(polyglot_stats* out);
volatile uint32_t* polyglot_rust_go_flag(void);
const volatile uint32_t* polyglot_rust_done_flag(void);
const void* polyglot_rust_runtime_id(void);
const void* polyglot_rust_app_logger(void);
const char* polyglot_rust_error(void);

/* Through tracing, with picolog's tracing Layer as the global subscriber
 * (installed at the first call): tracing::info!(target:
 * "app::rust::request") of `message` inside a span with field
 * handler="rust", on the calling thread, so the record carries the thread's
 * context too. */
int polyglot_rust_log_request(const char* message);

/* tracing::debug!(target: "app::rust::tracing") of `message`: whether it
 * is logged follows the picolog level of app.rust.tracing, set from any
 * language. */
int polyglot_rust_tracing_debug(const char* message);

/* A handler written in Rust that counts the records it receives by logger
 * name, attached to the logger `logger_name`. NULL on failure. */
typedef struct polyglot_counter polyglot_counter;
polyglot_counter* polyglot_rust_counter_attach(const char* logger_name);

/* How many records the counter received from loggers named `prefix` or
 * below it ("app.c" counts app.c and app.c.w0, not app.cx); NULL or "" counts
 * every record. */
uint64_t polyglot_rust_counter_count(const polyglot_counter* counter, const char* prefix);

/* Detaches the counter from its logger and frees it. */
int polyglot_rust_counter_detach(polyglot_counter* counter);

#endif
