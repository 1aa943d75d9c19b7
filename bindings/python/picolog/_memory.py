"""BufferingHandler and MemoryHandler of logging.handlers, and picolog's
BacktraceHandler, over the memory and backtrace handlers in C.

A MemoryHandler whose target is a picolog handler (or None) buffers in C:
records from every language are copied there and passed to the target's C
handler without entering Python. A target that is not a picolog handler
(logging's handlers, any object with handle()), a subclass overriding emit,
shouldFlush, flush or handle, or a flushLevel that is not an int run
logging's own MemoryHandler code in Python, with `buffer` the list of
LogRecords. In the C form `buffer` stays empty (the records are in C;
buffered() counts them); capacity, flushLevel and flushOnClose assigned
later reach C, the records it holds staying there.

When the target changes from a picolog handler to another object, the
records buffered in C go to the previous target first.
"""

import logging.handlers as _std
import weakref

from ._defaults import options as _c_options
from ._ffi import check, encode, ffi, lib
from ._handler import CALLBACK, Handler, _overrides
from ._levels import ERROR, checkLevel

__all__ = ["BacktraceHandler", "BufferingHandler", "MemoryHandler"]

_PYTHON_HOOKS = ("emit", "shouldFlush", "flush", "handle")
_standalone = {}  # logger name -> a standalone C logger (valid forever)
# The C ring's defaults (PICOLOG_BACKTRACE_OPTIONS_INIT), for the signature.
_RING = _c_options("backtrace")


def _standalone_logger(name):
    ptr = _standalone.get(name)
    if ptr is None:
        out = ffi.new("picolog_logger **")
        check(lib.picolog_logger_new_standalone(out, encode(name)))
        check(lib.picolog_logger_set_propagate(out[0], 0))
        check(lib.picolog_logger_set_level(out[0], 1))
        ptr = _standalone[name] = out[0]
    return ptr


def _target_ptr(target):
    if target is None:
        return ffi.NULL
    return target._pl_ptr


def _native_target(target):
    return target is None or (
        isinstance(target, Handler) and target._pl_ptr is not None and target._pl_queue is None
    )


def _watch(handler, target):
    # The target's C handler is replaced when its formatter or stream changes
    # kind; it then tells the handlers holding it (Handler._pl_install).
    if isinstance(target, Handler):
        holders = target.__dict__.setdefault("_pl_holders", weakref.WeakSet())
        holders.add(handler)


class _Holder(Handler):
    """A handler that passes records to a target's C handler."""

    def _pl_write(self, record):
        # A record made in Python: logged through a standalone C logger of the
        # record's name, so the target formats %(name)s as logging would.
        from ._dispatch import dispatch_record
        from ._handler import _lock

        with _lock:
            direct = _standalone_logger(record.name)
            check(lib.picolog_logger_add_handler(direct, self._pl_ptr))
            try:
                dispatch_record(direct, record)
            finally:
                lib.picolog_logger_remove_handler(direct, self._pl_ptr)

    @property
    def target(self):
        return self._pl_target

    @target.setter
    def target(self, target):
        self.setTarget(target)

    def setTarget(self, target):
        """Sets the target handler (None: none). A target whose records come
        back to this handler through memory handlers' targets (a cycle) is
        refused with ValueError, and the target stays as it was."""
        with self.lock:
            previous, self._pl_target = self._pl_target, target
            try:
                self._pl_retarget()
            except ValueError:
                self._pl_target = previous
                raise
            _watch(self, target)

    def _pl_retarget(self):
        was_native = self._pl_mode not in (CALLBACK, None)
        if was_native and not _native_target(self._pl_target):
            self._pl_c_flush()
        self._pl_install()
        if self._pl_mode not in (CALLBACK, None):
            check(lib.picolog_memory_handler_set_target(self._pl_ptr, _target_ptr(self._pl_target)))

    def _pl_target_moved(self, target):
        if self._pl_target is target:
            self._pl_retarget()

    def buffered(self):
        """How many records wait in C (0 in the Python form)."""
        if self._pl_mode in (CALLBACK, None):
            return 0
        out = ffi.new("size_t *")
        check(lib.picolog_memory_handler_buffered(self._pl_ptr, out))
        return out[0]


