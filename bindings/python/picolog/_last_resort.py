"""picolog.lastResort, as logging.lastResort: the handler (or None) that
gets the records no handler took, whichever language logged them.

logging reads the module attribute at each such record, so assigning it is
all it takes; here too. C's last resort (picolog_set_last_resort) is a
Python handler of this module that looks the attribute up when a record
comes: the handler gets the record if its level allows; None prints "No
handlers could be found for logger ..." once (while raiseExceptions is
true), as logging does. The default, _StderrHandler at WARNING, writes to
sys.stderr as it is at that moment. At interpreter exit C's built-in last
resort (WARNING and above to stderr) takes over again.
"""

import sys

from . import _callbacks
from ._ffi import check, lib
from ._handler import CALLBACK, Handler
from ._handlers import StreamHandler
from ._levels import NOTSET, WARNING

__all__ = ["default", "install", "take", "uninstall"]


class _StderrHandler(StreamHandler):
    """logging._StderrHandler: writes to sys.stderr, looked up at each record."""

    # The last resort formats the message alone: it needs none of the call's
    # Python objects, so its existence must not slow every log call down.
    _pl_counted = False

    def __init__(self, level=NOTSET):
        self._pl_terminator = "\n"
        Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stderr

    def _pl_select(self, native_fmt):
        return CALLBACK


class _Dispatch(Handler):
    """C's last resort while Python runs: hands each record to the handler
    picolog.lastResort names at that moment."""

    _pl_counted = False

    def emit(self, record):
        take(record)


def take(record):
    """Gives a record no handler took to picolog.lastResort (or, with None,
    says once that the logger has no handlers)."""
    last = getattr(sys.modules.get("picolog"), "lastResort", None)
    if last is not None:
        if record.levelno >= last.level:
            last.handle(record)
        return
    from ._logger import manager

    if _callbacks.reporting() and not manager.emittedNoHandlerWarning:
        sys.stderr.write(f'No handlers could be found for logger "{record.name}"\n')
        manager.emittedNoHandlerWarning = True


default = _StderrHandler(WARNING)
_dispatch = None


def install():
    """Makes Python's last resort C's (again after picolog.shutdown() closed
    the one before)."""
    global _dispatch
    dispatch = _Dispatch()
    check(lib.picolog_set_last_resort(dispatch._pl_ptr))
    _dispatch = dispatch


def uninstall():
    """Gives the last resort back to C's built-in one (at interpreter exit)."""
    lib.picolog_reset_last_resort()


install()
