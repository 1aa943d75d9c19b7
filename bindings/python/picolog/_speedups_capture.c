/* _speedups_capture.c - logging.Logger's log methods, isEnabledFor and _log
 * while capture_stdlib() is on (see _bridge.py), as method descriptors of
 * logging.Logger.
 *
 * A captured disabled call reads the logger's level cache (logging's own
 * _cache) without a Python frame, so it costs less than logging's own
 * disabled call. An enabled call does what _bridge._log does: the picolog
 * logger of the same name takes it through the hot path of picolog's own
 * methods, then _bridge._stdlib_tail builds a stdlib record only when a
 * stdlib handler wants one. Anything else (a cache miss, keyword arguments,
 * a subclass of logging.Logger with its own _log) goes to _bridge's Python
 * functions, so behaviour is theirs. */
#include "_speedups.h"

static PyObject* std_logger_type;  /* logging.Logger */
static PyObject* std_root_type;    /* logging.RootLogger */
static PyObject* pl_loggers;       /* _bridge._pl_loggers: name -> picolog Logger */
static PyObject* pl_logger_of;     /* _bridge._picolog_logger(stdlib logger) */
static PyObject* py_log;           /* _bridge._log: the whole of _log, in Python */
static PyObject* stdlib_tail;      /* _bridge._stdlib_tail(logger, level, msg, args) */
static PyObject* enabled_miss;     /* _bridge._is_enabled_for: the level cache missed */
static PyObject* c_log;            /* the _log descriptor made here */
static PyObject* c_is_enabled_for; /* the isEnabledFor descriptor made here */
static PyObject *str_cache, *str_disabled, *str_log, *str_name, *str_enabled_for;
static PyObject *str_manager, *str_disable, *str_level, *str_parent, *str_handlers, *str_propagate;

static PyObject* plain_attr(PyObject* self, PyObject* name);

/* The picolog Logger of a stdlib logger (new reference). */
static PyObject* picolog_logger(PyObject* std) {
    PyObject *name = plain_attr(std, str_name), *found;
    if (name == NULL) return NULL;
    found = PyDict_GetItemWithError(pl_loggers, name);
    Py_DECREF(name);
    if (found != NULL) return Py_NewRef(found);
    if (PyErr_Occurred()) return NULL;
    return PyObject_CallFunctionObjArgs(pl_logger_of, std, NULL);
}

static int is_true(PyObject* obj) {
    int r;
    if (obj == NULL) return -1;
    r = PyObject_IsTrue(obj);
    Py_DECREF(obj);
    return r;
}

/* self.<name> (new reference). For logging's own Logger and RootLogger,
 * whose attributes are plain instance attributes, read from the instance
 * dict: a dict lookup where the generic attribute lookup first searches
 * the class hierarchy for a descriptor. */
static PyObject* plain_attr(PyObject* self, PyObject* name) {
    PyObject *dict, *value;
    PyObject* type = (PyObject*)Py_TYPE(self);
    if (type != std_logger_type && type != std_root_type) return PyObject_GetAttr(self, name);
    dict = PyObject_GenericGetDict(self, NULL);
    if (dict == NULL) return NULL;
    value = PyDict_GetItemWithError(dict, name);
    Py_DECREF(dict);
    if (value != NULL) return Py_NewRef(value);
    if (PyErr_Occurred()) return NULL;
    return PyObject_GetAttr(self, name);
}

/* isEnabledFor while captured: disabled, then the level cache; a miss asks
 * _bridge._is_enabled_for, which fills the cache. New reference. */
static PyObject* enabled_for(PyObject* self, PyObject* level) {
    PyObject *cache, *on;
    int r = is_true(plain_attr(self, str_disabled));
    if (r != 0) return r < 0 ? NULL : Py_NewRef(Py_False);
    cache = plain_attr(self, str_cache);
    if (cache == NULL) return NULL;
    if (PyDict_CheckExact(cache)) {
        on = PyDict_GetItemWithError(cache, level);
        Py_XINCREF(on);
    } else {
        on = PyObject_GetItem(cache, level);
        if (on == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) PyErr_Clear();
    }
    Py_DECREF(cache);
    if (on != NULL || PyErr_Occurred()) return on;
    return PyObject_CallFunctionObjArgs(enabled_miss, self, level, NULL);
}

