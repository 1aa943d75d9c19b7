"""Handler: logging.Handler over one C handler, native or calling back into Python.

Every handler owns one C handler. It is a native C handler (fd stream, file,
null) when nothing Python-specific is involved, so records never enter
Python; otherwise it is a C callback handler whose emit runs the Python
emit() with a LogRecord. Subclassing and overriding emit or format, a
formatter that only Python can run, a non-UTF-8 encoding or another
terminator all select the callback form; changing one of those later
rebuilds the C handler and moves it on every logger it is attached to.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import threading
import weakref
from typing import Any

from . import _callbacks, _record
from ._ffi import check, ffi, lib
from ._filters import Filterer
from ._fork_locks import free_in_child
from ._formatter import _defaultFormatter, native_formatter
from ._handle_error import print_report
from ._levels import NOTSET, checkLevel, getLevelName, to_c

CALLBACK = "callback"
_by_address = weakref.WeakValueDictionary()
# Handlers whose Python lock the child of a fork makes anew (as logging does
# for its handlers): a thread of the parent may have held one at the fork.
_with_locks = weakref.WeakSet()


def _renew_locks_after_fork():
    for handler in list(_with_locks):
        handler.createLock()


os.register_at_fork(after_in_child=_renew_locks_after_fork)
_by_name = weakref.WeakValueDictionary()  # logging._handlers: named handlers
# The live handlers whose flush() or close() is the application's, in the
# order made: shutdown() calls them as logging's calls those of
# logging._handlerList.
_own_shutdown = weakref.WeakValueDictionary()
_made = itertools.count()
_lock = threading.RLock()  # serializes the private logger of Handler._pl_write
free_in_child(_lock)


def address(ptr):
    return int(ffi.cast("uintptr_t", ptr))


class _Owned:
    """The Python side's one reference to a C handler, released with this object."""

    __slots__ = ("ptr",)

    def __init__(self, ptr=None):
        self.ptr = ptr

    def replace(self, ptr):
        old, self.ptr = self.ptr, ptr
        if old is not None:
            lib.picolog_handler_release(old)

    def __del__(self):
        self.replace(None)


class _HandlerRef:
    """A callback handler's userdata: a weak reference to its Python handler."""

    __slots__ = ("ref",)

    def __init__(self, handler):
        self.ref = weakref.ref(handler)

    def __call__(self):
        return self.ref()


def _overrides(obj, base, names):
    cls = type(obj)
    return any(getattr(cls, n) is not getattr(base, n) for n in names)


