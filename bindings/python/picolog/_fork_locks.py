"""Module locks a forked child gets free.

The thread that held one in the parent does not exist in the child, so the
child makes the lock anew, as logging does for its own. The fork never
waits for such a lock: its holder may be waiting for the forking thread (a
factory, a handler, a logger class), so it is taken only when free or
already the forking thread's, and the child then keeps whatever the forking
thread held.
"""

from __future__ import annotations

import os
import threading


def free_in_child(lock: threading.RLock) -> None:
    """Registers the fork hooks of `lock`, a module's RLock."""
    taken = [False]

    def before():
        taken[0] = lock.acquire(blocking=False)

    def after_in_parent():
        if taken[0]:
            lock.release()

    def after_in_child():
        if taken[0]:
            lock.release()
        else:
            lock._at_fork_reinit()

    os.register_at_fork(
        before=before, after_in_parent=after_in_parent, after_in_child=after_in_child
    )
