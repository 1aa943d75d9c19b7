"""SysLogHandler: logging.handlers.SysLogHandler over picolog's C syslog handler.

The signature, the facility and priority names and the default bytes are the
standard library's: SysLogHandler() sends "<PRI>" + ident + message + NUL to
UDP localhost:514, so an existing receiver sees what it saw before. What
differs is where the work happens: the log call only copies the record into
the handler's queue; a C thread formats and sends, holds records while the
receiver is unreachable, reconnects with backoff and counts every record it
has to drop (stats()).

picolog's additions, keyword-only: rfc5424=True (RFC 5424 headers with the
record's extra fields as structured data), rfc3164=True, framing='octet' or
"lf" for TCP (RFC 6587; the standard library sends no delimiter),
hostname, app_name, msgid, hold, overflow and capacity (the queue's),
max_message (TCP and TLS: longer messages are cut at a UTF-8 boundary and
counted as truncated, to stay within the receiver's limit), and
tls=True (RFC 5425 over TCP with GnuTLS, every message octet-counted
whatever framing says; tls_ca_file, tls_cert_file, tls_key_file,
tls_verify).

Each level's severity (mapPriority over priority_map, for the standard
levels and every level with a name) is given to C when the handler is
built: a priority_map changed afterwards applies to handlers built after
the change, and to this one when ident or append_nul is set again.

A formatter that only Python can run (a Formatter subclass overriding
format) makes the handler send through the standard library's
SysLogHandler instead, with its behaviour and without stats. So does a
handler that was closed and still gets records: logging's SysLogHandler
opens a new socket for them, and here logging's own code does that, one
synchronous send per record. stats() then keeps the counts of the C
handler that was closed.
"""

import logging.handlers
import socket

from ._defaults import options
from ._ffi import check, ffi, lib
from ._handler import CALLBACK, Handler, _Owned
from ._levels import C_LEVEL_MAX, getLevelName, getLevelNamesMapping

__all__ = ["SysLogHandler"]

_std = logging.handlers.SysLogHandler
_OVERFLOW = {
    "block": lib.PICOLOG_OVERFLOW_BLOCK,
    "drop_newest": lib.PICOLOG_OVERFLOW_DROP_NEWEST,
    "drop_oldest": lib.PICOLOG_OVERFLOW_DROP_OLDEST,
}
_FRAMING = {
    "octet": lib.PICOLOG_SYSLOG_FRAMING_OCTET,
    "lf": lib.PICOLOG_SYSLOG_FRAMING_LF,
    None: lib.PICOLOG_SYSLOG_FRAMING_NONE,
}
_STATS = (
    "enqueued",
    "sent",
    "dropped_queue_full",
    "dropped_unreachable",
    "dropped_closed",
    "dropped_failed",
    "truncated",
    "reconnects",
    "connect_failures",
    "reports",
    "held",
    "queued",
)
_LEVELS = (("DEBUG", 10), ("INFO", 20), ("WARNING", 30), ("ERROR", 40), ("CRITICAL", 50))
# The C handler's defaults (PICOLOG_SYSLOG_OPTIONS_INIT), for the keywords
# that logging's SysLogHandler does not have.
_C = options("syslog")


def _message_setting(name, default):
    """append_nul and ident: read by C when it makes the handler, so a new
    value makes a new C handler (after the old one sent what it had), whose
    stats() count from zero."""
    attr = "_pl_" + name

    def get(self):
        return self.__dict__.get(attr, default)

    def set_(self, value):
        self.__dict__[attr] = value
        owned = self.__dict__.get("_pl_owned")
        if owned is not None and owned.ptr is not None and self._pl_mode != CALLBACK:
            self._pl_install(rebuild=True)

    return property(get, set_)


def _c(text):
    return ffi.NULL if text is None else ffi.new("char[]", text.encode("utf-8"))


