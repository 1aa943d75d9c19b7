"""picolog.config.fileConfig: the same INI file read by logging and by picolog
writes the same bytes; a bad file raises what logging raises."""

import configparser
import io
import logging
import logging.config
import logging.handlers
import re
import sys
import textwrap
from pathlib import Path

import pytest

# config_isolation restores both modules' loggers and logging's handler
# lists, which fileConfig changes process-wide as dictConfig does.
from config_support import config_isolation, config_of  # noqa: F401
from config_support import same_output as _same_output

import picolog
import picolog.config
import picolog.handlers
from picolog.handlers import QueueHandler

pytestmark = pytest.mark.usefixtures("config_isolation")

BASIC = """
[loggers]
keys=root,app

[handlers]
keys=file

[formatters]
keys=plain

[logger_root]
handlers=

[logger_app]
level=INFO
handlers=file
qualname=NAME

[handler_file]
class=FileHandler
args=(PATH, 'a')
formatter=plain

[formatter_plain]
format=%(levelname)s:%(name)s:%(message)s
"""


def ini(text, path, name):
    """The INI text with PATH (a Python literal) and NAME filled in."""
    return textwrap.dedent(text).replace("PATH", repr(path)).replace("NAME", name)


def write_and_load(log, text, path):
    ini_path = Path(path).with_suffix(".ini")
    ini_path.write_text(text)
    config_of(log).fileConfig(str(ini_path))


def same_output(both, name, make_ini, actions, load=write_and_load):
    """make_ini(path, name) loaded into each module through load(log, text, path)."""
    return _same_output(both, name, make_ini, actions, load)


HIERARCHY = """
[loggers]
keys=root,app,quiet

[handlers]
keys=rootfile,appfile

[formatters]
keys=dated,brace

[logger_root]
level=WARNING
handlers=rootfile

[logger_app]
level=DEBUG
handlers=appfile
qualname=NAME.app

[logger_quiet]
level=INFO
handlers=appfile
qualname=NAME.quiet
propagate=0

[handler_rootfile]
class=FileHandler
args=(PATH, 'a')
formatter=dated

[handler_appfile]
class=logging.FileHandler
level=INFO
formatter=brace
args=(PATH,)
kwargs={'encoding': 'utf-8'}

[formatter_dated]
format=%(asctime)s %(levelname)-8s %(name)s: %(message)s
datefmt=%Y

[formatter_brace]
format={levelname}|{name}|{message}
style={
"""


def test_loggers_qualname_propagate_root_and_formatters(both, uname):
    def actions(log, name):
        log.getLogger(f"{name}x").info("dropped by root's level")
        log.getLogger(f"{name}x").warning("reaches root")
        app = log.getLogger(f"{name}.app")
        app.debug("below the handler's level, still reaches root's handler")
        app.info("info %d", 1)
        app.getChild("child").error("from a child")
        quiet = log.getLogger(f"{name}.quiet")
        quiet.debug("dropped by its level")
        quiet.warning("only in its own handler")

    got = same_output(both, uname, lambda p, n: ini(HIERARCHY, p, n), actions)
    assert got.count("\n") == 7
    app = picolog.getLogger(f"{uname}.app")
    assert [type(h) for h in app.handlers] == [picolog.FileHandler]
    assert app.handlers[0].name == "appfile"
    assert picolog.getLogger(f"{uname}.quiet").propagate is False


def test_stream_handler_on_sys_stdout(capfd, uname):
    text = ini(
        BASIC.replace("class=FileHandler", "class=StreamHandler").replace(
            "args=(PATH, 'a')", "args=(sys.stdout,)"
        ),
        "",
        uname,
    )
    written = []
    for mod in (logging, picolog):
        config_of(mod).fileConfig(io.StringIO(text))
        lg = mod.getLogger(uname)
        assert type(lg.handlers[0]) is mod.StreamHandler and lg.handlers[0].stream is sys.stdout
        lg.debug("below the logger's level")
        lg.info("to stdout")
        lg.handlers[0].flush()
        written.append(capfd.readouterr().out)
    assert written[0] == written[1] == f"INFO:{uname}:to stdout\n"


def _from_file_object(log, text, path):
    config_of(log).fileConfig(io.StringIO(text))


def _from_raw_parser(log, text, path):
    parser = configparser.RawConfigParser()
    parser.read_string(text)
    config_of(log).fileConfig(parser)


def _with_defaults(log, text, path):
    ini_path = Path(path).with_suffix(".ini")
    ini_path.write_text(text.replace(repr(path), "r'%(logfile)s'"))
    config_of(log).fileConfig(str(ini_path), defaults={"logfile": path})


