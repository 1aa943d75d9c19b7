"""BaseRotatingHandler, RotatingFileHandler and TimedRotatingFileHandler of
logging.handlers, over picolog's rotating file handlers in C
(WatchedFileHandler: _watched.py).

With UTF-8 and a formatter C can run, C checks, rotates and writes: a record
never enters Python, whatever language logged it. A callable `namer` or
`rotator` keeps that, and C calls back into Python for those two hooks only,
when it rotates. A subclass overriding emit, format, shouldRollover,
doRollover, rotation_filename, rotate or _open (for time rotation also
computeRollover or getFilesToDelete), or another encoding, runs logging's
own rollover methods in Python instead, as logging would.

Differences from logging: a rename that fails does not lose the record or
stop logging (the failure is counted and reported once); an empty file is
never rotated (Python 3.13 behaviour), so a record longer than maxBytes gets
a file of its own. `clock` (picolog only) replaces time.time for the
rollover checks, for tests.
"""

import datetime
import logging.handlers as _std
import math
import os
import re
import sys
import time

from . import _callbacks
from ._clocked import logging_method
from ._ffi import check, encode, ffi, lib
from ._handler import CALLBACK, Handler, _HandlerRef, _overrides
from ._handlers import FileHandler

__all__ = [
    "BaseRotatingHandler",
    "RotatingFileHandler",
    "TimedRotatingFileHandler",
]

# Overriding one of these makes Python write the file, with logging's code
# (_open: see FileHandler._PYTHON_FILE).
_PYTHON_HOOKS = (
    "emit",
    "format",
    "shouldRollover",
    "doRollover",
    "rotation_filename",
    "rotate",
    "_open",
)


class BaseRotatingHandler(FileHandler):
    """logging.handlers.BaseRotatingHandler: a file handler that rotates."""

    _PL_NATIVE_CLASS = None  # the picolog class whose methods C implements
    _PL_PYTHON_HOOKS = _PYTHON_HOOKS

    def __init__(self, filename, mode, encoding=None, delay=False, errors=None, *, clock=None):
        self._pl_namer = None
        self._pl_rotator = None
        self._pl_clock = clock
        FileHandler.__init__(self, filename, mode, encoding=encoding, delay=delay, errors=errors)

    def _pl_hook_property(name):
        attr = "_pl_" + name

        def get(self):
            return getattr(self, attr)

        def set_(self, value):
            was_callable = callable(getattr(self, attr))
            setattr(self, attr, value)
            if was_callable != callable(value):
                self._pl_install()

        return property(get, set_)

    namer = _pl_hook_property("namer")
    rotator = _pl_hook_property("rotator")
    del _pl_hook_property

    rotation_filename = _std.BaseRotatingHandler.rotation_filename
    rotate = _std.BaseRotatingHandler.rotate

    def _pl_native(self):
        return self._pl_mode not in (CALLBACK, None)

    def _pl_select(self, native_fmt):
        native = self._PL_NATIVE_CLASS
        if (
            native is not None
            and self._pl_native_ok(native_fmt)
            and not _overrides(self, native, self._PL_PYTHON_HOOKS)
        ):
            return ("rotating", self._pl_has("namer"), self._pl_has("rotator"))
        return CALLBACK

    def _pl_has(self, hook):
        # A subclass may define namer or rotator as methods, which hide the
        # properties above, as logging allows.
        return callable(getattr(self, hook, None))

    def _pl_hooks(self):
        namer, rotator, clock = self._pl_has("namer"), self._pl_has("rotator"), self._pl_clock
        if not (namer or rotator or clock):
            return ffi.NULL
        hooks = ffi.new("picolog_rotation_hooks *")
        check(lib.picolog_rotation_hooks_init(hooks, lib.PICOLOG_ROTATION_HOOKS_VERSION))
        handle = _callbacks.keep(_HandlerRef(self))
        lib.pyl_rotation_hooks_init(hooks, handle, namer, rotator, 1 if clock else 0)
        return hooks

    def _pl_create(self, mode):
        if mode == CALLBACK:
            return Handler._pl_create(self, mode)
        out = ffi.new("picolog_handler **")
        # The hooks' userdata is released by their destroy, which C runs
        # when the handler goes, or at once if creating it fails.
        hooks = self._pl_hooks()
        check(self._pl_new(out, encode(self.baseFilename), self._pl_file_options(), hooks))
        self._pl_opened = True
        return out[0]

    def _pl_write(self, record):
        # A record made in Python (emit or handle called directly) is
        # formatted by Python as logging would, after C rolled the file over
        # if its rule says so; C's next record then finds the new file.
        if self.shouldRollover(record):
            self.doRollover()
        FileHandler._pl_write(self, record)

    def _pl_stats(self):
        out = ffi.new("picolog_rotation_stats *")
        check(
            lib.picolog_rotation_stats_get(self._pl_ptr, out, ffi.sizeof("picolog_rotation_stats"))
        )
        return out

    def rotation_stats(self):
        """picolog only: {'rotations': n, 'rotation_failures': n} counted by C."""
        if not self._pl_native():
            return {"rotations": 0, "rotation_failures": 0}
        out = self._pl_stats()
        return {"rotations": out.rotations, "rotation_failures": out.rotation_failures}

    def _pl_now(self):
        return self._pl_clock() if self._pl_clock else time.time()

    def emit(self, record):
        """logging's emit: rolls over when shouldRollover says so, then writes.
        A handler C writes makes both steps in C, as for records logged."""
        try:
            if self._pl_native():
                self._pl_write(record)
                return
            if self.shouldRollover(record):
                self.doRollover()
            FileHandler.emit(self, record)
        except Exception:
            self.handleError(record)

    def doRollover(self):
        if self._pl_native():
            check(lib.picolog_rotation_rollover_now(self._pl_ptr))
        else:
            logging_method(self, "doRollover")(self)


