"""setLogRecordFactory / getLogRecordFactory, as logging has them.

A custom factory (OpenTelemetry's logging instrumentation sets one to add
trace ids) runs at the log call, on the calling thread, as with logging: the
record it returns is handed to C with every attribute it added as a
structured field, so C, file and queue handlers see them too (a formatter
can use %(otelTraceID)s). While one is set, log calls take the general path.
Records that C or Rust code logs are built as usual for Python handlers.
"""

import threading

from . import _callbacks, _record

_lock = threading.Lock()


def getLogRecordFactory():
    """The factory picolog's log calls use to build records."""
    return _record.factory[0] or _record.LogRecord


def setLogRecordFactory(factory):
    """Use factory(name, level, pathname, lineno, msg, args, exc_info,
    func=None, sinfo=None) for the records of log calls; picolog's LogRecord
    (or None) restores the default."""
    if factory is _record.LogRecord:
        factory = None
    with _lock:
        was_set = _record.factory[0] is not None
        _record.factory[0] = factory
        # A set factory sends calls down the general path, as a live Python
        # handler does.
        _callbacks.live[0] += (factory is not None) - was_set
