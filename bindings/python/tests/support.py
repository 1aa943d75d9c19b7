"""Helpers shared by the tests (imported by name; pytest puts this folder on sys.path)."""

import contextlib

import picolog


class ListHandler(picolog.Handler):
    """A Python handler that keeps every record (and the formatted line)."""

    def __init__(self, level=picolog.NOTSET):
        super().__init__(level)
        self.records = []
        self.lines = []

    def emit(self, record):
        self.records.append(record)
        self.lines.append(self.format(record))


@contextlib.contextmanager
def attached(logger, handler, close=True):
    """Attaches handler for the block; then detaches it (and closes it)."""
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        if close:
            handler.close()
