"""The projection runner: follows the cases' event store and applies each event to
the views exactly once.

Each batch is one view transaction: it reads the tracking position, applies the next
events, and writes the new position, so a crash anywhere leaves either all of a batch
or none of it. The runner is woken at once by a `Wakeup` (the process's own saves, or
PostgreSQL LISTEN/NOTIFY) and polls as a fallback.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

import structlog
from eventsourcing.application import Application

from adapters.projection.chain_check import ChainBroken, ChainCheck
from projections.cases import CaseProjection
from projections.interfaces import ViewStore

log = structlog.get_logger(__name__)

BATCH_SIZE = 500
POLL_INTERVAL = 1.0
# Events applied between two refreshes of the planner's statistics (PostgreSQL), so that
# queue reads keep their index plans as the views grow, even without autovacuum.
STATISTICS_EVERY = 50_000
GATHER_SECONDS = 0.002
REMOTE_POLL = 0.005  # seconds between reads of the views' position in a waiting reader
LAG_SAMPLES = 10_000


class LagStats:
    """Save-to-view lag of recent events, in seconds."""

    def __init__(self) -> None:
        self.samples: deque[float] = deque(maxlen=LAG_SAMPLES)
        self.saved_at: dict[int, float] = {}
        self._lock = threading.Lock()

    def saved(self, position: int) -> None:
        with self._lock:
            self.saved_at[position] = time.perf_counter()
            if len(self.saved_at) > LAG_SAMPLES:
                self.saved_at.pop(next(iter(self.saved_at)))

    def applied(self, events: list[tuple[int, datetime]]) -> None:
        """Record the lag of the events a batch applied: (position, event time) each."""
        now, wall = time.perf_counter(), datetime.now(tz=UTC)
        with self._lock:
            started = [self.saved_at.pop(position, None) for position, _ in events]
        for at, (_, event_time) in zip(started, events, strict=True):
            if at is not None:
                self.samples.append(now - at)
            else:
                lag = (wall - event_time).total_seconds()
                if 0 <= lag < 3600:
                    self.samples.append(lag)

    def quantile(self, q: float) -> float | None:
        data = sorted(self.samples)
        if not data:
            return None
        return data[min(len(data) - 1, int(q * len(data)))]


class ProjectionRunner:
    def __init__(self, app: Application[UUID], store: ViewStore,
                 projection: CaseProjection, *, batch_size: int = BATCH_SIZE,
                 poll_interval: float = POLL_INTERVAL, chain: ChainCheck | None = None) -> None:
        self.app = app
        # Each event read is checked against its link of the hash chain (decision 0019).
        self.chain = chain if chain is not None else ChainCheck(app.recorder)
        self.store = store
        self.projection = projection
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.lag = LagStats()
        self.position = 0
        self.applied_events = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self.failures = 0
        self._since_statistics = 0
        self.last_error: str | None = None

    # following -------------------------------------------------------------
    def wake(self, position: int | None = None) -> None:
        if position is not None:
            self.lag.saved(position)
        self._wake.set()

    def run_batch(self, before_commit: Callable[[], None] | None = None,
                  until: int | None = None) -> int:
        """Apply the next batch in one transaction (up to position `until`, if given);
        return how many events it applied."""
        with self.store.session() as session:
            start = session.position()
            notifications = self.app.recorder.select_notifications(
                start=start + 1, limit=self.batch_size, stop=until)
            if not notifications:
                self._set_position(start)
                return 0
            self.chain.check(start, notifications)
            applied: list[tuple[int, datetime]] = []
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                self.projection.process(event, session)
                applied.append((notification.id, getattr(event, "timestamp", datetime.now(UTC))))
            session.flush()  # the view rows, then the tracking position, one transaction
            session.set_position(notifications[-1].id)
            if before_commit is not None:
                before_commit()
        self.lag.applied(applied)
        self.applied_events += len(applied)
        self._since_statistics += len(applied)
        if self._since_statistics >= STATISTICS_EVERY:
            self._since_statistics = 0
            self.store.refresh_statistics()
        self._set_position(notifications[-1].id)
        return len(applied)

    def catch_up(self, progress: Callable[[int], None] | None = None,
                 until: int | None = None) -> int:
        """Apply events until none are left (or, with `until`, up to that position:
        a stream of new commands then cannot keep it going forever)."""
        total = 0
        while True:
            count = self.run_batch(until=until)
            total += count
            if progress is not None and count:
                progress(count)
            if count < self.batch_size:
                return total

    def _set_position(self, position: int) -> None:
        with self._changed:
            self.position = position
            self._changed.notify_all()

    def _loop(self) -> None:
        backoff = 0.1
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.catch_up()
                backoff = 0.1
            except ChainBroken as error:  # an altered store: no event past it is applied
                self.last_error = type(error).__name__
                self.chain.stopped(error)
                return
            except Exception as error:  # keep following; never skip an event
                self.failures += 1
                self.last_error = type(error).__name__
                self.projection.reset()
                log.error("projection_failed", error=type(error).__name__)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if self._wake.wait(self.poll_interval):
                # Woken by a save: let the saves of the next moment join this batch.
                # Under a stream of commands this makes fewer, larger view transactions,
                # and leaves gaps in which another writer of the views (a rebuild, the
                # access log) gets the database's write lock; SQLite does not queue
                # writers fairly.
                self._stop.wait(GATHER_SECONDS)

    def start(self) -> None:
        if self._thread is None:
            self._set_position(self.store.reader().position())
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="projection-runner",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    # read-your-writes --------------------------------------------------------
    def wait_for(self, position: int, timeout: float) -> bool:
        """Wait until the views have applied `position`; False if the time ran out."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.position < position:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                # Our own runner wakes us; another process's is polled for (a read of
                # one row) often enough that the wait adds little to its lag.
                local = self._thread is not None
                self._changed.wait(min(remaining, 0.05 if local else REMOTE_POLL))
                if self.position < position and self._thread is None:
                    self.position = max(self.position, self.store.reader().position())
        return True
