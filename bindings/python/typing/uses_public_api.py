"""A program using picolog's public API, checked with `mypy --strict` against
the installed package (scripts/typecheck-python.sh): the annotations and
py.typed of the package must let typed code use it without a single ignore."""

import logging
import sys
import tempfile
from pathlib import Path
from queue import Queue

import picolog
import picolog.config
from picolog.handlers import QueueHandler, QueueListener


class Collect(picolog.Handler):
    def __init__(self) -> None:
        super().__init__(picolog.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def main() -> int:
    folder = Path(tempfile.mkdtemp())
    picolog.basicConfig(level=picolog.INFO, format="%(levelname)s %(name)s: %(message)s")
    log: picolog.Logger = picolog.getLogger("typed.app")
    log.setLevel("DEBUG")
    enabled: bool = log.isEnabledFor(picolog.DEBUG)
    level: int = log.getEffectiveLevel()

    collect = Collect()
    collect.setFormatter(picolog.Formatter("%(name)s %(message)s"))
    collect.addFilter(picolog.Filter("typed"))
    log.addHandler(collect)
    file = picolog.FileHandler(folder / "typed.log", mode="w", buffered=True)
    queue = QueueHandler(handlers=[file], capacity=1024, overflow="drop_oldest")
    log.addHandler(queue)
    log.info("started %s", "typed", extra={"user": "ada"})
    log.getChild("db").warning("slow query: %d ms", 250)
    picolog.LoggerAdapter(log, {"request": "r1"}).error("failed")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("caught")
    queue.flush()
    stats: dict[str, int] = queue.stats()
    log.removeHandler(queue)
    queue.close()

    listener = QueueListener(Queue(), picolog.NullHandler(), respect_handler_level=True)
    listener.start()
    listener.stop()

    picolog.addLevelName(25, "NOTICE")
    picolog.config.dictConfig({"version": 1, "incremental": True})
    stream = picolog.StreamHandler(sys.stderr)
    stream.close()
    picolog.flush()
    print(
        enabled,
        level,
        collect.lines,
        stats["enqueued"],
        picolog.runtime_id(),
        picolog.version(),
        picolog.get_include(),
        picolog.get_library_dir(),
        picolog.getLevelNamesMapping()["NOTICE"],
    )
    picolog.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