def _with_encoding(log, text, path):
    ini_path = Path(path).with_suffix(".ini")
    text = text.replace("format=", "format=\u00e9 ").replace("'a')", "'a', 'utf-8')")
    ini_path.write_bytes(text.encode("latin-1"))
    config_of(log).fileConfig(ini_path, encoding="latin-1")


@pytest.mark.parametrize(
    "load", [_from_file_object, _from_raw_parser, _with_defaults, _with_encoding]
)
def test_inputs_and_parameters(both, uname, load):
    def actions(log, name):
        log.getLogger(name).info("info")
        log.getLogger(name).debug("dropped")

    got = same_output(both, uname, lambda p, n: ini(BASIC, p, n), actions, load=load)
    assert got.endswith(f"INFO:{uname}:info\n") and got.count("\n") == 1


@pytest.mark.parametrize("disable", [True, False])
def test_disable_existing_loggers(both, uname, disable):
    def load(log, text, path):
        ini_path = Path(path).with_suffix(".ini")
        ini_path.write_text(text)
        config_of(log).fileConfig(str(ini_path), disable_existing_loggers=disable)

    def make(path, name):
        return ini(BASIC.replace("qualname=NAME", "qualname=NAME.keep"), path, name)

    def actions(log, name):
        log.getLogger(f"{name}.keep.child").warning("child of a named logger: reset")
        log.getLogger(f"{name}.old").warning("old: disabled only when asked")
        log.getLogger(f"{name}.keep").info("keep")

    def prepared(log, text, path):
        child = log.getLogger(f"{uname}.keep.child")
        child.setLevel(log.CRITICAL)
        child.propagate = False
        log.getLogger(f"{uname}.old").addHandler(log.FileHandler(path))
        load(log, text, path)

    got = same_output(both, uname, make, actions, load=prepared)
    assert ("old: disabled" in got) is not disable and "reset" in got and "keep" in got
    child = picolog.getLogger(f"{uname}.keep.child")
    assert child.level == picolog.NOTSET and child.propagate and not child.disabled
    assert picolog.getLogger(f"{uname}.old").disabled is disable


FORMATTER_EXTRAS = """
[loggers]
keys=root,app

[handlers]
keys=defaulted,loose,default_date

[formatters]
keys=defaulted,loose,default_date

[logger_root]
handlers=

[logger_app]
handlers=defaulted,loose,default_date
qualname=NAME

[handler_defaulted]
class=FileHandler
args=(PATH,)
formatter=defaulted

[handler_loose]
class=FileHandler
args=(PATH,)
formatter=loose

[handler_default_date]
class=FileHandler
args=(PATH,)
formatter=default_date

[formatter_defaulted]
format=%(levelname)s %(app)s %(message)s
defaults={'app': 'demo'}

[formatter_loose]
class=logging.Formatter
format=%(message)s
style={
validate=false

[formatter_default_date]
format=%(asctime)s %(message)s
datefmt=
"""


def test_formatter_defaults_validate_class_and_empty_datefmt(tmp_path, uname):
    path = str(tmp_path / "extras.log")
    picolog.config.fileConfig(io.StringIO(ini(FORMATTER_EXTRAS, path, uname)))
    handlers = picolog.getLogger(uname).handlers
    assert all(type(h.formatter) is picolog.Formatter for h in handlers)
    picolog.getLogger(uname).warning("hello")
    picolog.flush()
    lines = Path(path).read_text().splitlines()
    assert lines[:2] == ["WARNING demo hello", "%(message)s"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} hello", lines[2])


def test_queue_handler_from_the_namespace(tmp_path, uname):
    path = str(tmp_path / "queued.log")
    text = BASIC.replace("class=FileHandler", "class=handlers.QueueHandler").replace(
        "args=(PATH, 'a')", "kwargs={'handlers': [FileHandler(PATH)], 'capacity': 64}"
    )
    picolog.config.fileConfig(io.StringIO(ini(text, path, uname)))
    (qh,) = picolog.getLogger(uname).handlers
    assert isinstance(qh, QueueHandler) and qh.capacity == 64
    for i in range(10):
        picolog.getLogger(uname).info("record %d", i)
    qh.flush()
    assert Path(path).read_text() == "".join(f"record {i}\n" for i in range(10))


