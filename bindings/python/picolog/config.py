"""picolog.config: logging.config's dictConfig (schema version 1) and fileConfig,
building picolog objects; load(path), configure(text) and reload() hand a
JSON or TOML file of the same schema to the C runtime instead (_coreconfig).

ext://, cfg:// and the value converters come from logging.config's
BaseConfigurator; every formatter, filter, handler and logger made here is
picolog's. Dotted names under `logging.` and `logging.handlers.` resolve to
picolog's object of the same name when picolog has one (logging.FileHandler
is picolog.FileHandler); any other name is imported as given.

Unlike logging, nothing is touched until every formatter, filter and handler
is built and every logger's references check out: a bad configuration raises
ValueError("Unable to configure ...") and leaves the previous one in place.
Handlers made by earlier dictConfig or fileConfig calls are closed once no logger uses
them, and flushed otherwise: logging closes every handler of the process,
but the ones still attached keep writing (a closed file handler reopens its
file), whereas a closed picolog handler ignores records; handlers made
elsewhere (or from C and Rust) are not dictConfig's to close, but as in
logging their names are forgotten (getHandlerByName, `incremental`). The
existing loggers are those created from Python (manager.loggerDict).

A QueueHandler's `queue`, `listener` and `handlers` keys work as in Python
3.13's logging, and as there dictConfig does not start the listener: call
handler.listener.start(). An entry without a `listener` key that names one
of picolog's queue options (capacity, max_bytes, overflow, timeout) gets
the native channel instead (the queue's maxsize is its capacity when no
capacity is given), handler.listener being its NativeListener; see
_config_queue. A handler serving a listener cannot also be on a logger.

fileConfig reads logging's INI format (the file's name, a file object, or a
configparser.RawConfigParser) and follows logging's fileConfig: handlers are
named after their keys, `propagate` defaults to 1, every configured logger
and the root lose their earlier handlers, and loggers the file leaves out
are disabled (unless disable_existing_loggers is false) or, below a
configured logger, reset. `class`, `args` and `kwargs` are evaluated in
logging's namespace with picolog's objects in place of logging's
(StreamHandler, FileHandler, handlers.QueueHandler); names picolog lacks,
such as handlers.HTTPHandler, stay logging's, and dotted class names
resolve as in dictConfig. Differences: nothing changes until every
formatter and handler is built and every logger section checks out (the
exception is the one logging raises: KeyError for a missing section, option,
handler or formatter, RuntimeError for an empty or unparsable file);
handlers are retired as by dictConfig rather than all closed (one made
elsewhere that it takes off the root or a configured logger is only
detached); formatter
sections take `defaults` (evaluated, as from Python 3.12) and `validate` (a
boolean) on every Python version.
"""

from __future__ import annotations

import functools
import logging
import logging.config
import logging.handlers
from collections.abc import Mapping
from logging.config import (  # public in logging.config; dictConfig here is built on them
    IDENTIFIER,
    BaseConfigurator,
    ConvertingDict,
    ConvertingList,
    ConvertingMixin,
    ConvertingTuple,
)
from typing import Any

import picolog

from . import _config, _config_queue, _fileconfig, _handlers
from . import handlers as _queues
from ._config_install import apply as _apply
from ._config_install import install as _install
from ._config_install import standard_handler as _standard_handler
from ._coreconfig import configure, load, reload, reload_on_sighup
from ._filters import Filter
from ._formatter import Formatter
from ._handler import Handler, getHandlerByName, named_handlers, restore_names
from ._levels import checkLevel
from ._listen import DEFAULT_LOGGING_CONFIG_PORT, listen, stopListening
from ._logger import getLogger
from ._retire import discard as _discard

__all__ = [
    "BaseConfigurator",
    "ConvertingDict",
    "ConvertingList",
    "ConvertingMixin",
    "ConvertingTuple",
    "DEFAULT_LOGGING_CONFIG_PORT",
    "DictConfigurator",
    "IDENTIFIER",
    "configure",
    "dictConfig",
    "dictConfigClass",
    "fileConfig",
    "listen",
    "load",
    "reload",
    "reload_on_sighup",
    "stopListening",
    "valid_ident",
]

