"""Retiring the handlers of an earlier configuration: closing those no
logger or running queue uses any more, flushing the others."""

from __future__ import annotations

import logging
from typing import Any

from . import _handlers
from . import handlers as _queues
from ._handler import Handler

# What a configuration may close: picolog's handlers and logging's.
_HANDLER_TYPES = (Handler, logging.Handler)


def retire(handlers: Any) -> None:
    """Closes the handlers no logger uses (queues first, so that their listeners
    release theirs) and flushes the others."""
    queues = [h for h in handlers if isinstance(h, _queues.QueueHandler)]
    others = [h for h in handlers if not isinstance(h, _queues.QueueHandler)]
    for group in (queues, others):
        for handler in reversed(group):
            if _in_use(handler):
                _quietly(handler.flush)
            else:
                discard([handler])


def _in_use(handler: Any) -> bool:
    """Whether a logger or a running queue still sends records to `handler`."""
    wrapper = _handlers.find_handler(handler)
    return wrapper is not None and bool(wrapper._pl_loggers or wrapper._pl_queue)


def discard(handlers):
    """Stops, detaches, flushes and closes handlers, as far as each allows."""
    for handler in handlers:
        # A `()` factory may make something that is no handler: logging
        # never closes those, and neither does picolog.
        if not isinstance(handler, _HANDLER_TYPES):
            continue
        listener = getattr(handler, "listener", None)
        if isinstance(handler, _queues.QueueHandler) and listener is not None:
            _quietly(listener.stop)
        wrapper = _handlers.find_handler(handler)
        for logger in list(getattr(wrapper, "_pl_loggers", ())):
            logger.removeHandler(handler)
        _quietly(handler.flush)
        _quietly(handler.close)


def _quietly(action: Any) -> None:
    # As logging.shutdown: one handler failing to flush or close must not keep
    # the others from it.
    try:
        action()
    except (OSError, ValueError, RuntimeError):
        pass