static PyObject* std_is_enabled_for(PyObject* self, PyObject* level) {
    return enabled_for(self, level);
}

/* self.<name> as a C long; -1 with an exception on error. */
static int long_attr(PyObject* self, PyObject* name, long* out) {
    PyObject* value = plain_attr(self, name);
    if (value == NULL) return -1;
    *out = PyLong_AsLong(value);
    Py_DECREF(value);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* _bridge._stdlib_wants: whether logging itself would hand a record at this
 * level of `logger` to a handler (its disabled flags, logging's own
 * getEffectiveLevel, a logger with handlers up the propagation path). The
 * common answer, no, then costs no Python call. 1, 0, or -1 on error. */
static int stdlib_wants(PyObject* logger, int level) {
    PyObject *manager, *c, *next;
    long value;
    int r = is_true(plain_attr(logger, str_disabled));
    if (r != 0) return r < 0 ? -1 : 0;
    manager = plain_attr(logger, str_manager);
    if (manager == NULL) return -1;
    r = long_attr(manager, str_disable, &value);
    Py_DECREF(manager);
    if (r < 0) return -1;
    if (value >= level) return 0;
    /* logging.Logger.getEffectiveLevel, as _bridge calls it. */
    c = Py_NewRef(logger);
    value = 0;
    while ((r = PyObject_IsTrue(c)) > 0) {
        if (long_attr(c, str_level, &value) < 0) break;
        if (value) break;
        next = plain_attr(c, str_parent);
        Py_DECREF(c);
        c = next;
        if (c == NULL) return -1;
    }
    Py_DECREF(c);
    if (r < 0 || PyErr_Occurred()) return -1;
    if (level < value) return 0;
    c = Py_NewRef(logger);
    while (c != Py_None) {
        r = is_true(plain_attr(c, str_handlers));
        if (r == 0) {
            r = is_true(plain_attr(c, str_propagate));
            r = r < 0 ? -1 : r == 0 ? 0 : 2;
        }
        if (r != 2) {
            Py_DECREF(c);
            return r;
        }
        next = plain_attr(c, str_parent);
        Py_DECREF(c);
        c = next;
        if (c == NULL) return -1;
    }
    Py_DECREF(c);
    return 0;
}

/* _bridge._log's work for a call with no options: picolog first (the
 * Python _emit when the C path steps aside), then the stdlib handlers that
 * want the record. */
static PyObject* captured_log(PyObject* self, int level, PyObject* msg, PyObject* args) {
    PyObject *pl = picolog_logger(self), *result;
    int r = 1;
    if (pl == NULL) return NULL;
    if (PyObject_TypeCheck(pl, (PyTypeObject*)speedups_logger_type) && ((LoggerBase*)pl)->th != NULL) {
        LoggerBase* lg = (LoggerBase*)pl;
        r = level < *lg->th ? 1 : speedups_fast_emit(lg, level, msg, args);
    }
    if (r == 0) {
        PyObject* no_kwargs = PyDict_New();
        /* Called from C, so the caller's frame is the current one: depth 1. */
        result = no_kwargs == NULL
                     ? NULL
                     : PyObject_CallMethod(pl, "_emit", "iOOOi", level, msg, args, no_kwargs, 1);
        Py_XDECREF(no_kwargs);
        r = result == NULL ? -1 : 1;
        Py_XDECREF(result);
    }
    Py_DECREF(pl);
    if (r < 0) return NULL;
    r = stdlib_wants(self, level);
    if (r <= 0) return r < 0 ? NULL : Py_NewRef(Py_None);
    return PyObject_CallFunction(stdlib_tail, "OiOO", self, level, msg, args);
}

/* Calls fn(self, *args, **kwargs) from a vectorcall's arguments. */
static PyObject* call_python(PyObject* fn, PyObject* self, PyObject* const* args, Py_ssize_t nargs,
                             PyObject* kwnames) {
    PyObject *all = PyTuple_New(nargs + 1), *kwargs = NULL, *result = NULL;
    Py_ssize_t i;
    if (all == NULL) return NULL;
    PyTuple_SetItem(all, 0, Py_NewRef(self));
    for (i = 0; i < nargs; ++i) PyTuple_SetItem(all, i + 1, Py_NewRef(args[i]));
    if (kwnames != NULL) kwargs = speedups_pack_kwargs(args + nargs, kwnames);
    if (kwnames == NULL || kwargs != NULL) result = PyObject_Call(fn, all, kwargs);
    Py_XDECREF(kwargs);
    Py_DECREF(all);
    return result;
}

/* _log(level, msg, args, exc_info=None, extra=None, stack_info=False,
 * stacklevel=1): the C path for the plain call, _bridge._log otherwise. */
static PyObject* std_log(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    long level;
    if (nargs != 3 || kwnames != NULL || !PyTuple_Check(args[2]))
        return call_python(py_log, self, args, nargs, kwnames);
    level = PyLong_AsLong(args[0]);
    if (level == -1 && PyErr_Occurred()) PyErr_Clear();
    /* Not a C level (beyond C_LEVEL_MAX, or negative): Python's way keeps
     * the number for logging's own handlers. */
    else if (level >= 0 && level <= C_LEVEL_MAX)
        return captured_log(self, (int)level, args[1], args[2]);
    return call_python(py_log, self, args, nargs, kwnames);
}

static PyObject* captured_call(PyObject* self, int level, PyObject* const* args, Py_ssize_t nargs,
                               PyObject* kwnames) {
    PyObject *key, *type, *method, *rest, *kwargs, *call, *result;
    int on, plain, exact;
    if (nargs < 1) return speedups_keyword_msg(captured_call, self, level, args, kwnames);
    /* logging's order: isEnabledFor(level) (here its cache), then _log.
     * logging's own classes have this module's methods while captured; a
     * subclass may have its own. */
    key = PyLong_FromLong(level);
    if (key == NULL) return NULL;
    type = (PyObject*)Py_TYPE(self);
    exact = type == std_logger_type || type == std_root_type;
    method = exact ? Py_NewRef(c_is_enabled_for) : PyObject_GetAttr(type, str_enabled_for);
    if (method == NULL) {
        Py_DECREF(key);
        return NULL;
    }
    if (method == c_is_enabled_for)
        on = is_true(enabled_for(self, key));
    else
        on = is_true(PyObject_CallMethodObjArgs(self, str_enabled_for, key, NULL));
    Py_DECREF(method);
    Py_DECREF(key);
    if (on <= 0) return on < 0 ? NULL : Py_NewRef(Py_None);
    method = exact ? Py_NewRef(c_log) : PyObject_GetAttr(type, str_log);
    if (method == NULL) return NULL;
    plain = method == c_log;
    Py_DECREF(method);
    rest = speedups_pack_args(args + 1, nargs - 1);
    if (rest == NULL) return NULL;
    if (plain && kwnames == NULL) {
        result = captured_log(self, level, args[0], rest);
        Py_DECREF(rest);
        return result;
    }
    kwargs = speedups_pack_kwargs(args + nargs, kwnames);
    method = kwargs == NULL ? NULL : PyObject_GetAttr(self, str_log);
    call = method == NULL ? NULL : Py_BuildValue("(iOO)", level, args[0], rest);
    result = call == NULL ? NULL : PyObject_Call(method, call, kwargs);
    Py_XDECREF(call);
    Py_XDECREF(method);
    Py_XDECREF(kwargs);
    Py_DECREF(rest);
    return result;
}

#define CAPTURED_METHOD(name, level)                                                     \
    static PyObject* std_##name(PyObject* self, PyObject* const* args, Py_ssize_t nargs, \
                                PyObject* kwnames) {                                     \
        return captured_call(self, level, args, nargs, kwnames);                         \
    }

