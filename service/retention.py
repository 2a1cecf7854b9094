"""Retention (PIPL art. 47): a closed case's personal data is erased once its closure is
older than the retention period (`CASEWORK_RETENTION_DAYS`). The views name the
candidates; the case decides (an erased or reopened case is left as it is)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.case import Case
from domain.errors import NotFound, RuleViolated, VersionConflict
from domain.values import SYSTEM_ACTOR
from domain.vocabulary import Status, Via
from projections.interfaces import CaseQuery, ViewReader
from service.applications import find
from service.cases import CaseService

PAGE = 500
REASON = "retention period passed"


@dataclass(frozen=True)
class Due:
    case_id: UUID
    reference: str
    closed_at: datetime


def due_for_erasure(reader: ViewReader, cases: CaseService, now: datetime,
                    days: int) -> list[Due]:
    """Closed cases whose closure is older than `days`, not erased yet, oldest first."""
    cutoff = now - timedelta(days=days)
    due: list[Due] = []
    after: tuple[str, str] | None = None
    while True:
        page = reader.cases(CaseQuery(status=(Status.CLOSED,)), PAGE, after)
        for row in page:
            if row.closed_at is None or row.closed_at >= cutoff:
                continue
            case = find(cases.app, row.case_id, Case)
            if case is not None and not case.erased and case.status is Status.CLOSED:
                due.append(Due(row.case_id, row.reference, row.closed_at))
        if len(page) < PAGE:
            return sorted(due, key=lambda d: d.closed_at)
        last = page[-1]
        after = (last.opened_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
                 str(last.case_id))


def erase_expired(cases: CaseService, due: list[Due]) -> list[Due]:
    """Erase each due case as the system; those erased."""
    erased = []
    for item in due:
        try:
            cases.erase(SYSTEM_ACTOR, item.case_id, REASON, via=Via.SYSTEM)
        except (RuleViolated, NotFound, VersionConflict):
            continue  # reopened, erased or changed since the views looked
        erased.append(item)
    return erased


class DailyRetention:
    """Erases the due cases once a day (the projector's sweeper calls it every tick)."""

    def __init__(self, run: Callable[[], list[Due]], today: Callable[[], object]) -> None:
        self.run = run
        self.today = today
        self.last_day: object = None

    def tick(self) -> int:
        day = self.today()
        if day == self.last_day:
            return 0
        self.last_day = day
        return len(self.run())
