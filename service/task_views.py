"""What the case's side and a volunteer see of a task (decision 0032): read objects made
from the case, never the aggregate.

A volunteer sees the minimum needed to do the errand: its kind, description, place, due
time and status, the resident as a surname and 老师 (宋老师), and the community and street.
The resident's phone and address detail only while the task is accepted by them and not
completed; nothing else of the case (no name, ID number, assessment, notes, risk, needs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain import policy
from domain.case import Case
from domain.checkins import Every
from domain.errors import NotFound
from domain.task import Task, honorific
from domain.values import Actor
from domain.vocabulary import Role, TaskKind, TaskStatus


@dataclass(frozen=True)
class TaskView:
    """A task as the case's side sees it (its team's workers and supervisors, auditors)."""

    id: UUID
    case_id: UUID
    reference: str
    team: str
    version: int  # the case's: a task command's If-Match
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
    reason: str | None  # the last reason given (declined, handed over, cancelled)
    note: str | None  # the volunteer's note on completion


@dataclass(frozen=True)
class TaskContact:
    phone: str | None
    address_detail: str | None


@dataclass(frozen=True)
class VolunteerTaskView:
    """A task as a volunteer sees it: the minimum needed to do it."""

    id: UUID
    version: int  # the case's version: send it back as If-Match
    kind: TaskKind
    status: TaskStatus
    due_by: datetime
    repeat: Every | None
    description: str
    place: str | None
    resident: str  # 宋老师
    district: str
    street: str
    community: str
    offered_to_me: bool
    pool: bool
    mine: bool  # accepted (or completed) by the reader
    accepted_at: datetime | None
    completed_at: datetime | None
    minutes: int | None
    contact: TaskContact | None  # only while accepted by the reader and not completed


def task_view(case: Case, task: Task) -> TaskView:
    personal = task.personal
    return TaskView(
        id=task.id, case_id=case.id, reference=case.reference, team=case.team,
        version=case.version, kind=task.kind, status=task.status, due_by=task.due_by,
        repeat=task.repeat, description=personal.get("description") or "",
        place=personal.get("place"), offered_to=task.offered_to, pool=task.pool,
        volunteer_id=task.volunteer_id, created_at=task.created_at,
        created_by=task.created_by, offered_at=task.offered_at, accepted_at=task.accepted_at,
        completed_at=task.completed_at, done_at=task.done_at, minutes=task.minutes,
        previous_id=task.previous_id, reason=personal.get("reason"),
        note=personal.get("note"))


def contact_visible(task: Task, volunteer_id: UUID) -> bool:
    """Decided on the case itself: access lapses the moment the task is completed,
    handed over or cancelled."""
    return task.status is TaskStatus.ACCEPTED and task.volunteer_id == volunteer_id


def volunteer_task_view(case: Case, task: Task, volunteer_id: UUID, *,
                        contact: bool | None = None) -> VolunteerTaskView:
    """`contact`: whether to show the contact details (default: `contact_visible`)."""
    personal, profile = task.personal, case.profile
    show = contact_visible(task, volunteer_id) if contact is None else contact
    return VolunteerTaskView(
        id=task.id, version=case.version, kind=task.kind, status=task.status,
        due_by=task.due_by, repeat=task.repeat,
        description=personal.get("description") or "", place=personal.get("place"),
        resident=honorific(case.personal.get("name")), district=profile.district,
        street=profile.street, community=profile.community,
        offered_to_me=task.offered_to == volunteer_id and task.status is TaskStatus.OFFERED,
        pool=task.pool, mine=task.volunteer_id == volunteer_id,
        accepted_at=task.accepted_at, completed_at=task.completed_at, minutes=task.minutes,
        contact=TaskContact(case.personal.get("phone"), case.personal.get("address_detail"))
        if show else None)


def task_in_scope(actor: Actor, case: Case, task_id: UUID | None) -> Task:
    """The task, for whoever may see it at all: the case's side (and auditors) any task
    of a case they may read; a volunteer of the case's team a task offered to them, to the
    pool, or theirs. Anyone else learns nothing (NotFound), not even a version."""
    task = case.tasks.get(task_id) if task_id is not None else None
    if task is None:
        raise NotFound("no such task")
    if actor.role is Role.VOLUNTEER:
        if case.team not in actor.teams or not task.seen_by_volunteer(actor.id):
            raise NotFound("no such task")
    elif not policy.can_read_case(actor, case.team):
        raise NotFound("no such task")
    return task


def seen_by(actor: Actor, case: Case, task: Task) -> TaskView | VolunteerTaskView:
    if actor.role is Role.VOLUNTEER:
        return volunteer_task_view(case, task, actor.id)
    return task_view(case, task)
