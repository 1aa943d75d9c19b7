"""picolog.config.dictConfig: the same dict applied to logging and to picolog
writes the same bytes; errors name the failing item like logging's."""

import logging
import logging.config
import socket
import sys

import pytest
from config_support import config_isolation, config_of  # noqa: F401
from config_support import same_output as _same_output

import picolog
import picolog.config

pytestmark = pytest.mark.usefixtures("config_isolation")

FMT = "%(levelname)s:%(name)s:%(message)s"
BASE = {"version": 1, "disable_existing_loggers": False}


def same_output(both, name, make_config, actions):
    """make_config(path, name) through each module's dictConfig."""
    return _same_output(
        both,
        name,
        make_config,
        actions,
        lambda log, config, path: config_of(log).dictConfig(config),
    )


def file_handler(path, **extra):
    return {"class": "logging.FileHandler", "filename": path, **extra}


def test_formatters_with_datefmt_and_brace_style(both, uname):
    def make(path, name):
        return {
            **BASE,
            "formatters": {
                "dated": {"format": "%(asctime)s %(levelname)-8s %(message)s", "datefmt": "%Y"},
                "brace": {"format": "{levelname}|{name}|{message}", "style": "{"},
            },
            "handlers": {
                "a": file_handler(path, formatter="dated"),
                "b": file_handler(path, formatter="brace"),
            },
            "loggers": {name: {"handlers": ["a", "b"], "level": "DEBUG"}},
        }

    def actions(log, name):
        lg = log.getLogger(name)
        lg.debug("debug %d", 1)
        lg.getChild("child").warning("warn {not a field}")

    got = same_output(both, uname, make, actions)
    assert got.count("\n") == 4


def test_handler_level_name_filter_and_propagate(both, uname):
    def make(path, name):
        return {
            **BASE,
            "formatters": {"plain": {"format": FMT}, "child": {"format": "child " + FMT}},
            "filters": {"only_a": {"name": f"{name}.a"}},
            "handlers": {
                "warnings": file_handler(path, formatter="plain", level="WARNING"),
                "named": file_handler(path, formatter="plain", filters=["only_a"]),
                "own": file_handler(path, formatter="child"),
            },
            "loggers": {
                name: {"handlers": ["warnings", "named"], "level": "DEBUG"},
                f"{name}.quiet": {"handlers": ["own"], "propagate": False},
            },
        }

    def actions(log, name):
        lg = log.getLogger(name)
        for child in ("", ".a", ".ab", ".a.b"):
            target = log.getLogger(name + child)
            target.info("info")
            target.error("error")
        lg.getChild("quiet").warning("only in its own handler")

    got = same_output(both, uname, make, actions)
    assert got.count("\n") == 9


def test_root_handlers_and_level(both, uname):
    def make(path, name):
        return {
            **BASE,
            "formatters": {"plain": {"format": FMT}},
            "handlers": {"root_file": file_handler(path, formatter="plain")},
            "root": {"level": "INFO", "handlers": ["root_file"]},
            "loggers": {name: {"level": "ERROR"}},
        }

    def actions(log, name):
        log.getLogger(f"{name}x").debug("dropped by root's level")
        log.getLogger(f"{name}x").info("reaches root")
        log.getLogger(name).warning("dropped by its own level")
        log.getLogger(name).getChild("c").error("propagates to root")

    got = same_output(both, uname, make, actions)
    assert got.count("\n") == 2


@pytest.mark.parametrize("disable", [True, False])
def test_disable_existing_loggers(both, uname, disable):
    def make(path, name):
        return {
            "version": 1,
            "disable_existing_loggers": disable,
            "formatters": {"plain": {"format": FMT}},
            "handlers": {"file": file_handler(path, formatter="plain")},
            "loggers": {
                f"{name}.keep": {"handlers": ["file"], "level": "INFO"},
                f"{name}.old": {"handlers": ["file"]},
            },
        }

    def actions(log, name):
        child = log.getLogger(f"{name}.keep.child")
        child.setLevel(log.CRITICAL)
        child.propagate = False
        log.getLogger(f"{name}.old").disabled = True
        again = make(log.getLogger(f"{name}.keep").handlers[0].baseFilename, name)
        del again["loggers"][f"{name}.old"]
        config_of(log).dictConfig(again)
        log.getLogger(f"{name}.old").warning("old: disabled only when asked")
        child.warning("child of a named logger: reset")
        log.getLogger(f"{name}.keep").info("keep")

    got = same_output(both, uname, make, actions)
    assert ("old: disabled" in got) is not disable and "reset" in got and "keep" in got
    child = picolog.getLogger(f"{uname}.keep.child")
    assert child.level == picolog.NOTSET and child.propagate and not child.disabled
    assert picolog.getLogger(f"{uname}.old").disabled is disable


