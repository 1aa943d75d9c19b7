/* _speedups_format.c - msg % args for the common log call, written straight
 * into UTF-8 bytes.
 *
 * Most log calls are "text %s text %d" with str and int arguments, or a
 * float with "%.2f". Going through PyUnicode_Format builds a str only to
 * encode it again for C, and costs a quarter to a half of an enabled call.
 * Here the message's own UTF-8 (cached by the str object) is copied with
 * each %s, %d, %i, %% and float conversion (%f %F %e %E %g %G with an
 * optional precision) filled in, floats by the function PyUnicode_Format
 * itself calls. Anything else - a flag or width, a mapping key, another
 * conversion, an argument that is not exactly a str, int, bool, float or
 * None, an int beyond 64 bits, a line longer than the buffer - declines,
 * and the caller formats with PyUnicode_Format as logging would, so the
 * output is always the one msg % args gives. */
#include <string.h>

#include "_speedups.h"

typedef struct {
    char* out;
    size_t cap;
    size_t len;
} Sink;

static int put(Sink* s, const char* data, size_t n) {
    if (n > s->cap - s->len) return 0;
    memcpy(s->out + s->len, data, n);
    s->len += n;
    return 1;
}

static int put_int(Sink* s, long long v) {
    char tmp[24];
    char* p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) *--p = '-';
    return put(s, p, (size_t)(tmp + sizeof tmp - p));
}

static int is_float_conversion(char c) {
    return c == 'f' || c == 'F' || c == 'e' || c == 'E' || c == 'g' || c == 'G';
}

/* v as PyUnicode_Format writes it for conversion c with precision prec (-1:
 * none), or as str(float) for 's'. */
static int put_double(Sink* s, char c, int prec, double v) {
    char* text = c == 's' ? PyOS_double_to_string(v, 'r', 0, Py_DTSF_ADD_DOT_0, NULL)
                          : PyOS_double_to_string(v, c, prec < 0 ? 6 : prec, 0, NULL);
    int ok;
    if (text == NULL) {
        PyErr_Clear();
        return 0;
    }
    ok = put(s, text, strlen(text));
    PyMem_Free(text);
    return ok;
}

/* One argument of conversion c ('s', 'd', 'i' or a float conversion with
 * precision prec), as str(arg), int.__format__ or PyUnicode_Format's float
 * formatting would write it; 0 declines (no error left set). */
static int put_arg(Sink* s, char c, int prec, PyObject* arg) {
    if (is_float_conversion(c)) {
        double v;
        if (PyFloat_CheckExact(arg)) return put_double(s, c, prec, PyFloat_AsDouble(arg));
        if (!PyLong_CheckExact(arg)) return 0;
        v = PyLong_AsDouble(arg); /* float(int), as PyUnicode_Format converts */
        if (v == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            return 0;
        }
        return put_double(s, c, prec, v);
    }
    if (PyFloat_CheckExact(arg)) return c == 's' ? put_double(s, c, prec, PyFloat_AsDouble(arg)) : 0;
    if (arg == Py_True || arg == Py_False) {
        int on = arg == Py_True;
        if (c != 's') return put(s, on ? "1" : "0", 1);
        return on ? put(s, "True", 4) : put(s, "False", 5);
    }
    if (PyLong_CheckExact(arg)) {
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(arg, &overflow);
        if (overflow != 0 || (v == -1 && PyErr_Occurred())) {
            PyErr_Clear();
            return 0;
        }
        return put_int(s, v);
    }
    if (c != 's') return 0; /* %d of a str raises: logging reports it */
    if (PyUnicode_CheckExact(arg)) {
        Py_ssize_t n;
        const char* data = PyUnicode_AsUTF8AndSize(arg, &n);
        if (data == NULL) { /* lone surrogates: the general path escapes them */
            PyErr_Clear();
            return 0;
        }
        return put(s, data, (size_t)n);
    }
    if (arg == Py_None) return put(s, "None", 4);
    return 0;
}

int speedups_format_simple(PyObject* msg, PyObject* const* args, Py_ssize_t nargs, char* out, size_t cap,
                           size_t* length) {
    Sink s = {out, cap, 0};
    Py_ssize_t size, used = 0;
    const char *fmt, *end, *next;
    int prec, digits;
    if (!PyUnicode_CheckExact(msg)) return 0;
    fmt = PyUnicode_AsUTF8AndSize(msg, &size);
    if (fmt == NULL) {
        PyErr_Clear();
        return 0;
    }
    end = fmt + size;
    while (fmt < end) {
        /* '%' is ASCII: it never occurs inside a multi-byte UTF-8 sequence. */
        const char* pct = memchr(fmt, '%', (size_t)(end - fmt));
        char c;
        if (!put(&s, fmt, (size_t)((pct != NULL ? pct : end) - fmt))) return 0;
        if (pct == NULL) break;
        if (end - pct < 2) return 0; /* "incomplete format": logging reports it */
        c = pct[1];
        prec = -1;
        next = pct + 2;
        if (c == '.') { /* a precision of up to two digits, for floats */
            prec = 0;
            for (digits = 0; next < end && *next >= '0' && *next <= '9' && digits < 2; ++next, ++digits)
                prec = prec * 10 + (*next - '0');
            if (next == end || (*next >= '0' && *next <= '9')) return 0;
            c = *next++;
            if (!is_float_conversion(c)) return 0;
        }
        if (c == '%') {
            if (!put(&s, "%", 1)) return 0;
        } else if (c == 's' || c == 'd' || c == 'i' || is_float_conversion(c)) {
            if (used == nargs || !put_arg(&s, c, prec, args[used])) return 0;
            ++used;
        } else {
            return 0;
        }
        fmt = next;
    }
    if (used != nargs) return 0; /* "not all arguments converted" */
    *length = s.len;
    return 1;
}
