/* _speedups_logger.c - LoggerBase, the C half of picolog.Logger: its level
 * methods check the threshold C gives through one pointer, hand an enabled
 * call with positional arguments to the hot path (speedups_fast_emit_array)
 * and everything else to the Python methods of _logger.py, which then
 * behave as logging's do. */

#include "_speedups.h"

static PyObject* str_log; /* "_log" */

/* The Python path: self._emit(level, msg, args, kwargs, 1) for picolog's own
 * log methods, self._log(level, msg, args, **kwargs) for a subclass that
 * makes its own records (logging's order). */
static PyObject* python_path(PyObject* self, int flags, int level, PyObject* const* args, Py_ssize_t nargs,
                             PyObject* rest, PyObject* kwnames) {
    PyObject* kwargs = speedups_pack_kwargs(args + nargs, kwnames);
    PyObject* result = NULL;
    if (kwargs != NULL) {
        if (flags & FLAG_PLAIN_LOG) {
            result = PyObject_CallMethod(self, "_emit", "iOOOi", level, args[0], rest, kwargs, 1);
        } else {
            PyObject* method = PyObject_GetAttr(self, str_log);
            PyObject* call = method == NULL ? NULL : Py_BuildValue("(iOO)", level, args[0], rest);
            if (call != NULL) result = PyObject_Call(method, call, kwargs);
            Py_XDECREF(call);
            Py_XDECREF(method);
        }
    }
    Py_XDECREF(kwargs);
    return result;
}

PyObject* speedups_keyword_msg(speedups_level_fn fn, PyObject* self, int level, PyObject* const* args,
                               PyObject* kwnames) {
    Py_ssize_t n = kwnames == NULL ? 0 : PyTuple_Size(kwnames), i, at = -1, k = 0;
    PyObject **moved, *names = NULL, *result = NULL;
    for (i = 0; i < n && at < 0; ++i)
        if (PyUnicode_CompareWithASCIIString(PyTuple_GetItem(kwnames, i), "msg") == 0) at = i;
    if (at < 0) {
        PyErr_SetString(PyExc_TypeError, "a log method needs the message argument 'msg'");
        return NULL;
    }
    moved = PyMem_Malloc((size_t)n * sizeof *moved);
    if (moved == NULL) return PyErr_NoMemory();
    if (n > 1 && (names = PyTuple_New(n - 1)) == NULL) goto done;
    moved[0] = args[at]; /* borrowed, as the caller's array holds them */
    for (i = 0; i < n; ++i) {
        if (i == at) continue;
        moved[++k] = args[i];
        PyTuple_SetItem(names, k - 1, Py_NewRef(PyTuple_GetItem(kwnames, i)));
    }
    result = fn(self, level, moved, 1, names);
done:
    Py_XDECREF(names);
    PyMem_Free(moved);
    return result;
}

static PyObject* level_call(PyObject* obj, int level, PyObject* const* args, Py_ssize_t nargs,
                            PyObject* kwnames) {
    LoggerBase* self = (LoggerBase*)obj;
    PyObject *rest, *result;
    int flags = self->flags, r;
    if (self->th == NULL) {
        PyErr_Format(PyExc_AttributeError, "%s is not initialised (Logger.__init__ not called)",
                     "picolog.Logger");
        return NULL;
    }
    if (nargs < 1) return speedups_keyword_msg(level_call, obj, level, args, kwnames);
    if (flags & FLAG_PLAIN_LEVEL) {
        if (level < *self->th) Py_RETURN_NONE;
    } else {
        PyObject* on = PyObject_CallMethod(obj, "isEnabledFor", "i", level);
        if (on == NULL) return NULL;
        r = PyObject_IsTrue(on);
        Py_DECREF(on);
        if (r <= 0) return r < 0 ? NULL : Py_NewRef(Py_None);
    }
    if (kwnames == NULL && (flags & FLAG_PLAIN_LOG)) {
        r = speedups_fast_emit_array(self, level, args[0], args + 1, nargs - 1);
        if (r != 0) return r < 0 ? NULL : Py_NewRef(Py_None);
    }
    rest = speedups_pack_args(args + 1, nargs - 1);
    if (rest == NULL) return NULL;
    result = python_path(obj, flags, level, args, nargs, rest, kwnames);
    Py_DECREF(rest);
    return result;
}

