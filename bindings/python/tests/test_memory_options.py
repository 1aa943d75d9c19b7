"""A MemoryHandler's capacity, flushLevel and flushOnClose assigned after it
is made take effect, as in logging, with the records it holds kept."""

import logging
import logging.handlers

import pytest

import picolog
import picolog.handlers


def _buffering(mod, path, name, **options):
    logger = mod.getLogger(name)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    target = mod.FileHandler(str(path))
    target.setFormatter(mod.Formatter("%(levelname)s %(message)s"))
    handler = mod.handlers.MemoryHandler(10, target=target, **options)
    logger.addHandler(handler)
    return logger, handler, target


def _written(target, path):
    target.flush()
    return path.read_text().splitlines()


@pytest.mark.parametrize("mod", [logging, picolog])
def test_capacity_and_flush_level_assigned_later(mod, tmp_path, uname):
    path = tmp_path / "out.log"
    logger, handler, target = _buffering(mod, path, uname)
    try:
        logger.info("held")
        handler.flushLevel = logging.WARNING
        logger.warning("passes the buffer on")
        assert _written(target, path) == ["INFO held", "WARNING passes the buffer on"]
        logger.info("one")
        handler.capacity = 2
        assert _written(target, path)[2:] == []
        logger.info("two")
        assert _written(target, path)[2:] == ["INFO one", "INFO two"]
    finally:
        logger.removeHandler(handler)
        handler.close()
        target.close()


@pytest.mark.parametrize("mod", [logging, picolog])
@pytest.mark.parametrize("on_close", [False, True])
def test_flush_on_close_assigned_later(mod, on_close, tmp_path, uname):
    path = tmp_path / "out.log"
    logger, handler, target = _buffering(mod, path, uname, flushOnClose=not on_close)
    try:
        logger.info("held")
        handler.flushOnClose = on_close
        logger.removeHandler(handler)
        handler.close()
        assert _written(target, path) == (["INFO held"] if on_close else [])
    finally:
        target.close()
