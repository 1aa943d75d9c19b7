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


def _task_file(path):
    """A C file handler writing each record's task name and message."""
    handler = picolog.FileHandler(path)
    handler.setFormatter(picolog.Formatter("%(taskName)s %(message)s"))
    return handler


def _file_lines(path, logger, body, name="worker"):
    with attached(logger, _task_file(path)):
        _in_task(body, name)
    return path.read_text().splitlines()


def test_a_task_name_with_a_nul_byte_is_escaped(tmp_path, uname):
    logger = picolog.getLogger(uname)
    logger.propagate = False

    async def body():
        logger.warning("named")

    assert _file_lines(tmp_path / "nul.log", logger, body, "a\0b") == ["a\\0b named"]


@pytest.mark.usefixtures("c_methods")
def test_log_asyncio_tasks_reaches_the_c_methods(tmp_path, uname, monkeypatch):
    logger = picolog.getLogger(uname)
    logger.propagate = False

    async def body():
        logger.warning("on")
        picolog.logAsyncioTasks = False
        logger.warning("off")
        picolog.logAsyncioTasks = []  # falsy, as logging tests it
        logger.warning("empty list")
        del picolog.logAsyncioTasks  # unset: its default
        logger.warning("unset")
        picolog.logAsyncioTasks = True
        logger.warning("on again")

    monkeypatch.setattr(picolog, "logAsyncioTasks", True)
    # A record without the field: C's formatters write it empty.
    assert _file_lines(tmp_path / "switch.log", logger, body) == [
        "worker on",
        " off",
        " empty list",
        "worker unset",
        "worker on again",
    ]


@pytest.mark.usefixtures("c_methods")
def test_the_task_is_asked_of_asyncio_at_each_call(tmp_path, uname, monkeypatch):
    # asyncio's functions are read from the module at each call, so a
    # replaced current_task is the one asked, as logging asks it.
    class Named:
        def get_name(self):
            return "replaced"

    logger = picolog.getLogger(uname)
    logger.propagate = False

    async def body():
        logger.warning("before")
        monkeypatch.setattr(asyncio, "current_task", lambda loop=None: Named())
        logger.warning("after")

    assert _file_lines(tmp_path / "replaced.log", logger, body) == [
        "worker before",
        "replaced after",
    ]


@pytest.mark.usefixtures("c_methods")
def test_a_long_task_name_is_carried_whole(tmp_path, uname):
    logger = picolog.getLogger(uname)
    logger.propagate = False
    name = "t" * 300 + "\u00e9"

    async def body():
        logger.warning("long")

    assert _file_lines(tmp_path / "long.log", logger, body, name) == [f"{name} long"]


@pytest.mark.usefixtures("c_methods")
def test_a_queued_record_carries_its_task_name(tmp_path, uname):
    path = tmp_path / "queued.log"
    logger = picolog.getLogger(uname)
    logger.propagate = False
    queue_handler = QueueHandler(handlers=[_task_file(path)])
    with attached(logger, queue_handler):

        async def body():
            for i in range(3):
                logger.warning("queued %d", i)

        _in_task(body, "queued-task")
        logger.warning("outside")
        queue_handler.flush()
    queue_handler.close()
    assert path.read_text().splitlines() == [
        "queued-task queued 0",
        "queued-task queued 1",
        "queued-task queued 2",
        " outside",
    ]
