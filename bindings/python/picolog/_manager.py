"""Manager: logging.Manager over picolog's one registry of loggers.

The process has one registry, shared with C and Rust: picolog.root.manager
is its Manager (loggerDict, disable, getLogger as picolog.getLogger). A
Manager made directly, as logging.Manager(rootnode), keeps loggers of its
own apart from that registry: each is a standalone logger (no parent,
logging to its own handlers), made with the manager's logger class.
"""

from __future__ import annotations

from typing import Any

from ._ffi import check, lib
from ._levels import to_c


class Manager:
    """logging.Manager(rootnode)."""

    def __init__(self, rootnode: Any = None, *, _registry: dict | None = None) -> None:
        self.root = rootnode
        self._shared = _registry is not None
        self.loggerDict = _registry if self._shared else {}
        self._disable = 0
        self.emittedNoHandlerWarning = False  # read by picolog's last resort
        self.loggerClass = None
        self.logRecordFactory = None

    @property
    def disable(self) -> int:
        """logging.disable's level; the registry's is shared with C (setting
        it disables in every language)."""
        return self._disable

    @disable.setter
    def disable(self, level: int) -> None:
        if self._shared:
            check(lib.picolog_disable(to_c(level)))
        self._disable = level

    def getLogger(self, name: str) -> Any:
        from . import _logger

        if self._shared:
            return _logger.getLogger(name)
        if not isinstance(name, str):
            raise TypeError("A logger name must be a string")
        found = self.loggerDict.get(name)
        if found is None:
            # Made outside getLogger: a standalone logger, in no hierarchy.
            found = (self.loggerClass or _logger.getLoggerClass())(name)
            self.loggerDict[name] = found
        return found

    def setLoggerClass(self, klass: type) -> None:
        from . import _logger

        if klass is not _logger.Logger and not (
            isinstance(klass, type) and issubclass(klass, _logger.Logger)
        ):
            raise TypeError(f"logger not derived from picolog.Logger: {klass.__name__}")
        if self._shared:
            _logger.setLoggerClass(klass)
        self.loggerClass = klass

    def setLogRecordFactory(self, factory: Any) -> None:
        self.logRecordFactory = factory