@ffi.def_extern(error=1)
def _pyl_rotation_namer(name, out, out_size, userdata):
    handler = ffi.from_handle(userdata)()
    if handler is None:
        return 1
    try:
        result = os.fsencode(handler.namer(os.fsdecode(ffi.string(name))))
    except Exception:
        _callbacks.report(f"the namer of {handler!r} failed; the default name is used")
        return 1
    if b"\0" in result or len(result) >= out_size:
        return 1
    ffi.memmove(out, result + b"\0", len(result) + 1)
    return 0


@ffi.def_extern(error=1)
def _pyl_rotation_rotator(source, dest, userdata):
    handler = ffi.from_handle(userdata)()
    if handler is None:
        return 1
    try:
        handler.rotator(os.fsdecode(ffi.string(source)), os.fsdecode(ffi.string(dest)))
    except Exception:
        _callbacks.report(f"the rotator of {handler!r} failed")
        return 1
    return 0


@ffi.def_extern(error=0)
def _pyl_rotation_now(userdata):
    handler = ffi.from_handle(userdata)()
    try:
        t = handler._pl_now() if handler is not None else time.time()
        whole = int(t)
        return whole * 1_000_000_000 + int(round((t - whole) * 1e9))
    except Exception:
        _callbacks.report("the rotation clock failed; the real clock is used")
        return time.time_ns()


def _reinstalling(name):
    attr = "_pl_" + name

    def get(self):
        return getattr(self, attr)

    def set_(self, value):
        setattr(self, attr, value)
        if self._pl_owned.ptr is not None and self._pl_native():
            self._pl_install(rebuild=True)

    return property(get, set_)


