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


SCRIPT = """
import atexit
import importlib
import logging
import sys

log = importlib.import_module(sys.argv[1])
handlers = importlib.import_module(sys.argv[1] + ".handlers")
# A logging.Handler is logging's too: its exit hook flushes it again.
log.raiseExceptions = logging.raiseExceptions = sys.argv[2] == "loud"
base, args = {
    "Handler": (log.Handler, ()),
    "StreamHandler": (log.StreamHandler, ()),
    "BufferingHandler": (handlers.BufferingHandler, (10,)),
    "MemoryHandler": (handlers.MemoryHandler, (10,)),
    "logging.Handler": (logging.Handler, ()),
}[sys.argv[3]]

class FailingFlush(base):
    def emit(self, record):
        pass

    def flush(self):
        raise RuntimeError("flush bug")

log.getLogger("flush").addHandler(FailingFlush(*args))
# Registered after the exit hooks of log, so it runs before them.
atexit.register(sys.stderr.write, "=== exit\\n")
if sys.argv[4] == "shutdown":
    log.shutdown()
    print("shut down")
"""

# Handlers that define flush() alone: a BufferingHandler's close() flushes.
KINDS = ["Handler", "StreamHandler", "BufferingHandler", "MemoryHandler"]


# A logging.Handler is flushed at exit by picolog's hook, which reports its
# failure, and then by logging's, which must not report it again.
@pytest.mark.parametrize("kind", [*KINDS, "logging.Handler"])
@pytest.mark.parametrize("module", ["logging", "picolog"])
def test_a_failing_flush_at_exit_is_reported_once_as_logging_does(module, kind, tmp_path):
    loud = run_script(SCRIPT, tmp_path, module, "loud", kind, "exit")
    assert (loud.returncode, loud.stdout) == (0, "")
    assert loud.stderr.startswith("=== exit\n")
    assert loud.stderr.count("Traceback") == 1
    assert loud.stderr.count("RuntimeError: flush bug") == 1
    assert "picolog:" not in loud.stderr
    quiet = run_script(SCRIPT, tmp_path, module, "quiet", kind, "exit")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "=== exit\n")


@pytest.mark.parametrize("kind", [*KINDS, "logging.Handler"])
@pytest.mark.parametrize("module", ["logging", "picolog"])
def test_a_failing_flush_in_shutdown_is_reported_once_as_logging_does(module, kind, tmp_path):
    # logging's shutdown() raises it (its traceback is the one report) and
    # calls neither flush() again nor close(). picolog reports it and raises
    # OSError once every handler is done.
    loud = run_script(SCRIPT, tmp_path, module, "loud", kind, "shutdown")
    during = loud.stderr.partition("=== exit\n")[0]
    assert (loud.returncode, loud.stdout) == (1, "")
    assert during.count("RuntimeError: flush bug") == 1
    assert "picolog:" not in loud.stderr
    quiet = run_script(SCRIPT, tmp_path, module, "quiet", kind, "shutdown")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "shut down\n", "=== exit\n")
