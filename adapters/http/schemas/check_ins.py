"""Bodies of the recurring check-ins (decision 0028): the plan, a case's check-ins and
the caller's check-ins of today."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.schemas.requests import OptionalText, Request, Text
from adapters.http.schemas.responses import Response
from adapters.http.schemas.tasks import TaskOut, VolunteerTaskOut
from domain.checkins import CheckInState, Every
from domain.vocabulary import DeadlineState

TimeOfDay = Annotated[str, Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
                                description="local time, HH:MM", examples=["09:00"])]
DayOfMonth = Annotated[int, Meta(ge=1, le=31)]


class FollowUpPlanIn(Request, kw_only=True):
    """`every: null` stops the plan. `starts` (an extension; default today) is the first
    day a check-in may fall on; a weekly plan checks in on its weekday."""

    every: Every | None
    at: TimeOfDay | None = None
    day_of_month: DayOfMonth | None = None
    until: date | None = None
    starts: date | None = None


class CheckInDoneIn(Request, kw_only=True):
    note: OptionalText = None


class CheckInSkipIn(Request, kw_only=True):
    reason: Text


class CheckInRescheduleIn(Request, kw_only=True):
    to: datetime


class FollowUpPlanOut(Response, kw_only=True):
    every: Every
    at: str
    day_of_month: int | None
    until: date | None
    first: date
    grace_minutes: int


class CheckInOut(Response, kw_only=True):
    due_on: date
    due_at: datetime
    deadline: datetime
    state: CheckInState
    deadline_state: DeadlineState | None
    rescheduled: bool
    settled_at: datetime | None


class CaseCheckInsOut(Response, kw_only=True):
    case_id: UUID
    version: int
    follow_up_due: date | None
    follow_up_plan: FollowUpPlanOut | None
    check_ins: list[CheckInOut]
    upcoming: list[CheckInOut]


class TodayCheckInOut(CheckInOut, kw_only=True):
    case_id: UUID
    reference: str  # no name: the API's queue items carry none (decision 0024)
    every: Every


class TodayOut(Response, kw_only=True):
    date: date
    check_ins: list[TodayCheckInOut]
    # The caller's open tasks due by the end of today (decision 0032): a volunteer's own
    # (`VolunteerTaskOut`), a worker's of the cases they hold (`TaskOut`).
    tasks: list[TaskOut | VolunteerTaskOut] = msgspec.field(default_factory=list)
