"""Group commit: commands saved at the same moment share one store transaction.

Each save still answers only after the transaction holding its events committed, and
each fails on its own: when a shared transaction is refused (one save lost a race on a
case's version), the saves in it are written again one by one, so only the loser sees
the IntegrityError. One writer at a time leads: it takes everything waiting (up to
MAX_SAVES), writes it, wakes the others, and hands the lead to the next waiting save.

On SQLite (synchronous=FULL) a commit is an fsync, and on PostgreSQL the library locks
the events table for each insert; sharing a commit among the saves that arrived while
the previous one ran is what lets many clients write at the rate of one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent

MAX_SAVES = 64


@dataclass(eq=False)
class _Save:
    events: Sequence[StoredEvent]
    done: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    ids: Sequence[int] | None = None
    error: BaseException | None = None


class GroupCommitRecorder(AggregateRecorder):
    """Stands in for the event store's recorder; everything but `insert_events` is the
    recorder's own."""

    def __init__(self, recorder: AggregateRecorder) -> None:
        self.recorder = recorder
        self._lock = threading.Lock()
        self._waiting: list[_Save] = []
        self._leading = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.recorder, name)

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None,
                      lte: int | None = None, desc: bool = False,
                      limit: int | None = None) -> Sequence[StoredEvent]:
        return self.recorder.select_events(originator_id, gt=gt, lte=lte, desc=desc,
                                           limit=limit)

    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        if kwargs:  # tracking records and the like: not ours to combine
            return self.recorder.insert_events(stored_events, **kwargs)
        save = _Save(stored_events)
        with self._lock:
            self._waiting.append(save)
            if not self._leading:
                self._leading = save.lead = True
        if not save.lead:
            save.done.wait()
        if save.lead:
            self._lead()
        if save.error is not None:
            raise save.error
        return save.ids

    def _lead(self) -> None:
        """Write everything waiting, then pass the lead to whoever came meanwhile."""
        with self._lock:
            batch = self._waiting[:MAX_SAVES]
            del self._waiting[:MAX_SAVES]
        try:
            self._write(batch)
        finally:
            with self._lock:
                if self._waiting:
                    self._waiting[0].lead = True
                    self._waiting[0].done.set()
                else:
                    self._leading = False
            for save in batch:
                save.done.set()

    def _write(self, batch: list[_Save]) -> None:
        if len(batch) > 1 and self._write_together(batch):
            return
        for save in batch:
            try:
                save.ids = self.recorder.insert_events(save.events)
            except BaseException as error:
                save.error = error

    def _write_together(self, batch: list[_Save]) -> bool:
        """One transaction for the whole batch; False if it was refused."""
        try:
            ids = self.recorder.insert_events([e for save in batch for e in save.events])
        except Exception:
            return False
        start = 0
        for save in batch:
            end = start + len(save.events)
            save.ids = list(ids[start:end]) if ids else None
            start = end
        return True
