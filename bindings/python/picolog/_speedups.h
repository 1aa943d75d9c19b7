/* _speedups.h - what the files of picolog's speedups extension share: the C
 * half of a Logger (_speedups_logger.c), the hot path's entry points
 * (_speedups.c), finding the caller (_speedups_caller.c), used by the
 * captured logging.Logger methods too (_speedups_capture.c). */
#ifndef PICOLOG_SPEEDUPS_H
#define PICOLOG_SPEEDUPS_H

/* The limited API of Python 3.10: one abi3 build for every supported Python. */
#define Py_LIMITED_API 0x030A0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* The subclass flags _logger.py computes per class (Logger._pl_flags). */
#define FLAG_PLAIN_LEVEL 1 /* isEnabledFor is picolog's */
#define FLAG_PLAIN_LOG 2   /* _log, findCaller, makeRecord and handle are picolog's */

/* The highest level a record has in C (_levels.C_LEVEL_MAX): Python decides
 * on levels beyond it with its own numbers, then gives C this one. */
#define C_LEVEL_MAX (INT32_MAX - 1)

/* A PyMethodDef's function and flags for a METH_FASTCALL | METH_KEYWORDS
 * method. */
#define FASTCALL_KW(fn) (PyCFunction)(void (*)(void))(fn), METH_FASTCALL | METH_KEYWORDS

typedef struct {
    PyObject ob_base; /* PyObject_HEAD */
    /* The C logger's threshold (picolog_logger_threshold_ptr); NULL until
     * Logger.__init__ binds it. */
    const volatile int32_t* th;
    void* ptr; /* the picolog_logger */
    int flags;
} LoggerBase;

/* The LoggerBase type (borrowed for the interpreter's life). */
extern PyObject* speedups_logger_type;

/* One enabled call of lg, msg % args (args a tuple) with the caller found
 * as logging's findCaller does with stacklevel 1. 1: logged; 0: the Python
 * path must take the call (nothing was done); -1: exception set.
 * speedups_fast_emit_array takes the arguments as an array (a vectorcall's)
 * and packs them into a tuple only if msg % args needs one. */
int speedups_fast_emit(LoggerBase* lg, int level, PyObject* msg, PyObject* args);
int speedups_fast_emit_array(LoggerBase* lg, int level, PyObject* msg, PyObject* const* args,
                             Py_ssize_t nargs);

/* New references: a tuple of args[0..nargs-1]; a dict of keyword arguments
 * (vectorcall's values and names, names may be NULL). */
PyObject* speedups_pack_args(PyObject* const* args, Py_ssize_t nargs);
PyObject* speedups_pack_kwargs(PyObject* const* values, PyObject* kwnames);

/* _speedups_caller.c. init: keeps _caller.site (0, or -1 with an error).
 * user_frame: the frame logging's findCaller picks with stacklevel 1 (new
 * reference) with its (file, func) bytes tuple in *site (new reference)
 * and the tuple's strings in *file and *func (valid while *site is held);
 * NULL with *site NULL when every frame is picolog's or logging's (no
 * error set) or on error. line_of: a frame's line, -1 with an error set. */
int speedups_caller_init(PyObject* site);
PyObject* speedups_user_frame(PyObject** site, const char** file, const char** func);
int speedups_line_of(PyObject* frame);

/* _speedups_format.c: msg % args into out (at most cap bytes) as UTF-8 when
 * msg is a str whose conversions are only %s, %d, %i, %%, and %f %F %e %E
 * %g %G with an optional precision, and every argument is a str, int, bool,
 * float or None. 1: written, *length set; 0: not that
 * case (no error set, out's contents undefined). */
int speedups_format_simple(PyObject* msg, PyObject* const* args, Py_ssize_t nargs, char* out, size_t cap,
                           size_t* length);

/* _speedups_task.c: logging's taskName (Python 3.12+). task_field: 0 with
 * out->block the record's field block "taskName\0<name>\0" of the asyncio
 * task running on this thread, or NULL for none; 1 when the Python path
 * must name the task (nothing to release); -1 with an error set. The block
 * lives until Py_XDECREF(out->heap). init: 0, or -1 with an error set. */
typedef struct {
    const char* block;
    PyObject* heap; /* holds a block too long for `stack` */
    char stack[128];
} SpeedupsTask;
int speedups_task_init(void);
int speedups_task_field(SpeedupsTask* out);
/* log_tasks(value): picolog.logAsyncioTasks was assigned value (True again
 * when deleted), from picolog's module type. */
PyObject* speedups_log_tasks(PyObject* module, PyObject* value);

/* _speedups_logger.c: a new reference to the LoggerBase type, or NULL with
 * an error set. */
PyObject* speedups_logger_type_new(void);

/* A log method (level_call of _speedups_logger.c, captured_call of
 * _speedups_capture.c) called with no positional argument: logging's
 * signature lets the message come as the keyword msg (log.info(msg="x")).
 * Calls fn again with msg moved to the front of the positional arguments;
 * without msg, raises TypeError as logging's methods do. */
typedef PyObject* (*speedups_level_fn)(PyObject* self, int level, PyObject* const* args, Py_ssize_t nargs,
                                       PyObject* kwnames);
PyObject* speedups_keyword_msg(speedups_level_fn fn, PyObject* self, int level, PyObject* const* args,
                               PyObject* kwnames);

/* captured_methods(...): see _speedups_capture.c. */
PyObject* speedups_captured_methods(PyObject* module, PyObject* args);

#endif