CAPTURED_METHOD(debug, 10)
CAPTURED_METHOD(info, 20)
CAPTURED_METHOD(warning, 30)
CAPTURED_METHOD(error, 40)
CAPTURED_METHOD(critical, 50)

static PyMethodDef captured[] = {
    {"debug", FASTCALL_KW(std_debug), "logging.Logger.debug, captured by picolog."},
    {"info", FASTCALL_KW(std_info), "logging.Logger.info, captured by picolog."},
    {"warning", FASTCALL_KW(std_warning), "logging.Logger.warning, captured by picolog."},
    {"error", FASTCALL_KW(std_error), "logging.Logger.error, captured by picolog."},
    {"critical", FASTCALL_KW(std_critical), "logging.Logger.critical, captured by picolog."},
    {"fatal", FASTCALL_KW(std_critical), "logging.Logger.fatal, captured by picolog."},
    {"isEnabledFor", std_is_enabled_for, METH_O, "logging.Logger.isEnabledFor, captured."},
    {"_log", FASTCALL_KW(std_log), "logging.Logger._log, captured by picolog."},
    {NULL, NULL, 0, NULL},
};

/* captured_methods(logging.Logger, logging.RootLogger, _pl_loggers,
 * _picolog_logger, _log, _stdlib_tail, _is_enabled_for): {name: method
 * descriptor of logging.Logger}. The arguments are kept for the interpreter's life. */