#define LEVEL_METHOD(name, level)                                                        \
    static PyObject* lg_##name(PyObject* self, PyObject* const* args, Py_ssize_t nargsf, \
                               PyObject* kwnames) {                                      \
        return level_call(self, level, args, nargsf, kwnames);                           \
    }

LEVEL_METHOD(trace, 5)
LEVEL_METHOD(debug, 10)
LEVEL_METHOD(info, 20)
LEVEL_METHOD(warning, 30)
LEVEL_METHOD(error, 40)
LEVEL_METHOD(critical, 50)

static PyObject* lg_is_enabled_for(PyObject* obj, PyObject* arg) {
    LoggerBase* self = (LoggerBase*)obj;
    int overflow;
    long level = PyLong_AsLongAndOverflow(arg, &overflow);
    if (level == -1 && PyErr_Occurred()) return NULL;
    if (self->th == NULL) {
        PyErr_SetString(PyExc_AttributeError, "picolog.Logger is not initialised");
        return NULL;
    }
    /* C cannot tell levels beyond its top apart: Python's numbers decide. */
    if (overflow > 0 || level > C_LEVEL_MAX) return PyObject_CallMethod(obj, "_pl_enabled_beyond", "O", arg);
    return PyBool_FromLong(overflow == 0 && level >= *self->th);
}

/* _pl_bind(threshold address, flags): called by Logger.__init__. */
static PyObject* lg_bind(PyObject* obj, PyObject* args) {
    LoggerBase* self = (LoggerBase*)obj;
    PyObject *th, *ptr;
    int flags;
    if (!PyArg_ParseTuple(args, "OOi", &th, &ptr, &flags)) return NULL;
    self->th = PyLong_AsVoidPtr(th);
    self->ptr = PyLong_AsVoidPtr(ptr);
    if (PyErr_Occurred()) return NULL;
    self->flags = flags;
    Py_RETURN_NONE;
}

static PyMethodDef logger_methods[] = {
    {"trace", FASTCALL_KW(lg_trace), "Logs msg % args at TRACE (5)."},
    {"debug", FASTCALL_KW(lg_debug), "Logs msg % args at DEBUG."},
    {"info", FASTCALL_KW(lg_info), "Logs msg % args at INFO."},
    {"warning", FASTCALL_KW(lg_warning), "Logs msg % args at WARNING."},
    {"error", FASTCALL_KW(lg_error), "Logs msg % args at ERROR."},
    {"critical", FASTCALL_KW(lg_critical), "Logs msg % args at CRITICAL."},
    {"fatal", FASTCALL_KW(lg_critical), "Logs msg % args at CRITICAL."},
    {"isEnabledFor", lg_is_enabled_for, METH_O, "Whether a record at this level would be made."},
    {"_pl_bind", lg_bind, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static void logger_dealloc(PyObject* self) {
    PyTypeObject* type = Py_TYPE(self);
    freefunc free_fn = (freefunc)PyType_GetSlot(type, Py_tp_free);
    free_fn(self);
    Py_DECREF(type);
}

static PyType_Slot logger_slots[] = {
    {Py_tp_methods, logger_methods},
    {Py_tp_dealloc, logger_dealloc},
    {Py_tp_doc, "The C half of picolog.Logger: its log methods' hot path."},
    {0, NULL},
};

static PyType_Spec logger_spec = {
    "picolog._speedups.LoggerBase",           sizeof(LoggerBase), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, logger_slots,
};

PyObject* speedups_logger_type_new(void) {
    if (str_log == NULL && (str_log = PyUnicode_InternFromString("_log")) == NULL) return NULL;
    return PyType_FromSpec(&logger_spec);
}
