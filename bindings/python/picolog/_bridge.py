"""capture_stdlib(): records of the standard logging module, routed into picolog.

Libraries that import logging keep working unchanged: a handler on logging's
root logger passes each of their records to the picolog logger of the same
name, with its level, location, thread, time, exception text and extra
fields, the message already formatted. logging's root level follows the
lowest threshold of any picolog logger, so records that picolog would drop
are not even created by logging.
"""

from __future__ import annotations

import logging
import threading

from . import _callbacks
from ._dispatch import dispatch_record
from ._ffi import check, lib
from ._logger import getLogger

_lock = threading.Lock()


class _BridgeHandler(logging.Handler):
    def emit(self, record):
        logger = getLogger(record.name)
        if record.levelno < logger._th[0]:
            return
        try:
            dispatch_record(logger._ptr, record)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)


class StdlibCapture:
    """The undo handle of capture_stdlib(): close() (or leaving a with block)
    removes the bridge and restores logging's root level."""

    def __init__(self, stdlib_root):
        self._root = stdlib_root
        self._saved_level = stdlib_root.level
        self.handler = _BridgeHandler()
        self._handle = None
        self._closed = False

    def _install(self):
        self._root.addHandler(self.handler)
        self._handle = _callbacks.keep(self)
        check(lib.pyl_add_level_listener(self._handle))
        self.levels_changed()

    def levels_changed(self):
        """Keeps logging's root level at picolog's lowest threshold."""
        if not self._closed:
            self._root.setLevel(max(lib.picolog_min_threshold(), 1))

    def close(self) -> None:
        with _lock:
            if self._closed:
                return
            self._closed = True
            lib.pyl_remove_level_listener(self._handle)
            _callbacks.release(self._handle)
            self._root.removeHandler(self.handler)
            self._root.setLevel(self._saved_level)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def capture_stdlib(stdlib_root: logging.Logger | None = None) -> StdlibCapture:
    """Forwards every record of the standard logging module into picolog and
    returns a StdlibCapture to undo it."""
    capture = StdlibCapture(stdlib_root or logging.getLogger())
    with _lock:
        capture._install()
    return capture
