"""Formatter: logging.Formatter, plus a C formatter compiled from the same pattern.

A picolog handler written in C (file, standard stream) formats with the C
formatter; Python code calling format() gets logging's own result, and a
Python handler whose record was formatted in C reuses that line. A subclass
that overrides how records are formatted, a '$' pattern, `defaults`, time
settings other than logging's defaults, a field C records lack
(processName, msg, args, exc_info), one Python leaves None where C has ""
(exc_text, stack_info), or a repr conversion on a Python whose Unicode
version is not the one of C's repr keep formatting in Python; handlers then
run their Python emit (see _handlers).
"""

from __future__ import annotations

import logging
import re
import string
import time
import unicodedata
import weakref
from collections.abc import Mapping
from typing import Any, Literal

from . import _record
from ._ffi import encode, ffi, lib

_STYLES = {"%": lib.PICOLOG_STYLE_PERCENT, "{": lib.PICOLOG_STYLE_BRACE}
_METHODS = ("format", "formatMessage", "formatTime", "formatException", "formatStack", "usesTime")
# What the C formatter is compiled from: assigning one of these, on a
# formatter or on its class, compiles it again for the handlers using it.
_SETTINGS = frozenset(("datefmt", "converter", "default_time_format", "default_msec_format"))
# logging's record attributes that records from C do not carry, and those
# logging writes as "None" on a record without an exception or a stack
# where C writes "": a pattern naming one formats in Python. (taskName is
# C's field of a record logged in a task.)
_PYTHON_ONLY_FIELDS = frozenset(
    ("processName", "msg", "args", "exc_info", "exc_text", "stack_info")
)
# The Unicode version of the table C's repr() reads (its code points that
# str.isprintable() calls not printable: libcore/src/unicode_printable.cpp,
# made by scripts/unicode_printable.py). A Python with another Unicode
# escapes other code points: there a pattern with a repr conversion formats
# in Python.
C_REPR_UNICODE = "15.1.0"
_PERCENT_REPR = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d*)?[hlL]*r")
_stdlib_clones = weakref.WeakKeyDictionary()
_compiled = weakref.WeakSet()


class _FormatterType(type):
    """The type of picolog's Formatter: a setting changed on the class
    (Formatter.converter = time.gmtime) reaches formatters already in use."""

    def __setattr__(cls, name, value):
        super().__setattr__(name, value)
        if name in _SETTINGS:
            cls._pl_changed_class()

    def __delattr__(cls, name):
        super().__delattr__(name)
        if name in _SETTINGS:
            cls._pl_changed_class()

    def _pl_changed_class(cls):
        for formatter in list(_compiled):
            if isinstance(formatter, cls):
                formatter._pl_changed()


class Formatter(logging.Formatter, metaclass=_FormatterType):
    """logging.Formatter(fmt, datefmt, style, validate, defaults)."""

    def __init__(
        self,
        fmt: str | None = None,
        datefmt: str | None = None,
        style: Literal["%", "{", "$"] = "%",
        validate: bool = True,
        *,
        defaults: Mapping[str, Any] | None = None,
    ) -> None:
        if defaults is None:
            super().__init__(fmt, datefmt, style, validate)
        else:
            super().__init__(fmt, datefmt, style, validate, defaults=defaults)
        self._pl_style = style
        self._pl_defaults = defaults
        self._pl_native = self._pl_release = None
        self._pl_compiled = False
        self._pl_handlers = weakref.WeakSet()

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if name in _SETTINGS and self.__dict__.get("_pl_compiled"):
            self._pl_changed()

    def _pl_changed(self):
        """Compiles the C formatter again, as logging reads its settings at
        each record, and hands it to the handlers using this formatter."""
        release = self._pl_release
        self._pl_compiled = False
        self._pl_native = self._pl_release = None
        for handler in list(self._pl_handlers):
            if handler.formatter is self:
                handler._pl_install()
        if release is not None:
            release()  # the handlers hold references of their own

    def format(self, record: logging.LogRecord) -> str:
        line = _record.current_line(record, self)
        if line is not None:
            # What logging's format() leaves on the record besides the line.
            record.message = record.getMessage()
            if self.usesTime():
                record.asctime = self.formatTime(record, self.datefmt)
            if record.exc_info and not record.exc_text:
                record.exc_text = self.formatException(record.exc_info)
            return line
        return super().format(record)

    def _native(self):
        """The C formatter (borrowed from self), or None when this one formats in Python."""
        if not self._pl_compiled:
            self._pl_compiled = True
            self._pl_native = _compile(self)
            _compiled.add(self)
        return self._pl_native


