"""The concrete handlers: StreamHandler, FileHandler, NullHandler, and the
wrappers for handlers made elsewhere (in C or Rust, or logging.Handler
objects)."""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
import weakref
from types import GenericAlias
from typing import Any

from ._ffi import check, encode, ffi, lib
from ._handler import CALLBACK, Handler, _by_address, _overrides, address
from ._levels import getLevelName

_stdlib_adapters = weakref.WeakKeyDictionary()
_lock = threading.Lock()


class StreamHandler(Handler):
    """logging.StreamHandler. sys.stdout and sys.stderr (default) are written
    by C straight to their file descriptor (after flushing the Python stream);
    any other stream, such as io.StringIO, is written by Python:
    stream.write(line + terminator)."""

    _PYTHON_ONLY = ("emit", "format", "handle")
    # StreamHandler[TextIO] (Python 3.11's logging), on every Python.
    __class_getitem__ = classmethod(GenericAlias)

    def __init__(self, stream: Any = None) -> None:
        if stream is None:
            stream = sys.stderr
        self.stream = stream
        self._pl_terminator = "\n"
        Handler.__init__(self)

    @property
    def terminator(self) -> str:
        return self._pl_terminator

    @terminator.setter
    def terminator(self, value: str) -> None:
        self._pl_terminator = value
        self._pl_install()

    def _pl_select(self, native_fmt):
        fd = self._std_fd()
        if (
            fd is not None
            and native_fmt
            and self.terminator == "\n"
            and not _overrides(self, StreamHandler, self._PYTHON_ONLY)
        ):
            return ("fd", fd)
        return CALLBACK

    def _std_fd(self):
        stream = self.stream
        if stream is None or not any(
            stream is s for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)
        ):
            return None
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8"):
            return None
        try:
            fd = stream.fileno()
            stream.flush()
        except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
            return None
        return fd

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        out = ffi.new("picolog_handler **")
        check(lib.picolog_stream_handler_new(out, mode[1]))
        return out[0]

    def flush(self):
        with self.lock:
            stream = self.stream
            if stream and hasattr(stream, "flush"):
                stream.flush()
        if self._pl_mode != CALLBACK:
            self._pl_c_flush()

    def emit(self, record):
        try:
            msg = self.format(record)
            self.stream.write(msg + self.terminator)
            self.flush()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def _pl_write(self, record):
        data = (self.format(record) + self.terminator).encode("utf-8", "backslashreplace")
        fd = self._pl_mode[1]
        while data:
            data = data[os.write(fd, data) :]

    def setStream(self, stream: Any) -> Any:
        if stream is self.stream:
            return None
        result = self.stream
        with self.lock:
            self.flush()
            self.stream = stream
        self._pl_install()
        return result

    def __repr__(self):
        name = str(getattr(self.stream, "name", ""))
        if name:
            name += " "
        return f"<{type(self).__name__} {name}({getLevelName(self.level)})>"


class FileHandler(StreamHandler):
    """logging.FileHandler(filename, mode='a', encoding=None, delay=False, errors=None).

    Modes 'a' and 'w' with UTF-8 are written by C (one write(2) per record,
    O_APPEND); other modes and encodings are written by Python like logging.

    buffered=True (picolog only) lets C collect records in a 64 KiB buffer,
    written when full, at once for a record at ERROR or above, at least once
    a second, and on flush(), close() and exit."""

    def __init__(
        self,
        filename: str | os.PathLike[str],
        mode: str = "a",
        encoding: str | None = None,
        delay: bool = False,
        errors: str | None = None,
        *,
        buffered: bool = False,
    ) -> None:
        filename = os.fspath(filename)
        self.buffered = buffered
        self.baseFilename = os.path.abspath(filename)
        self.mode = mode
        # As logging (3.10+): "locale" when no encoding is given for text.
        self.encoding = encoding if "b" in mode else io.text_encoding(encoding)
        self.errors = errors
        self.delay = delay
        self._pl_opened = False
        self._builtin_open = open
        self.stream = None
        self._pl_terminator = "\n"
        Handler.__init__(self)
        if self._pl_mode == CALLBACK and not delay:
            self.stream = self._open()

    # A subclass overriding _open decides how the file is opened (a umask
    # or an owner for the new file, a header line), so Python opens it.
    _PYTHON_FILE = StreamHandler._PYTHON_ONLY + ("_open",)

    def _pl_select(self, native_fmt):
        if self._pl_native_ok(native_fmt) and not _overrides(self, FileHandler, self._PYTHON_FILE):
            return ("file", self.baseFilename)
        return CALLBACK

    def _pl_native_ok(self, native_fmt):
        """Whether C can write this file as configured (mode, encoding, terminator)."""
        # No encoding named ("locale"): C writes UTF-8.
        encoding = self.encoding if self.encoding not in (None, "locale") else "utf-8"
        encoding = encoding.lower().replace("_", "-")
        return bool(
            native_fmt
            and self.mode in ("a", "w")
            and encoding in ("utf-8", "utf8")
            and self.errors is None
            and self.terminator == "\n"
        )

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        out = ffi.new("picolog_handler **")
        check(lib.picolog_file_handler_new(out, encode(self.baseFilename), self._pl_file_options()))
        self._pl_opened = True
        return out[0]

    def _pl_file_options(self):
        options = ffi.new("picolog_file_options *")
        check(lib.picolog_file_options_init(options, lib.PICOLOG_FILE_OPTIONS_VERSION))
        options.truncate = 1 if self.mode == "w" and not self._pl_opened else 0
        options.delay = 1 if self.delay else 0
        options.flush_policy = (
            lib.PICOLOG_FLUSH_BUFFERED if self.buffered else lib.PICOLOG_FLUSH_EVERY_RECORD
        )
        return options

    def _pl_switched(self, old_mode, new_mode):
        if new_mode == CALLBACK:
            if not self.delay:
                self.stream = self._open()
        elif self.stream is not None:
            stream, self.stream = self.stream, None
            stream.close()

    def _open(self):
        mode = "a" if self._pl_opened and self.mode == "w" else self.mode
        self._pl_opened = True
        return self._builtin_open(
            self.baseFilename, mode, encoding=self.encoding, errors=self.errors
        )

    def _pl_write(self, record):
        with open(self.baseFilename, "a", encoding="utf-8") as stream:
            stream.write(self.format(record) + self.terminator)

    def emit(self, record):
        if self.stream is None:
            if self.mode != "w" or not self._closed:
                self.stream = self._open()
        if self.stream:
            StreamHandler.emit(self, record)

    def close(self):
        with self.lock:
            try:
                stream, self.stream = self.stream, None
                if stream is not None:
                    try:
                        stream.flush()
                    finally:
                        stream.close()
            finally:
                Handler.close(self)

    def __repr__(self):
        return f"<{type(self).__name__} {self.baseFilename} ({getLevelName(self.level)})>"


