"""picolog.handlers: QueueHandler over picolog's native queue, and
logging's other handlers.

A native QueueHandler copies each record into a bounded C channel and
returns; one C listener thread drains it and runs the listener's handlers
(C handlers without the GIL; Python handlers take it). capacity is per
logging thread: each thread that logs into the queue has its own ring of
that many records. Ask for it by giving the handlers:

    qh = QueueHandler(handlers=[FileHandler("app.log")], capacity=8192,
                      overflow="drop_oldest")
    qh.stats(); qh.flush(); qh.close()

Given only a queue object, a QueueHandler is logging's: it puts prepared
records (message formatted, args and exc_info cleared) in that queue, for
a QueueListener, a consumer of your own, or a multiprocessing queue read in
another process:

    que = queue.Queue(-1)
    qh = QueueHandler(que)
    listener = QueueListener(que, FileHandler("app.log"), respect_handler_level=True)
    listener.start()               # a Python thread handling what the queue holds
    ...
    listener.stop()

overflow (native only) is 'block' (default), 'block_timeout' (with timeout,
in seconds), 'drop_newest' or 'drop_oldest'; stats() counts every record
the native queue accepted, dropped or wrote.
"""

from __future__ import annotations

import logging.handlers as _std
import math
import queue as _queue
from collections.abc import Iterable
from typing import Any

from ._ffi import check, ffi, lib
from ._handler import CALLBACK, Handler
from ._handlers import as_handler
from ._journald import JournaldHandler
from ._memory import BacktraceHandler, BufferingHandler, MemoryHandler
from ._net_handlers import (
    DEFAULT_HTTP_LOGGING_PORT,
    DEFAULT_SOAP_LOGGING_PORT,
    DEFAULT_TCP_LOGGING_PORT,
    DEFAULT_UDP_LOGGING_PORT,
    SYSLOG_TCP_PORT,
    SYSLOG_UDP_PORT,
    DatagramHandler,
    HTTPHandler,
    SMTPHandler,
    SocketHandler,
)
from ._rotating import (
    BaseRotatingHandler,
    RotatingFileHandler,
    TimedRotatingFileHandler,
)
from ._syslog import SysLogHandler
from ._watched import WatchedFileHandler, reopen_files

__all__ = [
    "DEFAULT_HTTP_LOGGING_PORT",
    "DEFAULT_SOAP_LOGGING_PORT",
    "DEFAULT_TCP_LOGGING_PORT",
    "DEFAULT_UDP_LOGGING_PORT",
    "SYSLOG_TCP_PORT",
    "SYSLOG_UDP_PORT",
    "BacktraceHandler",
    "BaseRotatingHandler",
    "BufferingHandler",
    "DatagramHandler",
    "HTTPHandler",
    "JournaldHandler",
    "MemoryHandler",
    "QueueHandler",
    "QueueListener",
    "RotatingFileHandler",
    "SMTPHandler",
    "SocketHandler",
    "SysLogHandler",
    "TimedRotatingFileHandler",
    "WatchedFileHandler",
    "reopen_files",
]

_OVERFLOW = {
    "block": lib.PICOLOG_OVERFLOW_BLOCK,
    "block_timeout": lib.PICOLOG_OVERFLOW_BLOCK_TIMEOUT,
    "drop_newest": lib.PICOLOG_OVERFLOW_DROP_NEWEST,
    "drop_oldest": lib.PICOLOG_OVERFLOW_DROP_OLDEST,
}
_STATS = (
    "enqueued",
    "dropped_newest",
    "dropped_oldest",
    "dropped_timeout",
    "dropped_closed",
    "emitted",
    "failed",
    "high_water",
    "queued",
    "capacity",
)


