"""The case list's filters as an address holds them (`/cases?status=active&deadline=overdue`),
read into a CaseQuery and written back into links: the same words for the case list page,
the dashboard's links to the cases behind each figure, and the exports (UI and API).

No filter here names a resident: names, phones and ID numbers never go into an address.
Several values of one filter are given repeated or comma-separated (`status=intake,assessed`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import TypeVar
from urllib.parse import urlencode
from uuid import UUID

from domain.errors import InvalidInput
from domain.vocabulary import Channel, Need, Risk, Status, Vulnerability
from projections.interfaces import CaseQuery

E = TypeVar("E", bound=Enum)
# deadline=breached: its time to assign has ended; deadline=overdue: its follow-up was due
# before today.
DEADLINES = ("breached", "overdue")
AREA_MAX = 100
# The filters, in the order links write them.
NAMES = ("status", "risk", "unassessed", "need", "vulnerability", "channel", "worker_id",
         "team", "street", "community", "assigned", "deadline")
Params = Mapping[str, Sequence[str]]


def _values(params: Params, name: str) -> list[str]:
    return [part.strip() for value in params.get(name, ()) for part in str(value).split(",")
            if part.strip()]


def _one(params: Params, name: str, max_len: int = AREA_MAX) -> str | None:
    values = [str(v).strip() for v in params.get(name, ()) if str(v).strip()]
    if not values:
        return None
    if len(values[-1]) > max_len:
        raise InvalidInput(name, "too_long", {"max": max_len})
    return values[-1]


def _choices(params: Params, name: str, kind: type[E]) -> tuple[E, ...]:
    try:
        return tuple(dict.fromkeys(kind(v) for v in _values(params, name)))
    except ValueError:
        raise InvalidInput(name, "choose_option") from None


def _yes_no(params: Params, name: str) -> bool | None:
    value = _one(params, name)
    if value is None:
        return None
    if value not in ("yes", "no", "1", "0"):
        raise InvalidInput(name, "choose_option")
    return value in ("yes", "1")


def case_query(params: Params, *, now: datetime, today: date,
               may_choose_team: bool) -> CaseQuery:
    """The filters given in `params` (a bad value raises InvalidInput naming it). `team`
    is read only for a reader who may choose it (an auditor); the scope stays the
    service's."""
    worker = _one(params, "worker_id")
    try:
        worker_id = UUID(worker) if worker else None
    except ValueError:
        raise InvalidInput("worker_id", "unknown_choice") from None
    team = _one(params, "team", 10) if may_choose_team else None
    deadline = _one(params, "deadline")
    if deadline is not None and deadline not in DEADLINES:
        raise InvalidInput("deadline", "choose_option")
    return CaseQuery(
        status=_choices(params, "status", Status), risk=_choices(params, "risk", Risk),
        need=_choices(params, "need", Need),
        vulnerability=_choices(params, "vulnerability", Vulnerability),
        channel=_choices(params, "channel", Channel), worker_id=worker_id,
        team=team.upper() if team else None,
        street=_one(params, "street"), community=_one(params, "community"),
        assigned=_yes_no(params, "assigned"), unassessed=bool(_yes_no(params, "unassessed")),
        assign_due_by=now if deadline == "breached" else None,
        follow_up_before=today if deadline == "overdue" else None)


def filters_given(params: Params) -> dict[str, str]:
    """The known filters given, each as one text (several values comma-separated): what
    a link to the same list (or its export) carries."""
    given = {name: ",".join(_values(params, name)) for name in NAMES}
    return {name: value for name, value in given.items() if value}


def link(path: str, **filters: str | Sequence[str] | None) -> str:
    """`/cases?status=active,pending_closure&deadline=overdue`: a list with these filters."""
    pairs = []
    for name in NAMES:
        value = filters.get(name)
        if value is None or value == "" or value == ():
            continue
        text = value if isinstance(value, str) else ",".join(value)
        pairs.append((name, text))
    unknown = set(filters) - set(NAMES)
    if unknown:
        raise ValueError(f"not a case list filter: {sorted(unknown)}")
    return path + ("?" + urlencode(pairs, safe=",") if pairs else "")
