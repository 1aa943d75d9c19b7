"""picolog.handlers: QueueHandler and QueueListener over the C queue.

picolog's queue is in C: a QueueHandler copies each record into a bounded
channel and returns; one C listener thread drains it and runs the
listener's handlers (C handlers without the GIL; Python handlers take it).
capacity is per logging thread: each thread that logs into the queue has
its own ring of that many records.

Two ways to build one:

    # picolog's own: the handler owns its listener, which starts at once
    qh = QueueHandler(handlers=[FileHandler("app.log")], capacity=8192,
                      overflow="drop_oldest")

    # logging's shape: a queue object ties a QueueHandler to a QueueListener
    que = queue.Queue(-1)          # only its maxsize is used (capacity)
    qh = QueueHandler(que)
    listener = QueueListener(que, FileHandler("app.log"), respect_handler_level=True)
    listener.start()               # builds the C queue; records flow from now on
    ...
    listener.stop()                # drains, joins the thread, detaches

Differences from logging: until its listener starts (and after it stops) a
QueueHandler is not attached in C, so records logged then never reach it;
logging would keep them in the queue. One QueueHandler per queue object; the
queue object itself never carries records. overflow is 'block' (default),
'block_timeout' (with timeout, in seconds), 'drop_newest' or 'drop_oldest';
stats() counts every record the queue accepted, dropped or wrote.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from typing import Any

from ._ffi import check, ffi, lib
from ._handler import Handler
from ._handlers import as_handler

__all__ = ["QueueHandler", "QueueListener"]

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
_bound = {}
_lock = threading.Lock()


class QueueHandler(Handler):
    """A handler that hands records to a C listener thread (see the module doc)."""

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
        if queue is not None:
            with _lock:
                if id(queue) in _bound:
                    raise ValueError("this queue already has a QueueHandler")
                _bound[id(queue)] = (queue, self)

    @property
    def handlers(self) -> tuple[Any, ...]:
        """The listener's handlers (empty until it starts)."""
        return tuple(h.target if hasattr(h, "target") else h for h in self._listener_handlers)

    def _pl_select(self, native_fmt):
        return ("queue", self._generation) if self._generation else None

    def _pl_create(self, mode):
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
        """Returns when every record queued before the call is written and flushed."""
        self._pl_c_flush()

    def close(self) -> None:
        """Drains the queue and stops the listener thread (idempotent)."""
        with _lock:
            if self.queue is not None and _bound.get(id(self.queue), (None, None))[1] is self:
                del _bound[id(self.queue)]
        Handler.close(self)
        for h in self._listener_handlers:
            h._pl_queue = None

    def emit(self, record):
        self.handle(record)

    def __repr__(self):
        return f"<QueueHandler capacity={self.capacity} overflow={self.overflow}>"


class QueueListener:
    """logging.handlers.QueueListener(queue, *handlers, respect_handler_level=False)
    for a queue given to a QueueHandler: start() builds the C queue with these
    handlers and its listener thread; stop() drains it and joins the thread."""

    def __init__(self, queue: Any, *handlers: Any, respect_handler_level: bool = False) -> None:
        self.queue = queue
        self.handlers = handlers
        self.respect_handler_level = respect_handler_level
        self._handler = None

    def start(self) -> None:
        if self._handler is not None:
            raise RuntimeError("Listener already started")
        with _lock:
            entry = _bound.get(id(self.queue))
        if entry is None:
            raise RuntimeError("no QueueHandler was made for this queue: QueueHandler(queue) first")
        handler = entry[1]
        if handler.listener is not None:
            raise RuntimeError("this queue's QueueHandler already has a running listener")
        handler._start(self.handlers, self.respect_handler_level)
        handler.listener = self
        self._handler = handler

    def stop(self) -> None:
        handler, self._handler = self._handler, None
        if handler is not None:
            handler.listener = None
            handler._stop()

    def enqueue_sentinel(self):
        """Nothing to do: the C listener stops on stop(), not on a sentinel."""

    def stats(self) -> dict[str, int]:
        return self._handler.stats() if self._handler is not None else None