def test_handlers_rotating_file_handler_is_picologs(both, uname):
    def make(path, name):
        text = BASIC.replace("class=FileHandler", "class=handlers.RotatingFileHandler")
        return ini(text.replace("args=(PATH, 'a')", "args=(PATH, 'a', 1 << 20, 1)"), path, name)

    def actions(log, name):
        log.getLogger(name).warning("through logging's handler")

    same_output(both, uname, make, actions)
    (handler,) = picolog.getLogger(uname).handlers
    assert type(handler) is picolog.handlers.RotatingFileHandler


def test_reconfiguring_retires_handlers_and_names_them(tmp_path, uname):
    first, second = str(tmp_path / "first.log"), str(tmp_path / "second.log")
    spare = BASIC.replace("keys=file", "keys=file,spare").replace("handlers=\n", "handlers=spare\n")
    spare += "\n[handler_spare]\nclass=NullHandler\n"
    picolog.config.fileConfig(io.StringIO(ini(spare, first, uname)))
    (old_file,) = picolog.getLogger(uname).handlers
    (unused,) = picolog.root.handlers
    picolog.config.fileConfig(io.StringIO(ini(BASIC, second, uname)))
    assert old_file._closed and unused._closed
    picolog.config.dictConfig(
        {"version": 1, "incremental": True, "handlers": {"file": {"level": "ERROR"}}}
    )
    lg = picolog.getLogger(uname)
    lg.warning("below the handler's new level")
    lg.error("written")
    picolog.flush()
    assert Path(second).read_text() == f"ERROR:{uname}:written\n"


def test_failed_configuration_keeps_the_previous_one(tmp_path, uname):
    good, other = tmp_path / "good.log", tmp_path / "other.log"
    picolog.config.fileConfig(io.StringIO(ini(BASIC, str(good), uname)))
    bad = BASIC.replace("level=INFO\nhandlers=file", "level=ERROR\nhandlers=file,missing")
    with pytest.raises(KeyError, match="missing"):
        picolog.config.fileConfig(io.StringIO(ini(bad, str(other), uname)))
    lg = picolog.getLogger(uname)
    assert [h.name for h in lg.handlers] == ["file"] and lg.level == picolog.INFO
    lg.info("still configured")
    picolog.flush()
    assert good.read_text() == f"INFO:{uname}:still configured\n"
    assert not other.exists() or other.read_text() == ""


def _edit(old, new):
    return lambda text: text.replace(old, new)


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: "",
        lambda text: "not an ini file\n",
        _edit("[formatters]\nkeys=plain", ""),
        _edit("[formatters]\nkeys=plain", "[formatters]"),
        _edit("keys=root,app", "keys=app"),
        _edit("[logger_root]\nhandlers=", ""),
        _edit("[logger_root]\nhandlers=", "[logger_root]"),
        _edit("qualname=NAME", ""),
        _edit("level=INFO\nhandlers=file", "level=LOUD\nhandlers=file"),
        _edit("level=INFO\nhandlers=file", "handlers=missing"),
        _edit("level=INFO", "propagate=maybe"),
        _edit("formatter=plain", "formatter=missing"),
        _edit("formatter=plain", "level=LOUD"),
        _edit("class=FileHandler", "class=NoSuchHandler"),
        _edit("class=FileHandler", "class=handlers.NoSuchHandler"),
        _edit("class=FileHandler", "class=logging.NoSuchHandler"),
        _edit("args=(PATH, 'a')", "args=(undefined_name,)"),
        _edit("[handler_file]", "[handler_other]"),
        _edit("format=%(levelname)s", "style={\nformat=%(levelname)s"),
        _edit("format=", "style=?\nformat="),
    ],
)
def test_errors_match_logging(tmp_path, uname, edit):
    ini_path = tmp_path / "bad.ini"
    ini_path.write_text(ini(edit(BASIC), str(tmp_path / "unused.log"), uname))
    errors = []
    for mod in (logging, picolog):
        with pytest.raises(Exception) as info:
            config_of(mod).fileConfig(str(ini_path))
        errors.append((type(info.value), str(info.value)))
    if errors[0][0] is not RuntimeError and errors[1][0] is RuntimeError:
        # logging before 3.11.4 lets configparser's error (or a KeyError for an
        # empty file) through; picolog raises RuntimeError on every version.
        assert str(ini_path) in errors[1][1]
    else:
        assert errors[0] == errors[1]
    assert picolog.getLogger(uname).handlers == []


def test_missing_file(tmp_path):
    missing = str(tmp_path / "missing.ini")
    with pytest.raises(FileNotFoundError, match=f"{re.escape(missing)} doesn't exist"):
        picolog.config.fileConfig(missing)
