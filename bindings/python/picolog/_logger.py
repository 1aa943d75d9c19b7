"""Logger and getLogger: logging's loggers over the runtime's C loggers.

A Logger is a thin view of a C logger (which lives forever); its level,
propagate and disabled flags and its handler list live in C, shared with
every other language in the process. The log methods (trace() to
critical(), in C: _speedups.c) read the logger's threshold through the
pointer C gives (one load), and only then format the message, find the
caller and call C once; what they do not cover comes to _emit and _log here.
"""

from __future__ import annotations

import sys
import threading
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from . import _callbacks, _caller, _dispatch, _handlers, _record, _speedups
from ._context import apply as _context_apply
from ._context import current_var as _context_current_var
from ._context import used as _context_used
from ._ffi import c_string, check, encode, ffi, lib
from ._filters import Filterer
from ._fork_locks import free_in_child
from ._levels import C_LEVEL_MAX, NOTSET, WARNING, checkLevel, to_c
from ._manager import Manager

_lock = threading.RLock()  # getLogger and the handler lists
free_in_child(_lock)
_loggers = {}


# The name getLogger is constructing a logger for on this thread: Logger()
# binds to the registered logger then, and makes a standalone one otherwise.
class _Registering(threading.local):
    name = None


_registering = _Registering()
_live = _callbacks.live
_context = _record.context
_getframe = _caller.getframe
_finding = _caller.finding
_site = _caller.site
_sites = _caller.sites
_NULL = ffi.NULL
_pyl_log = lib.pyl_log
_reaches_callbacks = lib.picolog_logger_reaches_callbacks
_context_get = _context_current_var.get
_log_call = _dispatch.log_call
_report_message = _dispatch.report_message
_message = _dispatch.message
_NOT_MAPPINGS = _dispatch.NOT_MAPPINGS
_TASK_MODULES = _record.TASK_MODULES
_in_event_loop = _record.in_event_loop
_speedups.setup(
    int(ffi.cast("uintptr_t", ffi.addressof(lib, "pyl_log_holding_gil"))),
    _live,
    _context,
    _context_used,
    _context_get,
    _context_apply,
    _site,
    Mapping,
    int(ffi.cast("uintptr_t", ffi.addressof(lib, "pyl_log_fields_holding_gil"))),
    _record.factory,
    int(ffi.cast("uintptr_t", ffi.addressof(lib, "picolog_logger_reaches_callbacks"))),
)

# Logger._pl_flags bits, read by the C log methods: which of picolog's own
# methods a subclass kept (an overridden one makes the C path step aside).
_PLAIN_LEVEL = 1  # isEnabledFor
_PLAIN_LOG = 2  # _log, findCaller, makeRecord, handle
_RECORD_METHODS = ("findCaller", "makeRecord", "handle")


def _address(pointer):
    return int(ffi.cast("uintptr_t", pointer))


