"""Types of the speedups extension (_speedups.c): the C half of Logger."""

from collections.abc import Callable, Mapping
from typing import Any

class LoggerBase:
    def trace(self, msg: object, *args: object, **kwargs: Any) -> None: ...
    def debug(self, msg: object, *args: object, **kwargs: Any) -> None: ...
    def info(self, msg: object, *args: object, **kwargs: Any) -> None: ...
    def warning(self, msg: object, *args: object, **kwargs: Any) -> None: ...
    def error(self, msg: object, *args: object, **kwargs: Any) -> None: ...
    def critical(self, msg: object, *args: object, **kwargs: Any) -> None: ...
    def fatal(self, msg: object, *args: object, **kwargs: Any) -> None: ...
    def isEnabledFor(self, level: int) -> bool: ...
    def _pl_bind(self, threshold: int, logger: int, flags: int, /) -> None: ...

def setup(
    pyl_log_holding_gil: int,
    live: list[int],
    context: object,
    used: list[bool],
    current: Callable[[], object],
    apply: Callable[[], object],
    site: Callable[[object], tuple[bytes, bytes] | None],
    mapping: type[Mapping[Any, Any]],
    pyl_log_full: int,
    /,
) -> None: ...
def captured_methods(
    logger_class: type,
    root_class: type,
    loggers: dict[str, Any],
    logger_of: Callable[[Any], Any],
    log: Callable[..., None],
    tail: Callable[..., None],
    enabled: Callable[[Any, int], bool],
    /,
) -> dict[str, Any]: ...
