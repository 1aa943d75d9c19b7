/* _speedups.c - the hot methods of picolog's Logger (and of logging.Logger
 * while capture_stdlib() is on) as a CPython extension.
 *
 * A log method written in Python pays for a Python frame, packing *args and
 * a cffi call before it does any work; picologging shows a disabled call can
 * cost a third of that. Here the level check is one load through the
 * threshold pointer C gives, and an enabled call from user code formats
 * msg % args, finds the caller's file, line and function from the current
 * frame (no traceback objects) and calls the cffi module's
 * pyl_log_holding_gil through a function pointer, so this module links
 * nothing but Python. A record a queue handler's free slot takes is copied
 * there with the GIL held; any other call releases the GIL first, as a
 * handler may write(2) or wait for its lock. Frames of picolog's and
 * logging's own files are skipped as findCaller skips them.
 * Whatever the fast path does not cover (keyword arguments, a Python handler
 * or filter the record may reach on this thread, a record factory, a
 * subclass that overrides how records are made, a failed format) goes to
 * the Python methods of _logger.py before anything is done, so behaviour is
 * theirs.
 *
 * Only the limited API of Python 3.10 is used: one abi3 build serves every
 * supported Python, like the cffi module next to it. */

#include "_speedups.h"

typedef int (*pyl_log_fn)(void* logger, int level, const char* message, size_t length, const char* file,
                          int line, const char* func, const char* thread_name, uint64_t thread_id);
typedef int (*pyl_log_fields_fn)(void* logger, int level, const char* message, size_t length,
                                 const char* file, int line, const char* func, const char* thread_name,
                                 uint64_t thread_id, const char* fields, size_t field_count);

/* What setup() hands over: the Python objects the hot path reads. They live
 * as long as the interpreter (module globals of picolog), so one reference
 * each is kept here for good. */
static pyl_log_fn pyl_log_holding_gil;               /* releases the GIL where the record may wait */
static pyl_log_fields_fn pyl_log_fields_holding_gil; /* the same, for a record with taskName */
PyObject* speedups_logger_type;                      /* LoggerBase, for isinstance checks */
static PyObject* live;    /* _callbacks.live: [count of Python handlers and filters] */
static PyObject* factory; /* _record.factory: [the record factory set, or None] */
/* picolog_logger_reaches_callbacks: whether a record of the logger may run
 * a Python handler or filter on this thread. */
static int (*reaches_callbacks)(void* logger);
static PyObject* context;     /* _record.context: the per-thread ThreadContext */
static PyObject* ctx_used;    /* _context.used: [context used, OpenTelemetry on] */
static PyObject* ctx_get;     /* _context.current_var.get */
static PyObject* ctx_apply;   /* _context.apply */
static PyObject* mapping_abc; /* collections.abc.Mapping */
static PyObject *str_thread, *str_name_attr, *str_thread_key;

static PyObject* small_zero; /* 0, which CPython keeps as one object */

/* logging's _srcfile switch (find_callers()): 0 leaves the caller's file,
 * line and function unknown, as logging does when _srcfile is None. */
static int finding_callers = 1;
static const char unknown_file[] = "(unknown file)";
static const char unknown_func[] = "(unknown function)";

static int flag_set(PyObject* list) {
    PyObject* item = PyList_GetItem(list, 0);
    if (item == Py_False || item == small_zero) return 0; /* the usual answer, without a call */
    return item == NULL ? -1 : PyObject_IsTrue(item);
}

/* LogRecord's rule: a single non-empty mapping argument is the mapping. */
static int is_mapping_arg(PyObject* a) {
    int r;
    if (PyUnicode_CheckExact(a) || PyLong_CheckExact(a) || PyFloat_CheckExact(a) || PyBytes_CheckExact(a) ||
        PyTuple_CheckExact(a) || PyList_CheckExact(a) || PyBool_Check(a) || a == Py_None)
        return 0;
    r = PyObject_IsInstance(a, mapping_abc);
    if (r <= 0) return r;
    return PyObject_IsTrue(a);
}

/* msg % args as logging's getMessage (args: a tuple), or NULL with the
 * error set. */
static PyObject* message(PyObject* msg, PyObject* args) {
    PyObject* text = PyUnicode_CheckExact(msg) ? Py_NewRef(msg) : PyObject_Str(msg);
    PyObject* out;
    Py_ssize_t nargs = PyTuple_Size(args);
    int mapping;
    if (text == NULL || nargs == 0) return text;
    mapping = nargs == 1 ? is_mapping_arg(PyTuple_GetItem(args, 0)) : 0;
    out = mapping < 0 ? NULL : PyUnicode_Format(text, mapping ? PyTuple_GetItem(args, 0) : args);
    Py_DECREF(text);
    return out;
}

