/* _shim.c - the binding's C side, compiled into the cffi extension.
 *
 * Two jobs. First, the log calls build picolog_record_info on the C stack,
 * so the Python hot path allocates no cdata (and pyl_log_holding_gil
 * releases the GIL only for a record that may wait). Second, every callback into
 * Python passes a gate: once the interpreter starts to shut down
 * (pyl_detach_python, called from an atexit hook after picolog_shutdown) the
 * runtime may still call handlers and filters from threads Python never
 * saw, and from its own exit hook, when Python can no longer be entered;
 * the gate turns those calls into no-ops. A call already past the gate when
 * the hook runs is waited for: left waiting for the GIL, it would be ended
 * by the finalizing interpreter (pthread_exit), an unwind through the
 * library's frames that aborts the process. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define PYL_INTERRUPT (-101)

static int _pyl_emit(const picolog_record *, const char *, size_t, void *);
static int _pyl_flush(void *);
static void _pyl_destroy(void *);
static int _pyl_filter(const picolog_record *, void *);
static void _pyl_level_changed(void *);

static atomic_int pyl_detached;
/* Callbacks past the gate and not yet back; the detaching thread waits on
 * pyl_quiet (under pyl_quiet_lock) until there are none. pyl_depth: how
 * many of them are this thread's (a callback may log, and so nest). */
static atomic_long pyl_inside;
static _Thread_local long pyl_depth;
static pthread_mutex_t pyl_quiet_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pyl_quiet = PTHREAD_COND_INITIALIZER;

/* A forked child has only the forking thread: the other threads' calls
 * never return there, so only its own count, and the lock and condition
 * start afresh (another thread may have held the lock at the fork). */
static void pyl_after_fork_in_child(void) {
    atomic_store(&pyl_inside, pyl_depth);
    pthread_mutex_init(&pyl_quiet_lock, NULL);
    pthread_cond_init(&pyl_quiet, NULL);
}

__attribute__((constructor)) static void pyl_watch_forks(void) {
    pthread_atfork(NULL, NULL, pyl_after_fork_in_child);
}

/* Called without the GIL (cffi releases it), so that the callbacks waited
 * for can take it and finish. */
void pyl_detach_python(void) {
    atomic_store(&pyl_detached, 1);
    pthread_mutex_lock(&pyl_quiet_lock);
    while (atomic_load(&pyl_inside) != 0) pthread_cond_wait(&pyl_quiet, &pyl_quiet_lock);
    pthread_mutex_unlock(&pyl_quiet_lock);
}

int pyl_python_detached(void) { return atomic_load(&pyl_detached); }

static void pyl_leave(void) {
    --pyl_depth;
    if (atomic_fetch_sub(&pyl_inside, 1) == 1 && atomic_load(&pyl_detached)) {
        pthread_mutex_lock(&pyl_quiet_lock);
        pthread_cond_broadcast(&pyl_quiet);
        pthread_mutex_unlock(&pyl_quiet_lock);
    }
}

/* 1 when the callback may enter Python (pair it with pyl_leave); 0 once
 * detached. The count goes up before the flag is read and the detaching
 * thread sets the flag before it reads the count (both sequentially
 * consistent), so one of the two always sees the other. A refused call
 * leaves as a finished one does: the detaching thread may have seen its
 * count and be waiting for it. */
static int pyl_enter(void) {
    ++pyl_depth;
    atomic_fetch_add(&pyl_inside, 1);
    if (!atomic_load(&pyl_detached)) return 1;
    pyl_leave();
    return 0;
}

/* A callback's answer for the main thread's KeyboardInterrupt that no
 * Python log call waits for (the record came from C or Rust): it is raised
 * again, as SIGINT raises it, once the thread is back in Python; the
 * callback itself answers `instead`. */
static int pyl_interrupted(int rc, int instead) {
    if (rc != PYL_INTERRUPT) return rc;
    PyErr_SetInterrupt();
    return instead;
}

