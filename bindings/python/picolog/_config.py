"""Process-wide configuration: basicConfig, disable, shutdown, captureWarnings.

shutdown() is registered with atexit. At exit, every queue is drained and
every handler flushed while Python still runs; handlers whose flush() or
close() is the application's are then flushed and closed from Python, newest
first, as logging.shutdown closes them; then the gate closes so that nothing
the C runtime does later calls into Python. The other handlers stay open:
what atexit functions registered before the import and __del__ methods log
as the interpreter finalizes still reaches native handlers, and the C
runtime's own exit hook closes everything when the process ends. A
multiprocessing child, which ends without atexit hooks, flushes too
(_process_end).
"""

from __future__ import annotations

import atexit
import sys
import threading
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from . import _callbacks, _process_end  # noqa: F401 (its fork hook)
from ._ffi import check, lib
from ._fork_locks import free_in_child
from ._formatter import BASIC_FORMAT, Formatter
from ._handler import own_shutdown_handlers
from ._handlers import FileHandler, NullHandler, StreamHandler, leave_logging_exit
from ._levels import CRITICAL, checkLevel
from ._logger import getLogger, root

_lock = threading.RLock()  # one configuration at a time (basicConfig, dictConfig, load...)
free_in_child(_lock)
_STYLES = {
    "%": BASIC_FORMAT,
    "{": "{levelname}:{name}:{message}",
    "$": "${levelname}:${name}:${message}",
}


def basicConfig(**kwargs: Any) -> None:
    """logging.basicConfig: configures the root logger once (or again with force=True)."""
    with _lock:
        force = kwargs.pop("force", False)
        encoding = kwargs.pop("encoding", None)
        errors = kwargs.pop("errors", "backslashreplace")
        if force:
            for h in root.handlers[:]:
                root.removeHandler(h)
                h.close()
        if root.handlers:
            return
        handlers = kwargs.pop("handlers", None)
        if handlers is not None:
            if "stream" in kwargs and "filename" in kwargs:
                raise ValueError("'stream' and 'filename' should not be specified together")
            if "stream" in kwargs or "filename" in kwargs:
                raise ValueError(
                    "'stream' or 'filename' should not be specified together with 'handlers'"
                )
        else:
            filename = kwargs.pop("filename", None)
            mode = kwargs.pop("filemode", "a")
            if filename:
                if "stream" in kwargs:
                    raise ValueError("'stream' and 'filename' should not be specified together")
                if "b" in mode:
                    errors = None
                handlers = [FileHandler(filename, mode, encoding=encoding, errors=errors)]
            else:
                handlers = [StreamHandler(kwargs.pop("stream", None))]
        dfs = kwargs.pop("datefmt", None)
        style = kwargs.pop("style", "%")
        if style not in _STYLES:
            raise ValueError("Style must be one of: " + ",".join(_STYLES))
        fs = kwargs.pop("format", _STYLES[style])
        fmt = Formatter(fs, dfs, style)
        for h in handlers:
            if h.formatter is None:
                h.setFormatter(fmt)
            root.addHandler(h)
        level = kwargs.pop("level", None)
        if level is not None:
            root.setLevel(level)
        if kwargs:
            raise ValueError("Unrecognised argument(s): " + ", ".join(kwargs))


def disable(level: int | str = CRITICAL) -> None:
    """Drops every record at or below `level` (a number or a level name) in
    every logger of every language."""
    from ._logger import manager

    manager.disable = checkLevel(level)


def flush() -> None:
    """Writes out everything buffered or queued (queue listeners first)."""
    check(lib.picolog_flush_all())


def shutdown(handlerList: Iterable[Callable[[], Any]] | None = None) -> None:
    """Drains and stops queue listeners, then flushes and closes every handler
    of every language. Handlers created afterwards work normally. A handler
    that failed to flush or close makes it raise OSError once all are done,
    unless raiseExceptions is False: then it is silent, as logging's is.

    handlerList (weak references to handlers, as logging's) flushes and
    closes just those, newest first, ignoring OSError and ValueError as
    logging does, and leaves the runtime alone."""
    if handlerList is None:
        from . import _last_resort

        with _callbacks.flushing_once():
            try:
                failure = _close_python_handlers()
            finally:
                status = lib.picolog_shutdown()
                _last_resort.install()  # the closed one's successor: lastResort works on
        if _callbacks.reporting():
            check(status)
            if failure is not None:
                raise failure
        return
    _close_each(handlerList, flush=True)


