"""The INI side of picolog.config.fileConfig: reading logging's file format
and building its formatters, handlers and logger settings.

Nothing here touches a logger: build() returns the settings in dictConfig's
form, for picolog.config to apply once everything is built. Errors are
logging.config.fileConfig's own (the same types, raised in the same order).
"""

import configparser
import io
import logging
import logging.handlers
import os
import types

import picolog

from . import handlers as _queues
from ._formatter import Formatter
from ._levels import checkLevel


def read(fname, defaults, encoding):
    """The parser for fname (a file name, a file object or a parser)."""
    if isinstance(fname, str):
        if not os.path.exists(fname):
            raise FileNotFoundError(f"{fname} doesn't exist")
        if not os.path.getsize(fname):
            raise RuntimeError(f"{fname} is an empty file")
    if isinstance(fname, configparser.RawConfigParser):
        return fname
    try:
        parser = configparser.ConfigParser(defaults)
        if hasattr(fname, "readline"):
            parser.read_file(fname)
        else:
            # As logging: the locale's encoding unless told, with the
            # EncodingWarning Python 3.10+ gives for that under -X warn_default_encoding.
            if hasattr(io, "text_encoding"):
                encoding = io.text_encoding(encoding)
            parser.read(fname, encoding=encoding)
    except configparser.ParsingError as e:
        raise RuntimeError(f"{fname} is invalid: {e}") from e
    return parser


def build(parser, resolve, made):
    """Builds the formatters and handlers of `parser` and checks its loggers.

    resolve(dotted) imports a dotted class name. Every handler made is
    appended to `made` at once, so that the caller can discard them if a
    later section fails. Returns (plans, root_plan): plans is a list of
    (qualname, plan), a plan is (level, handlers, filters, propagate).
    """
    space = _namespace()
    formatters = _build_formatters(parser, resolve, space)
    handlers = _build_handlers(parser, formatters, resolve, space, made)
    return _logger_plans(parser, handlers)


_MEMORY_TYPES = (logging.handlers.MemoryHandler, _queues.MemoryHandler)


def _namespace():
    """vars(logging), where logging.config evaluates `class` and `args`, with
    picolog's objects in place of logging's."""
    space = dict(vars(logging))
    space.update((name, getattr(picolog, name)) for name in picolog.__all__)
    both = dict(vars(logging.handlers))
    both.update((name, getattr(_queues, name)) for name in _queues.__all__)
    space["handlers"] = types.SimpleNamespace(**both)
    return space


def _keys(parser, section):
    # As logging: empty entries ("a,,b") are kept and fail as missing sections.
    keys = parser[section]["keys"]
    return [key.strip() for key in keys.split(",")] if keys else []


def _build_formatters(parser, resolve, space):
    formatters = {}
    for name in _keys(parser, "formatters"):
        section = f"formatter_{name}"
        fmt = parser.get(section, "format", raw=True, fallback=None)
        datefmt = parser.get(section, "datefmt", raw=True, fallback=None)
        style = parser.get(section, "style", raw=True, fallback="%")
        defaults = parser.get(section, "defaults", raw=True, fallback=None)
        class_name = parser[section].get("class")
        klass = resolve(class_name) if class_name else Formatter
        args = [fmt, datefmt, style]
        if parser.has_option(section, "validate"):
            args.append(parser.getboolean(section, "validate"))
        if defaults is None:
            formatters[name] = klass(*args)
        else:
            formatters[name] = klass(*args, defaults=eval(defaults, space))
    return formatters


def _build_handlers(parser, formatters, resolve, space, made):
    handlers = {}
    targets = []
    for name in _keys(parser, "handlers"):
        section = parser[f"handler_{name}"]
        klass = _handler_class(section["class"], resolve, space)
        formatter = section.get("formatter", "")
        args = eval(section.get("args", "()"), space)
        kwargs = eval(section.get("kwargs", "{}"), space)
        handler = klass(*args, **kwargs)
        made.append(handler)
        handler.name = name
        if "level" in section:
            handler.setLevel(section["level"])
        if formatter:
            handler.setFormatter(formatters[formatter])
        target = section.get("target", "")
        if target and isinstance(klass, type) and issubclass(klass, _MEMORY_TYPES):
            # The target may be a handler of a later section.
            targets.append((handler, target))
        handlers[name] = handler
    for handler, target in targets:
        handler.setTarget(handlers[target])
    return handlers


def _handler_class(name, resolve, space):
    try:
        return eval(name, space)
    except (AttributeError, NameError):
        return resolve(name)


def _logger_plans(parser, handlers):
    names = _keys(parser, "loggers")
    names.remove("root")
    section = parser["logger_root"]
    root_plan = (_level(section), _attached(section, handlers), [], None)
    plans = []
    for name in names:
        section = parser[f"logger_{name}"]
        qualname = section["qualname"]
        propagate = section.getint("propagate", fallback=1)
        plan = (_level(section), _attached(section, handlers), [], bool(propagate))
        plans.append((qualname, plan))
    return plans, root_plan


def _level(section):
    return checkLevel(section["level"]) if "level" in section else None


def _attached(section, handlers):
    names = section["handlers"]
    return [handlers[name.strip()] for name in names.split(",")] if names else []
