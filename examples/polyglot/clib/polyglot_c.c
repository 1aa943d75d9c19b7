/* polyglot_c.c - the C side of the polyglot demo: worker threads that log in
 * two phases through app.c.w<N>, a gate between the phases that Python opens,
 * and this library's view of the runtime (see polyglot_c.h). */
#define _POSIX_C_SOURCE 200809L

#include "polyglot_c.h"

#include <picolog.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct worker {
    unsigned index;
    pthread_t thread;
    picolog_logger* logger;
    const volatile int32_t* threshold;
    uint64_t logged;
    uint64_t skipped;
    uint64_t failed;
    uint64_t start_ns;
    uint64_t end_ns;
};

/* One run at a time; its state is guarded by mu except the flags, which
 * Python reads and writes without a call. */
static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int active;
    int joining;
    int flags;
    unsigned threads;
    unsigned records;
    unsigned at_gate;
    unsigned finished;
    int released;
    struct worker* workers;
} run = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0, 0, 0, 0, NULL};

static uint32_t go_flag;
static uint32_t done_flag;
static _Thread_local const char* last_error = "";

static int fail(const char* message) {
    last_error = message;
    return -1;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void log_one(struct worker* w, int level, unsigned seq, int phase) {
    if (!PICOLOG_ENABLED(w->threshold, level)) {
        w->skipped++;
        return;
    }
    if (picolog_logf(w->logger, level, "lang=c thread=%u seq=%u phase=%d", w->index, seq, phase) ==
        PICOLOG_OK) {
        w->logged++;
    } else {
        w->failed++;
    }
}

static void log_phase(struct worker* w, int phase, unsigned* seq) {
    for (unsigned k = 0; k < run.records; k++) {
        log_one(w, PICOLOG_INFO, (*seq)++, phase);
        log_one(w, PICOLOG_DEBUG, (*seq)++, phase);
    }
}

/* Counts this worker at the gate and, in a gated run, waits for Python to
 * open it: the level change Python makes meanwhile is visible afterwards. */
static void pass_gate(void) {
    pthread_mutex_lock(&run.mu);
    run.at_gate++;
    pthread_cond_broadcast(&run.cv);
    while ((run.flags & POLYGLOT_GATED) && !run.released) pthread_cond_wait(&run.cv, &run.mu);
    pthread_mutex_unlock(&run.mu);
}

static void* worker_main(void* arg) {
    struct worker* w = arg;
    char name[32];
    snprintf(name, sizeof name, "c-%u", w->index);
    picolog_set_thread_name(name);
    if (run.flags & POLYGLOT_WAIT_GO) {
        while (!__atomic_load_n(&go_flag, __ATOMIC_ACQUIRE)) sched_yield();
    }
    w->start_ns = now_ns();
    unsigned seq = 0;
    log_phase(w, 1, &seq);
    pass_gate();
    log_phase(w, 2, &seq);
    log_one(w, PICOLOG_WARNING, seq, 2);
    w->end_ns = now_ns();
    pthread_mutex_lock(&run.mu);
    if (++run.finished == run.threads) __atomic_store_n(&done_flag, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&run.cv);
    pthread_mutex_unlock(&run.mu);
    return NULL;
}

/* The loggers are made here, on the caller's thread, so that the workers
 * never create registry entries (nor run level listeners) while they log. */
static int make_loggers(struct worker* workers, unsigned threads) {
    for (unsigned i = 0; i < threads; i++) {
        char name[32];
        snprintf(name, sizeof name, "app.c.w%u", i);
        workers[i].index = i;
        if (picolog_get_logger(&workers[i].logger, name) != PICOLOG_OK) {
            return fail("picolog_get_logger failed");
        }
        workers[i].threshold = picolog_logger_threshold_ptr(workers[i].logger);
    }
    return 0;
}

int polyglot_c_start(unsigned threads, unsigned records, int flags) {
    if (threads == 0 || threads > 256) return fail("threads must be between 1 and 256");
    if (flags & ~(POLYGLOT_GATED | POLYGLOT_WAIT_GO)) return fail("unknown flags");
    pthread_mutex_lock(&run.mu);
    if (run.active) {
        pthread_mutex_unlock(&run.mu);
        return fail("a run is already active: join it first");
    }
    struct worker* workers = calloc(threads, sizeof *workers);
    int rc = workers ? make_loggers(workers, threads) : fail("out of memory");
    if (rc != 0) {
        free(workers);
        pthread_mutex_unlock(&run.mu);
        return rc;
    }
    run.workers = workers;
    run.active = 1;
    run.flags = flags;
    run.threads = threads;
    run.records = records;
    run.at_gate = run.finished = 0;
    run.released = 0;
    __atomic_store_n(&go_flag, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&done_flag, 0, __ATOMIC_RELEASE);
    unsigned started = 0;
    for (; started < threads; started++) {
        if (pthread_create(&run.workers[started].thread, NULL, worker_main, &run.workers[started]) != 0)
            break;
    }
    if (started < threads) {
        /* The threads that did start must still be able to finish: they run
         * ungated, without waiting for go, and are joined here. */
        run.threads = started;
        run.released = 1;
        __atomic_store_n(&go_flag, 1, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&run.cv);
        pthread_mutex_unlock(&run.mu);
        for (unsigned i = 0; i < started; i++) pthread_join(run.workers[i].thread, NULL);
        pthread_mutex_lock(&run.mu);
        free(run.workers);
        run.workers = NULL;
        run.active = 0;
        pthread_mutex_unlock(&run.mu);
        return fail("pthread_create failed");
    }
    pthread_mutex_unlock(&run.mu);
    return 0;
}

/* Locks the run's state; -1, unlocked, without an active run. */
static int lock_active(void) {
    pthread_mutex_lock(&run.mu);
    if (run.active) return 0;
    pthread_mutex_unlock(&run.mu);
    return fail("no active run");
}

int polyglot_c_wait_gate(void) {
    if (lock_active() != 0) return -1;
    while ((run.flags & POLYGLOT_GATED ? run.at_gate : run.finished) < run.threads) {
        pthread_cond_wait(&run.cv, &run.mu);
    }
    pthread_mutex_unlock(&run.mu);
    return 0;
}

int polyglot_c_release_gate(void) {
    if (lock_active() != 0) return -1;
    run.released = 1;
    pthread_cond_broadcast(&run.cv);
    pthread_mutex_unlock(&run.mu);
    return 0;
}

int polyglot_c_join(polyglot_stats* out) {
    if (lock_active() != 0) return -1;
    if (run.joining) {
        pthread_mutex_unlock(&run.mu);
        return fail("another thread is joining this run");
    }
    run.joining = 1;
    pthread_mutex_unlock(&run.mu);
    polyglot_stats total = {0, 0, 0, 0};
    uint64_t first = UINT64_MAX;
    uint64_t last = 0;
    for (unsigned i = 0; i < run.threads; i++) {
        struct worker* w = &run.workers[i];
        pthread_join(w->thread, NULL);
        total.logged += w->logged;
        total.skipped += w->skipped;
        total.failed += w->failed;
        if (w->start_ns < first) first = w->start_ns;
        if (w->end_ns > last) last = w->end_ns;
    }
    total.elapsed_ns = last > first ? last - first : 0;
    pthread_mutex_lock(&run.mu);
    free(run.workers);
    run.workers = NULL;
    run.active = 0;
    run.joining = 0;
    pthread_mutex_unlock(&run.mu);
    if (out) *out = total;
    return 0;
}

volatile uint32_t* polyglot_c_go_flag(void) {
    return &go_flag;
}

const volatile uint32_t* polyglot_c_done_flag(void) {
    return &done_flag;
}

const void* polyglot_c_runtime_id(void) {
    return picolog_runtime_id();
}

const void* polyglot_c_app_logger(void) {
    picolog_logger* app = NULL;
    return picolog_get_logger(&app, "app") == PICOLOG_OK ? app : NULL;
}

uint64_t polyglot_c_spin(volatile uint32_t* go, const volatile uint32_t* until) {
    uint64_t iterations = 0;
    if (go) __atomic_store_n(go, 1, __ATOMIC_RELEASE);
    if (!until) return 0;
    while (!__atomic_load_n(until, __ATOMIC_ACQUIRE)) iterations++;
    return iterations;
}

int polyglot_c_log_request(const char* message) {
    picolog_logger* logger = NULL;
    if (picolog_get_logger(&logger, "app.c.request") != PICOLOG_OK) return fail("picolog_get_logger failed");
    if (picolog_log(logger, PICOLOG_INFO, message) != PICOLOG_OK) return fail("picolog_log failed");
    return 0;
}

const char* polyglot_c_error(void) {
    return last_error;
}
