"""Pieces of logging's API that picolog takes from logging itself, and
use_as_logging(): `import logging` resolving to picolog.

The format style classes work on any record's attributes, so logging's own
are picolog's. use_as_logging() puts picolog, picolog.handlers and
picolog.config in sys.modules under logging's names, for applications that
want every later `import logging` to give picolog's objects.
"""

import logging
import sys

PercentStyle = logging.PercentStyle
StrFormatStyle = logging.StrFormatStyle
StringTemplateStyle = logging.StringTemplateStyle

_NAMES = ("logging", "logging.handlers", "logging.config")


class LoggingSubstitution:
    """The undo handle of use_as_logging(): close() puts logging back."""

    def __init__(self, saved):
        self._saved = saved

    def close(self):
        for name, module in self._saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        self._saved = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def use_as_logging():
    """From now on `import logging`, `import logging.handlers` and
    `import logging.config` give picolog, picolog.handlers and picolog.config.

    Only code imported afterwards is affected: modules that already hold
    logging keep it (combine with capture_stdlib() for those). Off by
    default, because code that relies on logging's private names
    (logging._lock, logging._handlers, Logger._log) or on isinstance checks
    against logging's classes sees picolog's objects instead. Returns a
    handle whose close() restores the standard modules."""
    import picolog
    import picolog.config
    import picolog.handlers

    saved = {name: sys.modules.get(name) for name in _NAMES}
    sys.modules["logging"] = picolog
    sys.modules["logging.handlers"] = picolog.handlers
    sys.modules["logging.config"] = picolog.config
    return LoggingSubstitution(saved)