class RotatingFileHandler(BaseRotatingHandler):
    """logging.handlers.RotatingFileHandler(filename, mode='a', maxBytes=0,
    backupCount=0, encoding=None, delay=False, errors=None); picolog only:
    max_age_days (> 0: also delete rotated files older than that, off the
    logging thread), multiprocess (processes sharing the file rotate it
    through a lock file, exactly once; records are then written one by one),
    compress (gzip each rotated file to name.N.gz on the housekeeping thread;
    the .gz files shift like the plain ones and count towards backupCount)
    and clock."""

    _PL_STD = _std.RotatingFileHandler

    def __init__(
        self,
        filename,
        mode="a",
        maxBytes=0,
        backupCount=0,
        encoding=None,
        delay=False,
        errors=None,
        *,
        max_age_days=0,
        multiprocess=False,
        compress=False,
        clock=None,
    ):
        if maxBytes > 0:
            mode = "a"
        self._pl_maxBytes = maxBytes
        self._pl_backupCount = backupCount
        self.max_age_days = max_age_days
        self.multiprocess = multiprocess
        self.compress = compress
        BaseRotatingHandler.__init__(self, filename, mode, encoding, delay, errors, clock=clock)

    maxBytes = _reinstalling("maxBytes")
    backupCount = _reinstalling("backupCount")

    def _pl_new(self, out, path, file_options, hooks):
        options = ffi.new("picolog_rotating_file_options *")
        check(
            lib.picolog_rotating_file_options_init(
                options, lib.PICOLOG_ROTATING_FILE_OPTIONS_VERSION
            )
        )
        options.max_bytes = max(int(self.maxBytes), 0)
        options.backup_count = max(int(self.backupCount), 0)
        options.max_age_days = self.max_age_days
        options.multiprocess = 1 if self.multiprocess else 0
        options.compress = 1 if self.compress else 0
        return lib.picolog_rotating_file_handler_new(out, path, options, file_options, hooks)

    def shouldRollover(self, record):
        if not self._pl_native():
            return _std.RotatingFileHandler.shouldRollover(self, record)
        if os.path.exists(self.baseFilename) and not os.path.isfile(self.baseFilename):
            return False
        if self.maxBytes <= 0:
            return False
        self._pl_c_flush()
        try:
            size = os.path.getsize(self.baseFilename)
        except FileNotFoundError:  # removed by another program: a new, empty file
            size = 0
        if size == 0:
            return False  # never an empty file, and no record formatted (as 3.13)
        line = (self.format(record) + "\n").encode("utf-8", "backslashreplace")
        return size + len(line) >= self.maxBytes


RotatingFileHandler._PL_NATIVE_CLASS = RotatingFileHandler

_WHEN = {
    "S": (
        lib.PICOLOG_ROTATE_SECONDS,
        1,
        "%Y-%m-%d_%H-%M-%S",
        r"\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}",
    ),
    "M": (lib.PICOLOG_ROTATE_MINUTES, 60, "%Y-%m-%d_%H-%M", r"\d{4}-\d{2}-\d{2}_\d{2}-\d{2}"),
    "H": (lib.PICOLOG_ROTATE_HOURS, 3600, "%Y-%m-%d_%H", r"\d{4}-\d{2}-\d{2}_\d{2}"),
    "D": (lib.PICOLOG_ROTATE_DAYS, 86400, "%Y-%m-%d", r"\d{4}-\d{2}-\d{2}"),
    "MIDNIGHT": (lib.PICOLOG_ROTATE_MIDNIGHT, 86400, "%Y-%m-%d", r"\d{4}-\d{2}-\d{2}"),
}


