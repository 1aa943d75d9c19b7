"""LoggerAdapter: logging's adapter, adding context to every call of a logger."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, MutableMapping
from types import GenericAlias
from typing import Any

from ._levels import CRITICAL, DEBUG, ERROR, INFO, WARNING, getLevelName


class LoggerAdapter:
    """logging.LoggerAdapter(logger, extra, merge_extra=False): process() puts
    `extra` into each call; with merge_extra (Python 3.13) the call's own
    extra is kept too, its keys winning."""

    def __init__(
        self, logger: Any, extra: Mapping[str, object] | None = None, merge_extra: bool = False
    ) -> None:
        self.logger = logger
        self.extra = extra
        self.merge_extra = merge_extra

    def process(
        self, msg: Any, kwargs: MutableMapping[str, Any]
    ) -> tuple[Any, MutableMapping[str, Any]]:
        if self.merge_extra and "extra" in kwargs:
            kwargs["extra"] = {**(self.extra or {}), **kwargs["extra"]}
        else:
            kwargs["extra"] = self.extra
        return msg, kwargs

    def debug(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.log(DEBUG, msg, *args, **kwargs)

    def info(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.log(INFO, msg, *args, **kwargs)

    def warning(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.log(WARNING, msg, *args, **kwargs)

    def warn(self, msg: object, *args: object, **kwargs: Any) -> None:
        warnings.warn(
            "The 'warn' method is deprecated, use 'warning' instead", DeprecationWarning, 2
        )
        self.warning(msg, *args, **kwargs)

    def error(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.log(ERROR, msg, *args, **kwargs)

    def exception(self, msg: object, *args: object, exc_info: Any = True, **kwargs: Any) -> None:
        self.log(ERROR, msg, *args, exc_info=exc_info, **kwargs)

    def critical(self, msg: object, *args: object, **kwargs: Any) -> None:
        self.log(CRITICAL, msg, *args, **kwargs)

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if self.isEnabledFor(level):
            msg, kwargs = self.process(msg, kwargs)
            self.logger.log(level, msg, *args, **kwargs)

    def isEnabledFor(self, level: int) -> bool:
        return self.logger.isEnabledFor(level)

    def setLevel(self, level: int | str) -> None:
        self.logger.setLevel(level)

    def getEffectiveLevel(self) -> int:
        return self.logger.getEffectiveLevel()

    def hasHandlers(self) -> bool:
        return self.logger.hasHandlers()

    def _log(self, level, msg, args, **kwargs):
        return self.logger._log(level, msg, args, **kwargs)

    @property
    def manager(self):
        return self.logger.manager

    @manager.setter
    def manager(self, value):
        self.logger.manager = value

    @property
    def name(self):
        return self.logger.name

    # LoggerAdapter[Logger] (Python 3.11's logging), on every Python.
    __class_getitem__ = classmethod(GenericAlias)

    def __repr__(self):
        level = getLevelName(self.logger.getEffectiveLevel())
        return f"<{type(self).__name__} {self.logger.name} ({level})>"
