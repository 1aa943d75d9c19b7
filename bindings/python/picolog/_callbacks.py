"""The C-to-Python boundary: the extern "Python" callbacks and their userdata.

Every Python object handed to C as userdata is kept alive here until C calls
its destroy function. A handler is handed over as a weak reference (the
Python handler owns its C handler; a strong reference from C would make a
cycle that never breaks); filters and listeners are handed over strongly.

After detach() (at interpreter exit) the shim's gate stops every callback
before it reaches Python.
"""

import contextlib
import logging
import signal
import sys
import threading
import traceback

from . import _filters, _record
from ._ffi import ffi, lib

# Reentrant: a garbage collection run while keep() holds it may free a
# handler, whose C handler's destroy callback comes back to release().
_lock = threading.RLock()
_kept = {}
# How many Python handlers and filters exist in C; while there are none the
# log calls skip recording their Python objects for callbacks.
live = [0]


def _address(pointer):
    return int(ffi.cast("uintptr_t", pointer))


def keep(obj, counted=False):
    """A handle for obj, valid until C destroys it (or release() on failure).
    counted: obj is a handler or filter that receives records."""
    handle = ffi.new_handle(obj)
    with _lock:
        _kept[_address(handle)] = (handle, counted)
        if counted:
            live[0] += 1
    return handle


def release(handle):
    with _lock:
        entry = _kept.pop(_address(handle), None)
        if entry is not None and entry[1]:
            live[0] -= 1


def detach():
    lib.pyl_detach_python()


def reporting():
    """picolog.raiseExceptions, as logging.raiseExceptions: False silences
    the reports of failures inside logging."""
    package = sys.modules.get("picolog")
    return getattr(package, "raiseExceptions", True)


def report(context, always=False):
    """Prints the exception being handled, as logging's handleError does
    (always: also with raiseExceptions False)."""
    if sys.stderr is None or not (always or reporting()):
        return
    try:
        sys.stderr.write(f"--- Logging error ---\n{context}\n")
        traceback.print_exc(file=sys.stderr)
    except Exception:
        pass


_REPORTED = lib.PICOLOG_CALLBACK_REPORTED
_INTERRUPT = lib.PYL_INTERRUPT


def escape(exc):
    """SystemExit or KeyboardInterrupt raised by a handler or filter, which
    logging lets out of the log call: the Python log call waiting in C on
    this thread raises it once C returns (_dispatch). With none (the record
    came from C or Rust, or from a listener thread), the main thread's
    KeyboardInterrupt is raised again once it is back in Python (the
    callback's answer PYL_INTERRUPT), as the signal raises it; elsewhere, or
    with SIGINT not Python's, a KeyboardInterrupt is reported as a thread's
    would be, and a SystemExit ends no more than it would in a thread. The
    callback's answer."""
    context = _record.context
    if context.pending is not None:
        if context.escaped is None:
            context.escaped = exc
    elif isinstance(exc, KeyboardInterrupt):
        if threading.current_thread() is threading.main_thread() and _interrupts():
            return _INTERRUPT
        report(f"{exc!r} in a handler or filter that no Python log call waits on", always=True)
    return 0


def _interrupts():
    """Whether SIGINT raises in Python: a handler of Python's is installed
    (not so when the process started with SIGINT ignored, as a background
    job of a shell does)."""
    return signal.getsignal(signal.SIGINT) not in (signal.SIG_IGN, signal.SIG_DFL, None)


# Handler.handle, set by _handler (which imports this module).
base_handle = None

# While shutdown() or the exit hook runs, the ids of the handlers whose
# flush() failed in it; None otherwise. As logging's shutdown, which calls
# neither a failing flush() again nor the close() after it, the runtime's
# later flushes pass them by (their failure was reported once) and so does
# the pass that closes the application's handlers.
failed_flushes = None


@contextlib.contextmanager
def flushing_once():
    """The scope of a shutdown: see failed_flushes."""
    global failed_flushes
    failed_flushes = set()
    try:
        yield
    finally:
        failed_flushes = None


@ffi.def_extern()
def _pyl_destroy(userdata):
    release(userdata)


@ffi.def_extern(error=1)
def _pyl_emit(crecord, line, length, userdata):
    handler = ffi.from_handle(userdata)()
    if handler is None:
        return 0
    record = _record.from_callback(crecord)
    context = _record.context
    outer = context.callback
    context.callback = (
        record,
        crecord,
        handler._native_formatter,
        line,
        length,
        record.msg,
        record.args,
    )
    try:
        # A subclass that overrides handle() gets the record there, as
        # logging's loggers call handle(); C already applied level and filters.
        if type(handler).handle is not base_handle:
            handler.handle(record)
        else:
            handler.emit(record)
    except Exception:
        # handleError is the report (or silence, with raiseExceptions
        # False): C only counts the failure.
        try:
            handler.handleError(record)
        except Exception:
            # An override that raises, which logging would raise to the
            # log call: C stands between the two, so it is printed here.
            report(f"handleError of {handler!r} raised", always=True)
        return _REPORTED
    except BaseException as exc:
        return escape(exc)
    finally:
        context.callback = outer
    return 0


@ffi.def_extern(error=1)
def _pyl_flush(userdata):
    handler = ffi.from_handle(userdata)()
    # The C handler flushes as it closes; logging's close() does not flush,
    # so neither does close() from Python (shutdown() flushes first).
    failed = failed_flushes
    if handler is None or handler._closed or (failed is not None and id(handler) in failed):
        return 0
    try:
        handler.flush()
    except (OSError, ValueError):
        # A stream closed or gone (as at exit); logging.shutdown ignores these too.
        return 0
    except Exception:
        # This is the report (or silence, with raiseExceptions False): C
        # counts the failure and fails the flush without one of its own.
        report(f"flush of {handler!r} failed")
        if failed is not None:
            failed.add(id(handler))
        return _REPORTED
    return 0


@ffi.def_extern(error=0)
def _pyl_filter(crecord, userdata):
    slot = ffi.from_handle(userdata)
    flt = slot.filter
    owner = slot.owner() if slot.owner is not None else None
    record = _record.from_callback(crecord)
    context = _record.context
    passed = context.passed
    if passed is not None and passed[0] is record and passed[1] is owner:
        # A replacement record its owner's filters already ran on in Python.
        return 1
    outer = context.callback
    context.callback = (record, crecord, None, None, 0, None, None)
    try:
        result = _filters.run(flt, record)
    except Exception:
        report(f"filter {flt!r} failed; the record is dropped")
        return 0
    except BaseException as exc:
        return escape(exc)
    finally:
        context.callback = outer
    if isinstance(result, logging.LogRecord) and result is not record and owner is not None:
        _continue_with(owner, flt, result)
        return 0
    return 1 if result else 0


def _continue_with(owner, flt, record):
    """A filter of owner (a Logger or Handler) returned `record` to stand in
    for the one C is processing, which C then drops there: the owner's
    remaining filters run in Python, then the owner's handlers (a logger) or
    emit (a handler) get the replacement, C passing the owner's filters for it."""
    context = _record.context
    outer = context.passed
    try:
        index = owner._pl_index(flt)
        if index is not None:
            record = owner._pl_filter_from(index + 1, record)
        if record:
            context.passed = (record, owner)
            owner._pl_continue(record)
    except Exception:
        report(f"a filter's replacement record for {owner!r} failed; it is dropped")
    finally:
        context.passed = outer


@ffi.def_extern()
def _pyl_level_changed(userdata):
    try:
        ffi.from_handle(userdata).levels_changed()
    except Exception:
        report("a level listener failed")