class Logger(_speedups.LoggerBase, Filterer):
    """logging.Logger. Get one with getLogger(name). Logger(name) made
    directly is a standalone logger, as in logging: no parent, not in the
    hierarchy, logging to its own handlers."""

    _pl_flags = _PLAIN_LEVEL | _PLAIN_LOG
    # A subclass overriding findCaller, makeRecord or handle gets logging's
    # _log: findCaller, makeRecord, handle, in that order.
    _pl_records = False
    # The level given from Python when it is beyond C's range (_levels.to_c).
    _pl_above = None
    # Set once the root logger exists (below), as logging sets them.
    root: RootLogger
    manager: Manager

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kept = [getattr(cls, n) is getattr(Logger, n) for n in ("_log", *_RECORD_METHODS)]
        cls._pl_records = not all(kept[1:])
        flags = _PLAIN_LOG if all(kept) else 0
        if cls.isEnabledFor is Logger.isEnabledFor:
            flags |= _PLAIN_LEVEL
        cls._pl_flags = flags

    def __init__(self, name, level=NOTSET):
        Filterer.__init__(self)
        self.name = name
        if _registering.name is name:
            self._ptr = self._pl_lookup(name)
        else:
            self._ptr = self._pl_standalone(name)
        self._th = lib.picolog_logger_threshold_ptr(self._ptr)
        self._pl_bind(_address(self._th), _address(self._ptr), type(self)._pl_flags)
        self._pl_handlers = []
        if level:
            self.setLevel(level)

    @staticmethod
    def _pl_standalone(name):
        if not isinstance(name, str):
            raise TypeError("A logger name must be a string")
        out = ffi.new("picolog_logger **")
        check(lib.picolog_logger_new_standalone(out, encode(name)))
        return out[0]

    @staticmethod
    def _pl_lookup(name):
        if not isinstance(name, str):
            raise TypeError("A logger name must be a string")
        out = ffi.new("picolog_logger **")
        data = encode(name)
        check(lib.picolog_get_logger_len(out, data, len(data)))
        return out[0]

    # -- state kept in C -----------------------------------------------------

    @property
    def level(self) -> int:
        level = lib.picolog_logger_level(self._ptr)
        if level == C_LEVEL_MAX and self._pl_above is not None:
            return self._pl_above
        return level

    @level.setter
    def level(self, level: int | str) -> None:
        self.setLevel(level)

    def setLevel(self, level: int | str) -> None:
        level = checkLevel(level)
        check(lib.picolog_logger_set_level(self._ptr, to_c(level)))
        self._pl_above = level if level > C_LEVEL_MAX else None

    def _pl_enabled_beyond(self, level: int) -> bool:
        """isEnabledFor for a level beyond C's range, with Python's numbers."""
        if self.disabled or self.manager.disable >= level:
            return False
        return level >= self.getEffectiveLevel()

    def getEffectiveLevel(self) -> int:
        level = lib.picolog_logger_effective_level(self._ptr)
        if level != C_LEVEL_MAX:
            return level
        logger = self
        while logger is not None and not logger.level:
            logger = logger.parent
        return level if logger is None else logger.level

    @property
    def propagate(self) -> bool:
        return bool(lib.picolog_logger_propagate(self._ptr))

    @propagate.setter
    def propagate(self, value: bool) -> None:
        check(lib.picolog_logger_set_propagate(self._ptr, 1 if value else 0))

    @property
    def disabled(self) -> bool:
        return bool(lib.picolog_logger_disabled(self._ptr))

    @disabled.setter
    def disabled(self, value: bool) -> None:
        check(lib.picolog_logger_set_disabled(self._ptr, 1 if value else 0))

    @property
    def parent(self) -> Logger | None:
        ptr = lib.picolog_logger_parent(self._ptr)
        if ptr == _NULL:
            return None
        if ptr == root._ptr:
            return root
        return getLogger(c_string(lib.picolog_logger_name(ptr)))

    # -- handlers and filters ------------------------------------------------

    @property
    def handlers(self) -> list[Any]:
        """The attached handlers, as C has them (including ones added from C or
        Rust), then any QueueHandler waiting for its listener to start."""
        n = lib.picolog_logger_handlers(self._ptr, _NULL, 0)
        out = ffi.new("picolog_handler *[]", max(n, 1))
        n = min(check(lib.picolog_logger_handlers(self._ptr, out, n)), n)
        result = [_handlers.from_c(out[i]) for i in range(n)]
        result.extend(h for h in self._pl_handlers if h._pl_ptr is None)
        return result

    @handlers.setter
    def handlers(self, handlers: Iterable[Any]) -> None:
        with _lock:
            for h in list(self._pl_handlers):
                self.removeHandler(h)
            check(lib.picolog_logger_clear_handlers(self._ptr))
            for h in handlers:
                self.addHandler(h)

    def addHandler(self, hdlr: Any) -> None:
        handler = _handlers.as_handler(hdlr)
        if handler._pl_queue is not None:
            raise ValueError(f"{hdlr!r} is a handler of a queue listener")
        with _lock:
            if any(h is handler for h in self._pl_handlers):
                return
            if handler._pl_ptr is not None:
                check(lib.picolog_logger_add_handler(self._ptr, handler._pl_ptr))
            self._pl_handlers.append(handler)
            handler._pl_loggers.append(self)

    def removeHandler(self, hdlr: Any) -> None:
        handler = _handlers.find_handler(hdlr)
        if handler is None:
            return
        with _lock:
            if handler._pl_ptr is not None:
                lib.picolog_logger_remove_handler(self._ptr, handler._pl_ptr)
            self._pl_handlers = [h for h in self._pl_handlers if h is not handler]
            handler._pl_loggers = [lg for lg in handler._pl_loggers if lg is not self]

    def hasHandlers(self) -> bool:
        return bool(lib.picolog_logger_has_handlers(self._ptr))

    def _c_add_filter(self, ptr):
        check(lib.picolog_logger_add_filter(self._ptr, ptr))

    def _c_remove_filter(self, ptr):
        lib.picolog_logger_remove_filter(self._ptr, ptr)

    def getChildren(self) -> set[Logger]:
        """The loggers created so far one level below this one (logging's
        rule: parent is this logger and the name has one more segment)."""
        with _lock:
            found = list(_loggers.values())
        ptr = self._ptr
        depth = 0 if self is root else self.name.count(".") + 1
        return {
            lg
            for lg in found
            if lib.picolog_logger_parent(lg._ptr) == ptr and lg.name.count(".") == depth
        }

    def getChild(self, suffix: str) -> Logger:
        if self is not root:
            suffix = f"{self.name}.{suffix}"
        return getLogger(suffix)

    # -- logging -------------------------------------------------------------

    def warn(self, msg: object, *args: object, **kwargs: Any) -> None:
        warnings.warn(
            "The 'warn' method is deprecated, use 'warning' instead", DeprecationWarning, 2
        )
        self.warning(msg, *args, **kwargs)

    def exception(self, msg: object, *args: object, exc_info: Any = True, **kwargs: Any) -> None:
        self.error(msg, *args, exc_info=exc_info, **kwargs)

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if not isinstance(level, int):
            if _callbacks.reporting():
                raise TypeError("level must be an integer")
            return
        if level > 2147483646:  # C_LEVEL_MAX: decided here, then C's top level
            if not self.isEnabledFor(level):
                return
            level = C_LEVEL_MAX
        flags = self._pl_flags
        if level >= self._th[0] if flags & _PLAIN_LEVEL else self.isEnabledFor(level):
            if flags & _PLAIN_LOG:
                self._emit(level, msg, args, kwargs)
            else:
                self._log(level, msg, args, **kwargs)

    def _log(self, level, msg, args, exc_info=None, extra=None, stack_info=False, stacklevel=1):
        """logging.Logger._log: logs without checking the level first."""
        if self._pl_records:
            return self._log_record(level, msg, args, exc_info, extra, stack_info, stacklevel)
        _log_call(self._ptr, level, msg, args, exc_info, extra, stack_info, stacklevel)
        return None

    def _log_record(self, level, msg, args, exc_info, extra, stack_info, stacklevel):
        """logging's _log, for a subclass with its own findCaller, makeRecord
        or handle: a LogRecord from makeRecord, given to handle."""
        if _finding[0]:
            fn, lno, func, sinfo = self.findCaller(stack_info, stacklevel)
        else:
            fn, lno, func, sinfo = _caller.UNKNOWN
        if exc_info:
            if isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
            elif not isinstance(exc_info, tuple):
                exc_info = sys.exc_info()
        record = self.makeRecord(self.name, level, fn, lno, msg, args, exc_info, func, extra, sinfo)
        self.handle(record)

    def _emit(self, level, msg, args, kwargs, depth=2):
        """The log methods' path in Python, for what the C methods leave here
        (and for log()): with no keyword arguments, no Python handler or
        filter the record may reach on this thread (none anywhere, or a
        logger whose records C says run none) and no asyncio loop running
        (whose task names the record), the message goes to C directly;
        anything else takes _dispatch.log_call, which does all logging does,
        keeping the call's objects for Python handlers. depth: how far up
        the user's frame is (2: the user called log(), which called this; 1:
        a C log method called this)."""
        if (
            kwargs
            or (_live[0] and (_record.factory[0] is not None or _reaches_callbacks(self._ptr)))
            or ("asyncio" in _TASK_MODULES and _in_event_loop())
        ):
            return self._log(level, msg, args, **kwargs)
        if _finding[0]:
            f = _getframe(depth)
            code = f.f_code
            entry = _sites.get(id(code))
            site = entry[1] if entry is not None and entry[0] is code else _site(code)
            if site is None:
                return _log_call(self._ptr, level, msg, args, None, None, False, 1)
            line = f.f_lineno
        else:
            site, line = _caller.UNKNOWN_BYTES, 0
        if args:
            a0 = args[0]
            if len(args) == 1 and type(a0) not in _NOT_MAPPINGS and isinstance(a0, Mapping) and a0:
                args = a0
            try:
                text = (msg if type(msg) is str else str(msg)) % args
            except Exception:
                return _report_message(msg, args)
        elif type(msg) is str:
            text = msg
        else:
            text = _message(msg, args)
            if text is None:
                return None
        try:
            data = text.encode()
        except UnicodeEncodeError:
            data = encode(text)
        thread = _context.thread
        if thread[0]._name is not thread[1]:
            thread = _context.refresh()
        # apply() inlined down to its no-change test: the frame mirrored
        # natively is the task's (OpenTelemetry always asks apply()).
        if _context_used[0] and (_context_get() is not thread[4][0] or _context_used[1]):
            _context_apply()
        _pyl_log(self._ptr, level, data, len(data), site[0], line, site[1], thread[2], thread[3])
        return None

    def findCaller(self, stack_info=False, stacklevel=1):
        return _caller.find(stack_info, stacklevel)

    def makeRecord(
        self, name, level, fn, lno, msg, args, exc_info, func=None, extra=None, sinfo=None
    ):
        rv = (_record.factory[0] or _record.LogRecord)(
            name, level, fn, lno, msg, args, exc_info, func, sinfo
        )
        if extra is not None:
            for key in extra:
                if key in _record.RESERVED or key in rv.__dict__:
                    raise KeyError(f"Attempt to overwrite {key!r} in LogRecord")
                rv.__dict__[key] = extra[key]
        return rv

    def handle(self, record):
        """Passes a LogRecord made elsewhere to this logger: its filters and
        handlers (and its parents' through propagate), if its level is enabled."""
        if record.levelno >= self._th[0]:
            _dispatch.dispatch_record(self._ptr, record)

    def callHandlers(self, record):
        """logging's callHandlers: the record goes to the handlers of this
        logger and of its parents while propagate allows (each handler's
        level applies, no logger's level or filters), or to the last resort
        if there are none. A subclass's handle() calls it."""
        from . import _last_resort

        found = False
        logger = self
        while logger is not None:
            for handler in logger.handlers:
                found = True
                if record.levelno >= handler.level:
                    handler.handle(record)
            logger = logger.parent if logger.propagate else None
        if not found:
            _last_resort.take(record)

    def _pl_continue(self, record):
        """A logger filter's replacement record goes to this logger's handlers
        (and up the propagate chain); C passes this logger's filters for it."""
        _dispatch.dispatch_record(self._ptr, record)

    def __repr__(self):
        from ._levels import getLevelName

        return f"<{type(self).__name__} {self.name} ({getLevelName(self.getEffectiveLevel())})>"

    def __reduce__(self):
        return getLogger, (self.name,)


