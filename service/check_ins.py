"""Reads of recurring check-ins (decision 0028): a case's check-ins as they stand now, and
the caller's check-ins of today ("今日回访", `GET /api/v1/queues/today`).

The check-ins are derived from the case's plan by the domain (domain/checkins.py) with the
service's clock and time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from uuid import UUID

from domain.checkins import CheckIn, CheckInState, FollowUpPlan, check_ins, upcoming
from domain.errors import NotPermitted
from domain.values import Actor
from domain.vocabulary import CASE_SIDE_ROLES
from service.case_detail import CaseDetail, detail_of
from service.queries import CaseQueries

RECENT_DAYS = 7  # settled check-ins the case page still lists
UPCOMING = 5  # check-ins ahead the case page lists
TODAY_LIMIT = 1000  # cases of a caseload looked through for today's check-ins
SETTLED = (CheckInState.DONE, CheckInState.SKIPPED)


@dataclass(frozen=True)
class CaseCheckIns:
    """A case's plan, its check-ins of the last days and every open one however old
    (in the order due), and the next few ahead."""

    plan: FollowUpPlan | None
    recent: list[CheckIn]
    ahead: list[CheckIn]

    @property
    def open_count(self) -> int:
        return sum(1 for c in self.recent if c.state not in SETTLED)

    @property
    def breached_count(self) -> int:
        return sum(1 for c in self.recent if c.state is CheckInState.BREACHED)


def case_check_ins(case: CaseDetail, now: datetime, tz: tzinfo, *,
                   recent_days: int = RECENT_DAYS, ahead: int = UPCOMING) -> CaseCheckIns:
    plan = case.follow_up_plan
    if plan is None:
        return CaseCheckIns(None, [], [])
    today = now.astimezone(tz).date()
    settled, moved = case.check_ins_settled, case.check_ins_moved
    recent = check_ins(plan, settled, moved, now, tz, upto=today,
                       since=today - timedelta(days=recent_days))
    return CaseCheckIns(plan, recent, upcoming(plan, settled, moved, now, tz, ahead))


def check_ins_between(case: CaseDetail, now: datetime, tz: tzinfo, since: date,
                      upto: date) -> list[CheckIn]:
    """Every check-in of the case's plan due from `since` to `upto` (and any open one
    due earlier), as it stands at `now`."""
    plan = case.follow_up_plan
    if plan is None:
        return []
    return check_ins(plan, case.check_ins_settled, case.check_ins_moved, now, tz,
                     upto=upto, since=since)


@dataclass(frozen=True)
class TodayItem:
    case_id: UUID
    reference: str
    resident_name: str | None
    version: int
    check_in: CheckIn
    plan: FollowUpPlan


@dataclass(frozen=True)
class Today:
    day: date
    check_ins: list[TodayItem]

    @property
    def breached(self) -> int:
        return sum(1 for i in self.check_ins if i.check_in.state is CheckInState.BREACHED)


def todays_check_ins(queries: CaseQueries, actor: Actor, *,
                     min_position: int | None = None) -> Today:
    """The open check-ins of the caller's caseload due by the end of today (missed ones
    of earlier days first): what the worker has to do today. Workers and supervisors."""
    if actor.role not in CASE_SIDE_ROLES:
        raise NotPermitted("only workers and supervisors have check-ins")
    queries.wait(min_position)
    now = queries.clock.now()
    today = queries.today()
    rows = queries.reader.caseload(actor.id, today, TODAY_LIMIT, None, names=True)
    items: list[TodayItem] = []
    for row in rows:
        if row.follow_up_due is None or row.follow_up_due > today:
            continue
        case = detail_of(queries.load_case(row.case_id), None)
        plan = case.follow_up_plan
        if plan is None or case.assigned_worker_id != actor.id:
            continue
        for item in check_ins_between(case, now, queries.timezone, today, today):
            if item.state not in SETTLED:
                items.append(TodayItem(case.id, case.reference, row.resident_name,
                                       case.version, item, plan))
    items.sort(key=lambda i: (i.check_in.due_at, i.reference))
    return Today(today, items)