class Handler(Filterer):
    """logging.Handler. Subclass it and override emit(record), as with logging.

    emit runs under the C handler's lock with the GIL held; C calls it from
    the logging thread, or from a queue listener's thread for a listener's
    handler. An exception escaping emit is reported by handleError and
    counted as a failure of the handler.
    """

    def __init__(self, level: int | str = NOTSET) -> None:
        Filterer.__init__(self)
        self._name = None
        self._pl_level = checkLevel(level)
        self._pl_formatter = None
        self._native_formatter = None
        self._pl_owned = _Owned()
        self._pl_mode = None
        self._pl_loggers = []
        self._pl_queue = None
        self._closed = False
        self.createLock()
        self._pl_install()
        if _shuts_itself(type(self)):
            _own_shutdown[next(_made)] = self

    # -- the C handler behind this one ---------------------------------------

    @property
    def _pl_ptr(self):
        return self._pl_owned.ptr

    def _pl_select(self, native_fmt):
        """The C implementation to use: CALLBACK, a key for _pl_create, or None."""
        return CALLBACK

    # Whether this handler, as a Python callback, makes the log calls keep
    # their Python objects (args, exc_info) for callbacks: see _callbacks.live.
    _pl_counted = True

    def _pl_create(self, mode):
        """A new owned C handler for `mode` (subclasses add native modes)."""
        out = ffi.new("picolog_handler **")
        handle = _callbacks.keep(_HandlerRef(self), counted=self._pl_counted)
        try:
            check(lib.pyl_callback_handler_new(out, handle))
        except BaseException:
            _callbacks.release(handle)
            raise
        return out[0]

    def _pl_switched(self, old_mode, new_mode):
        """Called after the C implementation changed (FileHandler opens/closes)."""

    def _pl_install(self, rebuild=False):
        """Makes the C handler match the Python configuration; rebuild: make a
        fresh one even if the kind is unchanged (after a queue closed it)."""
        fmt = native_formatter(self._pl_formatter)
        mode = self._pl_select(fmt is not None)
        if mode == self._pl_mode and self._pl_ptr is not None and not rebuild:
            self._pl_set_formatter(self._pl_ptr, fmt)
            return
        if self._pl_queue is not None and self._pl_ptr is not None:
            raise RuntimeError(f"{self!r} belongs to a running queue listener; stop it first")
        new = self._pl_create(mode) if mode is not None else None
        if new is not None:
            try:
                check(lib.picolog_handler_set_level(new, to_c(self._pl_level)))
                self._pl_set_formatter(new, fmt)
                for _, cfilter in self._pl_filters:
                    check(lib.picolog_handler_add_filter(new, cfilter.ptr))
            except BaseException:
                lib.picolog_handler_release(new)
                raise
            _by_address[address(new)] = self
        old = self._pl_ptr
        old_mode, self._pl_mode = self._pl_mode, mode
        self._pl_owned.ptr = new
        for logger in self._pl_loggers:
            if new is not None:
                check(lib.picolog_logger_add_handler(logger._ptr, new))
            if old is not None:
                lib.picolog_logger_remove_handler(logger._ptr, old)
        if old is not None:
            _by_address.pop(address(old), None)
            lib.picolog_handler_close(old)
            lib.picolog_handler_release(old)
        if old_mode is not None and old_mode != mode:
            self._pl_switched(old_mode, mode)
        # Memory and backtrace handlers holding this one as their target.
        for holder in tuple(self.__dict__.get("_pl_holders", ())):
            holder._pl_target_moved(self)

    def _pl_set_formatter(self, ptr, fmt):
        if fmt is None:
            check(lib.picolog_handler_set_formatter(ptr, ffi.NULL))
            self._native_formatter = None
        else:
            check(lib.picolog_handler_set_formatter(ptr, fmt[0]))
            self._native_formatter = fmt[1] if fmt[0] != ffi.NULL else _defaultFormatter
            if fmt[1] is not None:
                fmt[1]._pl_handlers.add(self)

    def _c_add_filter(self, ptr):
        if self._pl_ptr is not None:
            check(lib.picolog_handler_add_filter(self._pl_ptr, ptr))

    def _c_remove_filter(self, ptr):
        if self._pl_ptr is not None:
            lib.picolog_handler_remove_filter(self._pl_ptr, ptr)

    # -- logging.Handler's API -----------------------------------------------

    def get_name(self) -> str | None:
        return self._name

    def set_name(self, name: str | None) -> None:
        with _lock:
            if self._name is not None and _by_name.get(self._name) is self:
                del _by_name[self._name]
            self._name = name
            if name is not None:
                _by_name[name] = self

    name = property(get_name, set_name)

    @property
    def level(self) -> int:
        return self._pl_level

    @level.setter
    def level(self, level: int | str) -> None:
        self.setLevel(level)

    def setLevel(self, level: int | str) -> None:
        self._pl_level = checkLevel(level)
        if self._pl_ptr is not None:
            check(lib.picolog_handler_set_level(self._pl_ptr, to_c(self._pl_level)))

    @property
    def formatter(self) -> logging.Formatter | None:
        return self._pl_formatter

    @formatter.setter
    def formatter(self, fmt: logging.Formatter | None) -> None:
        self.setFormatter(fmt)

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        self._pl_formatter = fmt
        self._pl_install()

    def createLock(self) -> None:
        self.lock = threading.RLock()
        _with_locks.add(self)

    def acquire(self) -> None:
        self.lock.acquire()

    def release(self) -> None:
        self.lock.release()

    def format(self, record: logging.LogRecord) -> str:
        fmt = self._pl_formatter or _defaultFormatter
        return fmt.format(record)

    def emit(self, record: logging.LogRecord) -> None:
        raise NotImplementedError("emit must be implemented by Handler subclasses")

    def handle(self, record: logging.LogRecord) -> Any:
        """Filters `record` and emits it, as logging.Handler.handle.

        A record that C is processing right now goes through the C handler.
        A record made in Python is filtered in Python, then emitted by the
        Python emit() (callback handlers) or written like C would write it
        (native handlers; see _pl_write)."""
        crecord = _record.current_crecord(record)
        if crecord is not None and self._pl_ptr is not None and self._pl_mode != CALLBACK:
            lib.picolog_handler_handle(self._pl_ptr, crecord)
            return True
        rv = self.filter(record)
        if isinstance(rv, logging.LogRecord):
            record = rv
        if rv:
            with self.lock:
                if self._pl_mode == CALLBACK or self._pl_ptr is None:
                    self.emit(record)
                else:
                    self._pl_write_reporting(record)
        return rv

    def _pl_continue(self, record):
        """Emits a filter's replacement record (its filters have run)."""
        if self._pl_mode == CALLBACK or self._pl_ptr is None:
            try:
                with self.lock:
                    self.emit(record)
            except Exception:
                self.handleError(record)
        else:
            self._pl_write_reporting(record)

    def _pl_write_reporting(self, record):
        """_pl_write, with a failure (a message that does not format, a file
        that cannot be opened) going to handleError as in logging's emit: a
        handle() of a native handler does not raise for it either, so a
        QueueListener or a MemoryHandler handing it records goes on."""
        try:
            self._pl_write(record)
        except RecursionError:  # as logging's StreamHandler.emit (bpo-36272)
            raise
        except Exception:
            self.handleError(record)

    def _pl_write(self, record):
        """Writes a Python record through the native C handler. The record goes
        through a private logger, so C sees that logger's name: handlers that
        can write the formatted line themselves override this."""
        from ._dispatch import dispatch_record

        with _lock:
            direct = _direct_logger()
            check(lib.picolog_logger_add_handler(direct, self._pl_ptr))
            try:
                dispatch_record(direct, record)
            finally:
                lib.picolog_logger_remove_handler(direct, self._pl_ptr)

    def flush(self) -> None:
        """Python handlers override this; the C runtime calls it on flush."""

    def close(self) -> None:
        self._pl_forget_name()
        if self._pl_ptr is not None:
            lib.picolog_handler_close(self._pl_ptr)

    def _pl_forget_name(self):
        """What logging's close does for every handler: marks it closed and
        takes its name out of the table of named handlers."""
        self._closed = True
        with _lock:
            if self._name is not None and _by_name.get(self._name) is self:
                del _by_name[self._name]

    def handleError(self, record: logging.LogRecord) -> None:
        """Reports the exception being handled, as logging.Handler.handleError
        (silent when picolog.raiseExceptions is False)."""
        if _callbacks.reporting() and logging.raiseExceptions and sys.stderr:
            print_report(record)

    def failures(self) -> int:
        """How many records this handler failed to write (counted by C)."""
        if self._pl_ptr is None:
            return 0
        out = ffi.new("uint64_t *")
        check(lib.picolog_handler_failures(self._pl_ptr, out))
        return out[0]

    def _pl_c_flush(self):
        if self._pl_ptr is not None:
            check(lib.picolog_handler_flush(self._pl_ptr))

    def __repr__(self):
        return f"<{type(self).__name__} ({getLevelName(self.level)})>"