def _close_each(refs, flush):
    """logging.shutdown's loop over weak references to handlers, newest first."""
    for ref in reversed(list(refs)):
        try:
            h = ref()
            if h:
                try:
                    h.acquire()
                    if flush and getattr(h, "flushOnClose", True):
                        h.flush()
                    h.close()
                except (OSError, ValueError):
                    pass
                finally:
                    h.release()
        except Exception:
            if _callbacks.reporting():
                raise


def _close_python_handlers():
    """logging.shutdown's pass over the handlers whose flush() or close() is
    the application's, newest first, once the queues have handed them their
    records and while the handlers made before them still write. The
    runtime's flush has run their flush() (reporting a failure once); a
    handler whose flush() failed is not closed, as in logging. Returns the
    error of that flush (OSError), if it failed."""
    failure = None
    try:
        check(lib.picolog_flush_all())
    except Exception as exc:
        failure = exc
    failed = _callbacks.failed_flushes or ()
    _close_each([ref for ref in own_shutdown_handlers() if id(ref()) not in failed], flush=False)
    return failure


def _at_exit():
    with _callbacks.flushing_once():
        try:
            _close_python_handlers()
            leave_logging_exit(_callbacks.failed_flushes)
        finally:
            try:
                # Records that still come (from C or Rust threads, atexit
                # functions, __del__) find C's own last resort rather than a
                # Python that is going away; what the closed Python handlers
                # handed to native ones is written.
                lib.picolog_reset_last_resort()
                lib.picolog_flush_all()
            finally:
                _callbacks.detach()


atexit.register(_at_exit)

_warnings_showwarning = None


def _showwarning(message, category, filename, lineno, file=None, line=None):
    if file is not None:
        if _warnings_showwarning is not None:
            _warnings_showwarning(message, category, filename, lineno, file, line)
        return
    s = warnings.formatwarning(message, category, filename, lineno, line)
    logger = getLogger("py.warnings")
    if not logger.handlers:
        logger.addHandler(NullHandler())
    logger.warning("%s", s)


def captureWarnings(capture: bool) -> None:
    """Routes warnings.warn() to the "py.warnings" logger (or stops doing so)."""
    global _warnings_showwarning
    if capture:
        if _warnings_showwarning is None:
            _warnings_showwarning = warnings.showwarning
            warnings.showwarning = _showwarning
    elif _warnings_showwarning is not None:
        warnings.showwarning = _warnings_showwarning
        _warnings_showwarning = None


def _root_ready():
    if not root.handlers:
        # Looked up on the package at each call, as logging's functions look
        # up theirs: patching picolog.basicConfig (mock.patch) takes effect.
        getattr(sys.modules[__package__], "basicConfig", basicConfig)()
    return root


def critical(msg: object, *args: object, **kwargs: Any) -> None:
    _root_ready().critical(msg, *args, **kwargs)


fatal = critical


def error(msg: object, *args: object, **kwargs: Any) -> None:
    _root_ready().error(msg, *args, **kwargs)


def exception(msg: object, *args: object, exc_info: Any = True, **kwargs: Any) -> None:
    _root_ready().error(msg, *args, exc_info=exc_info, **kwargs)


def warning(msg: object, *args: object, **kwargs: Any) -> None:
    _root_ready().warning(msg, *args, **kwargs)


def warn(msg: object, *args: object, **kwargs: Any) -> None:
    warnings.warn("The 'warn' function is deprecated, use 'warning' instead", DeprecationWarning, 2)
    warning(msg, *args, **kwargs)


def info(msg: object, *args: object, **kwargs: Any) -> None:
    _root_ready().info(msg, *args, **kwargs)


def debug(msg: object, *args: object, **kwargs: Any) -> None:
    _root_ready().debug(msg, *args, **kwargs)


def log(level: int, msg: object, *args: object, **kwargs: Any) -> None:
    _root_ready().log(level, msg, *args, **kwargs)
