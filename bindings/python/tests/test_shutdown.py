"""Process exit: queued records reach their file; callbacks stop before Python goes."""

import subprocess
import sys
import textwrap

SCRIPT = """
import picolog
from picolog.handlers import QueueHandler

class Slow(picolog.Handler):
    def emit(self, record):
        sum(range(200))

fh = picolog.FileHandler({path!r})
qh = QueueHandler(handlers=[fh, Slow()], capacity=100000)
lg = picolog.getLogger("exit")
lg.addHandler(qh)
for i in range({count}):
    lg.warning("record %d", i)
print(qh.stats()["queued"] > 0)
"""


def _run(script, tmp_path):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


def test_exit_with_records_still_queued(tmp_path):
    path = tmp_path / "exit.log"
    count = 20000
    result = _run(SCRIPT.format(path=str(path), count=count), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = path.read_text().splitlines()
    assert lines == [f"record {i}" for i in range(count)]


def test_python_handler_records_after_shutdown_do_not_crash(tmp_path):
    script = """
    import threading
    import picolog

    class Echo(picolog.Handler):
        def emit(self, record):
            print(record.getMessage(), flush=True)

    lg = picolog.getLogger("late")
    lg.addHandler(Echo())
    lg.warning("before exit")

    def spam():
        while True:
            lg.warning("daemon")

    threading.Thread(target=spam, daemon=True).start()
    """
    result = _run(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("before exit\n")
