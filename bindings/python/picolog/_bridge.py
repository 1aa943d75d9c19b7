"""capture_stdlib(): calls of the standard logging module, routed into picolog.

Libraries that import logging keep working unchanged. Capture works at the
call, not at a handler: while it is on, logging.Logger's level check also
asks picolog's threshold for the logger of the same name, and its `_log`
hands the call to that picolog logger directly (one caller lookup, the
message formatted once, one C call), building a stdlib LogRecord only when a
stdlib handler on the logger's propagation path wants the record. So:

- a captured call costs about what a picolog call costs, not a stdlib call
  plus a forwarded record;
- loggers with propagate = False (access loggers of web servers) are
  captured like any other, and their own stdlib handlers keep working;
- logging's levels are not touched: stdlib handlers see exactly the records
  they saw before, and picolog sees each record once;
- records given to a stdlib Logger.handle() directly (a socket receiver's)
  are forwarded too.

StdlibCapture.close() restores logging.Logger's methods.
"""

from __future__ import annotations

import logging
import sys
import threading

from . import _callbacks, _caller, _dispatch, _speedups
from ._ffi import check, lib
from ._logger import getLogger

_lock = threading.Lock()
_active = None
_inside = threading.local()
_getframe = _caller.getframe
_log_call = _dispatch.log_call
_dispatch_record = _dispatch.dispatch_record
_StdLogger = logging.Logger
_orig_handle = _StdLogger.handle
_orig_effective_level = _StdLogger.getEffectiveLevel
_pl_loggers = {}
_NO_KWARGS = {}


_LEVEL_METHODS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
    "fatal": logging.CRITICAL,
}
# What capture replaces on logging.Logger, and close() puts back.
_PATCHED = ("isEnabledFor", "_log", "handle", *_LEVEL_METHODS)
# logging's own log() calls _log with the user's frame right above it.
_METHOD_CODES = frozenset((id(_StdLogger.log.__code__),))


def _picolog_logger(stdlib_logger):
    name = stdlib_logger.name
    found = _pl_loggers.get(name)
    if found is None:
        found = _pl_loggers[name] = getLogger(None if stdlib_logger is logging.root else name)
    return found


def _stdlib_wants(logger, level):
    """Whether logging itself would pass a record at `level` of `logger` to a
    handler: the level passes logging's own checks and some logger on the
    propagation path has handlers."""
    if logger.disabled or logger.manager.disable >= level:
        return False
    if level < _orig_effective_level(logger):
        return False
    c = logger
    while c is not None:
        if c.handlers:
            return True
        if not c.propagate:
            return False
        c = c.parent
    return False


def _is_enabled_for(self, level):
    """logging.Logger.isEnabledFor with picolog's threshold folded in, cached
    per level in the logger's own cache as logging does."""
    if self.disabled:
        return False
    try:
        return self._cache[level]
    except KeyError:
        pass
    if self.manager.disable >= level:
        enabled = False
    else:
        enabled = level >= _picolog_logger(self)._th[0] or _stdlib_wants(self, level)
    self._cache[level] = enabled
    return enabled


def _log(self, level, msg, args, exc_info=None, extra=None, stack_info=False, stacklevel=1):
    """logging.Logger._log while captured: picolog gets the call, and a stdlib
    LogRecord is built only when a stdlib handler wants it."""
    pl = _picolog_logger(self)
    if level >= pl._th[0]:
        # Beyond C's range (_levels.C_LEVEL_MAX), picolog's record has its top.
        c_level = level if level <= 2147483646 else 2147483646
        if exc_info is None and extra is None and not stack_info and stacklevel == 1:
            _fast_call(pl, c_level, msg, args)
        else:
            _log_call(pl._ptr, c_level, msg, args, exc_info, extra, stack_info, stacklevel)
    if _stdlib_wants(self, level):
        _stdlib_record(self, level, msg, args, exc_info, extra, stack_info, stacklevel)


def _stdlib_tail(logger, level, msg, args):
    """The end of _log for a call the captured log methods (_speedups)
    already handed to picolog: the stdlib handlers that want the record."""
    if _stdlib_wants(logger, level):
        _stdlib_record(logger, level, msg, args, None, None, False, 1)


