"""The end of a multiprocessing child started with the fork method.

Such a child ends with os._exit() once its target has returned and
multiprocessing has run its exit finalizers, so the atexit hook (see
_config) never runs there. A finalizer of the child, the last to run, writes
out what queues and buffered handlers still hold instead.
"""

from __future__ import annotations

import os
import sys

from ._ffi import lib


class _Anchor:
    """The object multiprocessing keys its after-fork callbacks on (weakly)."""


_anchor = _Anchor()
_hooked = False


def _flush():
    lib.picolog_flush_all()


def _in_child(_anchor):
    # Run by multiprocessing in its child, after it dropped the parent's
    # finalizers. Negative priority: after the child's own children are
    # joined and every finalizer of positive priority has run.
    sys.modules["multiprocessing.util"].Finalize(None, _flush, exitpriority=-100)


def _before_fork():
    # multiprocessing is imported by then when it is the one forking.
    global _hooked
    if _hooked:
        return
    util = sys.modules.get("multiprocessing.util")
    if util is not None:
        util.register_after_fork(_anchor, _in_child)
        _hooked = True


os.register_at_fork(before=_before_fork)
