"""Formatter: every field, both styles and date formats, compared with logging."""

import logging
import re
import time

from support import attached

import picolog
from picolog import ffi, lib

FIELDS_PERCENT = (
    "%(name)s %(levelno)s %(levelname)-8s|%(pathname)s %(filename)s %(module)s "
    "%(lineno)d %(funcName)s %(threadName)s %(process)d %(message)s %(levelname)8s|"
)
FIELDS_BRACE = (
    "{name} {levelno} {levelname:<8}|{pathname} {filename} {module} {lineno:d} "
    "{funcName} {threadName} {process} {message} {levelname:>8}|"
)


def _emit_some(log, name):
    lg = log.getLogger(name)
    lg.setLevel(log.DEBUG)
    lg.debug("plain")
    lg.info("with %s and %r", "args", "repr")
    lg.warning("percent %% kept %d%%", 5)
    lg.error("unicode: \u00e9\u4e2d\U0001f600")
    lg.critical({"not": "a string"})
    lg.info("%(a)s-%(b)s", {"a": 1, "b": 2})


def _scenario(fmt, style="%", datefmt=None):
    def scenario(log, path, name, setup):
        setup.file(log.getLogger(name), fmt, datefmt=datefmt, style=style, encoding="utf-8")
        _emit_some(log, name)

    return scenario


def test_percent_fields_match_logging(both, uname, call_path):
    expected, got = both.run(_scenario(FIELDS_PERCENT), uname)
    assert got == expected and got.count("\n") == 6


def test_brace_fields_match_logging(both, uname, call_path):
    expected, got = both.run(_scenario(FIELDS_BRACE, "{"), uname)
    assert got == expected and got.count("\n") == 6


# '#' on a float conversion: the point always shows, and 'g' keeps its zeros.
ALTERNATE_PERCENT = (
    "%(lineno)#.0f %(levelno)#.0e %(lineno)#g %(levelno)#.0g %(lineno)#.3G %(lineno)#10.0f|"
)
ALTERNATE_BRACE = (
    "{lineno:#.0f} {levelno:#.0e} {lineno:#g} {levelno:#.0g} {lineno:#.0%} {lineno:#.2g} "
    "{lineno:#.7E}"
)


def test_alternate_float_forms_match_logging(both, uname):
    for fmt, style in ((ALTERNATE_PERCENT, "%"), (ALTERNATE_BRACE, "{")):
        expected, got = both.run(_scenario(fmt, style), f"{uname}{style}")
        assert got == expected and got.count("\n") == 6


def test_alternate_forms_of_times_match_logging(tmp_path, uname):
    fmt = "{created:#} {created:#.3} {msecs:#} {msecs:#.1} {msecs:#.0} {msecs:#.5} {msecs:#.0f}"
    path = tmp_path / "t.log"
    h = picolog.FileHandler(path)
    h.setFormatter(picolog.Formatter(fmt, style="{"))
    lg = picolog.getLogger(uname)
    info = ffi.new("picolog_record_info *")
    lib.picolog_record_info_init(info, lib.PICOLOG_RECORD_INFO_VERSION)
    info.created_ns = 100_000_000_250_000_000
    with attached(lg, h):
        assert lib.picolog_log_ex(lg._ptr, 40, b"m", 1, info) == 0
    record = logging.makeLogRecord({"msg": "m", "created": 100_000_000.25, "msecs": 250.0})
    assert path.read_text() == logging.Formatter(fmt, style="{").format(record) + "\n"


def _epoch(_seconds):
    return time.gmtime(0)


def test_settings_changed_after_attaching_apply_like_logging(both, uname):
    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        formatter = setup.file(lg, "%(asctime)s %(message)s").formatter
        lg.warning("defaults")
        formatter.datefmt = "[%Y]"
        lg.warning("instance datefmt")
        formatter.datefmt = None
        had = "default_msec_format" in vars(log.Formatter)
        saved = log.Formatter.default_msec_format
        log.Formatter.default_msec_format = "%s.%03d"
        try:
            lg.warning("class default_msec_format")
        finally:
            if had:
                log.Formatter.default_msec_format = saved
            else:
                del log.Formatter.default_msec_format
        lg.warning("class setting restored")
        formatter.converter = _epoch
        lg.warning("instance converter")

    expected, got = both.run(scenario, uname)
    assert re.sub(r"\d", "0", got) == re.sub(r"\d", "0", expected)
    assert got.splitlines()[-1].startswith("1970-01-01 00:00:00,")


def test_brace_precision_on_an_integer_fails_as_in_logging(both, uname, capsys):
    expected, got = both.run(_scenario("{lineno:.3}|{message}", "{"), uname)
    assert got == expected == ""
    assert "Precision not allowed in integer format specifier" in capsys.readouterr().err


