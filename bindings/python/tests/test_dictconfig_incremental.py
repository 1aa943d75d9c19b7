"""Incremental dictConfig finds the handlers logging's would: the named
ones, whose table a full configuration clears."""

import io
import logging
import logging.config

import pytest
from config_support import config_isolation, config_of  # noqa: F401

import picolog
import picolog.config

pytestmark = pytest.mark.usefixtures("config_isolation")

BASE = {"version": 1, "disable_existing_loggers": False}


MINIMAL_INI = """
[loggers]
keys=root
[handlers]
keys=
[formatters]
keys=
[logger_root]
handlers=
"""


@pytest.mark.parametrize("mod", [logging, picolog])
@pytest.mark.parametrize("full", ["dictConfig", "fileConfig"])
def test_incremental_does_not_find_a_handler_named_before_a_full_configuration(mod, full, uname):
    # As logging: a full configuration clears the table of named handlers,
    # so neither a retired handler still on a logger nor one named in code
    # before it can be changed by a later incremental configuration.
    config_of(mod).dictConfig(
        {
            **BASE,
            "handlers": {f"{uname}-old": {"class": "logging.NullHandler"}},
            "loggers": {f"{uname}.old": {"handlers": [f"{uname}-old"]}},
        }
    )
    coded = mod.NullHandler()
    coded.name = f"{uname}-coded"
    mod.getLogger(f"{uname}.coded").addHandler(coded)
    if full == "dictConfig":
        config_of(mod).dictConfig(BASE)
    else:
        config_of(mod).fileConfig(io.StringIO(MINIMAL_INI), disable_existing_loggers=False)
    (old,) = mod.getLogger(f"{uname}.old").handlers
    for handler in (old, coded):
        with pytest.raises(ValueError, match=f"No handler found with name '{handler.name}'"):
            config_of(mod).dictConfig(
                {"version": 1, "incremental": True, "handlers": {handler.name: {"level": "ERROR"}}}
            )
        assert handler.level == mod.NOTSET
    if mod is picolog:
        assert picolog.getHandlerByName(old.name) is None
        assert picolog.getHandlerByName(coded.name) is None
        assert not {old.name, coded.name} & picolog.getHandlerNames()


class _ThirdParty(logging.Handler):
    """A handler class of the standard module, as a library may bring."""

    def emit(self, record):
        pass


def test_incremental_finds_a_standard_handler_the_configuration_made(uname):
    # Its name is in logging's table, not picolog's: picolog's incremental
    # finds it among the handlers of the last full configuration.
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {f"{uname}-std": {"()": _ThirdParty}},
            "loggers": {uname: {"handlers": [f"{uname}-std"]}},
        }
    )
    (handler,) = picolog.getLogger(uname).handlers
    incremental = {
        "version": 1,
        "incremental": True,
        "handlers": {handler.name: {"level": "ERROR"}},
    }
    picolog.config.dictConfig(incremental)
    assert handler.level == logging.ERROR
    picolog.config.dictConfig(BASE)
    with pytest.raises(ValueError, match="No handler found"):
        picolog.config.dictConfig(incremental)
