"""record.message is set by Formatter.format(), as in logging: a record
reaches a Python handler without it (HTTPHandler.mapLogRecord sends no
`message` field), and a handler that formats leaves it on the shared
record for the handlers after it."""

import logging
import logging.handlers

import pytest
from support import attached

import picolog
from picolog import lib

_MAP = logging.handlers.HTTPHandler("127.0.0.1", "/").mapLogRecord


def _probe_class(log):
    class Probe(log.Handler):
        """Notes what the record carries before and after this handler formats it."""

        def __init__(self):
            super().__init__()
            self.seen = []

        def emit(self, record):
            before = "message" in record.__dict__
            mapped = "message" in _MAP(record)
            line = self.format(record)
            self.seen.append((before, mapped, line, record.message))

    return Probe


@pytest.mark.parametrize(
    ("log", "handlers"),
    [(logging, logging), (picolog, picolog), (picolog, logging)],
    ids=["logging", "picolog", "logging handlers on picolog"],
)
def test_message_is_set_by_format_as_in_logging(log, handlers, uname):
    lg = log.getLogger(uname)
    first, second = _probe_class(handlers)(), _probe_class(handlers)()
    first.setFormatter(handlers.Formatter("%(levelname)s:%(message)s"))
    second.setFormatter(handlers.Formatter("%(message)s"))
    with attached(lg, first), attached(lg, second):
        lg.error("x=%s", 1)
    assert first.seen + second.seen == [
        (False, False, "ERROR:x=1", "x=1"),
        (True, True, "x=1", "x=1"),
    ]


def test_a_record_from_c_has_no_message_until_formatted(uname):
    lg = picolog.getLogger(uname)
    probe = _probe_class(picolog)()
    probe.setFormatter(picolog.Formatter("%(levelname)s %(message)s"))
    with attached(lg, probe):
        assert lib.picolog_log(lg._ptr, picolog.ERROR, b"from C") == 0
    assert probe.seen == [(False, False, "ERROR from C", "from C")]


def test_a_record_without_formatter_gets_message_from_the_default_one(uname):
    lg = picolog.getLogger(uname)
    probe = _probe_class(picolog)()
    with attached(lg, probe):
        lg.warning("plain %d", 2)
    assert probe.seen == [(False, False, "plain 2", "plain 2")]
