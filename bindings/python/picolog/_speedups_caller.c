/* _speedups_caller.c - finding the caller of a log call for the speedups
 * extension: the frame logging's findCaller picks with stacklevel 1, its
 * file and function (_caller.site, cached per code object) and its line
 * (cached per code object and instruction). */
#include "_speedups.h"

static PyObject* site_of; /* _caller.site(code): (file bytes, func bytes) or None */
static PyObject *str_f_back, *str_f_lasti;

/* A frame attribute read through its descriptor's getter (f_back, and
 * f_lasti on 3.10, are attributes in the limited API): PyObject_GetAttr's
 * lookup through the type costs more than the read itself. Bound on first use from the frame's
 * type (frames are of one type; another type takes PyObject_GetAttr). */
typedef struct {
    PyObject* name;
    PyObject* type; /* the frame type the getter was taken from (held) */
    PyObject* descr;
    descrgetfunc get;
} FrameAttr;

static FrameAttr attr_back, attr_lasti;

static PyObject* frame_attr(FrameAttr* a, PyObject* frame) {
    PyObject* type = (PyObject*)Py_TYPE(frame);
    if (a->get == NULL && a->type == NULL) {
        PyObject* descr = PyObject_GetAttr(type, a->name);
        descrgetfunc get =
            descr == NULL ? NULL : (descrgetfunc)PyType_GetSlot(Py_TYPE(descr), Py_tp_descr_get);
        PyErr_Clear(); /* no descriptor: PyObject_GetAttr below says why */
        a->type = Py_NewRef(type);
        a->descr = descr;
        a->get = get;
    }
    if (a->get != NULL && a->type == type) return a->get(a->descr, frame, type);
    return PyObject_GetAttr(frame, a->name);
}

int speedups_caller_init(PyObject* site) {
    str_f_back = PyUnicode_InternFromString("f_back");
    str_f_lasti = PyUnicode_InternFromString("f_lasti");
    if (str_f_back == NULL || str_f_lasti == NULL) return -1;
    attr_back.name = str_f_back;
    attr_lasti.name = str_f_lasti;
    site_of = Py_NewRef(site);
    return 0;
}

/* A direct-mapped cache code object -> _caller.site(code), so the common
 * call finds its file and function without a Python call. Each slot holds
 * its code object, so a freed code's address cannot alias a live entry,
 * and the tuple's two strings as C strings (the tuple, held, keeps them). */
#define SITE_SLOTS 1024
static struct {
    PyObject* code;
    PyObject* value;
    const char* file;
    const char* func;
} site_cache[SITE_SLOTS];

/* New reference to the (file, func) tuple or None, with its strings in
 * *file and *func when it is a tuple; NULL on error. */
static PyObject* site_for(PyObject* code, const char** file, const char** func) {
    size_t slot = ((uintptr_t)code >> 4) % SITE_SLOTS;
    PyObject *value, *old_code, *old_value;
    const char *f = NULL, *fn = NULL;
    if (site_cache[slot].code == code) {
        *file = site_cache[slot].file;
        *func = site_cache[slot].func;
        return Py_NewRef(site_cache[slot].value);
    }
    value = PyObject_CallFunctionObjArgs(site_of, code, NULL);
    if (value == NULL) return NULL;
    if (value != Py_None &&
        ((f = PyBytes_AsString(PyTuple_GetItem(value, 0))) == NULL ||
         (fn = PyBytes_AsString(PyTuple_GetItem(value, 1))) == NULL)) {
        Py_DECREF(value);
        return NULL;
    }
    /* The slot is filled before the old entry is released: freeing it may
     * run Python code that logs and comes back here. */
    old_code = site_cache[slot].code;
    old_value = site_cache[slot].value;
    site_cache[slot].value = Py_NewRef(value);
    site_cache[slot].code = Py_NewRef(code);
    site_cache[slot].file = *file = f;
    site_cache[slot].func = *func = fn;
    Py_XDECREF(old_value);
    Py_XDECREF(old_code);
    return value;
}

/* A frame's line number, cached by (code, instruction offset): finding it
 * from the offset scans the code's line table from its start. */
#define LINE_SLOTS 2048
static struct {
    PyObject* code; /* held, so its address cannot be reused while cached */
    long lasti;
    int line;
} line_cache[LINE_SLOTS];

/* A frame's instruction offset (f_lasti), or -2 with an error set.
 * PyFrame_GetLasti is Python 3.11's, outside the limited API but exported
 * by every later Python: bound weakly, it is NULL on 3.10, which reads the
 * attribute (an int object made for every offset past 256). */
extern int PyFrame_GetLasti(PyFrameObject* frame) __attribute__((weak));

static long lasti_of(PyObject* frame) {
    PyObject* offset;
    long lasti;
    if (PyFrame_GetLasti != NULL) return PyFrame_GetLasti((PyFrameObject*)frame);
    offset = frame_attr(&attr_lasti, frame);
    if (offset == NULL) return -2;
    lasti = PyLong_AsLong(offset);
    Py_DECREF(offset);
    return lasti == -1 && PyErr_Occurred() ? -2 : lasti;
}

int speedups_line_of(PyObject* frame) {
    PyObject *code, *old_code;
    long lasti = lasti_of(frame);
    size_t slot;
    int line;
    if (lasti == -2) return -1;
    code = (PyObject*)PyFrame_GetCode((PyFrameObject*)frame);
    slot = (((uintptr_t)code >> 4) ^ ((uintptr_t)lasti * 2654435761u)) % LINE_SLOTS;
    if (line_cache[slot].code == code && line_cache[slot].lasti == lasti) {
        Py_DECREF(code);
        return line_cache[slot].line;
    }
    line = PyFrame_GetLineNumber((PyFrameObject*)frame);
    old_code = line_cache[slot].code; /* released last, as in site_for */
    line_cache[slot].code = code;     /* the reference PyFrame_GetCode gave */
    line_cache[slot].lasti = lasti;
    line_cache[slot].line = line;
    Py_XDECREF(old_code);
    return line;
}

/* The frame logging's findCaller picks with stacklevel 1: the innermost
 * one outside picolog's and logging's own files. Sets *site to its (file,
 * func) tuple. New references; NULL with *site NULL when there is none
 * (the Python path decides then), NULL with an exception set on error. */
#define MAX_SKIPPED 64
PyObject* speedups_user_frame(PyObject** site, const char** file, const char** func) {
    PyObject *frame = (PyObject*)PyEval_GetFrame(), *found;
    int hops;
    *site = NULL;
    if (frame == NULL) return NULL;
    Py_INCREF(frame);
    for (hops = 0; hops < MAX_SKIPPED; ++hops) {
        PyCodeObject* code = PyFrame_GetCode((PyFrameObject*)frame);
        found = site_for((PyObject*)code, file, func);
        Py_DECREF(code);
        if (found == NULL) break;
        if (found != Py_None) {
            *site = found;
            return frame;
        }
        Py_DECREF(found);
        found = frame_attr(&attr_back, frame);
        Py_DECREF(frame);
        if (found == NULL) return NULL;
        if (found == Py_None) {
            Py_DECREF(found);
            return NULL;
        }
        frame = found;
    }
    Py_DECREF(frame);
    return NULL;
}