def _direct_logger():
    global _direct
    if _direct is None:
        out = ffi.new("picolog_logger **")
        check(lib.picolog_get_logger(out, b"picolog.handle"))
        check(lib.picolog_logger_set_propagate(out[0], 0))
        check(lib.picolog_logger_set_level(out[0], 1))
        _direct = out[0]
    return _direct


_direct = None


_callbacks.base_handle = Handler.handle


def _shuts_itself(cls):
    """Whether cls's flush() or close() is not picolog's own (the C side
    flushes and closes those)."""
    return any(_defined_outside_picolog(cls, name) for name in ("flush", "close"))


def _defined_outside_picolog(cls, name):
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass.__module__.partition(".")[0] != "picolog"
    return False


def own_shutdown_handlers():
    """Weak references to the live handlers whose flush() or close() is the
    application's, oldest first (logging._handlerList's order)."""
    return [weakref.ref(h) for h in list(_own_shutdown.values())]


def named_handlers():
    """A copy of the table of named handlers (logging._handlers), name -> handler."""
    with _lock:
        # items() skips a handler collected meanwhile; dict(_by_name) would
        # look up its name after it is gone.
        return dict(_by_name.items())


def forget_names(named, keep):
    """Takes the names of `named` (from named_handlers()) out of the table
    where they still name the same handler, unless it is one of `keep`: a
    full configuration clears the table, as logging's does."""
    with _lock:
        for name, handler in named.items():
            if _by_name.get(name) is handler and not any(handler is k for k in keep):
                del _by_name[name]


def restore_names(named):
    """Gives the names of `named` (from named_handlers()) back to the handlers
    that still bear them: a configuration that failed took them over."""
    with _lock:
        for name, handler in named.items():
            if handler._name == name:
                _by_name[name] = handler


def getHandlerByName(name):
    """The handler with this name (Handler.name), or None, as logging."""
    return _by_name.get(name)


def getHandlerNames():
    """The names of all named handlers, as logging."""
    return frozenset(_by_name.keys())
