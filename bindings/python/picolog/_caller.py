"""Finding the caller of a log call: file, line and function, as logging does.

Frames of picolog's own modules, of logging and of the import machinery are
skipped ("internal"), and stacklevel counts only the others. Each code
object's file and function are encoded once and cached, so the common case
costs one frame lookup and one dict lookup.
"""

import io
import logging
import os
import sys
import traceback

from . import _speedups

_PACKAGE_DIR = os.path.normcase(os.path.dirname(os.path.abspath(__file__)))
_LOGGING_FILE = os.path.normcase(logging.__file__)
sites = {}
_SITES_MAX = 20000

getframe = sys._getframe

# logging's _srcfile switch: while picolog._srcfile is false (None), log
# calls leave their caller unknown, as logging's do while logging._srcfile
# is; picolog's module type calls set_finding() when it is assigned.
finding = [True]
UNKNOWN = ("(unknown file)", 0, "(unknown function)", None)  # as find() answers
UNKNOWN_BYTES = (UNKNOWN[0].encode(), UNKNOWN[2].encode())


def set_finding(srcfile):
    """Whether log calls look up their caller, for a _srcfile of this value."""
    finding[0] = bool(srcfile)
    _speedups.find_callers(finding[0])


def is_internal_file(filename):
    filename = os.path.normcase(filename)
    return (
        os.path.dirname(filename) == _PACKAGE_DIR
        or filename == _LOGGING_FILE
        or ("importlib" in filename and "_bootstrap" in filename)
    )


def site(code):
    """(file bytes, function bytes) of a code object, or None if it is internal.

    Keyed by id(): hashing a code object hashes its whole contents. The entry
    holds the code object, so its id cannot be reused while cached."""
    entry = sites.get(id(code))
    if entry is not None and entry[0] is code:
        return entry[1]
    if is_internal_file(code.co_filename):
        found = None
    else:
        found = (
            code.co_filename.encode("utf-8", "surrogateescape"),
            code.co_name.encode("utf-8", "surrogateescape"),
        )
    if len(sites) >= _SITES_MAX:
        sites.clear()
    sites[id(code)] = (code, found)
    return found


# A stacklevel beyond the outermost frame: Python 3.10's logging falls back to
# the direct caller, 3.11 and later stop at the outermost frame.
_OVERFLOW_TO_CALLER = sys.version_info < (3, 11)


def find_caller(stacklevel=1):
    """The frame logging's findCaller would pick, starting from our caller."""
    f = getframe(1)
    caller = None
    while stacklevel > 0:
        next_f = f.f_back
        if next_f is None:
            if _OVERFLOW_TO_CALLER and caller is not None:
                return caller
            break
        f = next_f
        if site(f.f_code) is not None:
            if caller is None:
                caller = f
            stacklevel -= 1
    return f


def find(stack_info=False, stacklevel=1):
    """logging's findCaller: the caller's file, line and function, and its
    stack's text when stack_info is true (None when not)."""
    f = find_caller(stacklevel)
    code = f.f_code
    return code.co_filename, f.f_lineno, code.co_name, stack_text(f) if stack_info else None


def stack_text(frame):
    with io.StringIO() as sio:
        sio.write("Stack (most recent call last):\n")
        traceback.print_stack(frame, file=sio)
        text = sio.getvalue()
    return text[:-1] if text.endswith("\n") else text


def exception_text(exc_info):
    """logging.Formatter.formatException: the traceback without its last newline."""
    with io.StringIO() as sio:
        traceback.print_exception(exc_info[0], exc_info[1], exc_info[2], None, sio)
        text = sio.getvalue()
    return text[:-1] if text.endswith("\n") else text
