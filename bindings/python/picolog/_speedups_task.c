/* _speedups_task.c - logging's taskName for the C log methods (Python
 * 3.12+): the name of the asyncio task running on this thread, found as
 * logging finds it, as the field block a record carries.
 *
 * Every enabled call from a process that imported asyncio asks for the
 * running loop, and a call made in a task for the task and its name. The
 * attributes of asyncio are read from the module's dict, which is where
 * attribute access on a plain module finds them (a module's __getattr__ or
 * a module subclass takes the generic lookup), and the functions are called
 * by vectorcall, not through a method call by name with a C argument list:
 * the same functions, at a fraction of the cost. picolog.logAsyncioTasks is
 * handed over when it is assigned (picolog's module type, __init__.py), not
 * looked up per call. A short block is written on the caller's stack, not
 * into a new bytes object. */
#include <string.h>

#include "_speedups.h"

/* sys.modules on Python 3.12+, to see whether asyncio was imported the way
 * logging does; NULL before 3.12 (records have no taskName). */
static PyObject* modules;
static PyObject *str_asyncio, *str_running_loop, *str_current_task, *str_get_name;
/* picolog.logAsyncioTasks as last assigned (held), NULL until then (true,
 * its default). */
static PyObject* log_tasks;

/* In the stable ABI from 3.12, the first Python with taskName, though not in
 * the limited API of 3.10 this extension is built for: bound weakly, so that
 * the extension loads on 3.10 and 3.11, where nothing here calls them. */
extern PyObject* PyObject_Vectorcall(PyObject* callable, PyObject* const* args, size_t nargsf,
                                     PyObject* kwnames) __attribute__((weak));
extern PyObject* PyObject_VectorcallMethod(PyObject* name, PyObject* const* args, size_t nargsf,
                                           PyObject* kwnames) __attribute__((weak));
#ifndef PY_VECTORCALL_ARGUMENTS_OFFSET
#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))
#endif

int speedups_task_init(void) {
    PyObject* hexversion = PySys_GetObject("hexversion");
    str_asyncio = PyUnicode_InternFromString("asyncio");
    str_running_loop = PyUnicode_InternFromString("_get_running_loop");
    str_current_task = PyUnicode_InternFromString("current_task");
    str_get_name = PyUnicode_InternFromString("get_name");
    if (str_asyncio == NULL || str_running_loop == NULL || str_current_task == NULL || str_get_name == NULL)
        return -1;
    if (hexversion != NULL && PyLong_AsLong(hexversion) >= 0x030C0000 && PyObject_Vectorcall != NULL &&
        PyObject_VectorcallMethod != NULL)
        modules = Py_XNewRef(PySys_GetObject("modules"));
    PyErr_Clear();
    return 0;
}

/* module.name as attribute access finds it: from a plain module's dict,
 * else by the generic lookup. New reference, or NULL with an error set. */
static PyObject* module_attr(PyObject* module, PyObject* name) {
    if (PyModule_CheckExact(module)) {
        PyObject* value = PyDict_GetItemWithError(PyModule_GetDict(module), name);
        if (value != NULL) return Py_NewRef(value);
        if (PyErr_Occurred()) return NULL;
    }
    return PyObject_GetAttr(module, name);
}

/* fn(arg), or fn() for a NULL arg (args[0] is the slot the offset flag lends
 * the callee). */
static PyObject* call(PyObject* fn, PyObject* arg) {
    PyObject* args[2] = {NULL, arg};
    size_t n = arg == NULL ? 0 : 1;
    return PyObject_Vectorcall(fn, args + 1, n | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* asyncio's running loop on this thread (new reference), or NULL with no
 * error set when none runs or asyncio cannot say (as in logging, which
 * then names no task). */
static PyObject* running_loop(PyObject* asyncio) {
    PyObject* fn = module_attr(asyncio, str_running_loop);
    PyObject* loop = fn == NULL ? NULL : call(fn, NULL);
    Py_XDECREF(fn);
    if (loop == Py_None) Py_CLEAR(loop);
    if (loop == NULL) PyErr_Clear();
    return loop;
}

PyObject* speedups_log_tasks(PyObject* module, PyObject* value) {
    PyObject* old = log_tasks;
    (void)module;
    log_tasks = Py_NewRef(value);
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

/* Whether picolog.logAsyncioTasks is true now (a failing truth test: no). */
static int tasks_logged(void) {
    int on;
    if (log_tasks == NULL || log_tasks == Py_True) return 1;
    if (log_tasks == Py_False) return 0;
    on = PyObject_IsTrue(log_tasks);
    if (on < 0) PyErr_Clear();
    return on > 0;
}

/* The running task's name (new reference to a str), or NULL with no error
 * set: no task, or any failure naming it (logging then leaves None). */
static PyObject* task_name(PyObject* asyncio, PyObject* loop) {
    PyObject* fn = module_attr(asyncio, str_current_task);
    PyObject* task = fn == NULL ? NULL : call(fn, loop);
    PyObject* name = NULL;
    if (task != NULL && task != Py_None) {
        PyObject* self[1] = {task};
        name = PyObject_VectorcallMethod(str_get_name, self, 1, NULL);
    }
    Py_XDECREF(task);
    Py_XDECREF(fn);
    if (name != NULL && !PyUnicode_Check(name)) Py_CLEAR(name);
    if (name == NULL) PyErr_Clear();
    return name;
}

int speedups_task_field(SpeedupsTask* out) {
    PyObject *asyncio, *loop, *name = NULL;
    const char* data;
    Py_ssize_t length;
    size_t size;
    int rc = 0;
    out->block = NULL;
    out->heap = NULL;
    if (modules == NULL) return 0;
    asyncio = PyDict_GetItemWithError(modules, str_asyncio);
    if (asyncio == NULL) return PyErr_Occurred() ? -1 : 0;
    Py_INCREF(asyncio);
    loop = running_loop(asyncio);
    if (loop != NULL && tasks_logged()) name = task_name(asyncio, loop);
    Py_XDECREF(loop);
    Py_DECREF(asyncio);
    if (name == NULL) return 0;
    data = PyUnicode_AsUTF8AndSize(name, &length);
    if (data == NULL) {
        PyErr_Clear(); /* logging: any failure naming the task leaves None */
    } else if (memchr(data, 0, (size_t)length) != NULL) {
        rc = 1; /* the Python path names it */
    } else {
        char* block = out->stack;
        size = sizeof "taskName" + (size_t)length + 1;
        if (size > sizeof out->stack) {
            out->heap = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
            block = out->heap == NULL ? NULL : PyBytes_AsString(out->heap);
        }
        if (block == NULL) {
            rc = -1;
        } else {
            memcpy(block, "taskName", sizeof "taskName");
            memcpy(block + sizeof "taskName", data, (size_t)length);
            block[size - 1] = 0;
            out->block = block;
        }
    }
    Py_DECREF(name);
    return rc;
}
