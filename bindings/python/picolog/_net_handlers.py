"""SocketHandler, DatagramHandler, HTTPHandler and SMTPHandler of
logging.handlers, as picolog handlers.

Each is a Python handler (its emit runs with the GIL, from the logging
thread or a queue listener's) that speaks exactly what logging's speaks, so
existing receivers keep working: the pickled record dict with a 4-byte
length prefix over TCP or a datagram, a form-encoded HTTP GET or POST, a
mail. The protocol methods are logging's own functions (makePickle, send,
createSocket, mapLogRecord, emit ...), bound to these classes; only
construction and closing are picolog's, since those touch the handler's C
side.
"""

import logging.handlers as _std

from ._handler import Handler

DEFAULT_TCP_LOGGING_PORT = _std.DEFAULT_TCP_LOGGING_PORT
DEFAULT_UDP_LOGGING_PORT = _std.DEFAULT_UDP_LOGGING_PORT
DEFAULT_HTTP_LOGGING_PORT = _std.DEFAULT_HTTP_LOGGING_PORT
DEFAULT_SOAP_LOGGING_PORT = _std.DEFAULT_SOAP_LOGGING_PORT
SYSLOG_UDP_PORT = _std.SYSLOG_UDP_PORT
SYSLOG_TCP_PORT = _std.SYSLOG_TCP_PORT


def _borrow(cls, std, names):
    for name in names:
        setattr(cls, name, getattr(std, name))


class SocketHandler(Handler):
    """logging.handlers.SocketHandler(host, port): pickled records over TCP
    (or a unix stream socket when port is None), reconnecting with logging's
    exponential backoff."""

    def __init__(self, host, port):
        Handler.__init__(self)
        self.host = host
        self.port = port
        self.address = host if port is None else (host, port)
        self.sock = None
        self.closeOnError = False
        self.retryTime = None
        self.retryStart = 1.0
        self.retryMax = 30.0
        self.retryFactor = 2.0

    def handleError(self, record):
        if self.closeOnError and self.sock:
            self.sock.close()
            self.sock = None
        else:
            Handler.handleError(self, record)

    def close(self):
        with self.lock:
            sock, self.sock = self.sock, None
            if sock:
                sock.close()
        Handler.close(self)


_borrow(
    SocketHandler,
    _std.SocketHandler,
    ("makeSocket", "createSocket", "send", "makePickle", "emit"),
)


class DatagramHandler(SocketHandler):
    """logging.handlers.DatagramHandler(host, port): one pickled record per
    UDP datagram (or unix datagram when port is None)."""

    def __init__(self, host, port):
        SocketHandler.__init__(self, host, port)
        self.closeOnError = False


_borrow(DatagramHandler, _std.DatagramHandler, ("makeSocket", "send"))


class HTTPHandler(Handler):
    """logging.handlers.HTTPHandler(host, url, method='GET', secure=False,
    credentials=None, context=None): the record's dict, form-encoded."""

    def __init__(self, host, url, method="GET", secure=False, credentials=None, context=None):
        Handler.__init__(self)
        method = method.upper()
        if method not in ("GET", "POST"):
            raise ValueError("method must be GET or POST")
        if not secure and context is not None:
            raise ValueError("context parameter only makes sense with secure=True")
        self.host = host
        self.url = url
        self.method = method
        self.secure = secure
        self.credentials = credentials
        self.context = context


_borrow(HTTPHandler, _std.HTTPHandler, ("mapLogRecord", "getConnection", "emit"))


class SMTPHandler(Handler):
    """logging.handlers.SMTPHandler(mailhost, fromaddr, toaddrs, subject,
    credentials=None, secure=None, timeout=5.0): one mail per record."""

    def __init__(
        self, mailhost, fromaddr, toaddrs, subject, credentials=None, secure=None, timeout=5.0
    ):
        Handler.__init__(self)
        if isinstance(mailhost, (list, tuple)):
            self.mailhost, self.mailport = mailhost
        else:
            self.mailhost, self.mailport = mailhost, None
        if isinstance(credentials, (list, tuple)):
            self.username, self.password = credentials
        else:
            self.username = None
        self.fromaddr = fromaddr
        self.toaddrs = [toaddrs] if isinstance(toaddrs, str) else toaddrs
        self.subject = subject
        self.secure = secure
        self.timeout = timeout


_borrow(SMTPHandler, _std.SMTPHandler, ("getSubject", "emit"))
