"""Handler.handle() of a record made in Python reports a failed write through
handleError and returns, as logging's handlers do, also when C writes the
handler's records (native file and rotating handlers)."""

import logging
import queue

import pytest

import picolog
import picolog.handlers


def _bad_record():
    # "%d" % "x" fails when the record is formatted, as in logging's emit.
    return logging.LogRecord("app", logging.ERROR, __file__, 1, "%d", ("x",), None)


def _good_record():
    return logging.LogRecord("app", logging.ERROR, __file__, 2, "fine %s", ("here",), None)


@pytest.fixture(
    params=[
        lambda path: picolog.FileHandler(path),
        lambda path: picolog.handlers.RotatingFileHandler(path, maxBytes=1 << 20),
        lambda path: picolog.handlers.WatchedFileHandler(path),
    ],
    ids=["file", "rotating", "watched"],
)
def native_handler(request, tmp_path):
    path = tmp_path / "h.log"
    handler = request.param(path)
    handler.setFormatter(picolog.Formatter("%(message)s"))
    yield handler, path
    handler.close()


def test_a_failing_write_is_reported_not_raised(native_handler, capsys):
    handler, path = native_handler
    assert handler.handle(_bad_record())
    handler.handle(_good_record())
    handler.flush()
    err = capsys.readouterr().err
    assert err.count("--- Logging error ---") == 1 and "TypeError" in err
    assert path.read_text() == "fine here\n"


def test_a_failing_write_is_silent_without_raise_exceptions(native_handler, capsys, monkeypatch):
    handler, path = native_handler
    monkeypatch.setattr(picolog, "raiseExceptions", False)
    monkeypatch.setattr(logging, "raiseExceptions", False)
    handler.handle(_bad_record())
    assert capsys.readouterr().err == ""


def test_a_queue_listener_goes_on_after_a_failing_record(native_handler, capsys):
    handler, path = native_handler
    que = queue.Queue()
    listener = picolog.handlers.QueueListener(que, handler)
    listener.start()
    que.put(_bad_record())
    que.put(_good_record())
    listener.stop()
    handler.flush()
    assert path.read_text() == "fine here\n"
    assert "--- Logging error ---" in capsys.readouterr().err
