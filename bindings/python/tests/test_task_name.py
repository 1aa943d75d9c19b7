"""taskName (Python 3.12+): records of log calls made inside an asyncio task
carry the task's name, in C formatters and in Python handlers, through the
log methods' hot path and the full path alike."""

import asyncio
import logging
import sys
import threading

import pytest
from support import ListHandler, attached

import picolog
from picolog.handlers import QueueHandler

pytestmark = pytest.mark.skipif(sys.version_info < (3, 12), reason="taskName is Python 3.12's")


def _in_task(body, name="worker"):
    async def main():
        await asyncio.create_task(body(), name=name)

    asyncio.run(main())


def test_file_handler_formats_task_name_like_logging(both, uname):
    def scenario(log, path, name, setup):
        logger = log.getLogger(name)
        logger.setLevel(log.INFO)
        logger.propagate = False
        setup.file(logger, "%(taskName)s %(levelname)s %(message)s")

        async def body():
            logger.info("hot path %d", 1)
            logger.log(log.WARNING, "log() %s", "two")
            logger.info("with extra", extra={"user": "ann"})

        _in_task(body)

    expected, got = both.run(scenario, uname)
    assert got == expected
    assert got.splitlines()[0] == "worker INFO hot path 1"


def test_python_handler_sees_task_name(uname, call_path):
    logger = picolog.getLogger(uname)
    handler = ListHandler()
    with attached(logger, handler):
        logger.warning("outside")

        async def body():
            logger.warning("inside")

        _in_task(body, "named-task")
    assert [r.taskName for r in handler.records] == [None, "named-task"]


class _ThreadHandler(ListHandler):
    def __init__(self):
        super().__init__()
        self.threads = set()

    def emit(self, record):
        self.threads.add(threading.get_ident())
        super().emit(record)


def test_queue_listener_thread_keeps_task_name(uname):
    """A record handled on another thread keeps the name as C carried it."""
    logger = picolog.getLogger(uname)
    logger.propagate = False
    seen = _ThreadHandler()
    queue_handler = QueueHandler(handlers=[seen])
    with attached(logger, queue_handler):

        async def body():
            logger.warning("queued")

        _in_task(body, "far-task")
        queue_handler.flush()
    assert [(r.getMessage(), r.taskName) for r in seen.records] == [("queued", "far-task")]
    assert seen.threads and threading.get_ident() not in seen.threads


def test_log_asyncio_tasks_off(uname, monkeypatch, call_path):
    monkeypatch.setattr(picolog, "logAsyncioTasks", False)
    logger = picolog.getLogger(uname)
    handler = ListHandler()
    with attached(logger, handler):

        async def body():
            logger.warning("inside")

        _in_task(body)
    assert handler.records[0].taskName is None


def test_loop_callback_outside_a_task_has_none(uname):
    """A loop runs but no task does (a call_soon callback): None, as logging."""
    logger = picolog.getLogger(uname)
    handler = ListHandler()
    std_records = []
    std_handler = logging.Handler()
    std_handler.emit = std_records.append
    std_logger = logging.getLogger(uname)
    std_logger.addHandler(std_handler)
    try:
        with attached(logger, handler):

            async def main():
                done = asyncio.get_running_loop().create_future()

                def callback():
                    logger.warning("callback")
                    std_logger.warning("callback")
                    done.set_result(None)

                asyncio.get_running_loop().call_soon(callback)
                await done

            asyncio.run(main())
    finally:
        std_logger.removeHandler(std_handler)
    assert handler.records[0].taskName is std_records[0].taskName is None


def test_a_task_name_with_a_nul_byte_is_escaped(tmp_path, uname):
    path = tmp_path / "nul.log"
    logger = picolog.getLogger(uname)
    logger.propagate = False
    handler = picolog.FileHandler(path)
    handler.setFormatter(picolog.Formatter("%(taskName)s %(message)s"))
    with attached(logger, handler):

        async def body():
            logger.warning("named")

        _in_task(body, "a\0b")
    assert path.read_text() == "a\\0b named\n"
