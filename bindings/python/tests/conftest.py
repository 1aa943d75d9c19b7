"""Shared fixtures: unique logger names, and running one scenario through both
logging and picolog to compare what they write."""

import itertools
import logging
import re

import pytest
from support import ListHandler

import picolog

_counter = itertools.count()


@pytest.fixture
def uname(request):
    """A logger name no other test uses (the runtime and its loggers are process-wide)."""
    base = re.sub(r"\W", "_", request.node.name)
    return f"t{next(_counter)}_{base}"


class Setup:
    """What a comparison scenario uses to attach handlers; undone after it."""

    def __init__(self, log, path):
        self.log = log
        self.path = path
        self.attached = []

    def attach(self, logger, handler):
        logger.addHandler(handler)
        self.attached.append((logger, handler))
        return handler

    def file(self, logger, fmt, datefmt=None, style="%", **handler_kwargs):
        """A FileHandler on the scenario's file with a Formatter, attached to logger."""
        handler = self.log.FileHandler(self.path, **handler_kwargs)
        handler.setFormatter(self.log.Formatter(fmt, datefmt=datefmt, style=style))
        return self.attach(logger, handler)

    def undo(self):
        for logger, handler in self.attached:
            handler.flush()
            logger.removeHandler(handler)
            handler.close()


class Harness:
    """Runs scenario(log, path, name, setup) once with logging and once with
    picolog and returns what each wrote to its file."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path

    def run(self, scenario, name):
        outputs = {}
        for mod in (logging, picolog):
            path = self.tmp_path / f"{mod.__name__}-{name}.log"
            setup = Setup(mod, str(path))
            try:
                scenario(mod, str(path), name, setup)
            finally:
                setup.undo()
            outputs[mod.__name__] = path.read_text() if path.exists() else ""
        return outputs["logging"], outputs["picolog"]


@pytest.fixture
def both(tmp_path):
    return Harness(tmp_path)


@pytest.fixture
def clean_root():
    """Restores both root loggers (handlers and level) after a test that configures them."""
    saved = [(lg, list(lg.handlers), lg.level) for lg in (logging.getLogger(), picolog.root)]
    yield
    for lg, handlers, level in saved:
        for h in list(lg.handlers):
            if h not in handlers:
                lg.removeHandler(h)
                h.close()
        lg.setLevel(level)


@pytest.fixture
def list_handler():
    return ListHandler


@pytest.fixture
def c_methods():
    """The C log methods take a call only while no Python handler or filter
    exists in C, and other tests' may outlive them: the count reads none
    for a test whose loggers reach C handlers only, so that its calls take
    the C methods' path whatever ran before it."""
    from picolog import _callbacks

    saved = _callbacks.live[0]
    _callbacks.live[0] = 0
    yield
    _callbacks.live[0] += saved


@pytest.fixture(params=["fast", "full"])
def call_path(request, monkeypatch):
    """Runs a test through the log methods' hot path and through the full path.

    The hot path is taken only while no Python handler or filter exists in C;
    forcing the counter either way makes both paths produce the output."""
    import picolog._logger

    monkeypatch.setattr(picolog._logger, "_live", [0 if request.param == "fast" else 1])
    return request.param
