"""What the case page shows of a case's tasks (decision 0032): each task with its
volunteer and whether it is overdue, and for a task that may still be offered, the team's
volunteers to offer it to, nearest the resident first (service/volunteers.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.http.ui.pages import Ui
from domain.actions import CaseAction
from domain.vocabulary import OPEN_TASK_STATUSES, TaskKind, TaskStatus
from service.case_detail import CaseDetail
from service.task_views import TaskView
from service.volunteers import Candidate

OFFERABLE = (TaskStatus.OPEN, TaskStatus.OFFERED)


@dataclass(frozen=True)
class TaskLine:
    task: TaskView
    overdue: bool
    volunteer: str | None  # who holds it, or whom it is offered to
    candidates: list[Candidate]
    may_offer: bool
    may_cancel: bool


def is_overdue(task: TaskView, now: datetime) -> bool:
    return task.status in OPEN_TASK_STATUSES and task.due_by < now


def case_tasks_view(ui: Ui, case: CaseDetail) -> dict[str, Any]:
    """The case page's 任务 section: its tasks, soonest due first."""
    container = ui.container
    now = container.clock.now()
    may_change = CaseAction.TASK in case.available
    profile = case.profile
    found: dict[TaskKind, list[Candidate]] = {}

    def candidates(kind: TaskKind) -> list[Candidate]:
        if kind not in found:
            found[kind] = container.identity.volunteer_candidates(
                case.team, kind, profile.district, profile.street, profile.community)
        return found[kind]

    lines = []
    for task in case.tasks:
        held = task.volunteer_id or task.offered_to
        offer = may_change and task.status in OFFERABLE
        lines.append(TaskLine(
            task, is_overdue(task, now), ui.names.person(held) if held else None,
            candidates(task.kind) if offer else [], offer,
            may_change and task.status in OPEN_TASK_STATUSES))
    return {"lines": lines, "may_make": may_change}
