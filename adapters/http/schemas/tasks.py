"""Bodies of tasks (decision 0032): the case's side's commands and view, a volunteer's
commands and the minimum they see."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from adapters.http.schemas.requests import Minutes, OptionalText, Request, Short, Text
from adapters.http.schemas.responses import Response
from domain.checkins import Every
from domain.vocabulary import TaskKind, TaskStatus


class TaskIn(Request, kw_only=True):
    """`repeat`: a repeating errand (every `day`, `week` or `month`) opens its next
    occurrence when done, kept by the same volunteer."""

    kind: TaskKind
    description: Text
    due_by: datetime
    place: Short | None = None
    repeat: Every | None = None


class OfferIn(Request, kw_only=True):
    """Exactly one of: `volunteer_id` (one volunteer of the case's team), or
    `pool: true` (every volunteer of the team; the first to accept takes it)."""

    volunteer_id: UUID | None = None
    pool: bool = False


class DeclineIn(Request, kw_only=True):
    reason: OptionalText = None


class HandOverIn(Request, kw_only=True):
    """Exactly one of `to_volunteer_id` or `pool: true`; a reason is required."""

    to_volunteer_id: UUID | None = None
    pool: bool = False
    reason: Text


class CompleteTaskIn(Request, kw_only=True):
    """`done_at`: when it was done (default now)."""

    minutes: Minutes
    note: OptionalText = None
    done_at: datetime | None = None


class TaskOut(Response, kw_only=True, tag_field="seen_as", tag="case_side"):
    """A task as the case's side sees it (`seen_as: case_side`)."""

    id: UUID
    case_id: UUID
    reference: str
    team: str
    version: int
    kind: TaskKind
    status: TaskStatus
    due_by: datetime
    repeat: Every | None
    description: str
    place: str | None
    offered_to: UUID | None
    pool: bool
    volunteer_id: UUID | None
    created_at: datetime
    created_by: UUID
    offered_at: datetime | None
    accepted_at: datetime | None
    completed_at: datetime | None
    done_at: datetime | None
    minutes: int | None
    previous_id: UUID | None
    reason: str | None
    note: str | None


class TaskContactOut(Response, kw_only=True):
    phone: str | None
    address_detail: str | None


class VolunteerTaskOut(Response, kw_only=True, tag_field="seen_as", tag="volunteer"):
    """A task as a volunteer sees it (`seen_as: volunteer`): the resident as surname and
    老师, the community and street; `contact` only while the task is accepted by them and
    not completed."""

    id: UUID
    version: int
    kind: TaskKind
    status: TaskStatus
    due_by: datetime
    repeat: Every | None
    description: str
    place: str | None
    resident: str
    district: str
    street: str
    community: str
    offered_to_me: bool
    pool: bool
    mine: bool
    accepted_at: datetime | None
    completed_at: datetime | None
    minutes: int | None
    contact: TaskContactOut | None


class TaskPageOut(Response, kw_only=True):
    """A volunteer's items are `VolunteerTaskOut` (never with `contact` in a list); the
    case's side's are `TaskOut`."""

    items: list[TaskOut | VolunteerTaskOut]
    next_cursor: str | None
    fresh: bool = True


class CandidateOut(Response, kw_only=True):
    volunteer_id: UUID
    display_name: str
    nearness: str  # community, street, district or team: nearest first


class CandidatesOut(Response, kw_only=True):
    items: list[CandidateOut]


class HoursOut(Response, kw_only=True):
    """`key`: a volunteer's id, a team's code, a street, a month (YYYY-MM, local time) or
    a task kind; `name`: the volunteer's display name."""

    key: str
    name: str | None = None
    minutes: int
    hours: float
    tasks: int


class VolunteerHoursOut(Response, kw_only=True):
    team: str | None
    from_: datetime = msgspec.field(name="from")
    to: datetime
    minutes: int
    hours: float
    tasks: int
    by_volunteer: list[HoursOut]
    by_team: list[HoursOut]
    by_street: list[HoursOut]
    by_month: list[HoursOut]
    by_kind: list[HoursOut]  # services delivered, by task kind