class TimedRotatingFileHandler(BaseRotatingHandler):
    """logging.handlers.TimedRotatingFileHandler(filename, when='h', interval=1,
    backupCount=0, encoding=None, delay=False, utc=False, atTime=None,
    errors=None); picolog only: compress (gzip each rotated file to
    name.gz on the housekeeping thread), max_age_days, multiprocess
    (processes sharing the file rotate it through a lock file, exactly one of
    them per rollover; records are then written one by one), and clock
    (replaces time.time for the rollover checks)."""

    _PL_STD = _std.TimedRotatingFileHandler
    # C keeps its own schedule and chooses the files to delete itself: a
    # subclass with its own of either is written by Python.
    _PL_PYTHON_HOOKS = _PYTHON_HOOKS + ("computeRollover", "getFilesToDelete")

    def __init__(
        self,
        filename,
        when="h",
        interval=1,
        backupCount=0,
        encoding=None,
        delay=False,
        utc=False,
        atTime=None,
        errors=None,
        *,
        compress=False,
        max_age_days=0,
        multiprocess=False,
        clock=None,
    ):
        self.when = when.upper()
        if self.when.startswith("W"):
            if len(self.when) != 2 or not "0" <= self.when[1] <= "6":
                raise ValueError(f"Invalid day specified for weekly rollover: {self.when}")
            self.dayOfWeek = int(self.when[1])
            code, unit, self.suffix, shape = _WHEN["D"]
            code, unit = lib.PICOLOG_ROTATE_WEEKDAY, 7 * 86400
        elif self.when in _WHEN:
            code, unit, self.suffix, shape = _WHEN[self.when]
        else:
            raise ValueError(f"Invalid rollover interval specified: {self.when}")
        if interval < 1:
            raise ValueError(f"interval must be at least 1: {interval}")
        if atTime is not None and not isinstance(atTime, datetime.time):
            raise TypeError("atTime must be a datetime.time")
        # The form the running logging's getFilesToDelete (borrowed below)
        # expects: 3.13 searches for the date anywhere in a name.
        if sys.version_info >= (3, 13):
            self.extMatch = re.compile(rf"(?<!\d){shape}(?!\d)", re.ASCII)
        else:
            self.extMatch = re.compile(rf"^{shape}(\.\w+)?$", re.ASCII)
        self._pl_when = code
        self._pl_units = interval
        self.interval = unit * interval
        self.backupCount = backupCount
        self.utc = utc
        self.atTime = atTime
        self.compress = compress
        self.max_age_days = max_age_days
        self.multiprocess = multiprocess
        self._pl_rollover_at = None
        BaseRotatingHandler.__init__(self, filename, "a", encoding, delay, errors, clock=clock)
        if not self._pl_native():
            exists = os.path.exists(self.baseFilename)
            t = int(os.stat(self.baseFilename).st_mtime) if exists else int(self._pl_now())
            self._pl_rollover_at = self.computeRollover(t)

    def computeRollover(self, currentTime):
        """logging's computeRollover. For a handler C writes, C's answer: the
        schedule the handler follows (Python 3.13's rules on every Python)."""
        if not self._pl_native():
            return logging_method(self, "computeRollover")(self, currentTime)
        whole = math.floor(currentTime)
        out = ffi.new("int64_t *")
        check(lib.picolog_rotation_compute_rollover(self._pl_ptr, whole, out))
        # logging keeps a float's fraction: every step adds whole seconds.
        return out[0] if whole == currentTime else out[0] + (currentTime - whole)

    getFilesToDelete = _std.TimedRotatingFileHandler.getFilesToDelete

    @property
    def rolloverAt(self):
        if self._pl_native():
            return self._pl_stats().rollover_at
        return self._pl_rollover_at

    @rolloverAt.setter
    def rolloverAt(self, value):
        self._pl_rollover_at = value

    def _pl_new(self, out, path, file_options, hooks):
        options = ffi.new("picolog_timed_rotating_file_options *")
        check(
            lib.picolog_timed_rotating_file_options_init(
                options, lib.PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION
            )
        )
        options.when = self._pl_when
        options.weekday = getattr(self, "dayOfWeek", 0)
        options.interval = self._pl_units
        options.backup_count = max(int(self.backupCount), 0)
        options.utc = 1 if self.utc else 0
        at = self.atTime
        options.at_time_seconds = -1 if at is None else (at.hour * 60 + at.minute) * 60 + at.second
        options.compress = 1 if self.compress else 0
        options.max_age_days = self.max_age_days
        options.multiprocess = 1 if self.multiprocess else 0
        return lib.picolog_timed_rotating_file_handler_new(out, path, options, file_options, hooks)

    def shouldRollover(self, record):
        if not self._pl_native():
            return logging_method(self, "shouldRollover")(self, record)
        if int(self._pl_now()) < self.rolloverAt:
            return False
        # Never a file that is not a regular one (bpo-45401); C skips it too.
        return not (os.path.exists(self.baseFilename) and not os.path.isfile(self.baseFilename))


TimedRotatingFileHandler._PL_NATIVE_CLASS = TimedRotatingFileHandler
