"""QueueHandler / QueueListener over the C queue and its listener thread."""

import faulthandler
import os
import queue
import threading

import pytest
from support import attached

import picolog
from picolog.handlers import QueueHandler, QueueListener


class Collect(picolog.Handler):
    def __init__(self, level=picolog.NOTSET):
        super().__init__(level)
        self.records = []
        self.threads = set()

    def emit(self, record):
        self.threads.add(threading.get_ident())
        self.records.append((record.name, record.levelname, record.getMessage(), record.user))


def test_listener_thread_calls_python_handler_while_main_logs(tmp_path, uname):
    collect = Collect()
    path = tmp_path / "q.log"
    fh = picolog.FileHandler(path)
    fh.setFormatter(picolog.Formatter("%(levelname)s %(message)s %(user)s"))
    qh = QueueHandler(handlers=[collect, fh], capacity=64)
    lg = picolog.getLogger(uname)
    lg.addHandler(qh)
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        for i in range(5000):
            lg.warning("n=%d", i, extra={"user": f"u{i % 7}"})
        qh.flush()
    finally:
        faulthandler.cancel_dump_traceback_later()
        lg.removeHandler(qh)
    assert collect.records == [(uname, "WARNING", f"n={i}", f"u{i % 7}") for i in range(5000)]
    assert threading.get_ident() not in collect.threads and len(collect.threads) == 1
    assert path.read_text().splitlines() == [f"WARNING n={i} u{i % 7}" for i in range(5000)]
    stats = qh.stats()
    assert stats["enqueued"] == 5000 and stats["emitted"] == 5000
    assert stats["capacity"] == 64 and stats["queued"] == 0 and stats["failed"] == 0
    qh.close()
    assert qh.stats()["queued"] == 0


def test_drop_newest_counts_what_it_drops(uname):
    gate = threading.Event()
    entered = threading.Event()

    class Blocking(picolog.Handler):
        def __init__(self):
            super().__init__()
            self.messages = []

        def emit(self, record):
            entered.set()
            gate.wait()
            self.messages.append(record.getMessage())

    blocking = Blocking()
    qh = QueueHandler(handlers=[blocking], capacity=4, overflow="drop_newest")
    lg = picolog.getLogger(uname)
    lg.addHandler(qh)
    try:
        lg.warning("first")
        assert entered.wait(60)
        for i in range(10):
            lg.warning("m%d", i)
        stats = qh.stats()
        gate.set()
        qh.flush()
    finally:
        gate.set()
        lg.removeHandler(qh)
        qh.close()
    assert stats["dropped_newest"] == 6
    assert blocking.messages == ["first", "m0", "m1", "m2", "m3"]
    final = qh.stats()
    assert final["enqueued"] == 5 and final["emitted"] == 5


def test_respect_handler_level(uname):
    errors_only = Collect(picolog.ERROR)
    qh = QueueHandler(handlers=[errors_only], respect_handler_level=True)
    lg = picolog.getLogger(uname)
    with attached(lg, qh):
        lg.warning("w", extra={"user": 1})
        lg.error("e", extra={"user": 2})
        qh.flush()
    assert [r[2] for r in errors_only.records] == ["e"]


def test_stdlib_shaped_queue_listener(tmp_path, uname):
    que = queue.Queue(100)
    qh = QueueHandler(que)
    lg = picolog.getLogger(uname)
    lg.addHandler(qh)
    assert qh in lg.handlers
    path = tmp_path / "l.log"
    fh = picolog.FileHandler(path)
    listener = QueueListener(que, fh, respect_handler_level=True)
    lg.warning("before start: kept in the queue")
    listener.start()
    lg.warning("one")
    lg.warning("two")
    listener.stop()
    lg.warning("after stop: kept in the queue")
    listener.start()
    lg.warning("three")
    listener.stop()
    lg.removeHandler(qh)
    qh.close()
    fh.close()
    assert path.read_text() == (
        "before start: kept in the queue\none\ntwo\nafter stop: kept in the queue\nthree\n"
    )


def test_a_native_listener_stops_and_starts_again(tmp_path, uname):
    path = tmp_path / "n.log"
    fh = picolog.FileHandler(path)
    qh = QueueHandler(handlers=[fh])
    lg = picolog.getLogger(uname)
    with attached(lg, qh):
        lg.warning("one")
        qh.listener.stop()
        qh.listener.stop()
        qh.listener.start()
        with pytest.raises(RuntimeError):
            qh.listener.start()
        lg.warning("two")
        qh.flush()
        assert qh.handlers == (fh,)
    assert path.read_text() == "one\ntwo\n"


def test_bad_queue_options():
    with pytest.raises(ValueError):
        QueueHandler(handlers=[], overflow="sometimes")
    with pytest.raises(ValueError):
        QueueHandler(handlers=[], overflow="block_timeout")
    with pytest.raises(ValueError):
        QueueHandler(handlers=[], capacity=0)
    with pytest.raises(ValueError):
        QueueHandler()


def test_a_listener_handler_cannot_be_on_a_logger(uname):
    h = Collect()
    lg = picolog.getLogger(uname)
    lg.addHandler(h)
    with pytest.raises(ValueError):
        QueueHandler(handlers=[h])
    lg.removeHandler(h)
    qh = QueueHandler(handlers=[h])
    with pytest.raises(ValueError):
        lg.addHandler(h)
    qh.close()


def test_a_queued_record_names_its_caller_and_thread(tmp_path, uname):
    # A native queue's free slot takes the record while the GIL is held.
    path = tmp_path / "caller.log"
    fh = picolog.FileHandler(path)
    fh.setFormatter(picolog.Formatter("%(funcName)s %(filename)s %(threadName)s %(message)s"))
    qh = QueueHandler(handlers=[fh])
    lg = picolog.getLogger(uname)

    def work():
        lg.warning("from %s", "work")

    with attached(lg, qh):
        worker = threading.Thread(target=work, name="worker-7")
        worker.start()
        worker.join()
        lg.warning("from %s", "main")
        qh.flush()
    assert path.read_text().splitlines() == [
        "work test_queue.py worker-7 from work",
        "test_a_queued_record_names_its_caller_and_thread test_queue.py MainThread from main",
    ]


def test_a_call_waiting_for_a_full_queue_lets_other_threads_run(tmp_path, uname):
    # The listener writes into a FIFO nobody reads yet: the pipe fills, then
    # the lane, and the logging thread waits. It must wait without the GIL,
    # or this thread could never read the FIFO and let it go on.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(reader, True)
    qh = QueueHandler(handlers=[picolog.FileHandler(fifo)], capacity=8, overflow="block")
    lg = picolog.getLogger(uname)
    count, line = 4000, "x" * 100

    def log_all():
        for _ in range(count):
            lg.warning(line)

    faulthandler.dump_traceback_later(120, exit=True)
    try:
        with attached(lg, qh):
            logging_thread = threading.Thread(target=log_all)
            logging_thread.start()
            received = b""
            while received.count(b"\n") < count:
                received += os.read(reader, 1 << 16)
            logging_thread.join()
    finally:
        faulthandler.cancel_dump_traceback_later()
        os.close(reader)
    assert received.decode().splitlines() == [line] * count
    assert qh.stats()["enqueued"] == count
