"""Helpers shared by the tests (imported by name; pytest puts this folder on sys.path)."""

import contextlib
import subprocess
import sys
import textwrap

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


def run_script(script, cwd, *args):
    """Runs a Python script (dedented) in a new interpreter with args."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )
