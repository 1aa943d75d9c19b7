"""picolog: the standard library's logging API over one native runtime.

`import picolog as logging` works for ordinary code. Loggers, levels and
handlers live in libpicolog, shared with C and Rust code in the same
process; file and stream handlers write from C, and log calls release the
GIL while C works. See README.md for what differs from logging.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Mapping

from . import _caller, _logger, _speedups, handlers
from ._adapter import LoggerAdapter
from ._bridge import StdlibCapture, capture_stdlib
from ._config import (
    basicConfig,
    captureWarnings,
    critical,
    debug,
    disable,
    error,
    exception,
    fatal,
    flush,
    info,
    log,
    shutdown,
    warn,
    warning,
)
from ._context import context, disable_opentelemetry, enable_opentelemetry
from ._coreconfig import apply_directives
from ._factory import getLogRecordFactory, setLogRecordFactory
from ._ffi import PicologError, ffi, lib
from ._filters import Filter, Filterer
from ._formatter import BASIC_FORMAT, BufferingFormatter, Formatter
from ._handler import Handler, getHandlerByName, getHandlerNames
from ._handlers import FileHandler, NullHandler, StreamHandler
from ._last_resort import default as _defaultLastResort
from ._levels import (
    CRITICAL,
    DEBUG,
    ERROR,
    FATAL,
    INFO,
    NOTSET,
    TRACE,
    WARN,
    WARNING,
    addLevelName,
    getLevelName,
    getLevelNamesMapping,
)
from ._logger import Logger, RootLogger, getLogger, getLoggerClass, root, setLoggerClass
from ._manager import Manager as Manager  # logging.Manager; not in __all__, as in logging
from ._native import get_include, get_library_dir
from ._record import LogRecord
from ._stdlib import PercentStyle, StrFormatStyle, StringTemplateStyle, use_as_logging

raiseExceptions = True
# The handler for records that no handler took (None: a one-time notice);
# read at each such record, so assigning it is enough (see _last_resort).
lastResort = _defaultLastResort
# logging's switches for what records carry: False leaves thread, process or
# processName None on the records Python handlers and filters receive (C
# fills them for its own handlers whatever they say).
logThreads = True
logProcesses = True
logMultiprocessing = True
logAsyncioTasks = True
# logging's _srcfile: the file of the Logger's methods, or None to leave log
# calls' callers unknown ("(unknown file)", 0, "(unknown function)"), saving
# their lookup. Assigning it reaches every log call (_Module below).
_srcfile: str | None = os.path.normcase(_logger.__file__)


def makeLogRecord(dict: Mapping[str, object]) -> LogRecord:
    """A LogRecord with the given attributes, as logging.makeLogRecord."""
    rv = LogRecord(None, None, "", 0, "", (), None, None)
    if not logThreads:
        rv.thread = rv.threadName = None
    if not logProcesses:
        rv.process = None
    if not logMultiprocessing:
        rv.processName = None
    rv.__dict__.update(dict)
    return rv


def runtime_id() -> int:
    """The address identifying the process's one picolog runtime (same from C and Rust)."""
    return int(ffi.cast("uintptr_t", lib.picolog_runtime_id()))


def install_crash_handler() -> None:
    """On SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT, write what the queues and
    buffered file handlers hold (native handlers only), then one record naming
    the signal, then run the handler installed before (faulthandler's, if
    enabled first) and die of the signal. See picolog_install_crash_handler."""
    from ._ffi import check

    check(lib.picolog_install_crash_handler())


def version() -> str:
    """The version of the libpicolog actually loaded."""
    return ffi.string(lib.picolog_version()).decode()


__version__ = "0.1.0"

__all__ = [
    "BASIC_FORMAT",
    "BufferingFormatter",
    "CRITICAL",
    "DEBUG",
    "ERROR",
    "FATAL",
    "INFO",
    "NOTSET",
    "TRACE",
    "WARN",
    "WARNING",
    "FileHandler",
    "Filter",
    "Filterer",
    "Formatter",
    "Handler",
    "LogRecord",
    "Logger",
    "LoggerAdapter",
    "NullHandler",
    "PercentStyle",
    "PicologError",
    "RootLogger",
    "StdlibCapture",
    "StrFormatStyle",
    "StreamHandler",
    "StringTemplateStyle",
    "addLevelName",
    "apply_directives",
    "basicConfig",
    "capture_stdlib",
    "captureWarnings",
    "context",
    "critical",
    "debug",
    "disable",
    "disable_opentelemetry",
    "enable_opentelemetry",
    "error",
    "exception",
    "fatal",
    "flush",
    "getHandlerByName",
    "getHandlerNames",
    "getLevelName",
    "get_include",
    "get_library_dir",
    "getLevelNamesMapping",
    "getLogger",
    "getLogRecordFactory",
    "getLoggerClass",
    "handlers",
    "info",
    "install_crash_handler",
    "lastResort",
    "log",
    "makeLogRecord",
    "raiseExceptions",
    "root",
    "runtime_id",
    "setLogRecordFactory",
    "setLoggerClass",
    "shutdown",
    "use_as_logging",
    "version",
    "warn",
    "warning",
]


class _Module(types.ModuleType):
    """picolog's module type: assigning _srcfile switches the caller's lookup
    of every log call, C's hot path included, as assigning logging._srcfile
    switches logging's (and does, for `logging` under use_as_logging); the C
    log methods learn logAsyncioTasks the same way."""

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name == "_srcfile":
            _caller.set_finding(value)
        elif name == "logAsyncioTasks":
            _speedups.log_tasks(value)

    def __delattr__(self, name: str) -> None:
        super().__delattr__(name)
        if name == "logAsyncioTasks":
            _speedups.log_tasks(True)  # unset reads as its default


sys.modules[__name__].__class__ = _Module