class BufferingHandler(Handler):
    """logging.handlers.BufferingHandler(capacity): keeps records in
    self.buffer; flush() empties it. Subclass it as with logging."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.buffer = []
        Handler.__init__(self)

    shouldFlush = _std.BufferingHandler.shouldFlush
    emit = _std.BufferingHandler.emit
    flush = _std.BufferingHandler.flush

    def close(self):
        try:
            self.flush()
        finally:
            Handler.close(self)


def _option(name):
    """A MemoryHandler attribute the C form reads: an assignment reaches C."""
    attr = "_pl_" + name

    def get(self):
        return getattr(self, attr)

    def set_(self, value):
        setattr(self, attr, value)
        if self.__dict__.get("_pl_owned") is not None:  # made: C has a copy
            self._pl_options_changed()

    return property(get, set_)


class MemoryHandler(_Holder, BufferingHandler):
    """logging.handlers.MemoryHandler(capacity, flushLevel=ERROR, target=None,
    flushOnClose=True) (see the module doc for where the records wait)."""

    capacity = _option("capacity")
    flushLevel = _option("flushLevel")
    flushOnClose = _option("flushOnClose")

    def __init__(self, capacity, flushLevel=ERROR, target=None, flushOnClose=True):
        self.flushLevel = flushLevel
        self._pl_target = target
        self.flushOnClose = flushOnClose
        BufferingHandler.__init__(self, capacity)
        _watch(self, target)

    def _pl_select(self, native_fmt):
        if (
            _native_target(self._pl_target)
            and not _overrides(self, MemoryHandler, _PYTHON_HOOKS)
            and type(self.flushLevel) is int
            and self.flushLevel >= 0
            and type(self.capacity) is int
            and self.capacity >= 0
        ):
            return ("memory",)
        return CALLBACK

    def _pl_options(self):
        options = _c_options("memory")
        options.capacity = self.capacity
        options.flush_level = self.flushLevel
        options.flush_on_close = 1 if self.flushOnClose else 0
        return options

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        out = ffi.new("picolog_handler **")
        check(lib.picolog_memory_handler_new(out, self._pl_options(), _target_ptr(self._pl_target)))
        return out[0]

    def _pl_options_changed(self):
        # A value only Python can judge (not an int) switches to the Python form.
        self._pl_install()
        if self._pl_mode not in (CALLBACK, None):
            check(lib.picolog_memory_handler_set_options(self._pl_ptr, self._pl_options()))

    def _pl_switched(self, old_mode, new_mode):
        # Records a Python buffer holds join the C buffer, in order.
        if new_mode not in (CALLBACK, None) and self.buffer:
            pending, self.buffer = self.buffer, []
            for record in pending:
                self._pl_write(record)

    shouldFlush = _std.MemoryHandler.shouldFlush

    def flush(self):
        """Passes the buffered records to the target (none without a target)."""
        if self._pl_mode not in (CALLBACK, None):
            self._pl_c_flush()
            return
        with self.lock:
            if self._pl_target:
                for record in self.buffer:
                    self._pl_target.handle(record)
                self.buffer.clear()

    def close(self):
        """Flushes if flushOnClose, forgets the target and closes."""
        if self._pl_mode not in (CALLBACK, None):
            with self.lock:
                Handler.close(self)
                self._pl_target = None
            return
        try:
            if self.flushOnClose:
                self.flush()
        finally:
            with self.lock:
                self._pl_target = None
                BufferingHandler.close(self)


class BacktraceHandler(_Holder):
    """picolog's backtrace ring: records below store_below (INFO) are kept,
    the last `capacity` of them, and not written; other records go to the
    target. Before a record at or above `trigger` (ERROR) the kept records go
    to the target, oldest first, each marked: the message starts with
    `prefix` (None: the C default "[backtrace] ") and the record has the
    field backtrace='1' (%(backtrace)s).
    Records from every language: a Python ERROR writes the last Rust or C
    DEBUG records. The target must be a picolog handler (or None)."""

    def __init__(
        self,
        capacity=_RING.capacity,
        target=None,
        *,
        store_below=_RING.store_below,
        trigger=_RING.trigger,
        prefix=None,
    ):
        if not _native_target(target):
            raise TypeError(f"a BacktraceHandler's target must be a picolog handler: {target!r}")
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1: {capacity}")
        self.capacity = capacity
        self.store_below = checkLevel(store_below)
        self.trigger = checkLevel(trigger)
        self.prefix = prefix
        self._pl_target = target
        Handler.__init__(self)
        _watch(self, target)

    def _pl_select(self, native_fmt):
        return ("backtrace",)

    def _pl_create(self, mode):
        options = _c_options("backtrace")
        options.capacity = self.capacity
        options.store_below = self.store_below
        options.trigger = self.trigger
        prefix = ffi.NULL if self.prefix is None else ffi.new("char[]", encode(self.prefix))
        options.prefix = prefix
        out = ffi.new("picolog_handler **")
        check(lib.picolog_backtrace_handler_new(out, options, _target_ptr(self._pl_target)))
        return out[0]

    def setTarget(self, target):
        if not _native_target(target):
            raise TypeError(f"a BacktraceHandler's target must be a picolog handler: {target!r}")
        _Holder.setTarget(self, target)
