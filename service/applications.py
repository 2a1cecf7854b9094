"""The eventsourcing applications: one for cases, one for identity (own store each)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import AggregateRecorder, IntegrityError, Recording

from domain.errors import NotFound

A = TypeVar("A", bound=Aggregate)


class CasesApplication(Application[UUID]):
    """Cases, their reference sequences and the referral → case links."""

    name = "cases"

    def __init__(self, env: Mapping[str, str] | None = None, *,
                 save_through: Callable[[AggregateRecorder], AggregateRecorder] | None = None
                 ) -> None:
        """`save_through` wraps the store's recorder for the writes of events (the
        adapters' group commit); reads stay on the recorder itself."""
        super().__init__(env)
        if save_through is not None:
            self.events.recorder = save_through(self.recorder)
        # Called with the store position after every save: wakes the projections.
        self.saved_listeners: list[Callable[[int], None]] = []
        # Called with what every save recorded (the adapters log one line per event).
        self.recorded_listeners: list[Callable[[Sequence[Recording[UUID]]], None]] = []

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        recordings = super().save(*objs, **kwargs)
        for recorded in self.recorded_listeners:
            recorded(recordings)
        position = position_of(recordings)
        for listener in self.saved_listeners:
            listener(position)
        return recordings


class IdentityApplication(Application[UUID]):
    """Teams, organisations, users and the directories that list them."""

    name = "identity"


def load(app: Application[UUID], aggregate_id: UUID, kind: type[A], what: str) -> A:
    try:
        aggregate: Aggregate = app.repository.get(aggregate_id)
    except AggregateNotFoundError:
        raise NotFound(f"no such {what}") from None
    if not isinstance(aggregate, kind):
        raise NotFound(f"no such {what}")
    return aggregate


def find(app: Application[UUID], aggregate_id: UUID, kind: type[A]) -> A | None:
    try:
        aggregate: Aggregate = app.repository.get(aggregate_id)
    except AggregateNotFoundError:
        return None
    return aggregate if isinstance(aggregate, kind) else None


def position_of(recordings: Sequence[Recording[UUID]]) -> int:
    return max((r.notification.id for r in recordings), default=0)


def save_with_retry(
    app: Application[UUID],
    attempt: Callable[[], Sequence[Any]],
    *,
    attempts: int = 60,
) -> list[Recording[UUID]]:
    """Build aggregates afresh and save them, retrying when a concurrent writer won."""
    last_error: IntegrityError | None = None
    for _ in range(attempts):
        aggregates = attempt()
        try:
            return app.save(*aggregates)
        except IntegrityError as error:
            last_error = error
    assert last_error is not None
    raise last_error