def test_ext_stream_and_level(capfd, uname):
    def make(name):
        return {
            **BASE,
            "formatters": {"plain": {"format": FMT}},
            "handlers": {
                "out": {
                    "class": "logging.StreamHandler",
                    "stream": "ext://sys.stdout",
                    "formatter": "plain",
                    "level": "ext://logging.INFO",
                }
            },
            "loggers": {name: {"handlers": ["out"], "level": "DEBUG"}},
        }

    written = []
    for mod in (logging, picolog):
        config_of(mod).dictConfig(make(uname))
        lg = mod.getLogger(uname)
        assert lg.handlers[0].stream is sys.stdout
        lg.debug("below the handler's level")
        lg.info("to stdout")
        mod.getLogger(uname).handlers[0].flush()
        written.append(capfd.readouterr().out)
    assert written[0] == written[1] == f"INFO:{uname}:to stdout\n"


def test_cfg_references_factories_and_attributes(both, uname):
    class OddOnly:
        def __init__(self, field):
            self.field = field

        def filter(self, record):
            return getattr(record, self.field) % 2 == 1

    def make(path, name):
        return {
            **BASE,
            "paths": {"log": path},
            "patterns": ["%(n)d " + FMT, "unused"],
            "formatters": {"numbered": {"format": "cfg://patterns[0]"}},
            "filters": {"odd": {"()": OddOnly, "field": "n"}},
            "handlers": {
                "file": {
                    "()": "logging.FileHandler",
                    "filename": "cfg://paths.log",
                    "formatter": "numbered",
                    "filters": ["odd"],
                    ".": {"terminator": "!\n"},
                }
            },
            "loggers": {name: {"handlers": ["file"], "level": "INFO"}},
        }

    def actions(log, name):
        for n in range(4):
            log.getLogger(name).warning("n is %d", n, extra={"n": n})

    got = same_output(both, uname, make, actions)
    assert got.count("!\n") == 2
    handler = picolog.getLogger(uname).handlers[0]
    assert isinstance(handler, picolog.FileHandler) and handler.name == "file"


def test_formatter_factory_and_class(both, uname):
    def make(path, name):
        return {
            **BASE,
            "formatters": {
                "made": {"()": "logging.Formatter", "fmt": "made " + FMT},
                "classed": {"class": "logging.Formatter", "format": "classed " + FMT},
            },
            "handlers": {
                "a": file_handler(path, formatter="made"),
                "b": file_handler(path, formatter="classed"),
            },
            "loggers": {name: {"handlers": ["a", "b"]}},
        }

    got = same_output(both, uname, make, lambda log, name: log.getLogger(name).error("e"))
    assert got.count("\n") == 2
    formatters = {h.name: h.formatter for h in picolog.getLogger(uname).handlers}
    assert all(type(f) is picolog.Formatter for f in formatters.values())


def test_incremental_changes_levels_and_propagate(both, uname):
    def make(path, name):
        return {
            **BASE,
            "formatters": {"plain": {"format": FMT}},
            "handlers": {"file": file_handler(path, formatter="plain", level="ERROR")},
            "loggers": {name: {"handlers": ["file"], "level": "ERROR"}},
        }

    def actions(log, name):
        lg = log.getLogger(name)
        lg.warning("dropped before")
        config_of(log).dictConfig(
            {
                "version": 1,
                "incremental": True,
                "handlers": {"file": {"level": "INFO"}},
                "loggers": {name: {"level": "DEBUG", "propagate": False}},
            }
        )
        lg.warning("passes after")
        lg.debug("dropped by the handler")
        assert lg.propagate is False and len(lg.handlers) == 1

    got = same_output(both, uname, make, actions)
    assert got.count("\n") == 1


def test_incremental_unknown_handler():
    with pytest.raises(ValueError, match="No handler found with name 'never'"):
        picolog.config.dictConfig(
            {"version": 1, "incremental": True, "handlers": {"never": {"level": "INFO"}}}
        )


@pytest.mark.parametrize("mod", [logging, picolog])
def test_incremental_finds_a_handler_named_in_code(mod, uname):
    # As logging: incremental looks a handler up among all named handlers
    # (logging._handlers), not only those a configuration made.
    handler = mod.NullHandler()
    handler.name = f"{uname}-named"
    mod.getLogger(uname).addHandler(handler)
    config_of(mod).dictConfig(
        {"version": 1, "incremental": True, "handlers": {handler.name: {"level": "ERROR"}}}
    )
    assert handler.level == mod.ERROR


