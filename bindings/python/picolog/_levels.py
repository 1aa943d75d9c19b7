"""Level numbers and names, as in logging, kept in one table shared with C and Rust.

The C runtime owns the table; this module mirrors the names given from Python
so getLevelNamesMapping() can list them, and asks C for names given elsewhere.
"""

from __future__ import annotations

import threading
from typing import Any

from ._ffi import check, decode, encode, ffi, lib

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
TRACE = 5
NOTSET = 0

# Levels are 32-bit in C. A level beyond C_LEVEL_MAX (logging.disable(sys.maxsize),
# setLevel(2**40), log(2**40, ...)) stands as C_LEVEL_MAX there: a logger
# decides on such a record with Python's own numbers first, then C gets its top.
# One below C's own top, so that a disable beyond it drops every such record.
C_LEVEL_MAX = 2**31 - 2


def to_c(level: int) -> int:
    """A level for C: one beyond C's range is C_LEVEL_MAX."""
    return level if level <= C_LEVEL_MAX else C_LEVEL_MAX


_lock = threading.Lock()
_levelToName = {
    CRITICAL: "CRITICAL",
    ERROR: "ERROR",
    WARNING: "WARNING",
    INFO: "INFO",
    DEBUG: "DEBUG",
    TRACE: "TRACE",
    NOTSET: "NOTSET",
}
_nameToLevel = {
    "CRITICAL": CRITICAL,
    "FATAL": FATAL,
    "ERROR": ERROR,
    "WARN": WARNING,
    "WARNING": WARNING,
    "INFO": INFO,
    "DEBUG": DEBUG,
    "TRACE": TRACE,
    "NOTSET": NOTSET,
}


def addLevelName(level: int, levelName: str) -> None:
    """Names `level` for every language in the process (Python's alone for a
    level beyond C's range)."""
    if level <= C_LEVEL_MAX:
        check(lib.picolog_add_level_name(level, encode(levelName)))
    with _lock:
        _levelToName[level] = levelName
        _nameToLevel[levelName] = level


def getLevelName(level: int | str) -> Any:
    """The name of a level number, or the number of a level name (as logging).

    The C table answers for numbers and names, so a name given from C or Rust
    after Python's is the one reported, as records carry it."""
    if isinstance(level, int) and 0 <= level <= C_LEVEL_MAX:
        return decode(ffi.string(lib.picolog_level_name(level)))
    if isinstance(level, str):
        out = ffi.new("int *")
        if "\0" not in level and lib.picolog_level_from_name(encode(level), out) == 0:
            return out[0]
        return _nameToLevel.get(level, f"Level {level}")
    result = _levelToName.get(level)
    if result is not None:
        return result
    result = _nameToLevel.get(level)
    if result is not None:
        return result
    return f"Level {level}"


def getLevelNamesMapping() -> dict[str, int]:
    with _lock:
        return dict(_nameToLevel)


def checkLevel(level):
    """logging._checkLevel: an int, or the name of a known level."""
    if isinstance(level, int):
        return level
    if isinstance(level, str):
        found = getLevelName(level)
        if isinstance(found, int):
            return found
        raise ValueError(f"Unknown level: {level!r}")
    raise TypeError(f"Level not an integer or a valid string: {level!r}")
