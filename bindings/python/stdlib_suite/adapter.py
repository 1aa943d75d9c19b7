"""Runs CPython's own test_logging against picolog.

The suite imports `logging`, `logging.handlers` and `logging.config`; here
those names resolve to picolog, picolog.handlers and picolog.config through
a thin module object that adds the private names the suite reaches into
(logging._handlers, logging._acquireLock, ...), each mapped to picolog's own
state where picolog has it. Everything else the suite reads or sets goes to
the picolog package itself.

Loggers live forever in picolog's runtime, while the suite's tearDown drops
the loggers a test created from the manager's dict and expects fresh ones
next time: after each test, the C state of every logger the test created is
reset (level, handlers, filters, propagate, disabled), which is what a fresh
logging.Logger would have.
"""

import sys
import threading
import traceback
import types
import weakref

import picolog
import picolog.config
import picolog.handlers
from picolog import _handler, _levels, _logger, _record

_module_lock = threading.RLock()


# Module attributes that picolog itself reads: the suite's assignments to
# them must reach the package. Everything else is the module object's own,
# so the suite can patch and restore it freely.
_SETTINGS = frozenset(
    (
        "raiseExceptions",
        "lastResort",
        "basicConfig",
        "logThreads",
        "logProcesses",
        "logMultiprocessing",
        "logAsyncioTasks",
    )
)


_ORIGINALS = {name: getattr(picolog, name) for name in _SETTINGS}


class _LoggingModule(types.ModuleType):
    """`logging` for the suite: picolog's names, plus the private ones the
    suite reaches into."""

    def __getattr__(self, name):
        if name in _SETTINGS:
            return getattr(picolog, name)
        raise AttributeError(f"module 'logging' (picolog) has no attribute {name!r}")

    def __setattr__(self, name, value):
        if name in _SETTINGS:
            setattr(picolog, name, value)
        else:
            super().__setattr__(name, value)

    def __delattr__(self, name):
        # test.support.patch deletes what it patched when the module served
        # the name through __getattr__: picolog gets its own value back.
        if name in _SETTINGS:
            setattr(picolog, name, _ORIGINALS[name])
        else:
            super().__delattr__(name)


def _logging_module():
    mod = _LoggingModule("logging")
    mod.__dict__.update(
        {k: v for k, v in vars(picolog).items() if not k.startswith("__") and k not in _SETTINGS}
    )
    mod.__dict__.update(
        {
            "__file__": picolog.__file__,
            "__path__": [],
            "__all__": picolog.__all__,
            "handlers": picolog.handlers,
            "config": picolog.config,
            "traceback": traceback,
            "weakref": weakref,
            "_handlers": _handler._by_name,
            "_handlerList": [],
            "_acquireLock": _module_lock.acquire,
            "_releaseLock": _module_lock.release,
            "_lock": _module_lock,
            "_nameToLevel": _levels._nameToLevel,
            "_levelToName": _levels._levelToName,
            "_checkLevel": _levels.checkLevel,
            "_logRecordFactory": _record.LogRecord,
            "_at_fork_reinit_lock_weakset": _handler._with_locks,
        }
    )
    return mod


def _reset_logger(logger):
    logger.handlers = []
    for f in list(logger.filters):
        logger.removeFilter(f)
    logger.setLevel(picolog.NOTSET)
    logger.propagate = True
    logger.disabled = False


class Isolation:
    """Puts picolog back as it was before a test: the suite's own tearDowns
    assume loggers and handlers that die with the test."""

    def __init__(self):
        self.loggers = set(_logger._loggers)

    def restore(self):
        for name, lg in list(_logger._loggers.items()):
            if name not in self.loggers:
                _reset_logger(lg)
        root = picolog.root
        for h in root.handlers:
            h.close()
        _reset_logger(root)
        root.setLevel(picolog.WARNING)
        picolog.disable(picolog.NOTSET)
        picolog.raiseExceptions = True
        picolog.setLogRecordFactory(None)


def _wrap_base_test(base):
    set_up, tear_down = base.setUp, base.tearDown

    def setUp(self):
        self._picolog_before = set(_logger._loggers)
        set_up(self)

    def tearDown(self):
        created = [
            lg for name, lg in list(_logger._loggers.items()) if name not in self._picolog_before
        ]
        try:
            tear_down(self)
        finally:
            for lg in created:
                _reset_logger(lg)

    base.setUp, base.tearDown = setUp, tearDown


def import_suite():
    """test.test_logging, imported with `logging` resolving to picolog."""
    import test.support.logging_helper  # noqa: F401  (binds the stdlib's BufferingHandler)

    names = ("logging", "logging.handlers", "logging.config")
    saved = {name: sys.modules.get(name) for name in names}
    sys.modules["logging"] = _logging_module()
    sys.modules["logging.handlers"] = picolog.handlers
    sys.modules["logging.config"] = picolog.config
    try:
        sys.modules.pop("test.test_logging", None)
        import test.test_logging as suite
    finally:
        for name, module in saved.items():
            sys.modules[name] = module
    _wrap_base_test(suite.BaseTest)
    return suite
