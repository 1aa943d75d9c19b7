"""Filter and Filterer: logging's filters, evaluated in C where they can be.

A plain Filter(name) becomes a C name filter. Any other filter - a Filter
subclass, an object with a filter(record) method, or a callable - becomes a
C callback filter that calls back into Python with a LogRecord.

A filter may return a LogRecord to stand in for the record (logging's rule
since 3.12): C cannot swap its record mid-chain, so the callback drops the
original at that logger or handler and Python carries on with the
replacement itself: the owner's remaining filters in Python, then the
owner's handlers (a logger) or emit (a handler) through C again, with the
owner's filters passed through for that record (see _callbacks).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from typing import Any

from . import _callbacks
from ._ffi import check, encode, ffi, lib


class Filter(logging.Filter):
    """logging.Filter(name): passes records of logger `name` and its children."""


class CFilter:
    """One reference to a C filter, released when this object goes."""

    __slots__ = ("ptr",)

    def __init__(self, ptr):
        self.ptr = ptr

    def __del__(self):
        if self.ptr is not None:
            lib.picolog_filter_release(self.ptr)
            self.ptr = None


class Slot:
    """What a C callback filter calls back: the filter and (weakly) the logger
    or handler it is attached to, which a replacement record continues at."""

    __slots__ = ("filter", "owner")

    def __init__(self, flt, owner):
        self.filter = flt
        self.owner = weakref.ref(owner) if owner is not None else None


def run(flt, record):
    """One filter's answer for record, as logging's Filterer asks it."""
    check_fn = getattr(flt, "filter", None)
    return check_fn(record) if check_fn is not None else flt(record)


def to_c(flt, owner=None):
    """A CFilter behaving like `flt` (a Filter, an object with filter(), or a
    callable) on `owner` (the Filterer it is attached to)."""
    out = ffi.new("picolog_filter **")
    if type(flt) in (Filter, logging.Filter):
        check(lib.picolog_name_filter_new(out, encode(flt.name)))
        return CFilter(out[0])
    if not (callable(getattr(flt, "filter", None)) or callable(flt)):
        raise TypeError(f"a filter must have a filter(record) method or be callable: {flt!r}")
    handle = _callbacks.keep(Slot(flt, owner), counted=True)
    try:
        check(lib.pyl_callback_filter_new(out, handle))
    except BaseException:
        _callbacks.release(handle)
        raise
    return CFilter(out[0])


class Filterer:
    """logging.Filterer; Logger and Handler also attach each filter to their C object."""

    def __init__(self) -> None:
        self._pl_filters: list[Any] = []

    @property
    def filters(self) -> list[Any]:
        return [f for f, _ in self._pl_filters]

    @filters.setter
    def filters(self, filters: Iterable[Any]) -> None:
        for f in self.filters:
            self.removeFilter(f)
        for f in filters:
            self.addFilter(f)

    def addFilter(self, filter: Any) -> None:
        if any(f is filter for f, _ in self._pl_filters):
            return
        cfilter = to_c(filter, self)
        self._c_add_filter(cfilter.ptr)
        self._pl_filters.append((filter, cfilter))

    def removeFilter(self, filter: Any) -> None:
        for i, (f, cfilter) in enumerate(self._pl_filters):
            if f is filter:
                self._c_remove_filter(cfilter.ptr)
                del self._pl_filters[i]
                return

    def filter(self, record: logging.LogRecord) -> Any:
        """Runs the filters in Python, as logging.Filterer.filter: False, or
        the record (a filter's replacement, if one returned a LogRecord)."""
        return self._pl_filter_from(0, record)

    def _pl_filter_from(self, start, record):
        """The filters from index `start` on, as filter()."""
        for f, _ in self._pl_filters[start:]:
            result = run(f, record)
            if not result:
                return False
            if isinstance(result, logging.LogRecord):
                record = result
        return record

    def _pl_index(self, flt):
        """The position of flt among this object's filters, or None."""
        for i, (f, _) in enumerate(self._pl_filters):
            if f is flt:
                return i
        return None

    def _c_add_filter(self, ptr):
        """Attaches a C filter to the C object behind this one (none here)."""

    def _c_remove_filter(self, ptr):
        """Detaches a C filter from the C object behind this one (none here)."""
