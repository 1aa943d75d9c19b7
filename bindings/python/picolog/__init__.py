"""picolog: the standard library's logging API over one native runtime.

`import picolog as logging` works for ordinary code. Loggers, levels and
handlers live in libpicolog, shared with C and Rust code in the same
process; file and stream handlers write from C, and log calls release the
GIL while C works. See README.md for what differs from logging.
"""

from . import handlers
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
from ._ffi import PicologError, ffi, lib
from ._filters import Filter, Filterer
from ._formatter import BASIC_FORMAT, Formatter
from ._handler import Handler
from ._handlers import FileHandler, NullHandler, StreamHandler
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
from ._record import LogRecord

raiseExceptions = True


def makeLogRecord(dict):
    """A LogRecord with the given attributes, as logging.makeLogRecord."""
    rv = LogRecord(None, None, "", 0, "", (), None, None)
    rv.__dict__.update(dict)
    return rv


def runtime_id():
    """The address identifying the process's one picolog runtime (same from C and Rust)."""
    return int(ffi.cast("uintptr_t", lib.picolog_runtime_id()))


def install_crash_handler():
    """On SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT, write what the queues and
    buffered file handlers hold (native handlers only), then one record naming
    the signal, then run the handler installed before (faulthandler's, if
    enabled first) and die of the signal. See picolog_install_crash_handler."""
    from ._ffi import check

    check(lib.picolog_install_crash_handler())


def version():
    """The version of the libpicolog actually loaded."""
    return ffi.string(lib.picolog_version()).decode()


__version__ = "0.1.0"

__all__ = [
    "BASIC_FORMAT",
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
    "PicologError",
    "RootLogger",
    "StdlibCapture",
    "StreamHandler",
    "addLevelName",
    "basicConfig",
    "capture_stdlib",
    "captureWarnings",
    "critical",
    "debug",
    "disable",
    "error",
    "exception",
    "fatal",
    "flush",
    "getLevelName",
    "getLevelNamesMapping",
    "getLogger",
    "getLoggerClass",
    "handlers",
    "info",
    "install_crash_handler",
    "log",
    "makeLogRecord",
    "raiseExceptions",
    "root",
    "runtime_id",
    "setLoggerClass",
    "shutdown",
    "version",
    "warn",
    "warning",
]
