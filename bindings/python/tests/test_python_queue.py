"""QueueHandler(queue) with no picolog QueueListener running: records go
through the Python queue, as with logging, to whoever reads it."""

import logging
import logging.handlers
import multiprocessing
import queue

from support import attached

import picolog
import picolog.handlers


def test_a_reader_of_the_queue_gets_prepared_records(uname):
    que = queue.Queue()
    qh = picolog.handlers.QueueHandler(que)
    qh.setFormatter(picolog.Formatter("%(levelname)s %(message)s"))
    log = picolog.getLogger(uname)
    with attached(log, qh):
        log.warning("w %d", 1)
        try:
            raise KeyError("k")
        except KeyError:
            log.exception("e")
    first, second = que.get_nowait(), que.get_nowait()
    assert first.msg == first.message == "WARNING w 1" and first.args is None
    assert second.msg.startswith("ERROR e\nTraceback") and second.exc_info is None
    assert que.empty()


def test_loggings_queue_listener_serves_a_picolog_queue_handler(uname, tmp_path):
    que = queue.Queue()
    qh = picolog.handlers.QueueHandler(que)
    path = tmp_path / "std.log"
    fh = logging.FileHandler(path)
    fh.setFormatter(logging.Formatter("%(name)s %(message)s"))
    listener = logging.handlers.QueueListener(que, fh)
    listener.start()
    log = picolog.getLogger(uname)
    with attached(log, qh):
        for i in range(100):
            log.warning("r%d", i)
    listener.stop()
    fh.close()
    assert path.read_text().splitlines() == [f"{uname} r{i}" for i in range(100)]


def _child(que, name):
    import picolog
    import picolog.handlers

    log = picolog.getLogger(name)
    log.addHandler(picolog.handlers.QueueHandler(que))
    for i in range(50):
        log.warning("child %d", i)


def test_records_of_another_process_arrive_through_a_multiprocessing_queue(uname):
    ctx = multiprocessing.get_context("spawn")
    que = ctx.Queue()
    proc = ctx.Process(target=_child, args=(que, uname))
    proc.start()
    got = [que.get(timeout=60).getMessage() for _ in range(50)]
    proc.join(timeout=60)
    assert proc.exitcode == 0
    assert got == [f"child {i}" for i in range(50)]


def test_flushing_a_queue_handler_without_a_listener_is_quiet(uname, capfd):
    que = queue.Queue()
    qh = picolog.handlers.QueueHandler(que)
    log = picolog.getLogger(uname)
    with attached(log, qh):
        log.warning("kept")
        qh.flush()
        picolog.flush()
    assert capfd.readouterr().err == ""
    assert que.get_nowait().getMessage() == "kept"


def test_a_listener_stopped_twice_or_never_started_stops_quietly():
    que = queue.Queue()
    listener = picolog.handlers.QueueListener(que)
    listener.stop()
    listener.start()
    listener.stop()
    listener.stop()
    assert que.empty() or que.get_nowait() is None
