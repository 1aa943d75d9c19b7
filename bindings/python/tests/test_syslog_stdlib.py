"""SysLogHandler against logging's, on a UDP socket of the test's own on
127.0.0.1: the same datagrams when append_nul and ident change after the
handler was made, and after close() (logging's handler then opens a new
socket for the next record; before Python 3.11 it sends nothing then, so
picolog's record after close is checked on its own there), and for a level
of the program's own that a priority_map names."""

import logging
import logging.handlers
import socket
import sys

import pytest

import picolog
import picolog.handlers

WATCHDOG_S = 30  # a lost datagram fails the test instead of hanging it


@pytest.fixture
def receiver():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(WATCHDOG_S)
    yield sock
    sock.close()


# logging's SysLogHandler opens a new socket after close() since 3.11.
STDLIB_SENDS_AFTER_CLOSE = sys.version_info >= (3, 11)


def _scenario(mod, address, receive, name, after_close=True):
    logger = mod.getLogger(name)
    logger.propagate = False
    handler = mod.handlers.SysLogHandler(address)
    logger.addHandler(handler)
    got = []
    try:
        logger.error("sp\xe4m")
        got.append(receive())
        handler.append_nul = False
        logger.error("sp\xe4m")
        got.append(receive())
        handler.ident = "h\xe4m-"
        logger.warning("eggs")
        got.append(receive())
        if after_close:
            handler.close()
            logger.error("after close")
            got.append(receive())
    finally:
        logger.removeHandler(handler)
        handler.close()
    return got, handler


def test_datagrams_match_logging_when_settings_change_and_after_close(receiver, uname):
    address = receiver.getsockname()

    def receive():
        return receiver.recv(65536)

    ours, handler = _scenario(picolog, address, receive, uname)
    theirs, _ = _scenario(logging, address, receive, uname, after_close=STDLIB_SENDS_AFTER_CLOSE)
    assert ours[: len(theirs)] == theirs
    assert ours[0] == b"<11>sp\xc3\xa4m\x00"
    assert ours[3] == b"<11>h\xc3\xa4m-after close"
    # The C handler's counts stay readable after close.
    assert handler.stats()["sent"] == 1


def test_a_level_of_the_programs_own_gets_the_severity_priority_map_gives_it(receiver, uname):
    # A level named by the program and mapped by a handler's priority_map
    # gets that severity, as logging's handler sends it: NOTICE26 is
    # "notice" (5), so local0 gives <133>, not warning's <132>.
    level, name = 26, "NOTICE26"
    got = []
    for mod in (logging, picolog):
        mod.addLevelName(level, name)

        class Notice(mod.handlers.SysLogHandler):
            priority_map = {**mod.handlers.SysLogHandler.priority_map, name: "notice"}

        logger = mod.getLogger(uname)
        logger.propagate = False
        logger.setLevel(level)
        handler = Notice(receiver.getsockname(), Notice.LOG_LOCAL0)
        logger.addHandler(handler)
        try:
            logger.log(level, "eggs")
            got.append(receiver.recv(65536))
        finally:
            logger.removeHandler(handler)
            handler.close()
    assert got == [b"<133>eggs\x00"] * 2


def test_flush_while_logging_class_sends_reports_nothing(receiver, capfd):
    # After close() the C handler is a callback to this one: a flush that
    # went through it would call itself until Python's recursion limit.
    handler = picolog.handlers.SysLogHandler(receiver.getsockname())
    handler.close()
    handler.flush()
    picolog.flush()
    assert capfd.readouterr().err == ""
