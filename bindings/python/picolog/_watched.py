"""WatchedFileHandler of logging.handlers, over picolog's watched file
handler in C, and reopening every file handler's file (for logrotate)."""

import logging.handlers as _std
import os

from ._ffi import check, encode, ffi, lib
from ._handler import CALLBACK, Handler, _overrides
from ._handlers import FileHandler

__all__ = ["WatchedFileHandler", "reopen_files"]


class WatchedFileHandler(FileHandler):
    """logging.handlers.WatchedFileHandler(filename, mode='a', encoding=None,
    delay=False, errors=None): reopens the file when another program renamed
    or removed it. C checks the path before each record it writes;
    reopenIfNeeded() is there for callers of logging's API."""

    _PL_STD = _std.WatchedFileHandler

    def __init__(self, filename, mode="a", encoding=None, delay=False, errors=None):
        self.dev, self.ino = -1, -1
        self._pl_wrote = False
        FileHandler.__init__(self, filename, mode, encoding=encoding, delay=delay, errors=errors)
        self._statstream()

    def _statstream(self):
        if self._pl_mode == CALLBACK:
            _std.WatchedFileHandler._statstream(self)
        elif not self.delay or self._pl_wrote:
            # dev and ino describe the file once it is open, as in logging:
            # with delay, after the first record.
            try:
                st = os.stat(self.baseFilename)
            except FileNotFoundError:
                return  # removed meanwhile: the next record makes it anew
            self.dev, self.ino = st.st_dev, st.st_ino

    def _pl_select(self, native_fmt):
        if self._pl_native_ok(native_fmt) and not _overrides(
            self, WatchedFileHandler, ("emit", "format", "reopenIfNeeded", "_open")
        ):
            return ("watched", self.baseFilename)
        return CALLBACK

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        out = ffi.new("picolog_handler **")
        path = encode(self.baseFilename)
        check(lib.picolog_watched_file_handler_new(out, path, self._pl_file_options()))
        self._pl_opened = True
        return out[0]

    def _pl_write(self, record):
        FileHandler._pl_write(self, record)
        self._pl_wrote = True
        self._statstream()

    def reopenIfNeeded(self):
        if self._pl_mode == CALLBACK:
            _std.WatchedFileHandler.reopenIfNeeded(self)

    def emit(self, record):
        """logging's emit; a handler C writes checks the path in C."""
        if self._pl_mode not in (CALLBACK, None):
            try:
                self._pl_write(record)
            except Exception:
                self.handleError(record)
            return
        self.reopenIfNeeded()
        FileHandler.emit(self, record)


def reopen_files():
    """picolog only: every file handler reopens its file before its next
    record (after logrotate's `create`). Safe in a signal handler, e.g.
    signal.signal(signal.SIGHUP, lambda *_: picolog.handlers.reopen_files())."""
    lib.picolog_reopen_files()
