"""capture_stdlib() at the call: what picolog and logging's own handlers each see."""

import logging
import sys

import pytest
from support import ListHandler

import picolog
from picolog._levels import C_LEVEL_MAX


class StdList(logging.Handler):
    """A stdlib handler that keeps every record."""

    def __init__(self, level=logging.NOTSET):
        super().__init__(level)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def captured(uname):
    """(picolog logger, its ListHandler, stdlib logger) with capture on."""
    h = ListHandler()
    top = picolog.getLogger(uname)
    top.setLevel(picolog.DEBUG)
    top.propagate = False
    top.addHandler(h)
    capture = picolog.capture_stdlib()
    try:
        yield top, h, logging.getLogger(uname)
    finally:
        capture.close()
        top.removeHandler(h)


def test_a_call_reaches_picolog_with_the_callers_location(captured):
    _, h, std = captured
    std.debug("a %s", 1)
    std.log(logging.WARNING, "b %d", 2)
    std.warning("c", stacklevel=1)
    assert [r.getMessage() for r in h.records] == ["a 1", "b 2", "c"]
    here = "test_a_call_reaches_picolog_with_the_callers_location"
    assert all(r.funcName == here for r in h.records)
    assert all(r.filename == "test_capture.py" for r in h.records)
    assert h.records[0].lineno + 1 == h.records[1].lineno


def test_stacklevel_names_the_wrappers_caller(captured):
    _, h, std = captured

    def wrapper(msg):
        std.info(msg, stacklevel=2)

    wrapper("w")
    assert h.records[0].funcName == "test_stacklevel_names_the_wrappers_caller"


def test_exception_text_and_extra_fields_arrive(captured):
    _, h, std = captured
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        std.exception("failed", extra={"job": "j7"})
    (rec,) = h.records
    assert rec.job == "j7" and rec.levelno == logging.ERROR
    assert "ZeroDivisionError" in rec.exc_text


def test_no_stdlib_record_is_built_when_no_stdlib_handler_wants_one(captured, monkeypatch):
    _, h, std = captured
    built = []
    factory = logging.getLogRecordFactory()

    def counting(*args, **kwargs):
        built.append(args)
        return factory(*args, **kwargs)

    monkeypatch.setattr(logging, "_logRecordFactory", counting)
    std.info("only picolog")
    assert built == [] and len(h.records) == 1


def test_a_non_propagating_logger_is_captured_and_keeps_its_handlers(captured):
    _, h, std = captured
    access = logging.getLogger(f"{std.name}.access")
    access.propagate = False
    access.setLevel(logging.INFO)
    mine = StdList()
    access.addHandler(mine)
    try:
        access.info("GET / %d", 200)
        access.debug("below the stdlib level")
    finally:
        access.removeHandler(mine)
    assert [r.getMessage() for r in mine.records] == ["GET / 200"]
    # picolog's own level (DEBUG) decides what picolog sees.
    assert [r.getMessage() for r in h.records] == ["GET / 200", "below the stdlib level"]


def test_the_stdlib_roots_level_and_handlers_are_left_alone(captured):
    _, h, std = captured
    root = logging.getLogger()
    saved = root.level
    mine = StdList()
    root.addHandler(mine)
    try:
        std.debug("picolog only")
        std.warning("both")
    finally:
        root.removeHandler(mine)
    assert root.level == saved
    assert [r.getMessage() for r in mine.records] == ["both"]
    assert [r.getMessage() for r in h.records] == ["picolog only", "both"]


def test_a_picolog_level_change_applies_to_the_next_stdlib_call(captured):
    top, h, std = captured
    top.setLevel(picolog.ERROR)
    assert not std.isEnabledFor(logging.INFO)
    std.info("dropped")
    top.setLevel(picolog.DEBUG)
    assert std.isEnabledFor(logging.DEBUG)
    std.debug("kept")
    assert [r.getMessage() for r in h.records] == ["kept"]


def test_logging_disable_still_silences_captured_calls(captured):
    _, h, std = captured
    logging.disable(logging.INFO)
    try:
        std.info("silenced")
    finally:
        logging.disable(logging.NOTSET)
    std.info("heard")
    assert [r.getMessage() for r in h.records] == ["heard"]


def test_levels_beyond_the_c_range_are_neither_truncated_nor_lost(captured):
    # picolog's records carry their level in 32 bits: one beyond gets C's top
    # level, never its low bits; logging's own handlers see the number given.
    _, h, std = captured
    mine = StdList()
    std.addHandler(mine)
    try:
        std.log(2**32 + 10, "beyond")
        logging.disable(sys.maxsize)
        std.log(2**40, "silenced")
        std.critical("silenced")
        logging.disable(logging.NOTSET)
    finally:
        std.removeHandler(mine)
    assert [(r.levelno, r.getMessage()) for r in h.records] == [(C_LEVEL_MAX, "beyond")]
    assert [(r.levelno, r.getMessage()) for r in mine.records] == [(2**32 + 10, "beyond")]


def test_a_record_handed_to_a_stdlib_logger_reaches_picolog_once(captured):
    _, h, std = captured
    record = logging.makeLogRecord(
        {"name": std.name, "levelno": logging.WARNING, "levelname": "WARNING", "msg": "remote"}
    )
    std.handle(record)
    assert [r.getMessage() for r in h.records] == ["remote"]


def test_close_restores_logging(uname):
    methods = (logging.Logger.isEnabledFor, logging.Logger._log, logging.Logger.handle)
    h = ListHandler()
    top = picolog.getLogger(uname)
    top.setLevel(picolog.DEBUG)
    top.addHandler(h)
    std = logging.getLogger(uname)
    with picolog.capture_stdlib() as capture:
        assert picolog.capture_stdlib() is capture
        std.debug("in")
        assert std.isEnabledFor(logging.DEBUG)
    std.debug("out")
    top.removeHandler(h)
    assert (logging.Logger.isEnabledFor, logging.Logger._log, logging.Logger.handle) == methods
    assert not std.isEnabledFor(logging.DEBUG)
    assert [r.getMessage() for r in h.records] == ["in"]


def test_stdlib_handlers_get_the_callers_location(captured):
    _, h, std = captured
    mine = StdList()
    std.addHandler(mine)

    def wrapper(msg):
        std.warning(msg, stacklevel=2)

    try:
        std.warning("direct")
        std.log(logging.ERROR, "via log")
        wrapper("wrapped")
        try:
            raise KeyError("k")
        except KeyError:
            std.exception("failed")
    finally:
        std.removeHandler(mine)
    here = "test_stdlib_handlers_get_the_callers_location"
    assert [r.funcName for r in mine.records] == [here] * 4
    assert [r.filename for r in mine.records] == ["test_capture.py"] * 4
    assert [r.funcName for r in h.records] == [here] * 4
    assert mine.records[3].exc_info[0] is KeyError


def test_a_message_given_by_keyword(captured):
    _, h, std = captured
    std.info(msg="by keyword")
    std.warning(msg="with extra", extra={"k": "v"})
    with pytest.raises(TypeError):
        std.info(extra={"k": "v"})
    assert [(r.getMessage(), getattr(r, "k", None)) for r in h.records] == [
        ("by keyword", None),
        ("with extra", "v"),
    ]
    assert h.records[0].funcName == "test_a_message_given_by_keyword"
