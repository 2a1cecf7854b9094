"""A task (任务): an errand done for a case's resident by a volunteer, kept inside the
case's stream like a referral (decision 0032).

A task is made and offered by the case's side (to one volunteer, or to the team's pool),
accepted or declined by the volunteer it is offered to (a pool task: by the first
volunteer of the team who takes it), handed over or completed by the one who accepted
it, cancelled by the case's side. Completing it also records the case's service record,
with the volunteer as the one who delivered it; a repeating task then opens its next
occurrence, kept by the same volunteer. Pure: no I/O, no clock; what the service knows
of a volunteer (their teams, whether they are paused) is passed in as `Volunteer`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.checkins import Every
from domain.errors import InvalidInput, NotFound, RuleViolated
from domain.values import ERASED, Personal
from domain.vocabulary import OPEN_TASK_STATUSES, ServiceKind, TaskKind, TaskStatus

TASK_HORIZON = timedelta(days=366)  # a task is due within a year

# The service record a completed task leaves on the case: the same kind where the service
# vocabulary has it; errands of daily life by what they are (decision 0032): paying a
# bill and collecting a parcel are done on the resident's behalf, a haircut and keeping
# company are visits to the home, laundry is an errand of its own ("other").
SERVICE_OF: dict[TaskKind, ServiceKind] = {
    TaskKind.PHONE_FOLLOW_UP: ServiceKind.PHONE_FOLLOW_UP,
    TaskKind.HOME_VISIT: ServiceKind.HOME_VISIT,
    TaskKind.DELIVERY: ServiceKind.DELIVERY,
    TaskKind.MEDICAL_ESCORT: ServiceKind.MEDICAL_ESCORT,
    TaskKind.COUNSELLING: ServiceKind.COUNSELLING,
    TaskKind.PURCHASE_ON_BEHALF: ServiceKind.PURCHASE_ON_BEHALF,
    TaskKind.BILL_PAYMENT: ServiceKind.PURCHASE_ON_BEHALF,
    TaskKind.PARCELS: ServiceKind.PURCHASE_ON_BEHALF,
    TaskKind.LAUNDRY: ServiceKind.OTHER,
    TaskKind.HAIRCUT: ServiceKind.HOME_VISIT,
    TaskKind.COMPANIONSHIP: ServiceKind.HOME_VISIT,
    TaskKind.OTHER: ServiceKind.OTHER,
}


@dataclass(frozen=True)
class Volunteer:
    """What the service found of a volunteer account: its teams and whether it takes
    errands now (a paused volunteer is offered nothing new)."""

    id: UUID
    teams: tuple[str, ...]
    available: bool


@dataclass
class Task:
    id: UUID
    kind: TaskKind
    due_by: datetime
    repeat: Every | None
    created_at: datetime
    created_by: UUID
    personal: Personal  # description, place; later the reasons and the note
    status: TaskStatus = TaskStatus.OPEN
    offered_to: UUID | None = None  # the volunteer it is offered to (None: nobody/the pool)
    pool: bool = False  # offered to the team's pool
    volunteer_id: UUID | None = None  # who accepted it (and completed it)
    offered_at: datetime | None = None
    accepted_at: datetime | None = None
    completed_at: datetime | None = None
    done_at: datetime | None = None
    minutes: int | None = None
    previous_id: UUID | None = None  # the occurrence a repeating task followed

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    def require(self, *statuses: TaskStatus, action: str) -> None:
        if self.status not in statuses:
            raise RuleViolated("task_status", f"a task that is {self.status.value} cannot be "
                                              f"{action}")

    def seen_by_volunteer(self, volunteer_id: UUID) -> bool:
        """Whether a volunteer of the case's team may see this task at all: offered to
        them, to the pool, or theirs."""
        return self.pool or volunteer_id in (self.offered_to, self.volunteer_id)


def find_task(tasks: dict[UUID, Task], task_id: UUID) -> Task:
    try:
        return tasks[task_id]
    except KeyError:
        raise NotFound("no such task") from None


def check_volunteer(field: str, volunteer: Volunteer | None, team: str) -> Volunteer:
    """A volunteer a task may go to: of the case's team (anyone else answers as nobody
    would, so that the answer says nothing of other accounts) and not paused."""
    if volunteer is None or team not in volunteer.teams:
        raise InvalidInput(field, "unknown_volunteer")
    if not volunteer.available:
        raise RuleViolated("volunteer_paused", "this volunteer is paused and takes no new "
                                               "errands")
    return volunteer


def check_due_by(due_by: datetime, at: datetime) -> None:
    if due_by <= at:
        raise InvalidInput("due_by", "not_in_future")
    if due_by > at + TASK_HORIZON:
        raise InvalidInput("due_by", "beyond_a_year")


def next_due(due_by: datetime, every: Every) -> datetime:
    """The next occurrence's time: a day, a week or a month later (the 31st of a month
    with 30 days is its 30th)."""
    if every is Every.DAY:
        return due_by + timedelta(days=1)
    if every is Every.WEEK:
        return due_by + timedelta(days=7)
    year, month = (due_by.year + 1, 1) if due_by.month == 12 else (due_by.year,
                                                                    due_by.month + 1)
    day = min(due_by.day, calendar.monthrange(year, month)[1])
    return due_by.replace(year=year, month=month, day=day)


def service_description(task: Task, note: str | None) -> str:
    """The service record's text: the task's description, then the volunteer's note."""
    description = task.personal.get("description") or ""
    return f"{description}\n{note}" if note else description


HONORIFIC = "老师"
# Two-character surnames written together with the given name (欧阳修 → 欧阳老师).
COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
                               "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木"})


def honorific(name: str | None) -> str:
    """How a volunteer addresses the resident: the surname and 老师 (宋兰 → 宋老师;
    "Song Lan" → "Song 老师"); never the full name."""
    name = (name or "").strip()
    if not name:
        return HONORIFIC
    if name == ERASED:
        return ERASED
    if " " in name:
        return f"{name.split()[0]} {HONORIFIC}"
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return f"{surname}{HONORIFIC}"
