"""repr() of every handler class, as logging writes it: "<Class (LEVEL)>",
with the stream's name (StreamHandler) or the file's path (FileHandler and
its subclasses) before the level."""

import inspect
import io
import logging
import logging.handlers
import queue
import socket
import sys

import pytest

import picolog
import picolog.handlers


@pytest.fixture(scope="module")
def ports():
    """Loopback ports of sockets this test owns (nothing is sent to them)."""
    tcp = socket.create_server(("127.0.0.1", 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    yield tcp.getsockname()[1], udp.getsockname()[1]
    tcp.close()
    udp.close()


# Each builds the same handler from `log` (logging or picolog) and its
# handlers module `h`, with `path` a file and `ports` (TCP, UDP).
CASES = {
    "Handler": lambda log, h, path, ports: log.Handler(),
    "StreamHandler": lambda log, h, path, ports: log.StreamHandler(),
    "StreamHandler stdout": lambda log, h, path, ports: log.StreamHandler(sys.stdout),
    "StreamHandler nameless": lambda log, h, path, ports: log.StreamHandler(io.StringIO()),
    "FileHandler": lambda log, h, path, ports: log.FileHandler(path),
    "FileHandler delayed": lambda log, h, path, ports: log.FileHandler(path, delay=True),
    "NullHandler": lambda log, h, path, ports: log.NullHandler(),
    "WatchedFileHandler": lambda log, h, path, ports: h.WatchedFileHandler(path),
    "BaseRotatingHandler": lambda log, h, path, ports: h.BaseRotatingHandler(path, "a"),
    "RotatingFileHandler": lambda log, h, path, ports: h.RotatingFileHandler(path, maxBytes=9),
    "TimedRotatingFileHandler": lambda log, h, path, ports: h.TimedRotatingFileHandler(path),
    "SocketHandler": lambda log, h, path, ports: h.SocketHandler("127.0.0.1", ports[0]),
    "DatagramHandler": lambda log, h, path, ports: h.DatagramHandler("127.0.0.1", ports[1]),
    "HTTPHandler": lambda log, h, path, ports: h.HTTPHandler(f"127.0.0.1:{ports[0]}", "/"),
    "SMTPHandler": lambda log, h, path, ports: h.SMTPHandler(
        ("127.0.0.1", ports[0]), "a@example.org", ["b@example.org"], "subject"
    ),
    "SysLogHandler": lambda log, h, path, ports: h.SysLogHandler(("127.0.0.1", ports[1])),
    "BufferingHandler": lambda log, h, path, ports: h.BufferingHandler(10),
    "MemoryHandler": lambda log, h, path, ports: h.MemoryHandler(10),
    "MemoryHandler with target": lambda log, h, path, ports: h.MemoryHandler(
        10, target=log.NullHandler()
    ),
    "QueueHandler": lambda log, h, path, ports: h.QueueHandler(queue.Queue()),
}


def _repr(log, h, case, path, ports, level):
    handler = CASES[case](log, h, path, ports)
    try:
        if level is not None:
            handler.setLevel(level)
        return repr(handler)
    finally:
        handler.close()


@pytest.mark.parametrize("level", [None, "ERROR"])
@pytest.mark.parametrize("case", CASES)
def test_repr_is_loggings(case, level, tmp_path, ports):
    path = str(tmp_path / "app.log")
    expected = _repr(logging, logging.handlers, case, path, ports, level)
    assert _repr(picolog, picolog.handlers, case, path, ports, level) == expected


def _handler_classes(module):
    return {
        name
        for name, obj in vars(module).items()
        if inspect.isclass(obj) and issubclass(obj, (logging.Handler, picolog.Handler))
    }


def test_every_handler_class_is_compared():
    own = {"BacktraceHandler", "JournaldHandler"}  # picolog's alone: below
    exported = _handler_classes(picolog) | _handler_classes(picolog.handlers)
    assert {case.split()[0] for case in CASES} | own == exported


def test_picologs_own_handlers_write_the_same_form(tmp_path):
    queued_file = picolog.FileHandler(tmp_path / "queued.log")
    ring_file = picolog.FileHandler(tmp_path / "ring.log")
    queued = picolog.handlers.QueueHandler(handlers=[queued_file], capacity=8)
    ring = picolog.handlers.BacktraceHandler(16, ring_file)
    ring.setLevel("DEBUG")
    journal = picolog.handlers.JournaldHandler(picolog.INFO, socket_path=str(tmp_path / "journal"))
    default_journal = picolog.handlers.JournaldHandler()
    try:
        assert repr(queued) == "<QueueHandler (NOTSET)>"
        assert repr(ring) == "<BacktraceHandler (DEBUG)>"
        assert repr(journal) == f"<JournaldHandler {tmp_path / 'journal'} (INFO)>"
        assert repr(default_journal) == "<JournaldHandler /run/systemd/journal/socket (NOTSET)>"
    finally:
        for handler in (queued, ring, journal, default_journal, queued_file, ring_file):
            handler.close()