@pytest.mark.parametrize(
    "config",
    [
        {"handlers": {"h": {"class": "no_such_module.Handler"}}},
        {"handlers": {"h": {"class": "logging.NoSuchHandler"}}},
        {"handlers": {"h": {"class": "logging.StreamHandler", "formatter": "missing"}}},
        {"handlers": {"h": {"class": "logging.StreamHandler", "level": "LOUD"}}},
        {"formatters": {"f": {"format": "%(message)s", "style": "?"}}},
        {"filters": {"f": {"()": "no_such_module.Filter"}}},
        {"loggers": {"x": {"handlers": ["missing"]}}},
        {"loggers": {"x": {"level": "LOUD"}}},
        {"root": {"filters": ["missing"]}},
        {"version": 2},
        {"version": None},
        # Lists where dicts of sections belong (found by the config fuzzer).
        {"formatters": ["f"]},
        {"filters": [0]},
        {"loggers": ["x"]},
    ],
)
def test_errors_match_logging(config):
    messages = []
    for mod in (logging, picolog):
        with pytest.raises(ValueError) as info:
            config_of(mod).dictConfig({"version": 1, **config})
        messages.append(str(info.value))
    assert messages[0] == messages[1] and messages[0]


def test_missing_version():
    with pytest.raises(ValueError, match="doesn't specify a version"):
        picolog.config.dictConfig({})


def test_failed_configuration_keeps_the_previous_one(tmp_path, uname):
    good, other = tmp_path / "good.log", tmp_path / "other.log"
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {"file": file_handler(str(good))},
            "loggers": {uname: {"handlers": ["file"], "level": "INFO"}},
        }
    )
    with pytest.raises(ValueError, match=f"Unable to configure logger '{uname}'"):
        picolog.config.dictConfig(
            {
                **BASE,
                "handlers": {"new": file_handler(str(other))},
                "loggers": {uname: {"handlers": ["new", "missing"], "level": "ERROR"}},
            }
        )
    lg = picolog.getLogger(uname)
    assert [h.name for h in lg.handlers] == ["file"] and lg.level == picolog.INFO
    lg.info("still configured")
    assert good.read_text() == "still configured\n"
    assert not other.exists() or other.read_text() == ""


def test_reconfiguring_closes_only_unused_earlier_handlers(tmp_path, uname):
    first, second = tmp_path / "first.log", tmp_path / "second.log"
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {"file": file_handler(str(first)), "spare": file_handler(str(first))},
            "loggers": {
                f"{uname}.a": {"handlers": ["file", "spare"]},
                f"{uname}.b": {"handlers": ["file"]},
            },
        }
    )
    kept, spare = picolog.getLogger(f"{uname}.a").handlers
    picolog.config.dictConfig(
        {
            **BASE,
            "handlers": {"file": file_handler(str(second))},
            "loggers": {f"{uname}.a": {"handlers": ["file"]}},
        }
    )
    assert spare._closed and not kept._closed
    assert picolog.getLogger(f"{uname}.b").handlers == [kept]
    picolog.getLogger(f"{uname}.a").warning("to the new file")
    picolog.getLogger(f"{uname}.b").warning("b keeps its handler, as with logging")
    assert first.read_text() == "b keeps its handler, as with logging\n"
    assert second.read_text() == "to the new file\n"


@pytest.mark.parametrize("mod", [logging, picolog])
def test_a_factory_that_makes_no_handler(mod, uname):
    # A `()` factory's result is taken as is, handler or not, and the next
    # configuration must still apply (found by the config fuzzer).
    made_a_filter = {**BASE, "handlers": {"h": {"()": "logging.Filter"}}}
    config_of(mod).dictConfig(made_a_filter)
    config_of(mod).dictConfig(BASE)
    with pytest.raises(ValueError, match=f"Unable to configure logger '{uname}'"):
        config_of(mod).dictConfig({**made_a_filter, "loggers": {uname: {"level": "LOUD"}}})


def test_syslog_address_list_becomes_a_tuple(uname):
    # As logging: JSON has no tuples, so dictConfig makes SysLogHandler's
    # [host, port] one, as logging's class (which sends for picolog's once
    # it is closed, or with a formatter only Python runs) needs.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx:
        rx.bind(("127.0.0.1", 0))
        host, port = rx.getsockname()
        picolog.config.dictConfig(
            {
                **BASE,
                "handlers": {
                    "syslog": {"class": "logging.handlers.SysLogHandler", "address": [host, port]}
                },
                "loggers": {uname: {"handlers": ["syslog"], "level": "INFO", "propagate": False}},
            }
        )
        logger = picolog.getLogger(uname)
        assert logger.handlers[0].address == (host, port)
        logger.info("sent")
        picolog.flush()  # returns once the record is sent
        rx.setblocking(False)
        assert rx.recv(1024) == b"<14>sent\x00"