valid_ident = logging.config.valid_ident
_HANDLER_TYPES = (Handler, logging.Handler)
_QUEUE_TYPES = (_queues.QueueHandler, logging.handlers.QueueHandler)
# Handlers whose `target` names another handler (picolog's backtrace ring
# too, so one configuration serves dictConfig and the core's files).
_MEMORY_TYPES = (_queues.MemoryHandler, logging.handlers.MemoryHandler, _queues.BacktraceHandler)
# Handlers whose `address` is a (host, port) tuple, which JSON writes as a list.
_SYSLOG_TYPES = (_queues.SysLogHandler, logging.handlers.SysLogHandler)
_MISSING = object()


class _NotYet(Exception):
    """A handler refers to a handler configured later in this call."""


def _picolog_object(dotted):
    for prefix, module in (("logging.handlers.", _queues), ("logging.", picolog)):
        if dotted.startswith(prefix):
            rest = dotted[len(prefix) :]
            if rest in module.__all__:
                return getattr(module, rest)
    return _MISSING


def _resolve_dotted(dotted):
    """logging.config's name resolution (and its ImportError or AttributeError),
    preferring picolog's objects."""
    found = _picolog_object(dotted)
    return logging.config._resolve(dotted) if found is _MISSING else found


def _wrapped(what, fn, *args):
    try:
        return fn(*args)
    except Exception as e:
        raise ValueError(f"Unable to configure {what}") from e


def _wrapped_item(what, fn, container, key, *args):
    # The lookup belongs inside too: as in logging, a list where a dict of
    # sections belongs is a ValueError, not an IndexError.
    return _wrapped(what, lambda: fn(container[key], *args))


