"""Shared setup of the polyglot tests: the demo's modules on sys.path and an
"app" logger put back as it was after each test."""

import sys
from pathlib import Path

import picolog
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@pytest.fixture
def app():
    """The "app" logger, with its level, handlers and propagate restored after
    the test so that tests in one process do not see each other's setup."""
    logger = picolog.getLogger("app")
    level, propagate, handlers = logger.level, logger.propagate, list(logger.handlers)
    yield logger
    for handler in list(logger.handlers):
        if handler not in handlers:
            logger.removeHandler(handler)
    logger.setLevel(level)
    logger.propagate = propagate
