"""What changed: a pure comparison of a case before and after an event (or between two
versions), over the fields a reader of its history cares about.

States are read objects (`CaseDetail`), folded from the case's events; the comparison
never looks at the aggregate or at the events themselves, so it shows what a reader of
the case would have seen change. Personal values (the resident's details and the texts
the case keeps) are compared like the others, but a reader who may not see them learns
only that they changed (`hidden`), never the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.case import Case
from service.case_detail import CaseDetail, detail_of

Getter = Callable[[CaseDetail], Any]
REFERRAL_STATUS = "referrals.status"


@dataclass(frozen=True)
class Change:
    """One field that moved: its name (the case's API field, dotted for nested ones), its
    old and new value (domain values: enums, dates, ids, tuples), and for a referral's
    status the referral it is about. `hidden`: a personal value the reader may not see,
    so `old` and `new` are withheld."""

    field: str
    old: Any
    new: Any
    referral_id: UUID | None = None
    hidden: bool = False


def _personal(key: str) -> Getter:
    return lambda case: case.personal.get(key)


# Fields compared, in the order a reader meets them; sets compare without their order.
FIELDS: tuple[tuple[str, Getter], ...] = (
    ("status", lambda case: case.status),
    ("team", lambda case: case.team),
    ("risk", lambda case: case.risk),
    ("needs", lambda case: case.needs),
    ("vulnerabilities", lambda case: case.vulnerabilities),
    ("assigned_worker_id", lambda case: case.assigned_worker_id),
    ("follow_up_due", lambda case: case.follow_up_due),
    ("pending_transfer.to_team",
     lambda case: case.pending_transfer.to_team if case.pending_transfer else None),
    ("consent.given", lambda case: case.consent.given),
    ("consent.method", lambda case: case.consent.method),
    ("pending_closure.outcome",
     lambda case: case.pending_closure.outcome if case.pending_closure else None),
    ("outcome", lambda case: case.outcome),
    ("duplicate_of", lambda case: case.duplicate_of),
)
UNORDERED = frozenset({"needs", "vulnerabilities"})
PERSONAL_FIELDS: tuple[tuple[str, Getter], ...] = (
    ("resident.name", _personal("name")),
    ("resident.phone", _personal("phone")),
    ("resident.id_number", _personal("id_number")),
    ("resident.address.detail", _personal("address_detail")),
    ("resident.emergency_contact.name", _personal("emergency_contact_name")),
    ("resident.emergency_contact.phone", _personal("emergency_contact_phone")),
    ("resident.emergency_contact.relation", _personal("emergency_contact_relation")),
    ("request", _personal("request")),
    ("plan", lambda case: case.assessment_personal.get("plan")),
    ("assessment_notes", lambda case: case.assessment_personal.get("notes")),
)
FIELD_NAMES = (*(name for name, _ in FIELDS), REFERRAL_STATUS,
               *(name for name, _ in PERSONAL_FIELDS))


def _empty(value: Any) -> bool:
    return value is None or value == ()


def _same(name: str, old: Any, new: Any) -> bool:
    if name in UNORDERED and old is not None and new is not None:
        return set(old) == set(new)
    return bool(old == new)


def changes(before: CaseDetail | None, after: CaseDetail, *,
            personal: bool) -> list[Change]:
    """What differs from `before` (None: before the case was opened) to `after`.

    `personal`: whether the reader may see personal values; if not, a personal field
    that changed is listed as `hidden`, without its values."""
    found: list[Change] = []
    for name, get in FIELDS:
        old = get(before) if before is not None else None
        new = get(after)
        if before is None and _empty(new):
            continue  # nothing to say about what is still empty
        if not _same(name, old, new):
            found.append(Change(name, old, new))
    found.extend(_referral_changes(before, after))
    for name, get in PERSONAL_FIELDS:
        old = get(before) if before is not None else None
        new = get(after)
        if old != new:
            found.append(Change(name, old, new) if personal
                         else Change(name, None, None, hidden=True))
    return found


def _referral_changes(before: CaseDetail | None, after: CaseDetail) -> list[Change]:
    earlier = before.referrals if before is not None else {}
    found = []
    for referral_id, referral in after.referrals.items():
        old = earlier[referral_id].status if referral_id in earlier else None
        if old != referral.status:
            found.append(Change(REFERRAL_STATUS, old, referral.status, referral_id))
    return found


def changes_by_event(events: Iterable[Case.Event], *,
                     personal: bool) -> list[tuple[Case.Event, list[Change]]]:
    """Each event of a case's stream, oldest first, with what it changed."""
    folded: list[tuple[Case.Event, list[Change]]] = []
    state: Case | None = None
    before: CaseDetail | None = None
    for event in events:
        state = _apply(event, state)
        after = detail_of(state, None)
        folded.append((event, changes(before, after, personal=personal)))
        before = after
    return folded


def state_at(events: Sequence[Case.Event], version: int) -> CaseDetail | None:
    """The case as it stood at `version` (None at 0: before it was opened)."""
    state: Case | None = None
    for event in events:
        if event.originator_version > version:
            break
        state = _apply(event, state)
    return detail_of(state, None) if state is not None else None


def _apply(event: Case.Event, state: Case | None) -> Case:
    mutated = event.mutate(state)
    if not isinstance(mutated, Case):  # pragma: no cover - a case stream holds case events
        raise TypeError("a case's stream starts with Case.Opened")
    return mutated