static int pyl_gate_emit(const picolog_record *record, const char *line, size_t len, void *ud) {
    int rc;
    if (!pyl_enter()) return 0;
    rc = _pyl_emit(record, line, len, ud);
    pyl_leave();
    return pyl_interrupted(rc, 0);
}

static int pyl_gate_flush(void *ud) {
    int rc;
    if (!pyl_enter()) return 0;
    rc = _pyl_flush(ud);
    pyl_leave();
    return rc;
}

static void pyl_gate_destroy(void *ud) {
    if (!pyl_enter()) return;
    _pyl_destroy(ud);
    pyl_leave();
}

static int pyl_gate_filter(const picolog_record *record, void *ud) {
    int rc;
    if (!pyl_enter()) return 1;
    rc = _pyl_filter(record, ud);
    pyl_leave();
    return pyl_interrupted(rc, 0);
}

static void pyl_gate_level_changed(void *ud) {
    if (!pyl_enter()) return;
    _pyl_level_changed(ud);
    pyl_leave();
}

/* The record info of a call from Python: where it was made, and by which
 * Python thread. */
static picolog_record_info pyl_call_info(const char *file, int line, const char *func,
                                         const char *thread_name, uint64_t thread_id) {
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.file = file;
    info.line = line;
    info.func = func;
    info.thread_name = thread_name;
    info.thread_id = thread_id;
    return info;
}

int pyl_log(picolog_logger *logger, int level, const char *message, size_t length,
            const char *file, int line, const char *func, const char *thread_name,
            uint64_t thread_id) {
    picolog_record_info info = pyl_call_info(file, line, func, thread_name, thread_id);
    return picolog_log_ex(logger, level, message, length, &info);
}

/* A record from a caller holding the GIL (the speedups extension's log
 * methods): one a queue handler's free slot takes (picolog_try_log_ex,
 * which never waits) is copied there with the GIL held, as releasing it
 * costs more than the copy; any other is logged with the GIL released, as a
 * handler may write(2) or wait for its lock. One record info serves both
 * calls. */
static int pyl_log_info_holding_gil(picolog_logger *logger, int level, const char *message,
                                    size_t length, const picolog_record_info *info) {
    PyThreadState *saved;
    int rc = picolog_try_log_ex(logger, level, message, length, info);
    if (rc != PICOLOG_EAGAIN) return rc;
    saved = PyEval_SaveThread();
    rc = picolog_log_ex(logger, level, message, length, info);
    PyEval_RestoreThread(saved);
    return rc;
}

/* pyl_log for a caller holding the GIL. */
int pyl_log_holding_gil(picolog_logger *logger, int level, const char *message, size_t length,
                        const char *file, int line, const char *func, const char *thread_name,
                        uint64_t thread_id) {
    picolog_record_info info = pyl_call_info(file, line, func, thread_name, thread_id);
    return pyl_log_info_holding_gil(logger, level, message, length, &info);
}

/* fields holds field_count key/value pairs as consecutive NUL-terminated
 * strings ("k1\0v1\0k2\0v2\0"): one Python bytes object, no cdata array. */
#define PYL_STACK_FIELDS 16

/* The pairs of `fields` into `stack` (room for PYL_STACK_FIELDS) or a
 * malloc'd array; NULL for none, or when out of memory (*failed set). */
static picolog_field *pyl_fields(const char *fields, size_t field_count, picolog_field *stack,
                                 int *failed) {
    picolog_field *array = stack;
    const char *p = fields;
    size_t i;
    *failed = 0;
    if (field_count == 0) return NULL;
    if (field_count > PYL_STACK_FIELDS) {
        array = malloc(field_count * sizeof(picolog_field));
        if (array == NULL) {
            *failed = 1;
            return NULL;
        }
    }
    for (i = 0; i < field_count; ++i) {
        array[i].key = p;
        p += strlen(p) + 1;
        array[i].value = p;
        p += strlen(p) + 1;
    }
    return array;
}