# Record attributes that C records do not carry: these patterns format in
# Python, as logging formats them.
PYTHON_ONLY_FIELDS = (
    ("%(processName)s|%(msg)s|%(args)s|%(exc_info)s|%(message)s", "%"),
    ("{processName}|{msg!r}|{args}|{exc_info}|{message}", "{"),
)


def test_fields_only_python_records_have_match_logging(both, uname):
    for fmt, style in PYTHON_ONLY_FIELDS:
        expected, got = both.run(_scenario(fmt, style), f"{uname}{style}")
        assert got == expected and got.count("\n") == 6


def test_dollar_style_matches_logging(both, uname):
    expected, got = both.run(_scenario("$levelname:$name:$message", "$"), uname)
    assert got == expected and got.count("\n") == 6


def test_datefmt_matches_logging(both, uname):
    expected, got = both.run(_scenario("%(asctime)s %(message)s", datefmt="%Y-%m"), uname)
    assert got == expected


def test_default_asctime_shape(tmp_path, uname):
    path = tmp_path / "t.log"
    h = picolog.FileHandler(path)
    h.setFormatter(picolog.Formatter("%(asctime)s|%(msecs)03d|%(created)f|%(message)s"))
    lg = picolog.getLogger(uname)
    with attached(lg, h):
        lg.warning("x")
    line = path.read_text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\|\d{3}\|\d+\.\d{6}\|x\n", line)
    assert line.split("|")[0][-3:] == line.split("|")[1]


def test_formatter_formats_python_records_like_logging():
    record = logging.makeLogRecord(
        {"name": "n", "levelno": 20, "levelname": "INFO", "msg": "a %s", "args": ("b",)}
    )
    for fmt, style in ((FIELDS_PERCENT, "%"), (FIELDS_BRACE, "{")):
        ours = picolog.Formatter(fmt, "%H", style).format(record)
        theirs = logging.Formatter(fmt, "%H", style).format(record)
        assert ours == theirs
    ours = picolog.Formatter("%(asctime)s")
    theirs = logging.Formatter("%(asctime)s")
    assert ours.formatTime(record, "%Y") == theirs.formatTime(record, "%Y")
    try:
        raise KeyError("k")
    except KeyError:
        import sys

        ei = sys.exc_info()
    assert ours.formatException(ei) == theirs.formatException(ei)


def test_formatter_validates_like_logging():
    for bad, style in (("%(message", "%"), ("{message", "{"), ("no fields", "%")):
        try:
            picolog.Formatter(bad, style=style)
        except ValueError:
            pass
        else:
            raise AssertionError(f"expected ValueError for {bad!r}")
    try:
        picolog.Formatter("x", style="?")
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError for a bad style")


def test_custom_formatter_subclass_is_honoured_by_native_handlers(tmp_path, uname):
    class Upper(picolog.Formatter):
        def format(self, record):
            return super().format(record).upper()

    path = tmp_path / "u.log"
    h = picolog.FileHandler(path)
    lg = picolog.getLogger(uname)
    with attached(lg, h):
        lg.warning("before")
        h.setFormatter(Upper("%(levelname)s:%(message)s"))
        lg.warning("after")
        h.setFormatter(picolog.Formatter("%(message)s!"))
        lg.warning("native again")
    assert path.read_text() == "before\nWARNING:AFTER\nnative again!\n"


def test_stdlib_formatter_on_a_picolog_handler(tmp_path, uname):
    path = tmp_path / "s.log"
    h = picolog.FileHandler(path)
    h.setFormatter(logging.Formatter("{levelname}/{message}", style="{"))
    lg = picolog.getLogger(uname)
    with attached(lg, h):
        lg.error("e")
    assert path.read_text() == "ERROR/e\n"


def test_stdlib_formatter_settings_on_a_picolog_handler(tmp_path, uname):
    path = tmp_path / "s.log"
    h = picolog.FileHandler(path)
    fmt = logging.Formatter("%(asctime)s %(message)s")
    fmt.converter = _epoch
    fmt.default_msec_format = None
    h.setFormatter(fmt)
    lg = picolog.getLogger(uname)
    with attached(lg, h):
        lg.error("e")
    assert path.read_text() == "1970-01-01 00:00:00 e\n"


def test_settings_of_logging_formatter_class_reach_picolog_formatters(tmp_path, uname):
    path = tmp_path / "c.log"
    saved = logging.Formatter.default_msec_format
    logging.Formatter.default_msec_format = "%s.%03d"
    try:
        h = picolog.FileHandler(path)
        h.setFormatter(picolog.Formatter("%(asctime)s %(message)s"))
        lg = picolog.getLogger(uname)
        with attached(lg, h):
            lg.error("e")
    finally:
        logging.Formatter.default_msec_format = saved
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} e\n", path.read_text())