class RootLogger(Logger):
    """The root logger: name "root", level WARNING unless configured."""

    def __init__(self, level=WARNING):
        Filterer.__init__(self)
        self.name = "root"
        self._ptr = lib.picolog_root_logger()
        self._th = lib.picolog_logger_threshold_ptr(self._ptr)
        self._pl_bind(_address(self._th), _address(self._ptr), type(self)._pl_flags)
        self._pl_handlers = []

    def __reduce__(self):
        return getLogger, ()


root = RootLogger()
manager = Manager(root, _registry=_loggers)
# Class attributes, as in logging: code reads Logger.manager.loggerDict, and
# an instance may shadow either.
Logger.root = root
Logger.manager = manager
_loggerClass = Logger


def getLogger(name: str | None = None) -> Logger:
    """The logger with this dotted name (the root logger for None, "" or "root")."""
    if not name or name == "root":
        return root
    found = _loggers.get(name)
    if found is None:
        with _lock:
            found = _loggers.get(name)
            if found is None:
                _registering.name = name
                try:
                    found = _loggerClass(name)
                finally:
                    _registering.name = None
                _loggers[name] = found
    return found


def setLoggerClass(klass: type[Logger]) -> None:
    global _loggerClass
    if klass is not Logger and not issubclass(klass, Logger):
        raise TypeError("logger not derived from picolog.Logger: " + klass.__name__)
    _loggerClass = klass


def getLoggerClass() -> type[Logger]:
    return _loggerClass
