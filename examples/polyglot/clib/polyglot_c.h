/* polyglot_c.h - the C library of the polyglot demo: worker threads that log
 * to app.c.w<N> through the process's one picolog runtime.
 *
 * The Rust library of the demo exports the same functions with the prefix
 * polyglot_rust_. Python reads this file as its cffi declarations, so it holds
 * nothing but plain declarations and integer #defines. */
#ifndef POLYGLOT_C_H
#define POLYGLOT_C_H

#include <stdint.h>

/* Flags of polyglot_c_start. */
#define POLYGLOT_GATED 1   /* stop between the two phases until release_gate */
#define POLYGLOT_WAIT_GO 2 /* begin only once *go_flag() is non-zero */

/* What one run of workers did, summed over its threads. */
typedef struct polyglot_stats {
    uint64_t logged;     /* log calls that were enabled and returned 0 */
    uint64_t skipped;    /* log calls below the logger's threshold */
    uint64_t failed;     /* log calls that returned an error */
    uint64_t elapsed_ns; /* from the first worker's start to the last one's end */
} polyglot_stats;

/* Starts `threads` workers and returns at once. Worker i logs through
 * app.c.w<i>: phase 1 is `records` pairs of INFO and DEBUG records, phase 2
 * the same again, then one WARNING. Messages read
 * "lang=c thread=<i> seq=<n> phase=<p>", seq counting every call of the
 * worker from 0. The loggers are made before the call returns, so the
 * workers never change the registry. Returns 0, or -1 when a run is already
 * active or an argument is invalid (see polyglot_c_error). */
int polyglot_c_start(unsigned threads, unsigned records, int flags);

/* Waits until every worker has reached the gate between the phases (or has
 * finished, for a run without POLYGLOT_GATED). -1 without an active run. */
int polyglot_c_wait_gate(void);

/* Lets the workers waiting at the gate run phase 2. -1 without an active
 * run. */
int polyglot_c_release_gate(void);

/* Joins the workers and fills *out (which may be NULL); the next run may
 * start afterwards. -1 without an active run. */
int polyglot_c_join(polyglot_stats* out);

/* The flag a POLYGLOT_WAIT_GO run waits for: a plain store of 1 through this
 * pointer (from Python: go[0] = 1, without a call) starts the workers. */
volatile uint32_t* polyglot_c_go_flag(void);

/* Becomes 1 once every worker of the current run has logged its last record;
 * readable without a call, like the go flag. */
const volatile uint32_t* polyglot_c_done_flag(void);

/* The runtime id and the "app" logger as this library sees them. */
const void* polyglot_c_runtime_id(void);
const void* polyglot_c_app_logger(void);

/* Sets *go to 1 (when go is not NULL), then spins until *until is non-zero
 * and returns the number of iterations. Called through cffi, it burns a CPU
 * with the GIL released. */
uint64_t polyglot_c_spin(volatile uint32_t* go, const volatile uint32_t* until);

/* Logs one INFO record `message` to app.c.request on the calling thread:
 * plain C, knowing nothing of its caller, so the record carries whatever
 * context the thread has (a Python caller's picolog.context fields). 0, or
 * -1 on failure. */
int polyglot_c_log_request(const char* message);

/* Why the last failed call of this library failed, or "". */
const char* polyglot_c_error(void);

#endif