class DictConfigurator(logging.config.BaseConfigurator):
    """logging.config.DictConfigurator for picolog: configure() applies the dict."""

    def resolve(self, s):
        found = _picolog_object(s)
        return super().resolve(s) if found is _MISSING else found

    def configure(self):
        config = self.config
        if "version" not in config:
            raise ValueError("dictionary doesn't specify a version")
        if config["version"] != 1:
            raise ValueError(f"Unsupported version: {config['version']}")
        incremental = config.pop("incremental", False)
        with _config._lock:
            if incremental:
                self._configure_incremental()
            else:
                self._configure_full()

    # -- the steps of a full configuration -----------------------------------

    def _configure_full(self):
        config = self.config
        disable_existing = config.pop("disable_existing_loggers", True)
        formatters = config.get("formatters", {})
        for name in formatters:
            formatters[name] = _wrapped_item(
                f"formatter {name!r}", self.configure_formatter, formatters, name
            )
        filters = config.get("filters", {})
        for name in filters:
            filters[name] = _wrapped_item(f"filter {name!r}", self.configure_filter, filters, name)
        named, made = named_handlers(), []
        try:
            self._configure_handlers(made)
            plans, root_plan = self._logger_plans(False)
        except BaseException:
            _discard(reversed(made))
            restore_names(named)
            raise
        _install(made, plans, root_plan, disable_existing, named)

    def _configure_handlers(self, made):
        """Builds every handler; one that refers to another waits for it."""
        handlers = self.config.get("handlers", {})
        pending = sorted(handlers)
        while pending:
            waiting = []
            for name in pending:
                try:
                    handler = self.configure_handler(handlers[name])
                except _NotYet:
                    waiting.append(name)
                    continue
                except Exception as e:
                    raise ValueError(f"Unable to configure handler {name!r}") from e
                handler.name = name
                handlers[name] = handler
                made.append(handler)
            if len(waiting) == len(pending):
                cause = ValueError(f"handlers referring to each other: {', '.join(waiting)}")
                raise ValueError(f"Unable to configure handler {waiting[0]!r}") from cause
            pending = waiting

    def _configure_incremental(self):
        config = self.config
        handlers = config.get("handlers", {})
        levels = []
        for name in handlers:
            # As logging, among the named handlers (logging._handlers), which
            # a full configuration clears; one of the standard module's is
            # named in logging's table instead.
            handler = getHandlerByName(name) or _standard_handler(name)
            if handler is None:
                raise ValueError(f"No handler found with name {name!r}")
            # As logging: a false level (0, "") leaves the handler's level alone.
            level = _wrapped_item(f"handler {name!r}", _given_level, handlers, name)
            if level is not None:
                levels.append((handler, level))
        plans, root_plan = self._logger_plans(True)
        for handler, level in levels:
            handler.setLevel(level)
        for name, plan in plans:
            _apply(getLogger(name), plan, True)
        if root_plan is not None:
            _apply(getLogger(), root_plan, True)

    # -- objects from their configuration ------------------------------------

    def configure_formatter(self, config):
        if "()" in config:
            factory = config["()"]
            try:
                return self.configure_custom(config)
            except TypeError as e:
                # Factories written for older Pythons name the pattern `fmt`.
                if "'format'" not in str(e):
                    raise
                config["fmt"] = config.pop("format")
                config["()"] = factory
                return self.configure_custom(config)
        cname = config.get("class")
        klass = self.resolve(cname) if cname else Formatter
        args = [config.get("format"), config.get("datefmt"), config.get("style", "%")]
        if "validate" in config:
            args.append(config["validate"])
        defaults = config.get("defaults")
        return klass(*args, **({} if defaults is None else {"defaults": defaults}))

    def configure_filter(self, config):
        if "()" in config:
            return self.configure_custom(config)
        return Filter(config.get("name", ""))

    def configure_handler(self, config):
        klass = None
        if "()" not in config:
            if "class" not in config:
                raise ValueError("a handler needs a 'class' or a '()' factory")
            klass = config["class"]
            if not callable(klass):
                klass = self.resolve(klass)
            self._check_targets(klass, config)
        formatter = config.pop("formatter", None)
        if formatter:
            try:
                formatter = self.config["formatters"][formatter]
            except Exception as e:
                raise ValueError(f"Unable to set formatter {formatter!r}") from e
        level = config.pop("level", None)
        filters = config.pop("filters", None)
        if klass is None:
            factory = config.pop("()")
            if not callable(factory):
                factory = self.resolve(factory)
        else:
            del config["class"]
            factory = self._factory(klass, config)
        props = config.pop(".", None)
        result = factory(**{k: config[k] for k in config if valid_ident(k)})
        try:
            if formatter:
                result.setFormatter(formatter)
            if level is not None:
                result.setLevel(checkLevel(level))
            if filters:
                for f in filters:
                    result.addFilter(self._filter(f))
            for key, value in (props or {}).items():
                setattr(result, key, value)
        except BaseException:
            _discard([result])
            raise
        return result

    def _check_targets(self, klass, config):
        if not isinstance(klass, type):
            return
        if issubclass(klass, _QUEUE_TYPES):
            names = config.get("handlers") or []
            if not isinstance(names, list):
                raise TypeError(f"a QueueHandler's 'handlers' must be a list: {names!r}")
        elif issubclass(klass, _MEMORY_TYPES) and "target" in config:
            names = [config["target"]]
        else:
            return
        handlers = self.config.get("handlers", {})
        for name in names:
            if name not in handlers:
                raise ValueError(f"Unable to set target handler {name!r}")
            if not isinstance(handlers[name], _HANDLER_TYPES):
                raise _NotYet(name)

    def _factory(self, klass, config):
        if not isinstance(klass, type):
            return klass
        handlers = self.config.get("handlers", {})
        if issubclass(klass, _QUEUE_TYPES):
            config["handlers"] = [handlers[name] for name in config.get("handlers") or []]
            return functools.partial(_config_queue.build, self, klass)
        if issubclass(klass, _MEMORY_TYPES) and "flushLevel" in config:
            config["flushLevel"] = checkLevel(config["flushLevel"])  # as logging 3.13
        if issubclass(klass, _MEMORY_TYPES) and "target" in config:
            config["target"] = handlers[config["target"]]
        elif issubclass(klass, logging.handlers.SMTPHandler) and "mailhost" in config:
            config["mailhost"] = self.as_tuple(config["mailhost"])
        elif issubclass(klass, _SYSLOG_TYPES) and "address" in config:
            config["address"] = self.as_tuple(config["address"])
        return klass

    # -- loggers -------------------------------------------------------------

    def _logger_plans(self, incremental):
        loggers = self.config.get("loggers", {})
        plans = [
            (name, _wrapped(f"logger {name!r}", self._named_plan, loggers, name, incremental))
            for name in loggers
        ]
        root = self.config.get("root")
        return plans, _wrapped("root logger", self._plan, root, incremental) if root else None

    def _named_plan(self, loggers, name, incremental):
        # getLogger's refusal, found while no logger has changed.
        if not isinstance(name, str):
            raise TypeError("A logger name must be a string")
        if "\0" in name:
            raise ValueError(f"a logger name cannot contain a NUL byte: {name!r}")
        return self._plan(loggers[name], incremental)

    def _plan(self, config, incremental):
        """A logger's resolved settings, checked before any logger changes."""
        level = _level_of(config)
        handlers, filters = [], []
        if not incremental:
            for name in config.get("handlers") or ():
                try:
                    handlers.append(self._handler(name))
                except Exception as e:
                    raise ValueError(f"Unable to add handler {name!r}") from e
            for f in config.get("filters") or ():
                filters.append(self._filter(f))
        return level, handlers, filters, config.get("propagate")

    def _handler(self, name):
        handler = self.config["handlers"][name]
        # A `()` factory's result is taken as is; a logger takes only a
        # handler, and refuses anything else here, before any logger changes.
        if not isinstance(handler, _HANDLER_TYPES):
            raise TypeError(f"not a handler: {handler!r}")
        wrapper = _handlers.find_handler(handler)
        if wrapper is not None and wrapper._pl_queue is not None:
            raise ValueError(f"handler {name!r} serves a queue listener; it cannot be on a logger")
        return handler

    def _filter(self, f):
        try:
            if not (callable(f) or callable(getattr(f, "filter", None))):
                f = self.config["filters"][f]
            if not (callable(f) or callable(getattr(f, "filter", None))):
                raise TypeError(f"not a filter: {f!r}")
        except Exception as e:
            raise ValueError(f"Unable to add filter {f!r}") from e
        return f


