"""Records as Python sees them, and the per-thread context of a log call.

Handlers and filters written in Python receive a LogRecord (a subclass of
logging.LogRecord) built from the C record. When the C callback runs on the
thread that made the log call, the record also gets that call's original
objects (msg, args, exc_info, extra values) from the thread's pending call,
so a Python handler sees what logging would have given it. On other threads
(a queue listener) only the text survives: msg is the formatted message,
args is empty and extra values are strings.
"""

import logging
import os
import sys
import threading
import time

from ._ffi import c_string, check, decode, ffi, lib

_start_ns = time.time_ns()
_VIEW_SIZE = ffi.sizeof("picolog_record_view")

# The attributes logging puts on every record: extra may not overwrite them.
RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_HAS_TASK_NAME = "taskName" in RESERVED  # Python 3.12+
# Where the log path looks for asyncio, as logging does (sys.modules): an
# empty dict before 3.12, whose records have no taskName.
TASK_MODULES = sys.modules if _HAS_TASK_NAME else {}


def in_event_loop():
    """Whether an asyncio loop runs on this thread (asyncio is imported)."""
    try:
        return TASK_MODULES["asyncio"]._get_running_loop() is not None
    except Exception:
        return False


def task_name():
    """logging's taskName for a record made now: the running asyncio task's
    name when asyncio is imported and logAsyncioTasks is on, else None. A log
    call carries it to C as the record field "taskName", so that formatters
    in every language and records on other threads see it."""
    asyncio = TASK_MODULES.get("asyncio")
    if asyncio is None or not getattr(sys.modules.get("picolog"), "logAsyncioTasks", True):
        return None
    try:
        return asyncio.current_task().get_name()
    except Exception:
        return None


class LogRecord(logging.LogRecord):
    """A logging.LogRecord; picolog builds these without running __init__.
    Made directly (makeLogRecord, a socket receiver), it follows picolog's
    switches logThreads, logProcesses, logMultiprocessing and
    logAsyncioTasks rather than logging's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        switches = sys.modules.get("picolog")
        if not getattr(switches, "logThreads", True):
            self.thread = self.threadName = None
        if not getattr(switches, "logProcesses", True):
            self.process = None
        if not getattr(switches, "logMultiprocessing", True):
            self.processName = None
        if _HAS_TASK_NAME and not getattr(switches, "logAsyncioTasks", True):
            self.taskName = None


# A factory set with setLogRecordFactory, or None for LogRecord (_factory.py).
factory = [None]


def _process_name():
    name = "MainProcess"
    mp = sys.modules.get("multiprocessing")
    if mp is not None:
        try:
            name = mp.current_process().name
        except Exception:
            pass
    return name


class ThreadContext(threading.local):
    """Per thread: the thread's identity for records, and the call in flight."""

    def __init__(self):
        # [Thread, its name, the name as bytes, threading.get_ident(), and
        # the native context state]: one
        # attribute read on the hot path; refresh() when the name changes.
        # [4]: the context (see _context) pushed onto this thread's native
        # stack, as [frame or key, token]; read by the log path from here.
        self.thread = [threading.current_thread(), None, b"", threading.get_ident(), [None, 0]]
        self.pending = None
        # (record, C record, formatter, line, length) while a callback runs.
        self.callback = None
        # (record, owner) while a filter's replacement record goes on from
        # its owner: C passes that owner's filters for it (_callbacks).
        self.passed = None
        # SystemExit or KeyboardInterrupt a callback let out, for the Python
        # log call waiting in C (pending) to raise once C returns.
        self.escaped = None

    def refresh(self):
        thread = self.thread
        name = thread[0].name
        if name is not thread[1]:
            data = name.encode("utf-8", "backslashreplace").replace(b"\0", b"?")
            thread = self.thread = [thread[0], name, data, thread[3], thread[4]]
        return thread


context = ThreadContext()


class Pending:
    """The Python objects of a log call in flight on this thread."""

    __slots__ = ("logger", "level", "length", "msg", "args", "exc_info", "extra", "record")

    def __init__(self, logger, level, length, msg, args, exc_info, extra, record=None):
        # The C logger's name pointer: a record logged through it carries it.
        self.logger = lib.picolog_logger_name(logger)
        self.level = level
        self.length = length
        self.msg = msg
        self.args = args
        self.exc_info = exc_info
        self.extra = extra
        self.record = record

    def matches(self, view):
        """Whether a record C hands back is this call's (and not one that C
        or Rust code logged from inside a handler on this thread)."""
        return (
            view.level == self.level
            and view.message_len == self.length
            and view.logger_name == self.logger
        )


