"""Formatter: field values logging writes in its own way, compared with logging."""

import logging

from support import attached
from test_formatting import _emit_some, _scenario

import picolog
from picolog import ffi, lib

# A record without an exception or a stack has exc_text and stack_info None:
# logging writes "None" for them, through every conversion and padding.
ABSENT_TEXTS = (
    ("%(exc_text)s|%(stack_info)r|%(exc_text)-6s|%(stack_info).2s|%(message)s", "%"),
    ("{exc_text}|{stack_info!r}|{exc_text!s:>6}|{stack_info!a}|{message}", "{"),
    ("$exc_text|${stack_info}|$message", "$"),
)


def _with_exception_and_stack(fmt, style):
    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        setup.file(lg, fmt, style=style, encoding="utf-8")
        _emit_some(log, name)
        try:
            raise KeyError("k")
        except KeyError:
            lg.exception("caught")
        lg.warning("with stack", stack_info=True)

    return scenario


def test_absent_exception_and_stack_text_match_logging(both, uname, call_path):
    for fmt, style in ABSENT_TEXTS:
        expected, got = both.run(_with_exception_and_stack(fmt, style), f"{uname}{style}")
        assert got == expected and got.count("|None") >= 6


def test_absent_exception_and_stack_text_of_records_from_c(tmp_path, uname):
    for fmt, style in ABSENT_TEXTS[:2]:
        path = tmp_path / f"c{style}.log"
        h = picolog.FileHandler(path)
        h.setFormatter(picolog.Formatter(fmt, style=style))
        with attached(picolog.getLogger(uname), h):
            assert lib.picolog_log(picolog.getLogger(uname)._ptr, 40, b"m") == 0
        record = logging.makeLogRecord({"msg": "m"})
        assert path.read_text() == logging.Formatter(fmt, style=style).format(record) + "\n"


# Conversions logging accepts on integer fields: '%c' / '{:c}' writes the
# character of that code point (level 10 is a newline).
INTEGER_CONVERSIONS = (
    (
        "%(levelno)c|%(lineno)5c|%(levelno)-3c|%(lineno)05c|%(levelno)#x|%(lineno)#o|%(levelno)+.3d|%(message)s",
        "%",
    ),
    ("{levelno:c}|{lineno:5c}|{levelno:<3c}|{lineno:05c}|{levelno:#x}|{lineno:#o}|{message}", "{"),
)


def test_integer_conversions_match_logging(both, uname):
    for fmt, style in INTEGER_CONVERSIONS:
        out = ffi.new("picolog_formatter **")
        c_style = lib.PICOLOG_STYLE_PERCENT if style == "%" else lib.PICOLOG_STYLE_BRACE
        assert lib.picolog_formatter_new(out, fmt.encode(), ffi.NULL, c_style) == 0, fmt
        lib.picolog_formatter_release(out[0])
        expected, got = both.run(_scenario(fmt, style), f"{uname}{style}")
        assert got == expected and got.count("|") == 6 * fmt.count("|")
