"""What the dictConfig and fileConfig tests share: putting both modules'
loggers back after a test configures them, and running one configuration
through logging and picolog to compare what they write."""

import logging
import logging.config

import pytest

import picolog
import picolog.config
from picolog import _handler


def _loggers(mod):
    found = [mod.getLogger()]
    found += [lg for lg in mod.root.manager.loggerDict.values() if isinstance(lg, mod.Logger)]
    return found


@pytest.fixture
def config_isolation():
    """A configuration reaches every logger (and logging's closes every
    handler) and clears the named handlers: restore both modules' loggers,
    logging's handler lists and both tables of names afterwards."""
    saved = {
        mod: {
            lg: (lg.level, lg.propagate, lg.disabled, list(lg.handlers), list(lg.filters))
            for lg in _loggers(mod)
        }
        for mod in (logging, picolog)
    }
    std_named, std_all = logging._handlers.copy(), logging._handlerList[:]
    picolog_named = _handler.named_handlers()
    yield
    picolog.flush()
    for mod, states in saved.items():
        for lg in _loggers(mod):
            level, propagate, disabled, handlers, filters = states.get(
                lg, (logging.NOTSET, True, False, [], [])
            )
            for h in lg.handlers:
                if not any(h is k for k in handlers):
                    lg.removeHandler(h)
                    h.close()
            for h in handlers:
                lg.addHandler(h)
            for f in lg.filters:
                if not any(f is k for k in filters):
                    lg.removeFilter(f)
            lg.setLevel(level)
            lg.disabled = disabled
            if lg is not mod.getLogger():
                lg.propagate = propagate
    logging._handlers.clear()
    logging._handlers.update(std_named)
    logging._handlerList[:] = std_all
    _handler.restore_names(picolog_named)


def config_of(mod):
    return logging.config if mod is logging else picolog.config


def same_output(both, name, make, actions, apply):
    """Configures each module with apply(log, make(path, name), path) and runs
    actions(log, name); returns what picolog wrote, once it is what logging
    wrote."""

    def scenario(log, path, name, setup):
        apply(log, make(path, name), path)
        actions(log, name)
        if log is picolog:
            picolog.flush()

    expected, got = both.run(scenario, name)
    assert got == expected
    return got