class SysLogHandler(Handler):
    """logging.handlers.SysLogHandler(address=('localhost', 514), facility=LOG_USER,
    socktype=None, timeout=None), sending from a C thread (see the module doc)."""

    # The standard library's names and numbers, so code written against it
    # (SysLogHandler.LOG_LOCAL0, facility_names[...]) works unchanged.
    for _name in dir(_std):
        if _name.startswith("LOG_"):
            locals()[_name] = getattr(_std, _name)
    del _name
    priority_names = _std.priority_names
    facility_names = _std.facility_names
    priority_map = dict(_std.priority_map)
    append_nul = _message_setting("append_nul", True)
    ident = _message_setting("ident", "")

    def __init__(
        self,
        address=("localhost", logging.handlers.SYSLOG_UDP_PORT),
        facility=_std.LOG_USER,
        socktype=None,
        timeout=None,
        *,
        rfc5424=False,
        rfc3164=False,
        framing=None,
        hostname=None,
        app_name=None,
        msgid=None,
        hold=_C.hold,
        max_message=_C.max_message,
        overflow="block",
        capacity=_C.queue.capacity,
        tls=False,
        tls_ca_file=None,
        tls_cert_file=None,
        tls_key_file=None,
        tls_verify=True,
    ):
        if rfc5424 and rfc3164:
            raise ValueError("choose rfc5424 or rfc3164, not both")
        if framing not in _FRAMING:
            raise ValueError(f"framing must be 'octet', 'lf' or None: {framing!r}")
        if overflow not in _OVERFLOW:
            raise ValueError(f"overflow must be one of {', '.join(_OVERFLOW)}: {overflow!r}")
        if isinstance(facility, str):
            if facility not in self.facility_names:
                raise ValueError(f"unknown syslog facility {facility!r}")
            facility = self.facility_names[facility]
        if not 0 <= facility <= 23:
            raise ValueError(f"syslog facility must be between 0 and 23: {facility}")
        self.address = address
        self.facility = facility
        self.socktype = socktype
        self.timeout = timeout
        self.rfc5424 = rfc5424
        self.rfc3164 = rfc3164
        self.framing = framing
        self.hostname = hostname
        self.app_name = app_name
        self.msgid = msgid
        self.hold = hold
        self.max_message = max_message
        self.overflow = overflow
        self.capacity = capacity
        self.tls = tls
        self.tls_ca_file = tls_ca_file
        self.tls_cert_file = tls_cert_file
        self.tls_key_file = tls_key_file
        self.tls_verify = tls_verify
        if tls and (isinstance(address, str) or socktype not in (None, socket.SOCK_STREAM)):
            raise ValueError("tls=True needs a (host, port) address over SOCK_STREAM")
        if tls:
            socktype = socket.SOCK_STREAM
        if isinstance(address, str):
            self.unixsocket = True
            if socktype not in (None, socket.SOCK_DGRAM):
                raise ValueError("picolog sends to unix sockets as datagrams only")
        else:
            self.unixsocket = False
            if socktype is None:
                socktype = socket.SOCK_DGRAM
            if socktype not in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                raise ValueError(f"socktype must be SOCK_DGRAM or SOCK_STREAM: {socktype!r}")
            self.socktype = socktype
        self._fallback = None
        self._pl_closed_native = None  # the C handler close() ended, for stats
        Handler.__init__(self)

    # -- the standard library's methods ---------------------------------------

    def encodePriority(self, facility, priority):
        if isinstance(facility, str):
            facility = self.facility_names[facility]
        if isinstance(priority, str):
            priority = self.priority_names[priority]
        return (facility << 3) | priority

    def mapPriority(self, levelName):
        return self.priority_map.get(levelName, "warning")

    # -- the C handler ---------------------------------------------------------

    def _pl_select(self, native_fmt):
        if native_fmt and self._pl_closed_native is None:
            return "syslog"
        return CALLBACK

    def _pl_severities(self):
        """(level, severity) for the standard levels and every level with a
        name of the program's own (in the level table or priority_map): the
        severity mapPriority gives the name its records carry. A program's
        level that maps to no syslog priority is left to the default, and so
        is one beyond C's range (its records carry C_LEVEL_MAX)."""
        out = [(level, self.priority_names[self.mapPriority(name)]) for name, level in _LEVELS]
        standard = {level for _, level in _LEVELS}
        levels = set(getLevelNamesMapping().values())
        levels.update(getLevelName(name) for name in self.priority_map)
        for level in sorted(
            lv for lv in levels if isinstance(lv, int) and lv not in standard and lv <= C_LEVEL_MAX
        ):
            severity = self.priority_names.get(self.mapPriority(getLevelName(level)))
            if severity is not None:
                out.append((level, severity))
        return out

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        o = options("syslog")
        keep = []

        def text(value):
            p = _c(value)
            keep.append(p)
            return p

        if self.unixsocket:
            o.transport = lib.PICOLOG_SYSLOG_UNIX
            o.address = text(self.address)
        else:
            host, port = self.address
            if self.tls:
                o.transport = lib.PICOLOG_SYSLOG_TLS
            elif self.socktype == socket.SOCK_STREAM:
                o.transport = lib.PICOLOG_SYSLOG_TCP
            else:
                o.transport = lib.PICOLOG_SYSLOG_UDP
            o.address = text(host)
            o.port = port
        if self.rfc5424:
            o.format = lib.PICOLOG_SYSLOG_RFC5424
        elif self.rfc3164:
            o.format = lib.PICOLOG_SYSLOG_RFC3164
        else:
            o.format = lib.PICOLOG_SYSLOG_BARE
        framing = self.framing
        if framing is None and (self.rfc5424 or self.rfc3164):
            framing = "octet"
        o.framing = _FRAMING[framing]
        o.facility = self.facility
        o.hostname = text(self.hostname)
        o.app_name = text(self.app_name)
        o.msgid = text(self.msgid)
        o.ident = text(self.ident)
        o.append_nul = 1 if (self.append_nul and o.format == lib.PICOLOG_SYSLOG_BARE) else 0
        # mapPriority and priority_map may be overridden, as in logging.
        severities = self._pl_severities()
        sev = ffi.new("picolog_syslog_severity[]", len(severities))
        for i, (level, severity) in enumerate(severities):
            sev[i].level = level
            sev[i].severity = severity
        o.severities = sev
        o.severity_count = len(severities)
        o.default_severity = self.priority_names[self.mapPriority("")]
        o.hold = self.hold
        o.max_message = self.max_message
        if self.timeout is not None:
            # logging's one timeout: the connect, and at least the send.
            timeout_ms = max(1, int(self.timeout * 1000))
            o.connect_timeout_ms = timeout_ms
            o.send_timeout_ms = max(timeout_ms, o.send_timeout_ms)
        o.tls_ca_file = text(self.tls_ca_file)
        o.tls_cert_file = text(self.tls_cert_file)
        o.tls_key_file = text(self.tls_key_file)
        o.tls_verify = 1 if self.tls_verify else 0
        o.queue.capacity = self.capacity
        o.queue.overflow = _OVERFLOW[self.overflow]
        out = ffi.new("picolog_handler **")
        check(lib.picolog_syslog_handler_new(out, o))
        return out[0]

    def emit(self, record):
        """Only for a formatter C cannot run, or after close(): the standard
        library's SysLogHandler sends the record."""
        if self._fallback is None:
            self._fallback = _std(self.address, self.facility, self.socktype)
        std = self._fallback
        std.append_nul = self.append_nul
        std.ident = self.ident
        std.mapPriority = self.mapPriority
        std.setFormatter(self.formatter)
        std.emit(record)

    def stats(self):
        """The counters by cause (all zero while the standard library sends)."""
        ptr = self._pl_ptr
        if self._pl_closed_native is not None:
            ptr = self._pl_closed_native.ptr
        elif ptr is None or self._pl_mode == CALLBACK:
            return dict.fromkeys(_STATS, 0)
        out = ffi.new("picolog_syslog_stats *")
        check(lib.picolog_syslog_handler_stats(ptr, out, ffi.sizeof(out[0])))
        return {name: getattr(out, name) for name in _STATS}

    def flush(self):
        """Returns when every record logged before is sent (or held while the
        receiver is unreachable)."""
        # While logging's class sends (after close(), or for a formatter only
        # Python runs) the C handler calls this one back: it has nothing
        # queued, and flushing it would call this flush again.
        if self._pl_mode != CALLBACK:
            self._pl_c_flush()

    def close(self):
        """Sends what is queued and stops the sender. A record that still
        reaches the handler is sent as logging's would after its close: on a
        new socket, by the standard library's code (see the module doc)."""
        ptr = self._pl_ptr
        if ptr is not None and self._pl_mode != CALLBACK:
            lib.picolog_handler_retain(ptr)
            self._pl_closed_native = _Owned(ptr)
            Handler.close(self)
            self._pl_install()  # a Python handler (no thread) takes its place
        else:
            self._pl_forget_name()
        if self._fallback is not None:
            self._fallback.close()
