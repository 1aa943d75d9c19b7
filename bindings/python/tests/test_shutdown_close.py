"""shutdown() and exit call the close() of every Python handler, newest
first, as logging's shutdown does: a handler's own cleanup runs."""

import pytest
from support import run_script

SCRIPT = """
import sys
log = __import__(sys.argv[1])

class Closing(log.Handler):
    def __init__(self, label):
        super().__init__()
        self.label = label

    def emit(self, record):
        pass

    def close(self):
        print("closed", self.label)
        super().close()
        if sys.argv[2] in ("raise", "quiet"):
            raise RuntimeError("close bug")

log.raiseExceptions = sys.argv[2] != "quiet"
lg = log.getLogger("closing")
lg.addHandler(Closing("a"))
lg.addHandler(Closing("b"))
if sys.argv[2] == "explicit":
    log.shutdown()
    print("shut down")
"""


def _run(module, when, tmp_path):
    return run_script(SCRIPT, tmp_path, module, when)


@pytest.mark.parametrize("module", ["logging", "picolog"])
def test_exit_closes_python_handlers_as_logging_does(module, tmp_path):
    result = _run(module, "exit", tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "closed b\nclosed a\n"


@pytest.mark.parametrize("module", ["logging", "picolog"])
def test_shutdown_closes_python_handlers_as_logging_does(module, tmp_path):
    result = _run(module, "explicit", tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("closed b\nclosed a\nshut down\n")


@pytest.mark.parametrize("module", ["logging", "picolog"])
def test_a_close_that_raises_at_exit_is_reported_as_logging_does(module, tmp_path):
    # logging's shutdown raises at the first, so its atexit reports it once;
    # with raiseExceptions False it goes on, silently.
    loud = _run(module, "raise", tmp_path)
    assert loud.returncode == 0
    assert loud.stdout == "closed b\n"
    assert loud.stderr.startswith("Exception ignored in atexit callback")
    assert loud.stderr.count("RuntimeError: close bug") == 1
    quiet = _run(module, "quiet", tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "closed b\nclosed a\n", "")
