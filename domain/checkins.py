"""Recurring check-ins (定期回访, issue 13): a case's follow-up plan and the check-ins it
derives (docs/domain.md §2, decision 0028).

A plan is one event on the case (`Case.FollowUpPlanSet`); its check-ins are not stored one
by one but derived here from the plan and the few events that settle one (done, skipped)
or move it (rescheduled). Pure: no I/O; the clock (`now`) and the deployment's time zone
(`tz`) are passed in.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from domain.deadlines import deadline_state
from domain.errors import InvalidInput
from domain.vocabulary import DeadlineState

PLAN_HORIZON = timedelta(days=366)
DEFAULT_AT = time(9, 0)


class Every(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class CheckInState(StrEnum):
    UPCOMING = "upcoming"  # its day has not come
    DUE = "due"  # its day has come, within its grace period
    DONE = "done"
    SKIPPED = "skipped"
    BREACHED = "breached"  # missed by more than its grace period, still open


# How long after its time a check-in may still be made before it counts as missed
# (decision 0028): a quarantine call is due within the morning, a weekly or monthly
# visit within the day after.
GRACE: dict[Every, timedelta] = {
    Every.DAY: timedelta(hours=2),
    Every.WEEK: timedelta(hours=24),
    Every.MONTH: timedelta(hours=24),
}


@dataclass(frozen=True)
class FollowUpPlan:
    """Every day, every week (on the weekday of `first`) or every month on `day_of_month`
    (on the month's last day when it has fewer days), at `at` local time, from `first`
    until `until` (inclusive; None: until the case closes)."""

    every: Every
    at: time
    first: date
    until: date | None = None
    day_of_month: int | None = None

    @property
    def grace(self) -> timedelta:
        return GRACE[self.every]

    def occurs_on(self, day: date) -> bool:
        if day < self.first or (self.until is not None and day > self.until):
            return False
        if self.every is Every.DAY:
            return True
        if self.every is Every.WEEK:
            return day.weekday() == self.first.weekday()
        assert self.day_of_month is not None
        return day.day == month_day(day.year, day.month, self.day_of_month)

    def dates(self, start: date | None = None) -> Iterator[date]:
        """Its check-in days from `start` (default: its first) on, in order; endless
        without `until`."""
        day = max(start or self.first, self.first)
        while self.until is None or day <= self.until:
            if self.occurs_on(day):
                yield day
                day += _STEP[self.every] if self.every is not Every.MONTH else timedelta(1)
            else:
                day += timedelta(days=1)


_STEP = {Every.DAY: timedelta(days=1), Every.WEEK: timedelta(days=7)}


def month_day(year: int, month: int, day_of_month: int) -> int:
    """The plan's day in this month: the 31st of a 30-day month is its 30th."""
    return min(day_of_month, calendar.monthrange(year, month)[1])


def due_at(day: date, at: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz)


def plan_from(every: Every, at: time | None, day_of_month: int | None, until: date | None,
              starts: date | None, *, now: datetime, tz: tzinfo) -> FollowUpPlan:
    """A checked plan whose first check-in is its first day on or after `starts` (default:
    today) whose time has not passed at `now`. Raises InvalidInput naming the field."""
    today = now.astimezone(tz).date()
    at = at or DEFAULT_AT
    if every is Every.MONTH:
        if day_of_month is None:
            raise InvalidInput("day_of_month", "day_of_month_required")
        if not 1 <= day_of_month <= 31:
            raise InvalidInput("day_of_month", "day_of_month_range")
    elif day_of_month is not None:
        raise InvalidInput("day_of_month", "day_of_month_monthly_only")
    start = starts or today
    if start < today:
        raise InvalidInput("starts", "in_the_past")
    if start > (now + PLAN_HORIZON).date():
        raise InvalidInput("starts", "beyond_a_year")
    if until is not None:
        if until < start:
            raise InvalidInput("until", "until_before_start")
        if until > (now + PLAN_HORIZON).date():
            raise InvalidInput("until", "beyond_a_year")
    draft = FollowUpPlan(every, at, start, until, day_of_month)
    first = next((d for d in draft.dates() if due_at(d, at, tz) > now), None)
    if first is None:
        raise InvalidInput("until", "no_check_in_left")
    return FollowUpPlan(every, at, first, until, day_of_month)


@dataclass(frozen=True)
class Settled:
    """A check-in done or skipped: when, by whom it was recorded."""

    done: bool
    at: datetime


@dataclass(frozen=True)
class Moved:
    """A check-in rescheduled to `to`, whose local day is `to_on`."""

    to: datetime
    to_on: date


@dataclass(frozen=True)
class CheckIn:
    due_on: date  # its day in the plan: the check-in's identity
    due_at: datetime  # when it is due (its new time once rescheduled)
    deadline: datetime  # due_at plus the grace period: missed after it
    state: CheckInState
    deadline_state: DeadlineState | None  # for an open check-in whose day has come
    rescheduled: bool
    settled_at: datetime | None


def next_open_day(plan: FollowUpPlan, settled: Mapping[date, Settled],
                  moved: Mapping[date, Moved]) -> date | None:
    """The local day of the earliest check-in neither done nor skipped (the case's next
    follow-up date); None once every check-in of a plan with an end is settled."""
    candidates = [m.to_on for d, m in moved.items() if d not in settled]
    for day in plan.dates():
        if day not in settled and day not in moved:
            candidates.append(day)
            break
    return min(candidates, default=None)


def check_in(plan: FollowUpPlan, day: date, settled: Mapping[date, Settled],
             moved: Mapping[date, Moved], now: datetime, tz: tzinfo) -> CheckIn:
    """The check-in of `day` (one of the plan's days) as it stands at `now`."""
    move = moved.get(day)
    when = move.to if move is not None else due_at(day, plan.at, tz)
    deadline = when + plan.grace
    done = settled.get(day)
    local_day = when.astimezone(tz).date()
    today = now.astimezone(tz).date()
    dstate: DeadlineState | None = None
    if done is not None:
        state = CheckInState.DONE if done.done else CheckInState.SKIPPED
    elif now > deadline:
        state = CheckInState.BREACHED
        dstate = DeadlineState.BREACHED
    elif local_day <= today:
        state = CheckInState.DUE
        day_start = datetime.combine(local_day, time(0), tzinfo=tz)
        dstate = deadline_state(min(day_start, when), deadline, now)
    else:
        state = CheckInState.UPCOMING
    return CheckIn(day, when, deadline, state, dstate, move is not None,
                   done.at if done is not None else None)


def check_ins(plan: FollowUpPlan, settled: Mapping[date, Settled],
              moved: Mapping[date, Moved], now: datetime, tz: tzinfo, *,
              upto: date, since: date | None = None) -> list[CheckIn]:
    """Every check-in of the plan due (at its time, rescheduled or not) on a day from
    `since` (default: the plan's first) to `upto`, in the order they are due; an open
    one due earlier is listed too, however old: it is still waiting."""
    found: dict[date, CheckIn] = {}
    for day in plan.dates():
        if day > upto:
            break
        item = check_in(plan, day, settled, moved, now, tz)
        if _listed(item, tz, upto, since):
            found[day] = item
    for day in moved:
        if day not in found:
            item = check_in(plan, day, settled, moved, now, tz)
            if _listed(item, tz, upto, since):
                found[day] = item
    return sorted(found.values(), key=lambda c: (c.due_at, c.due_on))


def _listed(item: CheckIn, tz: tzinfo, upto: date, since: date | None) -> bool:
    local_day = item.due_at.astimezone(tz).date()
    if local_day > upto:
        return False
    is_open = item.state not in (CheckInState.DONE, CheckInState.SKIPPED)
    return since is None or local_day >= since or is_open


def upcoming(plan: FollowUpPlan, settled: Mapping[date, Settled],
             moved: Mapping[date, Moved], now: datetime, tz: tzinfo,
             count: int) -> list[CheckIn]:
    """The next `count` check-ins of the plan due after today, open or settled ahead."""
    today = now.astimezone(tz).date()
    found: list[CheckIn] = []
    for day in plan.dates(today + timedelta(days=1)):
        if len(found) >= count:
            break
        found.append(check_in(plan, day, settled, moved, now, tz))
    return found