int pyl_log_full(picolog_logger *logger, int level, const char *message, size_t length,
                 const char *file, int line, const char *func, const char *thread_name,
                 uint64_t thread_id, const char *exc_text, const char *stack_text,
                 const char *fields, size_t field_count, int64_t created_ns) {
    picolog_field stack_fields[PYL_STACK_FIELDS];
    picolog_record_info info = pyl_call_info(file, line, func, thread_name, thread_id);
    int failed, rc;
    picolog_field *array = pyl_fields(fields, field_count, stack_fields, &failed);
    if (failed) return PICOLOG_ENOMEM;
    info.exc_text = exc_text;
    info.stack_text = stack_text;
    info.fields = array;
    info.field_count = array == NULL ? 0 : field_count;
    info.created_ns = created_ns;
    rc = picolog_log_ex(logger, level, message, length, &info);
    if (array != stack_fields) free(array);
    return rc;
}

/* pyl_log_holding_gil for a record with fields (the speedups extension's
 * taskName). */
int pyl_log_fields_holding_gil(picolog_logger *logger, int level, const char *message, size_t length,
                               const char *file, int line, const char *func,
                               const char *thread_name, uint64_t thread_id, const char *fields,
                               size_t field_count) {
    picolog_field stack_fields[PYL_STACK_FIELDS];
    picolog_record_info info = pyl_call_info(file, line, func, thread_name, thread_id);
    int failed, rc;
    picolog_field *array = pyl_fields(fields, field_count, stack_fields, &failed);
    if (failed) return PICOLOG_ENOMEM;
    info.fields = array;
    info.field_count = array == NULL ? 0 : field_count;
    rc = pyl_log_info_holding_gil(logger, level, message, length, &info);
    if (array != stack_fields) free(array);
    return rc;
}

int pyl_callback_handler_new(picolog_handler **out, void *userdata) {
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = pyl_gate_emit;
    options.flush = pyl_gate_flush;
    options.destroy = pyl_gate_destroy;
    options.userdata = userdata;
    return picolog_callback_handler_new(out, &options);
}

int pyl_callback_filter_new(picolog_filter **out, void *userdata) {
    return picolog_callback_filter_new(out, pyl_gate_filter, pyl_gate_destroy, userdata);
}

int pyl_add_level_listener(void *userdata) {
    return picolog_add_level_listener(pyl_gate_level_changed, userdata);
}

int pyl_remove_level_listener(void *userdata) {
    return picolog_remove_level_listener(pyl_gate_level_changed, userdata);
}

/* Rotation hooks. Once Python is detached they fall back to what the
 * handler does without them: the default name, a plain rename, the real
 * clock. */
#include <stdio.h>
#include <time.h>

static int _pyl_rotation_namer(const char *, char *, size_t, void *);
static int _pyl_rotation_rotator(const char *, const char *, void *);
static int64_t _pyl_rotation_now(void *);

static int pyl_gate_namer(const char *name, char *out, size_t out_size, void *ud) {
    if (atomic_load(&pyl_detached)) return 1;
    return _pyl_rotation_namer(name, out, out_size, ud);
}

static int pyl_gate_rotator(const char *source, const char *dest, void *ud) {
    if (atomic_load(&pyl_detached)) return rename(source, dest) == 0 ? 0 : 1;
    return _pyl_rotation_rotator(source, dest, ud);
}

static int64_t pyl_gate_now(void *ud) {
    struct timespec ts;
    if (!atomic_load(&pyl_detached)) return _pyl_rotation_now(ud);
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void pyl_rotation_hooks_init(picolog_rotation_hooks *hooks, void *userdata, int namer, int rotator,
                             int clock) {
    hooks->version = PICOLOG_ROTATION_HOOKS_VERSION;
    hooks->now_ns = clock ? pyl_gate_now : NULL;
    hooks->namer = namer ? pyl_gate_namer : NULL;
    hooks->rotator = rotator ? pyl_gate_rotator : NULL;
    hooks->destroy = pyl_gate_destroy;
    hooks->userdata = userdata;
}
