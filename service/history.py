"""A case's history as data: every event with its actor, time, type, fields and what it
changed; the difference between two versions of the case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.case import Case
from domain.errors import InvalidInput
from domain.values import Actor
from domain.vocabulary import Role, Via
from service import audit
from service.changes import Change, changes, changes_by_event, state_at

if TYPE_CHECKING:
    from service.cases import CaseService

_BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic",
                "actor", "via"}
# Who may see a resident's personal values in what changed (the others see that a
# personal field changed, never its text). History and diffs are read by supervisors
# and auditors only (SPEC §1), who may; the rule is kept here for any other reader.
PERSONAL_READERS = frozenset({Role.WORKER, Role.SUPERVISOR, Role.AUDITOR})


@dataclass(frozen=True)
class HistoryItem:
    version: int
    type: str
    at: datetime
    actor_id: UUID
    actor_role: Role
    via: Via
    data: dict[str, Any]
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class CaseDiff:
    """What changed from version `from_version` (0: before the case was opened) to
    `to_version`, and when each of the two stood."""

    case_id: UUID
    reference: str
    from_version: int
    to_version: int
    from_at: datetime | None
    to_at: datetime
    changes: tuple[Change, ...]


def event_type(event: Case.Event) -> str:
    """`ReferralSent` -> `referral_sent`: the stable name clients see."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(event).__name__).lower()


def history_item(event: Case.Event, changed: tuple[Change, ...] = ()) -> HistoryItem:
    data = {k: v for k, v in vars(event).items() if k not in _BASE_FIELDS}
    return HistoryItem(
        version=event.originator_version,
        type=event_type(event),
        at=event.timestamp,
        actor_id=event.actor.id,
        actor_role=event.actor.role,
        via=event.via,
        data=data,
        changes=changed,
    )


def sees_personal(actor: Actor) -> bool:
    return actor.role in PERSONAL_READERS


def history_items(events: list[Case.Event], reader: Actor) -> list[HistoryItem]:
    """Every event, oldest first, with what it changed as `reader` may see it."""
    return [history_item(event, tuple(changed))
            for event, changed in changes_by_event(events, personal=sees_personal(reader))]


def read_history(cases: CaseService, actor: Actor, case_id: UUID, *,
                 export: bool = False) -> list[HistoryItem]:
    """The case's history with what each event changed (supervisors, auditors); recorded
    in the access log as a read of the history, or as its export."""
    what = audit.HISTORY_EXPORT if export else audit.HISTORY
    return history_items(cases.history(actor, case_id, what=what), actor)


def diff(cases: CaseService, actor: Actor, case_id: UUID, from_version: int,
         to_version: int) -> CaseDiff:
    """What changed between two versions, 0 <= from < to <= the current version
    (supervisors, auditors; recorded in the access log as a read of the history)."""
    events = cases.history(actor, case_id)
    current = events[-1].originator_version
    if not 1 <= to_version <= current:
        raise InvalidInput("to", "out_of_range", {"min": 1, "max": current})
    if not 0 <= from_version < to_version:
        raise InvalidInput("from", "out_of_range", {"min": 0, "max": to_version - 1})
    before = state_at(events, from_version)
    after = state_at(events, to_version)
    assert after is not None, "version 1 and later hold the case"
    times = {event.originator_version: event.timestamp for event in events}
    return CaseDiff(after.id, after.reference, from_version, to_version,
                    times.get(from_version), times[to_version],
                    tuple(changes(before, after, personal=sees_personal(actor))))
