"""The projections of one process: run them when no other process does, or stand by.

`start()` takes the projector lock (a file lock on SQLite, an advisory lock on
PostgreSQL) and, holding it, starts the runner, the referral sweep and (PostgreSQL) the
LISTEN/NOTIFY wake-ups. Without the lock the process only reads the views; as a
standby it keeps trying in the background and takes over as soon as the holder lets go
(decision 0016). `stop()` undoes all of it.
"""

from __future__ import annotations

import threading

import structlog

from adapters.projection.listen import PostgresListener
from adapters.projection.lock import FileProjectorLock, PostgresProjectorLock, ProjectorLock
from adapters.projection.runner import ProjectionRunner
from adapters.projection.sweeper import Sweeper
from adapters.settings import Settings

log = structlog.get_logger(__name__)


def projector_lock(settings: Settings) -> ProjectorLock:
    if settings.database_url is None:
        return FileProjectorLock(settings.data_dir / "projector.lock")
    return PostgresProjectorLock(settings.database_url, settings.database_schema or "public")


class Projector:
    def __init__(self, settings: Settings, runner: ProjectionRunner, sweeper: Sweeper,
                 channel: str, *, retry_seconds: float = 5.0) -> None:
        self.settings = settings
        self.runner = runner
        self.sweeper = sweeper
        self.channel = channel  # the event store's NOTIFY channel (PostgreSQL)
        self.retry_seconds = retry_seconds
        self.lock: ProjectorLock | None = None
        self.listener: PostgresListener | None = None
        self._stopped = False
        self._stopping = threading.Event()
        self._standby: threading.Thread | None = None
        self._starting = threading.Lock()

    def start(self, *, standby: bool = False) -> bool:
        """Run the projections here if no other process does; False if one does (then,
        with `standby`, take over in the background when it lets go)."""
        if self._start_if_free():
            return True
        if standby and self._standby is None:
            self._standby = threading.Thread(target=self._wait_for_the_lock,
                                             name="projector-standby", daemon=True)
            self._standby.start()
        return False

    def _wait_for_the_lock(self) -> None:
        while not self._stopping.wait(self.retry_seconds):
            try:
                if self._start_if_free():
                    return
            except Exception as error:  # the database is away: try again at the next tick
                log.warning("projector_standby_retry", error=type(error).__name__)

    def _start_if_free(self) -> bool:
        with self._starting:
            if self._stopped or self.lock is not None:
                return self.lock is not None
            lock = projector_lock(self.settings)
            if not lock.acquire():
                return False
            self.lock = lock
            self.runner.start()
            self.sweeper.start()
            if self.settings.database_url is not None:
                self.listener = PostgresListener(self.settings.database_url, self.channel,
                                                 self.runner.wake)
                self.listener.start()
            return True

    def stop(self) -> None:
        self._stopping.set()
        if self._standby is not None:
            self._standby.join(timeout=10)
        with self._starting:
            self._stopped = True
        if self.listener is not None:
            self.listener.stop()
        self.sweeper.stop()
        self.runner.stop()
        if self.lock is not None:
            self.lock.release()
