"""JournaldHandler: records to systemd-journald over its native protocol.

Each record becomes one journal entry: MESSAGE (the formatted text),
PRIORITY, SYSLOG_IDENTIFIER, CODE_FILE, CODE_LINE, CODE_FUNC, LOGGER,
THREAD_NAME and every `extra` field under its key upper-cased to a valid
journal field name. The log call only queues the record; a C thread sends.
"""

from ._defaults import options
from ._ffi import check, ffi, lib
from ._handler import CALLBACK, Handler
from ._levels import NOTSET, getLevelName

__all__ = ["JournaldHandler"]

_STATS = (
    "enqueued",
    "sent",
    "sent_memfd",
    "dropped_queue_full",
    "dropped_unreachable",
    "dropped_failed",
    "dropped_closed",
    "queued",
)


class JournaldHandler(Handler):
    """JournaldHandler(level=NOTSET, *, socket_path=None, identifier=None,
    facility=None): socket_path defaults to /run/systemd/journal/socket."""

    def __init__(self, level=NOTSET, *, socket_path=None, identifier=None, facility=None):
        if facility is not None and not 0 <= facility <= 23:
            raise ValueError(f"syslog facility must be between 0 and 23: {facility}")
        self.socket_path = socket_path
        self.identifier = identifier
        self.facility = facility
        Handler.__init__(self, level)

    def _pl_select(self, native_fmt):
        if not native_fmt:
            raise ValueError("JournaldHandler needs a formatter C can run")
        return "journald"

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        o = options("journald")
        path = ffi.new("char[]", self.socket_path.encode()) if self.socket_path else ffi.NULL
        ident = ffi.new("char[]", self.identifier.encode()) if self.identifier else ffi.NULL
        o.socket_path = path
        o.identifier = ident
        if self.facility is not None:
            o.facility = self.facility
        out = ffi.new("picolog_handler **")
        check(lib.picolog_journald_handler_new(out, o))
        return out[0]

    def stats(self):
        """The counters by cause."""
        if self._pl_ptr is None:
            return dict.fromkeys(_STATS, 0)
        out = ffi.new("picolog_journald_stats *")
        check(lib.picolog_journald_handler_stats(self._pl_ptr, out, ffi.sizeof(out[0])))
        return {name: getattr(out, name) for name in _STATS}

    def flush(self):
        self._pl_c_flush()

    def __repr__(self):
        path = self.socket_path or "/run/systemd/journal/socket"
        return f"<{type(self).__name__} {path} ({getLevelName(self.level)})>"