/* A Thread's _name (new reference): read from its instance dict, which
 * costs a third of PyObject_GetAttr's lookup through the type first. */
static PyObject* thread_name(PyObject* thread) {
    PyObject *dict = PyObject_GenericGetDict(thread, NULL), *name = NULL;
    if (dict != NULL) {
        name = PyDict_GetItemWithError(dict, str_name_attr);
        Py_XINCREF(name);
        Py_DECREF(dict);
        if (name != NULL || PyErr_Occurred()) return name;
    }
    /* No instance dict, or no _name in it: found as Python finds it (the
     * lookup says why when it fails). */
    PyErr_Clear();
    return PyObject_GetAttr(thread, str_name_attr);
}

/* A thread's identity list, [Thread, name, name bytes, ident, native
 * context], and what a record reads from it. Borrowed from the list, which
 * holds them: the Python side never changes one in place
 * (ThreadContext.refresh makes a new list). */
typedef struct {
    PyObject* list;
    PyObject* thread;
    PyObject* name;
    const char* name_bytes;
    unsigned long long ident;
} Identity;

/* Which thread state's identity an OS thread saw last, and the identity,
 * its list borrowed as the thread state's dict holds it; only this file
 * puts another list there (keep_identity, which updates this too). Trusted
 * only for the same thread state (its address, and its id and its
 * interpreter's, which a thread state made later at the same address does
 * not share): the list dies with the thread state's dict. */
typedef struct {
    PyThreadState* tstate;
    uint64_t tstate_id;
    int64_t interp_id;
    Identity id;
} SeenIdentity;
static _Thread_local SeenIdentity seen_identity;

/* Reads `list` into *out. 0, or -1 with an exception set. */
static int read_identity(PyObject* list, Identity* out) {
    PyObject* item;
    out->list = list;
    if ((out->thread = PyList_GetItem(list, 0)) == NULL || (out->name = PyList_GetItem(list, 1)) == NULL ||
        (item = PyList_GetItem(list, 2)) == NULL || (out->name_bytes = PyBytes_AsString(item)) == NULL ||
        (item = PyList_GetItem(list, 3)) == NULL)
        return -1;
    out->ident = PyLong_AsUnsignedLongLong(item);
    return out->ident == (unsigned long long)-1 && PyErr_Occurred() ? -1 : 0;
}

/* Reads `list` into *out and makes it the thread state's identity: kept
 * in its dict `tsd` (when it has one) and bound in seen_identity for the
 * thread state `now` describes. The caller's reference to the list stays
 * the caller's. 0, or -1 with an exception set. */
static int keep_identity(PyObject* tsd, PyObject* list, const SeenIdentity* now, Identity* out) {
    seen_identity.id.list = NULL;
    if (read_identity(list, out) < 0) return -1;
    if (tsd == NULL) return 0;
    if (PyDict_SetItem(tsd, str_thread_key, list) < 0) return -1;
    seen_identity = *now;
    seen_identity.id = *out;
    return 0;
}

/* The thread's identity, its name brought up to date
 * (ThreadContext.refresh), with a reference to out->list for the caller.
 * Found through seen_identity: no dict lookup, no threading.local
 * attribute, the list's items read once. A list replaced by the Python
 * path's refresh() stays consistent (same ident and context cell), and its
 * stale name sends this path to refresh() too. 0, or -1 with an exception
 * set. */
static int thread_identity(Identity* out) {
    PyThreadState* tstate = PyThreadState_Get();
    const SeenIdentity now = {tstate,
                              PyThreadState_GetID(tstate),
                              PyInterpreterState_GetID(PyThreadState_GetInterpreter(tstate)),
                              {NULL}};
    PyObject *tsd, *list, *name;
    int same;
    if (seen_identity.id.list != NULL && seen_identity.tstate == now.tstate &&
        seen_identity.tstate_id == now.tstate_id && seen_identity.interp_id == now.interp_id) {
        *out = seen_identity.id;
        Py_INCREF(out->list);
    } else {
        tsd = PyThreadState_GetDict();
        list = tsd != NULL ? PyDict_GetItemWithError(tsd, str_thread_key) : NULL;
        if (list != NULL) {
            Py_INCREF(list);
        } else {
            if (PyErr_Occurred()) return -1;
            list = PyObject_GetAttr(context, str_thread);
            if (list == NULL) return -1;
        }
        if (keep_identity(tsd, list, &now, out) < 0) {
            Py_DECREF(list);
            return -1;
        }
    }
    name = thread_name(out->thread);
    if (name == NULL) {
        Py_DECREF(out->list);
        return -1;
    }
    same = name == out->name;
    Py_DECREF(name);
    if (same) return 0;
    Py_DECREF(out->list);
    list = PyObject_CallMethod(context, "refresh", NULL);
    if (list == NULL) return -1;
    if (keep_identity(PyThreadState_GetDict(), list, &now, out) < 0) {
        Py_DECREF(list);
        return -1;
    }
    return 0;
}