class QueueHandler(Handler):
    """A handler that hands records to a native C listener (handlers=...) or
    puts them in a Python queue, as logging's (see the module doc)."""

    def __init__(
        self,
        queue: Any = None,
        *,
        handlers: Iterable[Any] | None = None,
        capacity: int | None = None,
        max_bytes: int | None = None,
        overflow: str = "block",
        timeout: float | None = None,
        respect_handler_level: bool = True,
    ) -> None:
        if overflow not in _OVERFLOW:
            raise ValueError(f"overflow must be one of {', '.join(_OVERFLOW)}: {overflow!r}")
        if overflow == "block_timeout" and (timeout is None or timeout <= 0):
            raise ValueError("overflow 'block_timeout' needs a timeout > 0 (seconds)")
        if queue is None and handlers is None:
            raise ValueError("QueueHandler needs a queue (with a QueueListener) or handlers")
        if capacity is None:
            maxsize = getattr(queue, "maxsize", 0)
            capacity = maxsize if isinstance(maxsize, int) and maxsize > 0 else 8192
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1: {capacity}")
        self.queue = queue
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.overflow = overflow
        self.timeout = timeout
        self.respect_handler_level = respect_handler_level
        self._listener_handlers = ()
        self._respect = respect_handler_level
        self._generation = 0
        self.listener = None
        Handler.__init__(self)
        if handlers is not None:
            self._start(tuple(handlers), respect_handler_level)
            self.listener = NativeListener(self, handlers, respect_handler_level)

    @property
    def handlers(self) -> tuple[Any, ...]:
        """The listener's handlers (empty until it starts)."""
        return tuple(h.target if hasattr(h, "target") else h for h in self._listener_handlers)

    def _pl_select(self, native_fmt):
        if self._generation:
            return ("queue", self._generation)
        # No native listener: records go to the Python queue, if there is one.
        return CALLBACK if self.queue is not None else None

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        options = ffi.new("picolog_queue_options *")
        check(lib.picolog_queue_options_init(options, lib.PICOLOG_QUEUE_OPTIONS_VERSION))
        options.capacity = self.capacity
        if self.max_bytes is not None:
            options.max_bytes = self.max_bytes
        options.overflow = _OVERFLOW[self.overflow]
        if self.timeout is not None:
            if self.overflow == "block":
                options.overflow = lib.PICOLOG_OVERFLOW_BLOCK_TIMEOUT
            options.timeout_ms = max(1, math.ceil(self.timeout * 1000))
        options.respect_handler_level = 1 if self._respect else 0
        ptrs = [h._pl_ptr for h in self._listener_handlers]
        array = ffi.new("picolog_handler *[]", ptrs or 1)
        out = ffi.new("picolog_handler **")
        check(lib.picolog_queue_handler_new(out, options, array, len(ptrs)))
        return out[0]

    def _start(self, handlers, respect_handler_level):
        wrapped = tuple(as_handler(h) for h in handlers)
        for h in wrapped:
            if h._pl_loggers:
                raise ValueError(f"{h!r} is attached to a logger; a listener's handler cannot be")
            if h._pl_queue is not None and h._pl_queue is not self:
                raise ValueError(f"{h!r} already belongs to another queue")
            if h._pl_ptr is None:
                raise ValueError(f"{h!r} has no C handler")
        self._listener_handlers = wrapped
        self._respect = respect_handler_level
        self._generation += 1
        try:
            self._pl_install()
        except BaseException:
            self._listener_handlers = ()
            self._generation = 0
            raise
        for h in wrapped:
            h._pl_queue = self

    def _stop(self):
        if self._pl_ptr is not None:
            check(lib.picolog_handler_close(self._pl_ptr))
        self._generation = 0
        self._pl_install()
        # The closed queue closed its handlers too; they get fresh C handlers
        # so that they can serve again, as logging's do after stop().
        for h in self._listener_handlers:
            h._pl_queue = None
            h._pl_install(rebuild=True)
        self._listener_handlers = ()

    def stats(self) -> dict[str, int]:
        """The C queue's counters as a dict (all zero before the listener starts)."""
        if self._pl_ptr is None:
            return dict.fromkeys(_STATS, 0)
        out = ffi.new("picolog_queue_stats *")
        check(lib.picolog_queue_handler_stats(self._pl_ptr, out, ffi.sizeof(out[0])))
        return {name: getattr(out, name) for name in _STATS}

    def flush(self) -> None:
        """Returns when every record queued before the call is written and
        flushed (by the native listener; the Python queue has nothing to flush)."""
        if self._generation:
            self._pl_c_flush()

    def close(self) -> None:
        """Drains the native queue and stops its listener thread (idempotent)."""
        Handler.close(self)
        for h in self._listener_handlers:
            h._pl_queue = None

    def emit(self, record):
        if self._generation:
            self.handle(record)
        else:
            self.enqueue(self.prepare(record))

    # logging.handlers.QueueHandler's own, for the records that go through
    # the Python queue.
    prepare = _std.QueueHandler.prepare
    enqueue = _std.QueueHandler.enqueue


class NativeListener:
    """The listener of a native QueueHandler, in QueueListener's shape:
    stop() drains the C queue, joins its thread and detaches it (the
    handlers stay usable); start() builds it again. Made by dictConfig, it
    waits for start() as logging's listener does: until then records wait
    in the handler's Python queue, and start() hands them on first."""

    def __init__(
        self, handler: QueueHandler, handlers: Iterable[Any], respect_handler_level: bool
    ) -> None:
        self._handler = handler
        self.handlers = tuple(handlers)
        self.respect_handler_level = respect_handler_level

    @property
    def queue(self) -> Any:
        return self._handler.queue

    def start(self) -> None:
        if self._handler._generation:
            raise RuntimeError("Listener already started")
        self._drain()
        self._handler._start(self.handlers, self.respect_handler_level)
        # A record that came into the Python queue while the channel started.
        self._drain()

    def _drain(self):
        """Hands the records waiting in the Python queue to the handlers."""
        que = self._handler.queue
        while que is not None:
            try:
                record = que.get_nowait()
            except _queue.Empty:
                return
            for h in self.handlers:
                if not self.respect_handler_level or record.levelno >= h.level:
                    h.handle(record)
            if hasattr(que, "task_done"):
                que.task_done()

    def stop(self) -> None:
        if self._handler._generation:
            self._handler._stop()

    def stats(self) -> dict[str, int]:
        return self._handler.stats()


class QueueListener(_std.QueueListener):
    """logging.handlers.QueueListener(queue, *handlers, respect_handler_level=False):
    a Python thread taking records from the queue and passing them to the
    handlers' handle(), exactly as logging's (it is logging's own). For
    picolog's native listener, give the handlers to QueueHandler instead."""

    def __init__(self, queue: Any, *handlers: Any, respect_handler_level: bool = False) -> None:
        super().__init__(queue, *handlers, respect_handler_level=respect_handler_level)

    def stop(self) -> None:
        """Stops the thread after it handled what the queue holds; stopping a
        listener that is not running does nothing (so a configuration can
        retire a listener its user already stopped)."""
        if self._thread is not None:
            super().stop()
