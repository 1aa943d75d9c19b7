"""picolog.config.dictConfig refuses what the runtime cannot hold before any
logger changes, as it refuses a missing handler: the previous configuration
stays whole."""

import re

import pytest
from config_support import config_isolation  # noqa: F401

import picolog
import picolog.config

pytestmark = pytest.mark.usefixtures("config_isolation")

BASE = {"version": 1, "disable_existing_loggers": False}


def configured(name, tmp_path):
    """The logger `name` configured with a file handler at INFO."""
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {
                "file": {"class": "logging.FileHandler", "filename": str(tmp_path / "good.log")}
            },
            "loggers": {name: {"handlers": ["file"], "level": "INFO"}},
        }
    )
    return picolog.getLogger(name)


def assert_unchanged(logger):
    assert [h.name for h in logger.handlers] == ["file"]
    assert logger.level == picolog.INFO
    assert logger.handlers[0].level == picolog.NOTSET


def refused(config, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        picolog.config.dictConfig(config)


@pytest.mark.parametrize("level", [-1, 2**31, 2**40])
def test_a_logger_level_out_of_range(uname, tmp_path, level):
    logger = configured(f"{uname}.a", tmp_path)
    config = {
        **BASE,
        "handlers": {"null": {"class": "logging.NullHandler"}},
        "loggers": {
            f"{uname}.a": {"handlers": ["null"], "level": "DEBUG"},
            f"{uname}.b": {"level": level},
        },
    }
    refused(config, f"Unable to configure logger '{uname}.b'")
    assert_unchanged(logger)


def test_an_incremental_level_out_of_range(uname, tmp_path):
    logger = configured(f"{uname}.a", tmp_path)
    config = {
        "version": 1,
        "incremental": True,
        "handlers": {"file": {"level": "ERROR"}},
        "loggers": {f"{uname}.a": {"level": "DEBUG"}},
        "root": {"level": -1},
    }
    refused(config, "Unable to configure root logger")
    assert_unchanged(logger)


@pytest.mark.parametrize("name", [7, "a\0b"])
def test_a_logger_name_getLogger_refuses(uname, tmp_path, name):
    logger = configured(f"{uname}.a", tmp_path)
    config = {**BASE, "loggers": {f"{uname}.a": {"level": "ERROR"}, name: {"level": "DEBUG"}}}
    refused(config, f"Unable to configure logger {name!r}")
    assert_unchanged(logger)


class _NotAHandler:
    """What a `()` factory may make: an object that takes a name and no record."""


def test_an_object_that_is_no_handler_on_a_logger(uname, tmp_path):
    logger = configured(f"{uname}.a", tmp_path)
    config = {
        **BASE,
        "handlers": {"odd": {"()": _NotAHandler}},
        "loggers": {f"{uname}.a": {"handlers": ["odd"], "level": "ERROR"}},
    }
    refused(config, f"Unable to configure logger '{uname}.a'")
    assert_unchanged(logger)


def test_a_refused_configuration_keeps_the_handler_names(uname, tmp_path):
    # A refused configuration whose handler took the name "file" gives it
    # back: the previous handler is found by name, incremental included.
    logger = configured(f"{uname}.a", tmp_path)
    (handler,) = logger.handlers
    config = {
        **BASE,
        "handlers": {"file": {"class": "logging.NullHandler"}},
        "loggers": {f"{uname}.a": {"handlers": ["file", "missing"]}},
    }
    refused(config, f"Unable to configure logger '{uname}.a'")
    assert picolog.getHandlerByName("file") is handler
    picolog.config.dictConfig(
        {"version": 1, "incremental": True, "handlers": {"file": {"level": "ERROR"}}}
    )
    assert handler.level == picolog.ERROR
