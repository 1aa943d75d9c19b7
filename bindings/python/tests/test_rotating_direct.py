"""Rotating and watched file handlers given records directly (emit and
handle called by the application, as logging's own tests do), against
logging.handlers: the same records give the same files with the same bytes,
with namer and rotator as attributes or as methods of a subclass."""

import logging
import logging.handlers
import os
import time
import zlib

import pytest

import picolog
import picolog.handlers


def _files(directory):
    return {name: (directory / name).read_bytes() for name in sorted(os.listdir(directory))}


def _records(mod, n):
    return [mod.makeLogRecord({"msg": f"record {i:02d}", "levelno": 20}) for i in range(n)]


def _namer(name):
    return name + ".test"


def _gzip_rotator(source, dest):
    with open(source, "rb") as sf, open(dest, "wb") as df:
        df.write(zlib.compress(sf.read(), 9))
    os.remove(source)


def _subclass(mod):
    class WithMethods(mod.handlers.RotatingFileHandler):
        def namer(self, name):
            return name + ".test"

        def rotator(self, source, dest):
            if os.path.exists(source):
                os.replace(source, dest + ".rotated")

    return WithMethods


def _run(mod, directory, how, call):
    directory.mkdir()
    path = str(directory / "app.log")
    cls = _subclass(mod) if how == "methods" else mod.handlers.RotatingFileHandler
    handler = cls(path, encoding="utf-8", maxBytes=25, backupCount=2)
    if how == "namer":
        handler.namer = _namer
    elif how == "rotator":
        handler.namer = lambda name: name + ".gz"
        handler.rotator = _gzip_rotator
    try:
        for record in _records(mod, 7):
            getattr(handler, call)(record)
            # Each step, not only the end: a record written to a file that
            # was renamed away shows up here.
            assert os.path.exists(path)
    finally:
        handler.close()
    return _files(directory)


@pytest.mark.parametrize("call", ["emit", "handle"])
@pytest.mark.parametrize("how", ["plain", "namer", "rotator", "methods"])
def test_records_given_directly_rotate_as_in_logging(tmp_path, how, call):
    ours = _run(picolog, tmp_path / "picolog", how, call)
    theirs = _run(logging, tmp_path / "logging", how, call)
    assert ours == theirs
    # The base file and two backups (the subclass's rotator keeps one).
    assert len(ours) == (2 if how == "methods" else 3)


def test_subclass_methods_are_the_hooks(tmp_path):
    handler = _subclass(picolog)(str(tmp_path / "a.log"), maxBytes=25, backupCount=2)
    try:
        assert handler.namer("x") == "x.test"
        for record in _records(picolog, 3):
            handler.emit(record)
    finally:
        handler.close()
    assert sorted(os.listdir(tmp_path)) == ["a.log", "a.log.1.test.rotated"]


@pytest.mark.parametrize("cls", ["RotatingFileHandler", "TimedRotatingFileHandler"])
def test_special_files_never_roll_over(cls):
    # The first rollover time counts from the file's mtime: a clock well
    # past it, whatever that is for the device.
    now = [time.time() + 3600]
    kwargs = {"maxBytes": 1} if cls == "RotatingFileHandler" else {"when": "S"}
    handler = getattr(picolog.handlers, cls)(os.devnull, clock=lambda: now[0], **kwargs)
    try:
        now[0] += 5
        record = picolog.makeLogRecord({"msg": "to a device"})
        assert not handler.shouldRollover(record)
        handler.emit(record)
        assert handler.rotation_stats()["rotations"] == 0
    finally:
        handler.close()


def test_timed_emit_after_the_interval_rotates_once(tmp_path):
    now = [1_000_000.0]
    path = tmp_path / "t.log"
    handler = picolog.handlers.TimedRotatingFileHandler(
        str(path), when="S", backupCount=1, utc=True, clock=lambda: now[0]
    )
    try:
        handler.emit(picolog.makeLogRecord({"msg": "first"}))
        now[0] += 1.5
        assert handler.shouldRollover(None)
        handler.emit(picolog.makeLogRecord({"msg": "second"}))
        assert not handler.shouldRollover(None)
    finally:
        handler.close()
    files = _files(tmp_path)
    assert files.pop("t.log") == b"second\n"
    assert list(files.values()) == [b"first\n"]


def test_watched_emit_follows_a_moved_file(tmp_path):
    path = tmp_path / "w.log"
    handler = picolog.handlers.WatchedFileHandler(str(path))
    try:
        handler.emit(picolog.makeLogRecord({"msg": "before"}))
        os.rename(path, tmp_path / "w.log.old")
        handler.emit(picolog.makeLogRecord({"msg": "after"}))
        picolog.getLogger("watched.direct").addHandler(handler)
        picolog.getLogger("watched.direct").warning("logged")
        handler.flush()
    finally:
        picolog.getLogger("watched.direct").removeHandler(handler)
        handler.close()
    assert (tmp_path / "w.log.old").read_bytes() == b"before\n"
    assert path.read_bytes() == b"after\nlogged\n"


