"""Turning log calls and LogRecords into one C call (the general path).

The log methods' hot path is Logger._emit; everything else - keyword
arguments, Python handlers or filters somewhere, wrappers, records made by
logging or by hand - comes through here.
"""

import sys
from collections.abc import Mapping

from . import _callbacks, _caller, _record
from ._context import apply as _context_apply
from ._context import used as _context_used
from ._ffi import encode, ffi, lib

_NULL = ffi.NULL
_live = _callbacks.live
_finding = _caller.finding
_context = _record.context

NOT_MAPPINGS = frozenset((str, int, float, bytes, tuple, list, bool, type(None)))


def _mapping_args(args):
    """LogRecord's rule: a single non-empty mapping argument is the mapping."""
    if len(args) != 1 or type(args[0]) in NOT_MAPPINGS:
        return False
    return isinstance(args[0], Mapping) and args[0]


def report_message(msg, args):
    _callbacks.report(f"Message: {msg!r}\nArguments: {args}")


def message(msg, args):
    """str(msg) % args as LogRecord.getMessage (str(msg) alone without args),
    or None after reporting a failure of either."""
    if _mapping_args(args):
        args = args[0]
    try:
        text = msg if type(msg) is str else str(msg)
        return text % args if args else text
    except Exception:
        report_message(msg, args)
        return None


def _call_c(pending, *call):
    if _context_used[0]:
        _context_apply()
    if pending is None:
        return lib.pyl_log_full(*call)
    ctx = _context
    outer = ctx.pending
    ctx.pending = pending
    try:
        status = lib.pyl_log_full(*call)
    finally:
        ctx.pending = outer
    escaped = ctx.escaped
    if escaped is not None:
        # A handler's or filter's SystemExit or KeyboardInterrupt
        # (_callbacks.escape): out of the log call, as in logging.
        ctx.escaped = None
        raise escaped
    return status


def dispatch_record(ptr, record):
    """Logs a LogRecord made in Python (by logging, a socket server, a test)
    through the C logger `ptr`, keeping its time, thread and location. Python
    handlers reached on this thread get the record object itself."""
    try:
        message = record.getMessage()
    except Exception:
        return report_message(record.msg, record.args)
    data = encode(message)
    exc_text = record.exc_text
    if record.exc_info and not exc_text:
        exc_text = _caller.exception_text(record.exc_info)
    extra = _record.extra_of(record)
    task = getattr(record, "taskName", None)
    if task is not None:
        extra["taskName"] = task
    fields, count = _record.encode_fields(extra)
    if not count:
        fields = _NULL
    pending = None
    if _live[0]:
        pending = _record.Pending(ptr, record.levelno, len(data), None, None, None, None, record)
    created_ns = int(record.created * 1e9)
    thread_name = record.threadName
    return _call_c(
        pending,
        ptr,
        record.levelno,
        data,
        len(data),
        encode(record.pathname or ""),
        record.lineno or 0,
        encode(record.funcName or ""),
        encode(thread_name) if thread_name else _NULL,
        record.thread or 0,
        encode(exc_text) if exc_text else _NULL,
        encode(record.stack_info) if record.stack_info else _NULL,
        fields,
        count,
        created_ns,
    )


def log_call(ptr, level, msg, args, exc_info, extra, stack_info, stacklevel):
    """A log call with everything logging offers: caller lookup with stacklevel,
    exc_info, stack_info, extra, and the pending call for Python callbacks."""
    caller = _caller.find(stack_info, stacklevel) if _finding[0] else _caller.UNKNOWN
    where, sinfo = caller[:3], caller[3]
    file = where[0].encode("utf-8", "surrogateescape")
    func = where[2].encode("utf-8", "surrogateescape")
    if exc_info:
        if isinstance(exc_info, BaseException):
            exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
        elif not isinstance(exc_info, tuple):
            exc_info = sys.exc_info()
    if extra is not None:
        for key in extra:
            if key in _record.RESERVED:
                raise KeyError(f"Attempt to overwrite {key!r} in LogRecord")
    factory = _record.factory[0]
    if factory is not None:
        return _through_factory(factory, ptr, level, msg, args, exc_info, extra, where, sinfo)
    text = msg if type(msg) is str and not args else message(msg, args)
    if text is None:
        return
    data = encode(text)
    exc_text = encode(_caller.exception_text(exc_info)) if exc_info else _NULL
    task = _record.task_name()
    if task is not None:
        fields, count = _record.encode_fields({**(extra or {}), "taskName": task})
    else:
        fields, count = _record.encode_fields(extra) if extra else (_NULL, 0)
    thread = _context.refresh()
    pending = None
    if _live[0]:
        args = args[0] if _mapping_args(args) else args
        pending = _record.Pending(ptr, level, len(data), msg, args, exc_info or None, extra)
    _call_c(
        pending,
        ptr,
        level,
        data,
        len(data),
        file,
        where[1],
        func,
        thread[2],
        thread[3],
        exc_text,
        encode(sinfo) if sinfo else _NULL,
        fields,
        count,
        0,
    )


def _through_factory(factory, ptr, level, msg, args, exc_info, extra, where, sinfo):
    """A log call while a custom record factory is set: the factory's record,
    with extra applied as logging's makeRecord does, goes to C whole. where:
    the caller's (pathname, lineno, funcName)."""
    name = ffi.string(lib.picolog_logger_name(ptr)).decode("utf-8", "surrogateescape")
    if args and _mapping_args(args):
        args = args[0]
    record = factory(
        name,
        level,
        where[0],
        where[1],
        msg,
        args,
        exc_info or None,
        where[2],
        sinfo,
    )
    if extra is not None:
        for key in extra:
            if key in record.__dict__:
                raise KeyError(f"Attempt to overwrite {key!r} in LogRecord")
            record.__dict__[key] = extra[key]
    return dispatch_record(ptr, record)