/* Makes the native context match the task's, as Logger._emit's inlined test. */
static int sync_context(PyObject* thread) {
    PyObject *current, *native;
    int used = flag_set(ctx_used), changed;
    if (used <= 0) return used;
    current = PyObject_CallNoArgs(ctx_get);
    if (current == NULL) return -1;
    native = PyList_GetItem(PyList_GetItem(thread, 4), 0);
    changed = current != native;
    Py_DECREF(current);
    if (!changed) {
        changed = PyObject_IsTrue(PyList_GetItem(ctx_used, 1));
        if (changed < 0) return -1;
    }
    if (changed) {
        PyObject* r = PyObject_CallNoArgs(ctx_apply);
        if (r == NULL) return -1;
        Py_DECREF(r);
    }
    return 0;
}

/* Room for a line formatted by speedups_format_simple; longer ones take
 * PyUnicode_Format. */
#define LINE_BYTES 1024
/* The most arguments fast_emit reads from a tuple into an array. */
#define TUPLE_ITEMS 16

/* One enabled call of `lg`, made by the innermost frame outside picolog's
 * and logging's files: msg % args logged with that frame's file, line and
 * function. The arguments are items[0..nargs-1], also as the tuple `args`
 * when the caller has one (NULL: packed here if PyUnicode_Format needs it).
 * Returns 1 when logged, 0 when the Python path must take the call (nothing
 * has been done then), -1 with an exception set. */
static int fast_emit(LoggerBase* lg, int level, PyObject* msg, PyObject* const* items, Py_ssize_t nargs,
                     PyObject* args) {
    PyObject *frame, *site, *text = NULL, *thread = NULL, *packed = NULL;
    SpeedupsTask task;
    Identity who;
    const char *data, *tname, *file, *func;
    char line_buf[LINE_BYTES];
    size_t simple_length;
    Py_ssize_t length;
    unsigned long long tid;
    int line, rc = -1, busy = flag_set(live);

    if (busy != 0) {
        /* Python handlers or filters exist: a call that may reach one on
         * this thread, or whose record a factory makes, takes the Python
         * path, which keeps the call's objects for them. */
        if (busy < 0) return -1;
        if (PyList_GetItem(factory, 0) != Py_None || reaches_callbacks(lg->ptr) != 0)
            return PyErr_Occurred() ? -1 : 0;
    }
    busy = speedups_task_field(&task);
    if (busy != 0) return busy > 0 ? 0 : -1;
    if (finding_callers) {
        frame = speedups_user_frame(&site, &file, &func);
        if (frame == NULL) {
            Py_XDECREF(task.heap);
            return PyErr_Occurred() ? -1 : 0;
        }
    } else {
        frame = site = NULL;
        file = unknown_file;
        func = unknown_func;
    }
    if (items != NULL && nargs > 0 &&
        speedups_format_simple(msg, items, nargs, line_buf, sizeof line_buf, &simple_length)) {
        data = line_buf;
        length = (Py_ssize_t)simple_length;
    } else {
        if (args == NULL) args = packed = speedups_pack_args(items, nargs);
        if (args == NULL) goto done;
        text = message(msg, args);
        if (text == NULL) goto retry; /* the Python path reports it as logging does */
        data = PyUnicode_AsUTF8AndSize(text, &length);
        if (data == NULL) goto retry; /* lone surrogates: the Python path escapes them */
    }
    if (thread_identity(&who) < 0) goto done;
    thread = who.list;
    if (sync_context(thread) < 0) goto done;
    tname = who.name_bytes;
    tid = who.ident;
    line = frame == NULL ? 0 : speedups_line_of(frame);
    if (line < 0) {
        if (PyErr_Occurred()) goto done;
        line = 0; /* an instruction without a line number */
    }
    {
        void* ptr = lg->ptr;
        if (task.block == NULL)
            pyl_log_holding_gil(ptr, level, data, (size_t)length, file, line, func, tname, tid);
        else
            pyl_log_fields_holding_gil(ptr, level, data, (size_t)length, file, line, func, tname, tid,
                                       task.block, 1);
    }
    rc = 1;
done:
    Py_XDECREF(task.heap);
    Py_XDECREF(thread);
    Py_XDECREF(text);
    Py_XDECREF(packed);
    Py_XDECREF(site);
    Py_XDECREF(frame);
    return rc;
retry:
    PyErr_Clear();
    rc = 0;
    goto done;
}