def test_watched_with_delay_describes_the_file_once_written(tmp_path):
    path = tmp_path / "d.log"
    path.write_bytes(b"")
    handler = picolog.handlers.WatchedFileHandler(str(path), delay=True)
    try:
        assert (handler.dev, handler.ino) == (-1, -1)
        handler.handle(picolog.makeLogRecord({"msg": "one"}))
        st = os.stat(path)
        assert (handler.dev, handler.ino) == (st.st_dev, st.st_ino)
    finally:
        handler.close()


def _run_on_clock(mod, directory, monkeypatch, make, steps):
    # From 2024-03-08 12:00:00 UTC, when the file was last written, a record
    # at each step; rolloverAt after each, and the files.
    now = [1709899200.0]
    directory.mkdir()
    path = directory / "t.log"
    path.write_text("before\n")
    os.utime(path, (now[0], now[0]))
    if mod is logging:
        monkeypatch.setattr(time, "time", lambda: now[0])
        handler = make(str(path))
    else:
        handler = make(str(path), clock=lambda: now[0])
    seen = []
    try:
        for step in steps:
            now[0] += step
            handler.emit(mod.makeLogRecord({"msg": f"at {now[0]:.0f}", "levelno": 20}))
            seen.append(handler.rolloverAt)
    finally:
        monkeypatch.undo()
        handler.close()
    return seen, _files(directory)


def _run_timed_clock(mod, directory, monkeypatch, encoding):
    kwargs = {} if mod is logging else {"encoding": encoding}

    def make(path, **clock):
        return mod.handlers.TimedRotatingFileHandler(
            path, when="S", interval=10, utc=True, **kwargs, **clock
        )

    return _run_on_clock(mod, directory, monkeypatch, make, (5, 5, 3, 40, 1))


# latin-1 makes Python write the file, with logging's rollover methods.
@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_timed_rotation_follows_the_clock_whichever_side_writes(tmp_path, monkeypatch, encoding):
    ours = _run_timed_clock(picolog, tmp_path / "picolog", monkeypatch, encoding)
    theirs = _run_timed_clock(logging, tmp_path / "logging", monkeypatch, encoding)
    assert ours == theirs
    assert len(ours[1]) == 3


def _with_own_schedule(mod, method):
    class OwnSchedule(mod.handlers.TimedRotatingFileHandler):
        if method == "computeRollover":

            def computeRollover(self, currentTime):
                return int(currentTime) + 3

        else:

            def getFilesToDelete(self):
                return []

    return OwnSchedule


def _run_own_schedule(mod, directory, monkeypatch, method):
    cls = _with_own_schedule(mod, method)

    def make(path, **clock):
        return cls(path, when="S", backupCount=1, utc=True, **clock)

    return _run_on_clock(mod, directory, monkeypatch, make, (1, 3, 1, 3, 4))


# A subclass's own rollover schedule or choice of files to delete is kept,
# as logging keeps it: Python writes such a handler, with its methods.
@pytest.mark.parametrize("method", ["computeRollover", "getFilesToDelete"])
def test_a_subclass_schedule_or_deletion_is_its_own(tmp_path, monkeypatch, method):
    ours = _run_own_schedule(picolog, tmp_path / "picolog", monkeypatch, method)
    theirs = _run_own_schedule(logging, tmp_path / "logging", monkeypatch, method)
    assert ours == theirs
    # backupCount=1 keeps one rotated file, unless nothing is to be deleted.
    assert len(ours[1]) == (2 if method == "computeRollover" else 6)


def test_compute_rollover_is_the_handlers_own_schedule(tmp_path):
    # 2024-03-08 12:00:00 UTC. Every two days from the first midnight: the
    # 10th (3.13's rule, which the handler follows on every Python; 3.10 to
    # 3.12's own computeRollover says the 9th).
    t = 1709899200
    path = tmp_path / "t.log"
    path.write_text("before\n")
    os.utime(path, (t, t))
    handler = picolog.handlers.TimedRotatingFileHandler(
        str(path), when="midnight", interval=2, utc=True, clock=lambda: float(t)
    )
    try:
        assert handler.rolloverAt == 1710028800
        assert handler.computeRollover(t) == handler.rolloverAt
        assert handler.computeRollover(1710028800) == 1710201600
    finally:
        handler.close()
