"""Installing a dictConfig or fileConfig configuration whose objects are
all built and checked: naming its handlers, applying it to the loggers and
retiring the handlers of the configuration before it."""

import logging
import weakref

from ._handler import forget_names
from ._levels import NOTSET
from ._logger import getLogger, manager
from ._retire import retire

# name -> handler made by dictConfig or fileConfig: what the next full
# configuration retires.
_named = weakref.WeakValueDictionary()


def install(made, plans, root_plan, disable_existing, named):
    """Applies a full configuration whose objects are all built and checked:
    `made` become the named handlers, the names of `named` (the table before
    the configuration) are forgotten, and the handlers of earlier
    configurations are retired."""
    forget_names(named, made)
    previous = [h for h in _named.values() if not any(h is m for m in made)]
    _named.clear()
    for handler in made:
        _named[handler.name] = handler
    existing = set(manager.loggerDict)
    for name, plan in plans:
        apply(getLogger(name), plan, False)
    named = [name for name, _ in plans]
    for name in existing.difference(named):
        logger = manager.loggerDict[name]
        if any(name.startswith(parent + ".") for parent in named):
            logger.setLevel(NOTSET)
            logger.handlers = []
            logger.propagate = True
        else:
            logger.disabled = disable_existing
    if root_plan is not None:
        apply(getLogger(), root_plan, False)
    retire(previous)


def apply(logger, plan, incremental):
    level, handlers, filters, propagate = plan
    if level is not None:
        logger.setLevel(level)
    if not incremental:
        logger.handlers = handlers
        for f in filters:
            logger.addFilter(f)
    if logger is not logger.root:
        logger.disabled = False
        if propagate is not None:
            logger.propagate = propagate


def standard_handler(name):
    """The standard module's handler the last full configuration made and
    named `name`, while logging's table still holds it."""
    handler = _named.get(name)
    if isinstance(handler, logging.Handler) and logging._handlers.get(name) is handler:
        return handler
    return None
