"""picolog.config.dictConfig with queue handlers: logging's queue and
QueueListener by default, picolog's native queue when the entry asks for it,
the listener left for the application to start, and 3.13's checks of queue
and listener specifiers."""

import queue

import pytest
from config_support import config_isolation  # noqa: F401

import picolog
import picolog.config
from picolog.handlers import QueueHandler

pytestmark = pytest.mark.usefixtures("config_isolation")

FMT = "%(levelname)s:%(name)s:%(message)s"
BASE = {"version": 1, "disable_existing_loggers": False}


def file_handler(path, **extra):
    return {"class": "logging.FileHandler", "filename": path, **extra}


def test_queue_handler_writes_to_a_file(tmp_path, uname):
    path = tmp_path / "queued.log"
    picolog.config.dictConfig(
        {
            **BASE,
            "formatters": {"plain": {"format": FMT}},
            "handlers": {
                "a_queue": {
                    "class": "logging.handlers.QueueHandler",
                    "handlers": ["file"],
                    "queue": {"()": "queue.Queue", "maxsize": 16},
                    "overflow": "block",
                },
                "file": file_handler(str(path), formatter="plain"),
            },
            "loggers": {uname: {"handlers": ["a_queue"], "level": "INFO"}},
        }
    )
    lg = picolog.getLogger(uname)
    (qh,) = lg.handlers
    assert isinstance(qh, QueueHandler) and isinstance(qh.listener, picolog.handlers.NativeListener)
    assert qh.capacity == 16 and qh.listener.queue is qh.queue
    # As in logging, the listener waits for start(); records wait in the queue.
    for i in range(10):
        lg.info("record %d", i)
    assert qh.handlers == () and path.read_text() == ""
    qh.listener.start()
    assert [h.name for h in qh.handlers] == ["file"]
    for i in range(10, 100):
        lg.info("record %d", i)
    qh.flush()
    assert path.read_text() == "".join(f"INFO:{uname}:record {i}\n" for i in range(100))
    assert qh.stats()["emitted"] == 90
    qh.listener.stop()


def test_queue_handler_from_a_queue_object_and_listener_class(tmp_path, uname):
    path = tmp_path / "queued.log"
    que = queue.Queue()
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {
                "file": file_handler(str(path), level="ERROR"),
                "q": {
                    "class": "logging.handlers.QueueHandler",
                    "queue": que,
                    "listener": "logging.handlers.QueueListener",
                    "handlers": ["file"],
                    "respect_handler_level": True,
                },
            },
            "loggers": {uname: {"handlers": ["q"]}},
        }
    )
    lg = picolog.getLogger(uname)
    (qh,) = lg.handlers
    assert qh.queue is que and qh.listener.queue is que
    assert type(qh.listener) is picolog.handlers.QueueListener
    lg.warning("below the file's level")
    lg.error("written")
    assert path.read_text() == ""  # not started: dictConfig leaves that to the application
    qh.listener.start()
    qh.listener.stop()
    assert path.read_text() == "written\n"


def test_queue_handler_without_picolog_options_is_loggings(tmp_path, uname):
    """No listener key and none of picolog's queue options: a Python queue and
    logging's QueueListener, as logging builds them."""
    path = tmp_path / "queued.log"
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {
                "file": file_handler(str(path)),
                "q": {"class": "logging.handlers.QueueHandler", "handlers": ["file"]},
            },
            "loggers": {uname: {"handlers": ["q"]}},
        }
    )
    (qh,) = picolog.getLogger(uname).handlers
    assert isinstance(qh.queue, queue.Queue) and qh.listener.queue is qh.queue
    assert type(qh.listener) is picolog.handlers.QueueListener
    picolog.getLogger(uname).warning("through the Python queue")
    qh.listener.start()
    qh.listener.queue.join()
    qh.listener.stop()
    assert path.read_text() == "through the Python queue\n"


@pytest.mark.parametrize("spec", [4, "", object(), {"maxsize": 3}])
def test_bad_queue_specifier(spec):
    with pytest.raises(ValueError, match="Unable to configure handler 'q'"):
        picolog.config.dictConfig(
            {**BASE, "handlers": {"q": {"class": "logging.handlers.QueueHandler", "queue": spec}}}
        )


@pytest.mark.parametrize("spec", [4, int, "", {"arg": 1}])
def test_bad_listener_specifier(spec):
    entry = {"class": "logging.handlers.QueueHandler", "listener": spec}
    with pytest.raises(ValueError, match="Unable to configure handler 'q'"):
        picolog.config.dictConfig({**BASE, "handlers": {"q": entry}})


def test_handler_class_given_as_an_object_gets_its_keywords(uname):
    class Custom(QueueHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(queue.Queue())
            self.custom = kwargs

    picolog.config.dictConfig(
        {**BASE, "handlers": {"c": {"class": Custom, "foo": "bar"}}, "loggers": {uname: {}}}
    )
    assert picolog.getHandlerByName("c").custom == {"foo": "bar"}


def test_native_listener_handler_cannot_be_on_a_logger(uname):
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {
                "null": {"class": "logging.NullHandler"},
                "q": {
                    "class": "logging.handlers.QueueHandler",
                    "handlers": ["null"],
                    "capacity": 8,
                },
            },
            "loggers": {uname: {"handlers": ["q", "null"]}},
        }
    )
    qh = picolog.getHandlerByName("q")
    with pytest.raises(ValueError, match="attached to a logger"):
        qh.listener.start()
    picolog.getLogger(uname).handlers = []