def _overrides(formatter):
    cls = type(formatter)
    base = Formatter if isinstance(formatter, Formatter) else logging.Formatter
    return any(getattr(cls, m) is not getattr(base, m) for m in _METHODS)


def _native_time(formatter):
    """Whether the formatter writes asctime as C does: local time, and
    logging's own default format with its milliseconds."""
    return (
        formatter.converter is time.localtime
        and formatter.default_time_format == "%Y-%m-%d %H:%M:%S"
        and formatter.default_msec_format == "%s,%03d"
    )


def _field_names(fmt, style):
    """The record attributes a pattern names (all of them, for one that
    does not parse: C refuses it anyway)."""
    if style == "%":
        return re.findall(r"%\(([^)]*)\)", fmt)
    try:
        return [name for _, name, _, _ in string.Formatter().parse(fmt) if name]
    except ValueError:
        return _PYTHON_ONLY_FIELDS


def _repr_in_python(fmt, style):
    """Whether a pattern converts a field with repr on a Python whose
    Unicode is not C_REPR_UNICODE (true for one that does not parse: C
    refuses it anyway)."""
    if unicodedata.unidata_version == C_REPR_UNICODE:
        return False
    if style == "%":
        return _PERCENT_REPR.search(fmt) is not None
    try:
        return any(conversion == "r" for _, _, _, conversion in string.Formatter().parse(fmt))
    except ValueError:
        return True


def _compile(formatter):
    style = _STYLES.get(formatter._pl_style)
    if (
        style is None
        or formatter._pl_defaults
        or _overrides(formatter)
        or not _native_time(formatter)
        or not _PYTHON_ONLY_FIELDS.isdisjoint(_field_names(formatter._fmt, formatter._pl_style))
        or _repr_in_python(formatter._fmt, formatter._pl_style)
    ):
        return None
    out = ffi.new("picolog_formatter **")
    datefmt = encode(formatter.datefmt) if formatter.datefmt else ffi.NULL
    if lib.picolog_formatter_new(out, encode(formatter._fmt), datefmt, style) != 0:
        return None
    release = weakref.finalize(formatter, lib.picolog_formatter_release, out[0])
    release.atexit = False
    formatter._pl_release = release
    return out[0]


def native_formatter(formatter):
    """(C formatter or NULL for the default, the Formatter it stands for) when C
    can format like `formatter`; None when only Python can."""
    if formatter is None:
        return ffi.NULL, None
    if isinstance(formatter, Formatter):
        native = formatter._native()
        return None if native is None else (native, formatter)
    if type(formatter) is logging.Formatter:
        if not _native_time(formatter):
            return None
        clone = _stdlib_clones.get(formatter)
        if clone is None or clone.datefmt != formatter.datefmt:
            clone = _clone(formatter)
            _stdlib_clones[formatter] = clone
        native = clone._native() if clone is not None else None
        return None if native is None else (native, None)
    return None


def _clone(formatter):
    kinds = {logging.PercentStyle: "%", logging.StrFormatStyle: "{"}
    style = kinds.get(type(formatter._style))
    if style is None or getattr(formatter._style, "_defaults", None):
        return None
    try:
        return Formatter(formatter._fmt, formatter.datefmt, style, validate=False)
    except ValueError:
        return None


BASIC_FORMAT = logging.BASIC_FORMAT
_defaultFormatter = Formatter()


class BufferingFormatter(logging.BufferingFormatter):
    """logging.BufferingFormatter, formatting each record with picolog's
    default Formatter unless given one."""

    def __init__(self, linefmt=None):
        super().__init__(linefmt if linefmt else _defaultFormatter)
