"""Formatter: field values logging writes in its own way, compared with logging."""

import logging
import sys
import unicodedata

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


def _logging(fmt, style, emit):
    """A scenario: a file handler formatting by the pattern, then emit(log, logger)."""

    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        setup.file(lg, fmt, style=style, encoding="utf-8")
        emit(log, lg)

    return scenario


def _with_exception_and_stack(log, lg):
    _emit_some(log, lg.name)
    try:
        raise KeyError("k")
    except KeyError:
        lg.exception("caught")
    lg.warning("with stack", stack_info=True)


def test_absent_exception_and_stack_text_match_logging(both, uname, call_path):
    for fmt, style in ABSENT_TEXTS:
        expected, got = both.run(_logging(fmt, style, _with_exception_and_stack), f"{uname}{style}")
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


# repr() escapes each code point str.isprintable() calls not printable:
# controls, format characters, separators but ' ', private use, unassigned
# code points, lone surrogates; marks and symbols stay. U+1FA75 and U+2EBF0
# came with Unicode 15 and 15.1: the Pythons before escape them.
REPR_MESSAGES = (
    "\x85|\xa0|\xad|e\u0301|\u200b|\u2028|\u3000|\ue000|\ufffe|\U000e0001|\u0378|caf\xe9|\U0001f600",
    "\U0001fa75|\U0002ebf0|it's",
    "stray \udc80\udcff",
)
REPR_PATTERNS = (
    ("%(message)r|%(message)a|%(message)-80r|%(name)r", "%"),
    ("{message!r:>80}|{message!a}|{name!r}", "{"),
)


def _repr_messages(log, lg):
    for message in REPR_MESSAGES:
        lg.warning(message)


def test_repr_matches_logging(both, uname):
    for fmt, style in REPR_PATTERNS:
        expected, got = both.run(_logging(fmt, style, _repr_messages), f"{uname}{style}")
        assert got == expected and got.count("\n") == len(REPR_MESSAGES)


def test_c_repr_escapes_each_code_point_as_python_does(tmp_path, uname):
    """A C formatter's repr of every code point beyond ASCII but the
    surrogates, against this Python's repr(): all of them when its Unicode is
    C's, else those its Unicode assigns (an unassigned one may be assigned in
    C's)."""
    same = unicodedata.unidata_version == picolog._formatter.C_REPR_UNICODE
    points = [
        chr(cp)
        for cp in range(0x80, sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF and (same or unicodedata.category(chr(cp)) != "Cn")
    ]
    texts = ["".join(points[i : i + 4096]) for i in range(0, len(points), 4096)]
    path = tmp_path / "repr.log"
    handler = ffi.new("picolog_handler **")
    assert lib.picolog_file_handler_new(handler, str(path).encode(), ffi.NULL) == 0
    formatter = ffi.new("picolog_formatter **")
    assert (
        lib.picolog_formatter_new(formatter, b"%(message)r", ffi.NULL, lib.PICOLOG_STYLE_PERCENT)
        == 0
    )
    lib.picolog_handler_set_formatter(handler[0], formatter[0])
    lib.picolog_formatter_release(formatter[0])
    logger = picolog.getLogger(uname)
    logger.propagate = False
    lib.picolog_logger_add_handler(logger._ptr, handler[0])
    try:
        for text in texts:
            data = text.encode()
            assert lib.picolog_log_ex(logger._ptr, 40, data, len(data), ffi.NULL) == 0
    finally:
        lib.picolog_logger_remove_handler(logger._ptr, handler[0])
        lib.picolog_handler_close(handler[0])
        lib.picolog_handler_release(handler[0])
    lines = path.read_bytes().decode().split("\n")
    assert lines == [repr(text) for text in texts] + [""]
