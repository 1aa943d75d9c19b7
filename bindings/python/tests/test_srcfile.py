"""logging's _srcfile switch: set to None, log calls leave their caller
unknown instead of looking it up, in C's hot path and in Python's, checked
against logging itself."""

import io
import logging
import sys

import pytest

import picolog

FORMAT = "%(pathname)s|%(filename)s|%(module)s|%(lineno)d|%(funcName)s|%(message)s"
UNKNOWN = ("(unknown file)", 0, "(unknown function)")
UNKNOWN_LINE = "(unknown file)|(unknown file)|(unknown file)|0|(unknown function)|"


@pytest.fixture(autouse=True)
def restore_srcfile():
    saved = vars(picolog).get("_srcfile", UNKNOWN), logging._srcfile
    yield
    logging._srcfile = saved[1]
    if saved[0] is UNKNOWN:
        vars(picolog).pop("_srcfile", None)
    else:
        picolog._srcfile = saved[0]


def _calls_without_callers(mod, path, name, setup):
    log = mod.getLogger(name)
    log.propagate = False
    log.setLevel(mod.DEBUG)
    setup.file(log, FORMAT)
    log.info("found first")
    mod._srcfile = None
    log.info("plain %d", 1)
    log.log(mod.WARNING, "through log()")
    log.info("with stack_info", stack_info=True)
    log.warning("with extra %s", "x", extra={"key": 1})
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    mod.getLogger(name).info("from the module's getLogger")
    mod._srcfile = sys.modules[mod.__name__].__file__
    log.info("found again")


def test_calls_made_while_srcfile_is_none_write_what_logging_writes(both, uname, call_path):
    expected, got = both.run(_calls_without_callers, uname)
    assert got == expected
    lines = got.splitlines()
    assert lines[1] == UNKNOWN_LINE + "plain 1"
    assert not lines[0].startswith("(unknown file)")
    assert not lines[-1].startswith("(unknown file)")


def _records_seen_by_a_python_handler(mod, name):
    class Keep(mod.Handler):
        def __init__(self):
            super().__init__()
            self.records = []

        def emit(self, record):
            self.records.append(record)

    keep = Keep()
    log = mod.getLogger(name)
    log.propagate = False
    log.addHandler(keep)
    try:
        mod._srcfile = None
        log.error("no caller", stack_info=True)
        mod._srcfile = sys.modules[mod.__name__].__file__
        log.error("a caller")
    finally:
        log.removeHandler(keep)
    return [(r.pathname, r.lineno, r.funcName, r.stack_info) for r in keep.records]


def test_a_python_handler_gets_an_unknown_caller_and_no_stack_as_from_logging(uname):
    expected = _records_seen_by_a_python_handler(logging, f"{uname}.logging")
    got = _records_seen_by_a_python_handler(picolog, f"{uname}.picolog")
    assert got[0] == expected[0] == (*UNKNOWN, None)
    assert got[1][0] == __file__ and got[1][2] == "_records_seen_by_a_python_handler"
    assert got[1][:3] == expected[1][:3]


@pytest.mark.parametrize("mod", [logging, picolog])
def test_a_subclass_findcaller_is_not_called_while_srcfile_is_none(mod, uname):
    calls = []

    class Counting(mod.Logger):
        def findCaller(self, stack_info=False, stacklevel=1):
            calls.append(stacklevel)
            return super().findCaller(stack_info, stacklevel)

    log = Counting(f"{uname}.{mod.__name__}")
    log.addHandler(mod.NullHandler())
    mod._srcfile = None
    log.error("skipped")
    assert calls == []
    mod._srcfile = sys.modules[mod.__name__].__file__
    log.error("found")
    assert calls == [1]


def _stream_logger(mod, name):
    stream = io.StringIO()
    handler = mod.StreamHandler(stream)
    handler.setFormatter(mod.Formatter(FORMAT))
    log = mod.getLogger(name)
    log.propagate = False
    log.addHandler(handler)
    return log, handler, stream


def test_logging_srcfile_under_use_as_logging_switches_picolog(uname):
    substitution = picolog.use_as_logging()
    try:
        import logging as substituted

        assert substituted is picolog
        substituted._srcfile = None
    finally:
        substitution.close()
    log, handler, stream = _stream_logger(picolog, uname)
    try:
        log.error("unknown")
        picolog.flush()
    finally:
        log.removeHandler(handler)
    assert stream.getvalue() == UNKNOWN_LINE + "unknown\n"


def test_while_captured_stdlib_handlers_follow_logging_srcfile(uname):
    log, handler, stream = _stream_logger(logging, uname)
    capture = picolog.capture_stdlib()
    try:
        logging._srcfile = None
        log.error("unknown")
        logging._srcfile = logging.__file__
        log.error("found")
    finally:
        capture.close()
        log.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines[0] == UNKNOWN_LINE + "unknown"
    assert lines[1].startswith(f"{__file__}|")