class NullHandler(Handler):
    """logging.NullHandler: accepts records and does nothing (in C)."""

    def _pl_select(self, native_fmt):
        return CALLBACK if _overrides(self, NullHandler, ("emit", "handle")) else "null"

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        out = ffi.new("picolog_handler **")
        check(lib.picolog_null_handler_new(out))
        return out[0]

    def emit(self, record):
        pass

    def handle(self, record):
        return True


class ForeignHandler(Handler):
    """A handler attached from C or Rust, seen from Python (flush, close, level)."""

    def __init__(self, ptr):
        self._pl_given = ptr
        Handler.__init__(self, lib.picolog_handler_level(ptr))

    def _pl_set_formatter(self, ptr, fmt):
        # Keep the formatter C gave it until Python sets one.
        if self._pl_formatter is not None:
            Handler._pl_set_formatter(self, ptr, fmt)

    def _pl_select(self, native_fmt):
        return "foreign" if native_fmt else None

    def _pl_create(self, mode):
        ptr, self._pl_given = self._pl_given, None
        if ptr is None:
            raise ValueError("a handler created outside Python takes only C-compatible formatters")
        return ptr

    def flush(self):
        self._pl_c_flush()


class StdlibHandler(Handler):
    """Runs a handler of the standard logging module (a third-party handler
    class, say) inside picolog: C calls its handle() with a LogRecord."""

    def __init__(self, target):
        self.target = target
        Handler.__init__(self)

    def emit(self, record):
        if record.levelno >= self.target.level:
            self.target.handle(record)

    def flush(self):
        self.target.flush()

    def close(self):
        Handler.close(self)
        self.target.close()

    def __repr__(self):
        return f"<StdlibHandler {self.target!r}>"


def as_handler(obj):
    """A picolog Handler for obj (wrapping a logging.Handler once)."""
    if isinstance(obj, Handler):
        return obj
    if isinstance(obj, logging.Handler):
        with _lock:
            adapter = _stdlib_adapters.get(obj)
            if adapter is None:
                adapter = StdlibHandler(obj)
                _stdlib_adapters[obj] = adapter
        return adapter
    raise TypeError(f"not a handler: {obj!r}")


def leave_logging_exit(failed):
    """The logging.Handlers whose flush failed in picolog's exit hook (their
    adapters' ids in `failed`; the hook reported each failure) leave
    logging._handlerList, so that logging's own exit hook, which runs next,
    does not flush them again and report the same failure a second time."""
    with _lock:
        targets = [t for t, a in _stdlib_adapters.items() if id(a) in failed]
    if not targets:
        return
    for ref in list(logging._handlerList):
        if any(ref() is t for t in targets):
            logging._removeHandlerRef(ref)


def find_handler(obj):
    """The picolog Handler standing for obj, without creating one."""
    if isinstance(obj, Handler):
        return obj
    return _stdlib_adapters.get(obj) if isinstance(obj, logging.Handler) else None


def from_c(ptr):
    """The Python object for a C handler (an owned reference, consumed here)."""
    found = _by_address.get(address(ptr))
    if found is not None:
        lib.picolog_handler_release(ptr)
        return found.target if isinstance(found, StdlibHandler) else found
    handler = ForeignHandler(ptr)
    return handler