int speedups_fast_emit(LoggerBase* lg, int level, PyObject* msg, PyObject* args) {
    PyObject* items[TUPLE_ITEMS];
    Py_ssize_t i, nargs = PyTuple_Size(args);
    if (nargs < 0) return -1;
    if (nargs > TUPLE_ITEMS) return fast_emit(lg, level, msg, NULL, nargs, args);
    for (i = 0; i < nargs; ++i) items[i] = PyTuple_GetItem(args, i); /* borrowed: args holds them */
    return fast_emit(lg, level, msg, items, nargs, args);
}

int speedups_fast_emit_array(LoggerBase* lg, int level, PyObject* msg, PyObject* const* args,
                             Py_ssize_t nargs) {
    return fast_emit(lg, level, msg, args, nargs, NULL);
}

PyObject* speedups_pack_args(PyObject* const* args, Py_ssize_t nargs) {
    PyObject* tuple = PyTuple_New(nargs);
    Py_ssize_t i;
    if (tuple == NULL) return NULL;
    for (i = 0; i < nargs; ++i) PyTuple_SetItem(tuple, i, Py_NewRef(args[i]));
    return tuple;
}

PyObject* speedups_pack_kwargs(PyObject* const* values, PyObject* kwnames) {
    PyObject* dict = PyDict_New();
    Py_ssize_t i, n = kwnames == NULL ? 0 : PyTuple_Size(kwnames);
    if (dict == NULL) return NULL;
    for (i = 0; i < n; ++i) {
        if (PyDict_SetItem(dict, PyTuple_GetItem(kwnames, i), values[i]) < 0) {
            Py_DECREF(dict);
            return NULL;
        }
    }
    return dict;
}

/* setup(pyl_log_holding_gil address, live, context, used, current_var.get,
 * apply, site, Mapping, pyl_log_fields_holding_gil address, factory,
 * picolog_logger_reaches_callbacks address) */
static PyObject* setup(PyObject* module, PyObject* args) {
    PyObject *address, *site, *full_address, *reaches_address;
    void *fn, *full, *reaches;
    (void)module;
    if (pyl_log_holding_gil != NULL) Py_RETURN_NONE;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOO", &address, &live, &context, &ctx_used, &ctx_get, &ctx_apply,
                          &site, &mapping_abc, &full_address, &factory, &reaches_address))
        return NULL;
    if ((fn = PyLong_AsVoidPtr(address)) == NULL || (full = PyLong_AsVoidPtr(full_address)) == NULL ||
        (reaches = PyLong_AsVoidPtr(reaches_address)) == NULL)
        return NULL;
    pyl_log_fields_holding_gil = (pyl_log_fields_fn)full;
    reaches_callbacks = (int (*)(void*))reaches;
    if (speedups_caller_init(site) < 0) return NULL;
    pyl_log_holding_gil = (pyl_log_fn)fn;
    Py_INCREF(live);
    Py_INCREF(factory);
    Py_INCREF(context);
    Py_INCREF(ctx_used);
    Py_INCREF(ctx_get);
    Py_INCREF(ctx_apply);
    Py_INCREF(mapping_abc);
    Py_RETURN_NONE;
}

/* find_callers(flag): whether log calls look up their caller (_caller.set_finding). */
static PyObject* find_callers(PyObject* module, PyObject* flag) {
    int on = PyObject_IsTrue(flag);
    (void)module;
    if (on < 0) return NULL;
    finding_callers = on;
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"setup", setup, METH_VARARGS, "Hands the hot path the objects it reads (once)."},
    {"find_callers", find_callers, METH_O, "Whether log calls look up their caller (logging's _srcfile)."},
    {"log_tasks", speedups_log_tasks, METH_O, "picolog.logAsyncioTasks was assigned this value."},
    {"captured_methods", speedups_captured_methods, METH_VARARGS,
     "logging.Logger's log methods while capture_stdlib() is on."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "picolog._speedups", NULL, -1, module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void) {
    PyObject *m = PyModule_Create(&module_def), *type;
    if (m == NULL) return NULL;
    small_zero = PyLong_FromLong(0);
    if (small_zero == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    str_thread = PyUnicode_InternFromString("thread");
    str_thread_key = PyUnicode_InternFromString("picolog._speedups.thread");
    str_name_attr = PyUnicode_InternFromString("_name");
    if (speedups_task_init() < 0) {
        Py_DECREF(m);
        return NULL;
    }
    type = speedups_logger_type_new();
    speedups_logger_type = type;
    if (type == NULL || PyModule_AddObject(m, "LoggerBase", Py_NewRef(type)) < 0) {
        Py_XDECREF(type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
