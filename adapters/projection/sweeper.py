"""Time-driven work of the process that holds the projector lock: every minute, expire
the referrals nobody answered in time. One process sweeps (the lock holder); a sweep
that races a partner's answer loses to it (the case refuses to expire an answered
referral)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import structlog

log = structlog.get_logger(__name__)

SWEEP_INTERVAL = 60.0


class Sweeper:
    def __init__(self, sweep: Callable[[], int], *, interval: float = SWEEP_INTERVAL) -> None:
        self.sweep = sweep
        self.interval = interval
        self.sweeps = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        expired = self.sweep()
        self.sweeps += 1
        if expired:
            log.info("referrals_expired", count=expired)
        return expired

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.run_once()
            except Exception as error:  # try again at the next tick
                log.error("sweep_failed", error=type(error).__name__)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="sweeper", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