def current_line(record, formatter):
    """The line C formatted for this record with this formatter, if a callback
    for it is running on this thread and the handler left the record's msg
    and args as they came (an emit that rewrites msg gets it formatted
    anew, as logging would), else None."""
    cb = context.callback
    if (
        cb is not None
        and cb[0] is record
        and cb[2] is formatter
        and formatter is not None
        and record.msg is cb[5]
        and record.args is cb[6]
    ):
        return decode(ffi.unpack(cb[3], cb[4]))
    return None


def current_crecord(record):
    """The C record behind a LogRecord while its callback runs, else None."""
    cb = context.callback
    if cb is not None and cb[0] is record:
        return cb[1]
    return None


def from_callback(crecord):
    """The LogRecord for a C record received in a callback (one per log call on
    the calling thread, so several Python handlers share it as in logging)."""
    view = ffi.new("picolog_record_view *")
    check(lib.picolog_record_get(crecord, view, _VIEW_SIZE))
    pending = context.pending
    if pending is not None and pending.matches(view):
        if pending.record is None:
            pending.record = _build(view, pending)
        return pending.record
    return _build(view, None)


def _build(view, pending):
    record = LogRecord.__new__(LogRecord)
    d = record.__dict__
    pathname = c_string(view.file)
    filename = os.path.basename(pathname)
    created_ns = view.created_ns
    exc_text = c_string(view.exc_text)
    stack_text = c_string(view.stack_text)
    d["name"] = c_string(view.logger_name)
    if pending is not None:
        d["msg"] = pending.msg
        d["args"] = pending.args
        d["exc_info"] = pending.exc_info
    else:
        d["msg"] = decode(ffi.unpack(view.message, view.message_len))
        d["args"] = ()
        d["exc_info"] = None
    d["levelname"] = c_string(view.level_name)
    d["levelno"] = view.level
    d["pathname"] = pathname
    d["filename"] = filename
    d["module"] = os.path.splitext(filename)[0]
    # With the call's exc_info at hand, exc_text stays None as logging leaves
    # it, so a formatter's own formatException() decides the text.
    d["exc_text"] = None if pending is not None and pending.exc_info else (exc_text or None)
    d["stack_info"] = stack_text or None
    d["lineno"] = view.line
    d["funcName"] = c_string(view.func)
    d["created"] = created_ns / 1e9
    d["msecs"] = (created_ns % 1_000_000_000) // 1_000_000 + 0.0
    d["relativeCreated"] = (created_ns - _start_ns) / 1e6
    switches = sys.modules.get("picolog")
    if getattr(switches, "logThreads", True):
        d["thread"] = view.thread_id
        d["threadName"] = c_string(view.thread_name)
    else:
        d["thread"] = d["threadName"] = None
    d["processName"] = _process_name() if getattr(switches, "logMultiprocessing", True) else None
    d["process"] = view.process_id if getattr(switches, "logProcesses", True) else None
    if pending is not None and pending.extra:
        # extra keeps its Python values; the C fields add the context's.
        d.update(pending.extra)
    if view.field_count:
        for i in range(view.field_count):
            key = c_string(view.fields[i].key)
            if key not in d:
                d[key] = c_string(view.fields[i].value)
    if _HAS_TASK_NAME and "taskName" not in d:
        d["taskName"] = None
    return record


def encode_fields(mapping):
    """extra as the shim's "k\\0v\\0..." block: (bytes, count)."""
    parts = []
    for key, value in mapping.items():
        parts.append(_field_text(key))
        parts.append(_field_text(value))
    return b"\0".join(parts) + b"\0", len(mapping)


def _field_text(value):
    text = value if isinstance(value, str) else str(value)
    return text.encode("utf-8", "backslashreplace").replace(b"\0", b"\\0")


def extra_of(record):
    """The attributes of a foreign LogRecord that logging itself did not set."""
    return {k: v for k, v in record.__dict__.items() if k not in RESERVED and not k.startswith("_")}
