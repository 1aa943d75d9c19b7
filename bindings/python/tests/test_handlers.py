"""Handlers: Python subclasses, streams, files, null, stdlib handlers, handle()."""

import io
import logging
import os

import pytest
from support import attached

import picolog


def test_python_handler_gets_a_complete_log_record(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    h.setFormatter(picolog.Formatter("%(levelname)s:%(message)s"))
    with attached(lg, h, close=False):
        lg.warning("hello %s", "world")
    (r,) = h.records
    assert isinstance(r, logging.LogRecord)
    assert r.name == uname and r.levelno == 30 and r.levelname == "WARNING"
    assert r.msg == "hello %s" and r.args == ("world",) and r.getMessage() == "hello world"
    assert r.pathname == __file__ and r.filename == os.path.basename(__file__)
    assert (
        r.module == "test_handlers"
        and r.funcName == "test_python_handler_gets_a_complete_log_record"
    )
    assert r.lineno > 0 and r.process == os.getpid()
    assert r.threadName == "MainThread"
    import threading

    assert r.thread == threading.get_ident()
    assert r.exc_info is None and r.exc_text is None and r.stack_info is None
    assert 0 <= r.msecs < 1000 and r.created > 1e9 and r.relativeCreated >= 0
    assert h.lines == ["WARNING:hello world"]


def test_handler_level_and_handle(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler(picolog.ERROR)
    assert h.level == picolog.ERROR
    with attached(lg, h, close=False):
        lg.warning("below handler level")
        lg.error("at level")
        h.level = "WARNING"
        lg.warning("now passes")
    assert [r.getMessage() for r in h.records] == ["at level", "now passes"]
    rec = picolog.makeLogRecord({"msg": "direct", "levelno": 10})
    assert h.handle(rec)
    assert h.records[-1] is rec


class _Broken(picolog.Handler):
    def emit(self, record):
        raise ValueError("emit bug")


def test_emit_exception_is_reported_and_counted(uname, capsys):
    lg = picolog.getLogger(uname)
    h = _Broken()
    with attached(lg, h, close=False):
        lg.warning("x")
        lg.warning("y")
    err = capsys.readouterr().err
    assert "--- Logging error ---" in err and "emit bug" in err
    assert h.failures() == 2


def test_base_handler_emit_is_abstract(uname, capsys):
    lg = picolog.getLogger(uname)
    h = picolog.Handler()
    with attached(lg, h, close=False):
        lg.error("x")
    assert "NotImplementedError" in capsys.readouterr().err


def test_stream_handler_to_python_stream(uname):
    stream = io.StringIO()
    h = picolog.StreamHandler(stream)
    h.setFormatter(picolog.Formatter("%(levelname)s %(message)s"))
    h.terminator = "\r\n"
    lg = picolog.getLogger(uname)
    with attached(lg, h, close=False):
        lg.error("one")
        old = h.setStream(io.StringIO())
        assert old is stream
        lg.error("two")
    assert stream.getvalue() == "ERROR one\r\n"
    assert h.stream.getvalue() == "ERROR two\r\n"
    assert repr(h) == "<StreamHandler (NOTSET)>"


def test_stream_handler_classes_are_generic(tmp_path):
    # Python 3.11's logging.StreamHandler[TextIO], as typeshed annotates it.
    assert picolog.StreamHandler[io.StringIO].__origin__ is picolog.StreamHandler
    assert picolog.FileHandler[io.TextIOWrapper].__origin__ is picolog.FileHandler

    class Typed(picolog.StreamHandler[io.StringIO]):
        pass

    stream = io.StringIO()
    assert Typed(stream).stream is stream


def test_stream_handler_to_stderr_fd(uname, capfd):
    import sys

    print("python first", file=sys.stderr, end="")
    h = picolog.StreamHandler()
    lg = picolog.getLogger(uname)
    with attached(lg, h, close=False):
        lg.error("from C")
    assert h._pl_mode == ("fd", sys.stderr.fileno())
    assert capfd.readouterr().err == "python firstfrom C\n"


@pytest.mark.parametrize("encoding", [None, "utf-8", "latin-1"])
def test_file_handler_modes(tmp_path, uname, encoding):
    path = tmp_path / "f.log"
    path.write_text("old\n")
    lg = picolog.getLogger(uname)
    for mode, expected in (("a", "old\nx \u00e9\n"), ("w", "x \u00e9\n")):
        path.write_text("old\n")
        h = picolog.FileHandler(path, mode=mode, encoding=encoding)
        assert h.baseFilename == str(path)
        with attached(lg, h):
            lg.error("x \u00e9")
        assert path.read_text(encoding=encoding or "utf-8") == expected
    assert (h._pl_mode == "callback") == (encoding == "latin-1")


def test_file_handler_delay_creates_the_file_on_first_record(tmp_path, uname):
    path = tmp_path / "sub.log"
    h = picolog.FileHandler(str(path), delay=True)
    assert not path.exists()
    lg = picolog.getLogger(uname)
    with attached(lg, h):
        lg.error("now")
    assert path.read_text() == "now\n"


def test_file_handler_bad_path_raises(tmp_path):
    with pytest.raises(OSError):
        picolog.FileHandler(tmp_path / "missing-dir" / "x.log")


def test_null_handler_stops_last_resort(uname, capfd):
    lg = picolog.getLogger(uname)
    lg.propagate = False
    lg.error("to last resort")
    h = picolog.NullHandler()
    lg.addHandler(h)
    lg.error("swallowed")
    lg.removeHandler(h)
    assert capfd.readouterr().err == "to last resort\n"


def test_stdlib_handler_runs_inside_picolog(uname):
    stream = io.StringIO()
    std = logging.StreamHandler(stream)
    std.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(user)s"))
    std.setLevel(logging.ERROR)
    lg = picolog.getLogger(uname)
    with attached(lg, std, close=False):
        lg.warning("below", extra={"user": "u"})
        lg.error("hi %s", "there", extra={"user": "u"})
        assert lg.handlers == [std]
    assert stream.getvalue() == f"{uname} ERROR hi there u\n"
    assert lg.handlers == []


def test_native_handler_handles_python_records(tmp_path, uname):
    path = tmp_path / "h.log"
    h = picolog.FileHandler(path)
    h.setFormatter(picolog.Formatter("%(name)s|%(levelname)s|%(funcName)s|%(message)s|%(extra)s"))
    rec = logging.LogRecord("other", logging.INFO, "/x/y.py", 7, "m %s", ("a",), None, "fn")
    rec.extra = "E"
    h.handle(rec)
    h.close()
    assert path.read_text() == "other|INFO|fn|m a|E\n"


def test_logger_handle_dispatches_a_record(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    lg.addHandler(h)
    rec = lg.makeRecord(uname, picolog.ERROR, "f.py", 3, "made %s", ("here",), None, extra={"k": 1})
    assert rec.k == 1
    try:
        lg.handle(rec)
    finally:
        lg.removeHandler(h)
    assert h.records == [rec]
    with pytest.raises(KeyError):
        lg.makeRecord(uname, 10, "f.py", 3, "m", (), None, extra={"msg": 1})


def test_foreign_handlers_are_visible(uname):
    from picolog import ffi, lib

    out = ffi.new("picolog_handler **")
    assert lib.picolog_null_handler_new(out) == 0
    lg = picolog.getLogger(uname)
    assert lib.picolog_logger_add_handler(lg._ptr, out[0]) == 0
    lib.picolog_handler_release(out[0])
    (h,) = lg.handlers
    assert type(h).__name__ == "ForeignHandler"
    lg.removeHandler(h)
    assert lg.handlers == []


def test_buffered_file_handler_writes_on_flush_and_error(tmp_path, uname):
    path = tmp_path / "b.log"
    h = picolog.FileHandler(path, buffered=True)
    lg = picolog.getLogger(uname)
    with attached(lg, h):
        lg.warning("held")
        lg.error("error flushes")
        assert path.read_text() == "held\nerror flushes\n"
        lg.warning("until flush")
        h.flush()
        assert path.read_text().endswith("until flush\n")


def test_raise_exceptions_false_silences_reports(uname, capsys, monkeypatch):
    monkeypatch.setattr(picolog, "raiseExceptions", False)
    lg = picolog.getLogger(uname)
    h = _Broken()
    with attached(lg, h, close=False):
        lg.warning("x")
        lg.error("%d", "bad")
    assert "emit bug" not in capsys.readouterr().err
    assert h.failures() == 1


def test_a_failing_emit_is_reported_by_handle_error_alone(uname, capfd, monkeypatch):
    # handleError is the one report (logging's), on the process's stderr
    # too; with raiseExceptions False, nothing at all is written.
    lg = picolog.getLogger(uname)
    h = _Broken()
    with attached(lg, h, close=False):
        lg.warning("x")
        err = capfd.readouterr().err
        assert err.count("--- Logging error ---") == 1 and "emit bug" in err
        assert "picolog:" not in err
        monkeypatch.setattr(picolog, "raiseExceptions", False)
        lg.warning("y")
        lg.warning("z")
    assert capfd.readouterr().err == ""
    assert h.failures() == 3


@pytest.mark.parametrize("mod", [logging, picolog])
def test_close_does_not_call_flush(mod, uname):
    # As logging's Handler.close: a handler whose close() releases what its
    # flush() uses is not flushed by its own close.
    class Batch(mod.Handler):
        def __init__(self):
            super().__init__()
            self.calls = []

        def emit(self, record):
            pass

        def flush(self):
            self.calls.append("flush")

        def close(self):
            self.calls.append("close")
            super().close()

    logger = mod.getLogger(uname)
    handler = Batch()
    logger.addHandler(handler)
    logger.warning("one")
    logger.removeHandler(handler)
    handler.close()
    assert handler.calls == ["close"]


@pytest.mark.parametrize(
    "make",
    [
        lambda mod, path, **kw: mod.FileHandler(path, **kw),
        lambda mod, path, **kw: mod.handlers.RotatingFileHandler(path, **kw),
        lambda mod, path, **kw: mod.handlers.TimedRotatingFileHandler(path, **kw),
        lambda mod, path, **kw: mod.handlers.WatchedFileHandler(path, **kw),
    ],
)
@pytest.mark.parametrize("encoding", [None, "utf-8"])
def test_file_handlers_report_the_encoding_as_logging(tmp_path, make, encoding):
    # As logging (3.10+): no encoding given reads "locale" (io.text_encoding).
    import logging.handlers

    import picolog.handlers

    seen = {}
    for mod in (logging, picolog):
        handler = make(mod, str(tmp_path / f"{mod.__name__}.log"), encoding=encoding)
        seen[mod] = handler.encoding
        handler.close()
    assert seen[picolog] == seen[logging]


def test_a_handle_error_that_raises_is_reported_once(uname, capfd, monkeypatch):
    # logging raises it to the log call; C stands between the two here, so
    # it is printed once, even with raiseExceptions False, and counted.
    class Raising(_Broken):
        def handleError(self, record):
            raise

    lg = picolog.getLogger(uname)
    h = Raising()
    with attached(lg, h, close=False):
        lg.warning("x")
        monkeypatch.setattr(picolog, "raiseExceptions", False)
        lg.warning("y")
    err = capfd.readouterr().err
    assert err.count("ValueError: emit bug") == 2 and err.count("Traceback") == 2
    assert "picolog:" not in err and "Exception ignored" not in err
    assert h.failures() == 2
