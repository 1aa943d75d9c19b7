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
 * output is always the one msg % args gives. A message is parsed once:
 * its plan (the literals and the conversions) is cached by the str. */
#include <string.h>

#include "_speedups.h"

typedef struct {
    char* at;  /* where the next byte goes */
    char* end; /* the end of the room */
} Sink;

/* The copies below are a few instructions: a call would cost more. */
#if defined(__GNUC__)
#define HOT_INLINE static inline __attribute__((always_inline))
#else
#define HOT_INLINE static inline
#endif

/* Copies n bytes; the short pieces of a log line (a literal between
 * conversions, a number) without a call: two overlapping moves cover any
 * length from one to twice their size. */
HOT_INLINE void copy(char* to, const char* from, size_t n) {
    uint64_t a8, b8;
    uint32_t a4, b4;
    if (n > 16) {
        memcpy(to, from, n);
    } else if (n >= 8) {
        memcpy(&a8, from, 8);
        memcpy(&b8, from + n - 8, 8);
        memcpy(to, &a8, 8);
        memcpy(to + n - 8, &b8, 8);
    } else if (n >= 4) {
        memcpy(&a4, from, 4);
        memcpy(&b4, from + n - 4, 4);
        memcpy(to, &a4, 4);
        memcpy(to + n - 4, &b4, 4);
    } else if (n > 0) {
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    }
}

HOT_INLINE int put(Sink* s, const char* data, size_t n) {
    if (n > (size_t)(s->end - s->at)) return 0;
    copy(s->at, data, n);
    s->at += n;
    return 1;
}

static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static int put_int(Sink* s, long long v) {
    char tmp[24];
    char* p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    while (u >= 100) {
        p -= 2;
        memcpy(p, digit_pairs + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, digit_pairs + 2 * u, 2);
    } else {
        *--p = (char)('0' + u);
    }
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

/* A message's parsed form: the literal before each conversion, and the
 * conversion. A message is parsed once and its plan cached per str object
 * (a message with arguments is nearly always a literal, the same object at
 * every call): each slot holds its str, so a freed message's address cannot
 * alias a live entry, and the str holds the UTF-8 the plan points into. */
#define PLAN_SLOTS 128
#define PLAN_STEPS 16 /* conversions, %% included; a message with more declines */

typedef struct {
    uint32_t literal_end;  /* the literal before the conversion ends here */
    uint32_t next;         /* and the text resumes here after it */
    char conversion;       /* 's', 'd', 'i', a float conversion, or '%' for %% */
    signed char precision; /* -1: none */
} Step;

typedef struct {
    PyObject* msg;    /* held; NULL in an empty slot */
    const char* text; /* msg's UTF-8, which msg keeps */
    uint32_t size;
    int steps;       /* -1: the message declines whatever its arguments */
    Py_ssize_t args; /* the arguments its conversions take */
    Step step[PLAN_STEPS];
} Plan;

static Plan plans[PLAN_SLOTS];

/* Parses msg's UTF-8 text into *plan; a format this file does not write
 * leaves plan->steps -1 (the caller formats with PyUnicode_Format, which
 * raises for a bad format as logging reports it). */
static void parse(const char* text, Py_ssize_t size, Plan* plan) {
    const char *fmt = text, *end = text + size, *next;
    int prec, digits, n = 0;
    plan->text = text;
    plan->size = (uint32_t)size;
    plan->steps = -1;
    plan->args = 0;
    while (fmt < end) {
        /* '%' is ASCII: it never occurs inside a multi-byte UTF-8 sequence. */
        const char* pct = memchr(fmt, '%', (size_t)(end - fmt));
        char c;
        if (pct == NULL) break;
        if (end - pct < 2 || n == PLAN_STEPS) return; /* "incomplete format", or too many */
        c = pct[1];
        prec = -1;
        next = pct + 2;
        if (c == '.') { /* a precision of up to two digits, for floats */
            prec = 0;
            for (digits = 0; next < end && *next >= '0' && *next <= '9' && digits < 2; ++next, ++digits)
                prec = prec * 10 + (*next - '0');
            if (next == end || (*next >= '0' && *next <= '9')) return;
            c = *next++;
            if (!is_float_conversion(c)) return;
        }
        if (c != '%' && c != 's' && c != 'd' && c != 'i' && !is_float_conversion(c)) return;
        plan->step[n].literal_end = (uint32_t)(pct - text);
        plan->step[n].next = (uint32_t)(next - text);
        plan->step[n].conversion = c;
        plan->step[n].precision = (signed char)prec;
        plan->args += c != '%';
        ++n;
        fmt = next;
    }
    plan->steps = n;
}

/* msg's plan, from its slot or parsed into it; NULL when msg's text has no
 * UTF-8 form (lone surrogates: the general path escapes them) or is longer
 * than a line of `cap` bytes, which it could never be written into (so the
 * slots hold no large message). Nothing called here runs Python code, so
 * the slot stays msg's until the caller has written the line. */
static const Plan* plan_for(PyObject* msg, size_t cap) {
    Plan* slot = &plans[((uintptr_t)msg >> 4) % PLAN_SLOTS];
    PyObject* old;
    const char* text;
    Py_ssize_t size;
    if (slot->msg == msg) return slot;
    text = PyUnicode_AsUTF8AndSize(msg, &size);
    if (text == NULL) {
        PyErr_Clear();
        return NULL;
    }
    if ((size_t)size > cap || (size_t)size > UINT32_MAX) return NULL;
    old = slot->msg;
    parse(text, size, slot);
    slot->msg = Py_NewRef(msg);
    Py_XDECREF(old); /* a str: its release runs no Python code */
    return slot;
}

int speedups_format_simple(PyObject* msg, PyObject* const* args, Py_ssize_t nargs, char* out, size_t cap,
                           size_t* length) {
    Sink s = {out, out + cap};
    const Plan* plan;
    uint32_t from = 0;
    int i;
    if (!PyUnicode_CheckExact(msg) || (plan = plan_for(msg, cap)) == NULL) return 0;
    /* A count that does not match raises in msg % args ("not all arguments
     * converted", "not enough arguments"): logging reports it. */
    if (plan->steps < 0 || plan->args != nargs) return 0;
    for (i = 0; i < plan->steps; ++i) {
        const Step* step = &plan->step[i];
        if (!put(&s, plan->text + from, step->literal_end - from)) return 0;
        if (step->conversion == '%') {
            if (!put(&s, "%", 1)) return 0;
        } else if (!put_arg(&s, step->conversion, step->precision, *args++)) {
            return 0;
        }
        from = step->next;
    }
    if (!put(&s, plan->text + from, plan->size - from)) return 0;
    *length = (size_t)(s.at - out);
    return 1;
}