PyObject* speedups_captured_methods(PyObject* module, PyObject* args) {
    PyObject *type, *root_type, *loggers, *logger_of, *log, *tail, *miss, *out;
    PyMethodDef* def;
    (void)module;
    if (!PyArg_ParseTuple(args, "O!O!OOOOO", &PyType_Type, &type, &PyType_Type, &root_type, &loggers,
                          &logger_of, &log, &tail, &miss))
        return NULL;
    if (std_logger_type != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "captured_methods: called twice");
        return NULL;
    }
    std_logger_type = Py_NewRef(type);
    std_root_type = Py_NewRef(root_type);
    pl_loggers = Py_NewRef(loggers);
    pl_logger_of = Py_NewRef(logger_of);
    py_log = Py_NewRef(log);
    stdlib_tail = Py_NewRef(tail);
    enabled_miss = Py_NewRef(miss);
    str_cache = PyUnicode_InternFromString("_cache");
    str_disabled = PyUnicode_InternFromString("disabled");
    str_log = PyUnicode_InternFromString("_log");
    str_name = PyUnicode_InternFromString("name");
    str_enabled_for = PyUnicode_InternFromString("isEnabledFor");
    str_manager = PyUnicode_InternFromString("manager");
    str_disable = PyUnicode_InternFromString("disable");
    str_level = PyUnicode_InternFromString("level");
    str_parent = PyUnicode_InternFromString("parent");
    str_handlers = PyUnicode_InternFromString("handlers");
    str_propagate = PyUnicode_InternFromString("propagate");
    out = PyDict_New();
    for (def = captured; out != NULL && def->ml_name != NULL; ++def) {
        PyObject* descr = PyDescr_NewMethod((PyTypeObject*)type, def);
        if (descr == NULL || PyDict_SetItemString(out, def->ml_name, descr) < 0) {
            Py_XDECREF(descr);
            Py_CLEAR(out);
            break;
        }
        if (def->ml_meth == (PyCFunction)(void (*)(void))std_log) c_log = Py_NewRef(descr);
        if (def->ml_meth == std_is_enabled_for) c_is_enabled_for = Py_NewRef(descr);
        Py_DECREF(descr);
    }
    return out;
}
