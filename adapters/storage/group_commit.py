"""Group commit: commands saved at the same moment share one store transaction.

Each save still answers only after the transaction holding its events committed, and
each fails on its own: when a shared transaction is refused (one save lost a race on a
case's version), the saves in it are written again one by one, so only the loser sees
the IntegrityError. The saves waiting are taken together by the same leader-and-batch
mechanism as a team's intakes (service/batches.py).

On SQLite (synchronous=FULL) a commit is an fsync, and on PostgreSQL the library locks
the events table for each insert; sharing a commit among the saves that arrived while
the previous one ran is what lets many clients write at the rate of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent

from service.batches import Batcher

Ids = Sequence[int] | None


class GroupCommitRecorder(AggregateRecorder):
    """Stands in for the event store's recorder; everything but `insert_events` is the
    recorder's own."""

    def __init__(self, recorder: AggregateRecorder) -> None:
        self.recorder = recorder
        self._batcher: Batcher[Sequence[StoredEvent], Ids] = Batcher(self._write)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.recorder, name)

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None,
                      lte: int | None = None, desc: bool = False,
                      limit: int | None = None) -> Sequence[StoredEvent]:
        return self.recorder.select_events(originator_id, gt=gt, lte=lte, desc=desc,
                                           limit=limit)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Ids:
        if kwargs:  # tracking records and the like: not ours to combine
            return self.recorder.insert_events(stored_events, **kwargs)
        return self._batcher.submit("events", stored_events)

    def _write(self, batch: list[Sequence[StoredEvent]]) -> list[Ids | BaseException]:
        together = self._write_alone([e for events in batch for e in events])
        if isinstance(together, BaseException):
            if len(batch) == 1:
                return [together]
            return [self._write_alone(events) for events in batch]  # each on its own
        answers: list[Ids | BaseException] = []
        start = 0
        for events in batch:
            answers.append(list(together[start:start + len(events)]) if together else None)
            start += len(events)
        return answers

    def _write_alone(self, events: Sequence[StoredEvent]) -> Ids | BaseException:
        try:
            return self.recorder.insert_events(events)
        except Exception as error:
            return error
