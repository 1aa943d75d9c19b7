"""SystemExit and KeyboardInterrupt raised by a handler or a filter leave the
log call, as in logging: a handler that ends the program on a critical
record, and Ctrl-C landing inside emit, work as they do there."""

import pytest
from support import run_script

SCRIPT = """
import sys
log = __import__(sys.argv[1])
kind = sys.argv[2]

class Fatal(log.Handler):
    def emit(self, record):
        if record.levelno >= log.CRITICAL:
            if kind == "interrupt":
                raise KeyboardInterrupt
            sys.exit(7)
        print("emitted", record.getMessage(), flush=True)

class Stop(log.Filter):
    def filter(self, record):
        if record.getMessage() == "stop":
            sys.exit(9)
        return True

lg = log.getLogger("escaping")
lg.propagate = False
lg.addHandler(Fatal())
lg.warning("one")
if kind == "filter":
    lg.addFilter(Stop())
    lg.warning("stop")
if kind == "nested":
    inner = log.getLogger("escaping.inner")
    inner.propagate = False
    inner.addHandler(Fatal())

    class Relay(log.Handler):
        def emit(self, record):
            inner.critical("relayed")
            print("not reached", flush=True)

    lg.addHandler(Relay())
    lg.warning("two")
try:
    lg.critical("fatal")
except KeyboardInterrupt:
    print("interrupted at the call", flush=True)
lg.warning("after")
"""


@pytest.mark.parametrize("kind", ["exit", "interrupt", "filter", "nested"])
def test_system_exit_and_keyboard_interrupt_leave_the_log_call_as_in_logging(tmp_path, kind):
    results = {}
    for module in ("logging", "picolog"):
        result = run_script(SCRIPT, tmp_path, module, kind)
        results[module] = (result.returncode, result.stdout, result.stderr)
    assert results["picolog"] == results["logging"]
    assert results["logging"][0] in (0, 7, 9)


FROM_C = """
import signal
import sys
import picolog
from picolog._ffi import lib

# Python's own SIGINT handler (also where the test runs as a background job
# of a shell, which starts with SIGINT ignored), or SIGINT ignored.
python_sigint = sys.argv[1] == "python"
signal.signal(signal.SIGINT, signal.default_int_handler if python_sigint else signal.SIG_IGN)

class Fatal(picolog.Handler):
    def emit(self, record):
        raise KeyboardInterrupt

lg = picolog.getLogger("from_c")
lg.addHandler(Fatal())
try:
    lib.picolog_log(lg._ptr, 50, b"from C")
    for _ in range(1000):
        pass
    print("went on")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_a_keyboard_interrupt_in_a_record_from_c_reaches_the_main_thread(tmp_path):
    # No Python log call waits for the record: the interrupt is raised again
    # in the main thread, as the signal would be.
    result = run_script(FROM_C, tmp_path, "python")
    assert (result.returncode, result.stdout, result.stderr) == (0, "interrupted\n", "")


def test_a_keyboard_interrupt_from_c_with_sigint_ignored_is_reported(tmp_path):
    # With SIGINT ignored nothing would raise it again: it is reported.
    result = run_script(FROM_C, tmp_path, "ignored")
    assert (result.returncode, result.stdout) == (0, "went on\n")
    assert result.stderr.startswith("--- Logging error ---\nKeyboardInterrupt() in a handler")
    assert result.stderr.endswith("\nKeyboardInterrupt\n") and "picolog:" not in result.stderr
