"""Read-your-writes waits, bounded (SPEC §3, issue 11 item 2).

A read given `min_position` waits until the read models have applied it, but:

- a position beyond the store's head was never handed out by a command, so nothing
  will ever make it fresh: it is answered at once as not fresh (`X-Fresh: false`);
- each wait is bounded (`timeout`, about 2 s);
- at most `max_waiters` reads of this process wait at the same time. A waiting read
  holds one worker thread of the server's pool (Litestar runs sync handlers there), so
  without this cap a few clients could park every thread and stall every other read.
  A read beyond the cap is answered at once: fresh if the views already have the
  position, otherwise `X-Fresh: false`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

Waiter = Callable[[int, float], bool]



def default_max_waiters() -> int:
    """A quarter of the threads sync handlers run on (at least 2).

    Litestar runs sync handlers in the event loop's default executor, whose size is
    Python's default, min(32, CPUs + 4): 6 threads on 2 cores. Waiting readers may hold
    a quarter of them; the rest keep serving everyone else.
    """
    threads = min(32, (os.cpu_count() or 1) + 4)
    return max(2, threads // 4)


class BoundedWaiter:
    def __init__(self, wait_for: Waiter, head: Callable[[], int], *, timeout: float,
                 max_waiters: int | None = None) -> None:
        self._wait_for = wait_for
        self._head = head
        self.timeout = timeout
        self.max_waiters = max_waiters if max_waiters is not None else default_max_waiters()
        self._slots = threading.BoundedSemaphore(self.max_waiters)
        self._lock = threading.Lock()
        self.waiting = 0  # reads waiting right now (for tests and metrics)

    def __call__(self, position: int, timeout: float) -> bool:
        bound = max(0.0, min(timeout, self.timeout))
        if self._wait_for(position, 0.0):
            return True  # already applied: no wait, no slot
        if position > self._head():
            return False  # no command has that position yet: waiting cannot help
        if not self._slots.acquire(blocking=False):
            return False  # enough readers wait already
        try:
            with self._lock:
                self.waiting += 1
            return self._wait_for(position, bound)
        finally:
            with self._lock:
                self.waiting -= 1
            self._slots.release()
