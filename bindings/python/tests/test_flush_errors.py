"""A Python handler whose flush raises when C runs the flush (picolog.flush(),
shutdown, exit): reported once, as logging reports it, and not at all with
raiseExceptions False."""

import pytest
from support import attached, run_script

import picolog


class _FailingFlush(picolog.Handler):
    def emit(self, record):
        pass

    def flush(self):
        raise RuntimeError("flush bug")


def test_a_failing_flush_is_reported_by_python_alone(uname, capfd, monkeypatch):
    lg = picolog.getLogger(uname)
    loud = _FailingFlush()
    with attached(lg, loud, close=False):
        with pytest.raises(OSError):
            picolog.flush()
    err = capfd.readouterr().err
    assert err.count("--- Logging error ---") == 1 and "RuntimeError: flush bug" in err
    assert "picolog:" not in err
    assert loud.failures() == 1

    monkeypatch.setattr(picolog, "raiseExceptions", False)
    quiet = _FailingFlush()
    with attached(lg, quiet, close=False):
        for _ in range(2):
            with pytest.raises(OSError):
                picolog.flush()
    assert capfd.readouterr().err == ""
    assert quiet.failures() == 2


EXIT_SCRIPT = """
import sys
log = __import__(sys.argv[1])
log.raiseExceptions = sys.argv[2] == "loud"

class FailingFlush(log.Handler):
    def emit(self, record):
        pass

    def flush(self):
        raise RuntimeError("flush bug")

log.getLogger("exit").addHandler(FailingFlush())
if sys.argv[3:] == ["shutdown"]:
    log.shutdown()
    print("shut down")
"""


@pytest.mark.parametrize("module", ["logging", "picolog"])
def test_a_failing_flush_at_exit_is_reported_once_as_logging_does(module, tmp_path):
    loud = run_script(EXIT_SCRIPT, tmp_path, module, "loud")
    assert loud.returncode == 0
    assert loud.stderr.count("Traceback") == 1
    assert loud.stderr.count("RuntimeError: flush bug") == 1
    assert "picolog:" not in loud.stderr
    quiet = run_script(EXIT_SCRIPT, tmp_path, module, "quiet")
    assert (quiet.returncode, quiet.stderr) == (0, "")


@pytest.mark.parametrize("module", ["logging", "picolog"])
def test_shutdown_without_raise_exceptions_is_silent_as_logging_is(module, tmp_path):
    result = run_script(EXIT_SCRIPT, tmp_path, module, "quiet", "shutdown")
    assert (result.returncode, result.stdout, result.stderr) == (0, "shut down\n", "")