def _stdlib_record(logger, level, msg, args, exc_info, extra, stack_info, stacklevel):
    """What logging's _log does, for the stdlib handlers that want the call:
    the caller found as picolog finds it (skipping picolog's frames and
    logging's) unless logging._srcfile is None, a record from
    logger.makeRecord, logger.handle()."""
    fn, lno, func, sinfo = (
        _caller.find(stack_info, stacklevel) if logging._srcfile else _caller.UNKNOWN
    )
    if exc_info:
        if isinstance(exc_info, BaseException):
            exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
        elif not isinstance(exc_info, tuple):
            exc_info = sys.exc_info()
    record = logger.makeRecord(
        logger.name,
        level,
        fn,
        lno,
        msg,
        args,
        exc_info,
        func,
        extra,
        sinfo,
    )
    _inside.active = True
    try:
        logger.handle(record)
    finally:
        _inside.active = False


def _fast_call(pl, level, msg, args):
    """A call from user code through one of logging's log methods (frame 1 is
    _log, 2 the method, 3 the user's code) takes picolog's own hot path;
    _log called from anywhere else takes the general one."""
    if id(_getframe(2).f_code) in _METHOD_CODES:
        return pl._emit(level, msg, args, _NO_KWARGS, 4)
    return _log_call(pl._ptr, level, msg, args, None, None, False, 1)


def _handle(self, record):
    """logging.Logger.handle while captured: a record handed to a stdlib
    logger directly reaches picolog too, once."""
    if getattr(_inside, "active", False):
        return _orig_handle(self, record)
    pl = _picolog_logger(self)
    taken = record.levelno >= pl._th[0] and not self.disabled
    if taken:
        try:
            _dispatch_record(pl._ptr, record)
        except RecursionError:
            raise
        except Exception:
            _callbacks.report(f"capture_stdlib: record of {record.name!r} not forwarded")
    if not taken or _stdlib_wants(self, record.levelno):
        _orig_handle(self, record)
    return None


# logging.Logger's log methods, isEnabledFor and _log while captured, in C
# (_speedups_capture.c): the level cache read without a Python frame, then
# what _log does; _log and _is_enabled_for above take what C leaves.
_CAPTURED = _speedups.captured_methods(
    _StdLogger,
    logging.RootLogger,
    _pl_loggers,
    _picolog_logger,
    _log,
    _stdlib_tail,
    _is_enabled_for,
)


def _clear_caches():
    manager = logging.Logger.manager
    clear = getattr(manager, "_clear_cache", None)
    if clear is not None:
        clear()


class StdlibCapture:
    """The undo handle of capture_stdlib(): close() (or leaving a with block)
    restores logging.Logger's methods and its level caches."""

    def __init__(self) -> None:
        self._handle = None
        self._saved: dict[str, object] = {}
        self._closed = False

    def _install(self):
        self._saved = {name: _StdLogger.__dict__[name] for name in _PATCHED}
        for name, method in _CAPTURED.items():
            setattr(_StdLogger, name, method)
        _StdLogger.handle = _handle
        self._handle = _callbacks.keep(self)
        check(lib.pyl_add_level_listener(self._handle))
        _clear_caches()

    def levels_changed(self) -> None:
        """A picolog level changed: logging's cached answers are stale."""
        if not self._closed:
            _clear_caches()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        global _active
        with _lock:
            if self._closed:
                return
            self._closed = True
            lib.pyl_remove_level_listener(self._handle)
            _callbacks.release(self._handle)
            for name, method in self._saved.items():
                setattr(_StdLogger, name, method)
            _pl_loggers.clear()
            _clear_caches()
            if _active is self:
                _active = None

    def __enter__(self) -> StdlibCapture:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def capture_stdlib() -> StdlibCapture:
    """Routes every call of the standard logging module into picolog and
    returns a StdlibCapture to undo it. Capturing twice returns the capture
    already in place."""
    global _active
    with _lock:
        if _active is not None:
            return _active
        capture = StdlibCapture()
        capture._install()
        _active = capture
    return capture
