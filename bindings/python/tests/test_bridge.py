"""capture_stdlib(): a library using logging lands in picolog's handlers."""

import importlib
import logging
import sys
import textwrap

import picolog

THIRD_PARTY = '''
"""A library that only knows the standard logging module."""
import logging

log = logging.getLogger("{name}.lib")


def work(n):
    log.debug("debug %d", n)
    log.info("working on %d", n, extra={{"job": "j%d" % n}})
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("failed %d", n)
'''


def test_capture_stdlib_routes_a_third_party_module(tmp_path, uname, monkeypatch):
    (tmp_path / f"{uname}_lib.py").write_text(textwrap.dedent(THIRD_PARTY.format(name=uname)))
    monkeypatch.syspath_prepend(str(tmp_path))
    lib = importlib.import_module(f"{uname}_lib")
    path = tmp_path / "bridge.log"
    fh = picolog.FileHandler(path)
    fh.setFormatter(
        picolog.Formatter(
            "%(name)s %(levelname)s %(funcName)s %(filename)s %(threadName)s %(message)s"
        )
    )
    top = picolog.getLogger(uname)
    top.setLevel(picolog.INFO)
    top.addHandler(fh)
    saved_level = logging.getLogger().level
    capture = picolog.capture_stdlib()
    try:
        lib.work(1)
        top.setLevel(picolog.DEBUG)
        lib.work(2)
        assert logging.getLogger().level == saved_level
    finally:
        capture.close()
        top.removeHandler(fh)
        fh.close()
    assert logging.getLogger().level == saved_level
    lines = path.read_text().splitlines()
    prefix = f"{uname}.lib"
    fname = f"{uname}_lib.py"
    assert lines[0] == f"{prefix} INFO work {fname} MainThread working on 1"
    assert lines[1] == f"{prefix} ERROR work {fname} MainThread failed 1"
    assert lines[2] == "Traceback (most recent call last):"
    assert "ZeroDivisionError: division by zero" in lines
    assert f"{prefix} DEBUG work {fname} MainThread debug 2" in lines
    assert sum("working on" in line for line in lines) == 2
    sys.modules.pop(f"{uname}_lib", None)


def test_capture_stdlib_keeps_extra_fields(uname, list_handler):
    h = list_handler()
    top = picolog.getLogger(uname)
    top.addHandler(h)
    with picolog.capture_stdlib():
        logging.getLogger(uname).warning("x %s", "y", extra={"job": "j1"})
    top.removeHandler(h)
    (rec,) = h.records
    assert rec.getMessage() == "x y" and rec.job == "j1" and rec.name == uname
    assert rec.funcName == "test_capture_stdlib_keeps_extra_fields"