def _given_level(config):
    """An incremental handler's level, or None if it gives no true one."""
    return _level_of(config) if config.get("level") else None


# The levels the runtime holds (a C int, never negative). logging takes any
# int; a level outside these is refused with the section it is in, before
# any logger changes, rather than by the logger when its turn comes.
_MAX_LEVEL = 2**31 - 1


def _level_of(config):
    level = config.get("level")
    if level is None:
        return None
    level = checkLevel(level)
    if not 0 <= level <= _MAX_LEVEL:
        raise ValueError(f"level {level} is out of range [0, {_MAX_LEVEL}]")
    return level


def dictConfig(config: dict[str, Any]) -> None:
    """Configures picolog from a dictionary, as logging.config.dictConfig."""
    dictConfigClass(config).configure()


dictConfigClass = DictConfigurator


def fileConfig(
    fname: Any,
    defaults: Mapping[str, str] | None = None,
    disable_existing_loggers: bool = True,
    encoding: str | None = None,
) -> None:
    """Configures picolog from an INI file, a file object or a
    configparser.RawConfigParser, as logging.config.fileConfig."""
    parser = _fileconfig.read(fname, defaults, encoding)
    made = []
    with _config._lock:
        named = named_handlers()
        try:
            plans, root_plan = _fileconfig.build(parser, _resolve_dotted, made)
        except BaseException:
            _discard(reversed(made))
            restore_names(named)
            raise
        _install(made, plans, root_plan, disable_existing_loggers, named)
