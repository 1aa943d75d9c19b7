"""Many Python threads logging through a Python handler and a C stream handler at once."""

import faulthandler
import sys
import threading

import picolog

THREADS = 8
PER_THREAD = 10_000


class Counting(picolog.Handler):
    def __init__(self):
        super().__init__()
        self.seen = {}

    def emit(self, record):
        key = record.threadName
        self.seen[key] = self.seen.get(key, 0) + 1
        assert record.getMessage().startswith(key)


def test_eight_threads_no_deadlock_nothing_lost(tmp_path, uname, monkeypatch):
    path = tmp_path / "stderr.log"
    with open(path, "w", encoding="utf-8") as fake_stderr:
        monkeypatch.setattr(sys, "stderr", fake_stderr)
        native = picolog.StreamHandler()
        assert native._pl_mode[0] == "fd"
        native.setFormatter(picolog.Formatter("%(threadName)s %(message)s"))
        python = Counting()
        lg = picolog.getLogger(uname)
        lg.setLevel(picolog.INFO)
        lg.addHandler(native)
        lg.addHandler(python)
        start = threading.Barrier(THREADS)

        def work():
            start.wait()
            name = threading.current_thread().name
            for i in range(PER_THREAD):
                lg.info("%s record %d", name, i)

        threads = [threading.Thread(target=work, name=f"w{n}") for n in range(THREADS)]
        faulthandler.dump_traceback_later(300, exit=True)
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            faulthandler.cancel_dump_traceback_later()
            lg.removeHandler(native)
            lg.removeHandler(python)
            native.flush()
    lines = path.read_text().splitlines()
    assert len(lines) == THREADS * PER_THREAD
    for n in range(THREADS):
        mine = [line for line in lines if line.startswith(f"w{n} ")]
        assert mine == [f"w{n} w{n} record {i}" for i in range(PER_THREAD)]
    assert python.seen == {f"w{n}": PER_THREAD for n in range(THREADS)}
    assert python.failures() == 0
