"""Context: fields that follow the work, as contextvars do.

``with picolog.context(request_id=rid):`` adds ``request_id`` to every record
logged inside the block, from Python and from C or Rust code the block calls.
The fields live in a ``contextvars.ContextVar``, so each asyncio task and each
thread sees its own. The native runtime keeps one context stack per OS thread;
this module mirrors the calling task's fields onto it whenever they may
differ: on entering and leaving a block, and before every Python log call.
Native code called from a task after an ``await`` (when another task may have
run on the thread meanwhile) sees the right fields once the task has logged
or called ``context.apply()``.

With ``enable_opentelemetry()``, records also carry ``trace_id`` and
``span_id`` of the active OpenTelemetry span (opentelemetry-api, optional).
"""

import contextvars

from . import _record
from ._ffi import check, ffi, lib

_var = contextvars.ContextVar("picolog_context", default=None)
current_var = _var  # the log path's inlined no-change test reads it
_state = _record.context  # per thread; .thread[4] is [frame applied natively, token]
# [any context used yet, OpenTelemetry enabled]: the log path reads used[0]
# alone, so a process that never uses context pays one list lookup.
used = [False, False]
_otel_trace = None


class _Frame:
    """The merged fields of the innermost block, encoded once for C."""

    __slots__ = ("fields", "_c_fields", "_keep")

    def __init__(self, fields):
        self.fields = fields
        self._c_fields = None
        self._keep = None

    def c_fields(self, extra=None):
        """(picolog_field[], count) of the fields plus `extra` (a list of pairs)."""
        if extra is None and self._c_fields is not None:
            return self._c_fields
        pairs = list(self.fields.items())
        if extra:
            pairs += [(k, v) for k, v in extra if k not in self.fields]
        keep = []
        array = ffi.new("picolog_field[]", max(len(pairs), 1))
        for i, (key, value) in enumerate(pairs):
            k = ffi.new("char[]", _record._field_text(key))
            v = ffi.new("char[]", _record._field_text(value))
            keep += (k, v)
            array[i].key = k
            array[i].value = v
        result = (array, len(pairs), keep)
        if extra is None:
            self._c_fields = result
        return result


_EMPTY = _Frame({})


def _span_ids():
    """(trace_id, span_id) of the active OpenTelemetry span, as hex, or None."""
    span = _otel_trace.get_current_span().get_span_context()
    if not span.is_valid:
        return None
    return (("trace_id", format(span.trace_id, "032x")), ("span_id", format(span.span_id, "016x")))


def apply():
    """Makes the calling thread's native context match the calling task's.

    Cheap when nothing changed. The log calls call it; call it yourself before
    native code that logs, if the task awaited since it last logged."""
    frame = _var.get()
    key = frame
    ids = None
    if used[1]:
        ids = _span_ids()
        if ids is not None:
            key = (frame, ids)
    state = _state.thread[4]  # [what is applied natively, its token]
    applied = state[0]
    if applied is key or (ids is not None and applied == key):
        return
    if state[1]:
        # ENOTFOUND: native code popped it already; nothing left to undo.
        lib.picolog_context_pop(state[1])
        state[1] = 0
    state[0] = None
    if frame is None and ids is None:
        return
    array, count, _keep = (frame or _EMPTY).c_fields(ids)
    if not count:
        return
    token = ffi.new("picolog_context_token *")
    check(lib.picolog_context_push(array, count, token))
    state[1] = token[0]
    state[0] = key


class context:
    """``with picolog.context(request_id=rid, user=name): ...``

    Every record logged inside the block carries the fields (values are
    written with ``str()``), after the record's own: a field given in
    ``extra`` keeps its value. Blocks nest; an inner value overrides an outer
    one. Works across ``await``: each asyncio task has its own fields."""

    __slots__ = ("_fields", "_token")

    def __init__(self, **fields):
        if "" in fields:
            raise ValueError("a context field needs a non-empty name")
        self._fields = fields
        self._token = None

    def __enter__(self):
        outer = _var.get()
        merged = {**outer.fields, **self._fields} if outer is not None else dict(self._fields)
        used[0] = True
        self._token = _var.set(_Frame(merged))
        try:
            apply()
        except BaseException:
            _var.reset(self._token)
            self._token = None
            raise
        return self

    def __exit__(self, *exc):
        _var.reset(self._token)
        self._token = None
        apply()
        return False

    async def __aenter__(self):
        return self.__enter__()

    async def __aexit__(self, *exc):
        return self.__exit__(*exc)

    @staticmethod
    def current():
        """The fields of the calling task's context, as a new dict."""
        frame = _var.get()
        return dict(frame.fields) if frame is not None else {}

    apply = staticmethod(apply)


def enable_opentelemetry():
    """Adds ``trace_id`` and ``span_id`` of the active OpenTelemetry span to
    every record logged while one is active. Needs opentelemetry-api
    (ImportError otherwise)."""
    global _otel_trace
    from opentelemetry import trace

    _otel_trace = trace
    used[0] = True
    used[1] = True


def disable_opentelemetry():
    """Undoes enable_opentelemetry()."""
    used[1] = False
    apply()
