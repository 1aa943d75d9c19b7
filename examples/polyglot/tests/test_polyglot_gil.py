"""Rust threads log through picolog while the only Python thread holds the
GIL in a pure-Python busy loop: the native logging path never needs the GIL.

The Rust workers wait for a go flag that Python sets with a plain store (no
call, so the GIL is never released), and they set a done flag when their
last record is logged; Python reads it the same way. The switch interval is
raised for the loop: a thread that wants the GIL then waits for it far
longer than the loop may run, instead of forcing the loop to hand it over
after 5 ms. So if the workers needed the GIL, the loop would run out of
iterations; a control with a Python handler in the path shows that it does.
faulthandler ends the process with a traceback should anything hang.
"""

import faulthandler
import sys
import threading

import picolog
import picolog.handlers
import pytest
from native_libs import NativeWorkers

THREADS = 4
RECORDS = 5000
# Far more iterations than the workers need (about 300 thousand, a few
# million on a loaded machine), few enough to fail within seconds.
SPIN_LIMIT = 30_000_000
WATCHDOG_SECONDS = 600


@pytest.fixture
def gil_held():
    """A switch interval longer than any loop of these tests, a watchdog, and
    the check that no other Python thread could take the GIL."""
    assert threading.active_count() == 1, (
        "the spinning thread must be the only Python thread"
    )
    interval = sys.getswitchinterval()
    sys.setswitchinterval(3600)
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()
    sys.setswitchinterval(interval)


def spin_while_rust_logs(threads, records, limit):
    """Starts the Rust workers, spins in Python until they are done or the
    limit is reached, then joins them. Returns (iterations, whether they
    finished during the loop, their stats)."""
    rust = NativeWorkers("rust")
    go, done = rust.go, rust.done
    rust.start(threads, records, wait_go=True)
    assert done[0] == 0
    go[0] = 1
    spins = 0
    while not done[0] and spins < limit:
        spins += 1
    finished = bool(done[0])
    # join() is a C call: it releases the GIL, so a stalled worker resumes.
    stats = rust.join()
    return spins, finished, stats


def test_rust_threads_log_while_python_holds_the_gil(app, tmp_path, gil_held):
    app.setLevel(picolog.DEBUG)
    file = picolog.FileHandler(tmp_path / "gil.log", mode="w")
    queue = picolog.handlers.QueueHandler(
        handlers=[file], capacity=1024, overflow="block"
    )
    app.addHandler(queue)

    spins, finished, stats = spin_while_rust_logs(THREADS, RECORDS, SPIN_LIMIT)

    assert finished, (
        f"the Rust workers did not finish in {spins} iterations with the GIL held"
    )
    assert spins > 0
    expected = THREADS * (4 * RECORDS + 1)
    assert (stats["logged"], stats["failed"]) == (expected, 0)
    queue.flush()
    assert queue.stats()["emitted"] == expected
    with open(tmp_path / "gil.log") as lines:
        assert sum(1 for _ in lines) == expected
    app.removeHandler(queue)
    queue.close()


class PythonCounter(picolog.Handler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def emit(self, record):
        self.count += 1


def test_control_a_python_handler_stalls_rust_while_the_gil_is_held(app, gil_held):
    app.setLevel(picolog.DEBUG)
    counter = PythonCounter()
    app.addHandler(counter)

    spins, finished, stats = spin_while_rust_logs(2, 10, 2_000_000)

    assert not finished, "records reached a Python handler without the GIL"
    assert spins == 2_000_000
    assert stats["logged"] == counter.count == 2 * (4 * 10 + 1)
