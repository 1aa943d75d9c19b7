"""dictConfig's QueueHandler entries: logging's rules (3.13's checks of the
queue and listener specifiers), plus picolog's native channel on request.

As in logging, dictConfig builds the handler and its `listener` but does not
start the listener: the application calls `handler.listener.start()`, and
records logged before then wait in the queue. An entry without a `listener`
key that names one of picolog's queue options (capacity, max_bytes,
overflow, timeout) gets the native channel, its listener a NativeListener
(not started either); any other entry gets a Python queue and a
QueueListener, exactly as in logging.
"""

from __future__ import annotations

import logging.handlers
import queue
from typing import Any

from . import handlers as _queues

# QueueHandler keywords only picolog's native channel takes.
NATIVE_OPTIONS = frozenset(("capacity", "max_bytes", "overflow", "timeout"))
_QUEUE_METHODS = (
    "empty",
    "full",
    "get",
    "get_nowait",
    "put",
    "put_nowait",
    "join",
    "qsize",
    "task_done",
)


def _queue_like(obj):
    """logging 3.13's test: a queue.Queue, a multiprocessing queue, or any
    object with the Queue methods (a Manager's proxy); checked without
    starting a multiprocessing Manager."""
    if isinstance(obj, queue.Queue):
        return True
    from multiprocessing.queues import Queue as MPQueue

    if isinstance(obj, MPQueue):
        return True
    return all(callable(getattr(obj, name, None)) for name in _QUEUE_METHODS)


def _queue(configurator, spec):
    if spec is None:
        return queue.Queue()
    if isinstance(spec, str):
        factory = configurator.resolve(spec)
        if not callable(factory):
            raise TypeError(f"Invalid queue specifier {spec!r}")
        return factory()
    if isinstance(spec, dict):
        if "()" not in spec:
            raise TypeError(f"Invalid queue specifier {spec!r}")
        return configurator.configure_custom(dict(spec))
    if not _queue_like(spec):
        raise TypeError(f"Invalid queue specifier {spec!r}")
    return spec


def _listener_factory(configurator, spec):
    if spec is None:
        return _queues.QueueListener
    if isinstance(spec, type):
        if not issubclass(spec, logging.handlers.QueueListener):
            raise TypeError(f"Invalid listener specifier {spec!r}")
        return spec
    if isinstance(spec, str):
        factory = configurator.resolve(spec)
        if isinstance(factory, type) and not issubclass(factory, logging.handlers.QueueListener):
            raise TypeError(f"Invalid listener specifier {spec!r}")
    elif isinstance(spec, dict):
        if "()" not in spec:
            raise TypeError(f"Invalid listener specifier {spec!r}")
        factory = configurator.configure_custom(dict(spec))
    else:
        raise TypeError(f"Invalid listener specifier {spec!r}")
    if not callable(factory):
        raise TypeError(f"Invalid listener specifier {spec!r}")
    return factory


def build(configurator, klass, **kwargs: Any):
    """The handler of a QueueHandler entry (kwargs: the entry's keywords, its
    `handlers` already resolved), its listener made but not started."""
    que = _queue(configurator, kwargs.pop("queue", None))
    respect = kwargs.pop("respect_handler_level", False)
    targets = kwargs.pop("handlers", [])
    listener_spec = kwargs.pop("listener", None)
    native = (
        listener_spec is None
        and issubclass(klass, _queues.QueueHandler)
        and not NATIVE_OPTIONS.isdisjoint(kwargs)
    )
    factory = None if native else _listener_factory(configurator, listener_spec)
    handler = klass(que, **kwargs)
    try:
        if native:
            handler.listener = _queues.NativeListener(handler, targets, respect)
        else:
            handler.listener = factory(que, *targets, respect_handler_level=respect)
    except BaseException:
        handler.close()
        raise
    return handler
