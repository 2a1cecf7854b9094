"""Task rows (decision 0032): the row of each task an event touched, from the case."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from uuid import UUID

from domain.case import Case
from domain.task import honorific
from domain.values import ERASED
from projections.rows import TaskRow

_ONE_TASK = (Case.TaskCreated, Case.TaskOffered, Case.TaskAccepted, Case.TaskDeclined,
             Case.TaskHandedOver, Case.TaskCompleted, Case.TaskCancelled)


def touched(event: Case.Event, case: Case) -> Iterable[UUID]:
    """The tasks whose rows the event changes: the one it names; every one of the case
    when the case is erased (their texts go)."""
    if isinstance(event, _ONE_TASK):
        return (event.task_id,)
    if isinstance(event, Case.Erased):
        return tuple(case.tasks)
    return ()


def task_row(case: Case, task_id: UUID, timezone: tzinfo) -> TaskRow:
    task = case.tasks[task_id]
    profile = case.profile
    erased = case.erased
    done = task.done_at
    return TaskRow(
        task_id=task.id, case_id=case.id, reference=case.reference, team=case.team,
        version=case.version, kind=task.kind, status=task.status, due_by=task.due_by,
        repeat=task.repeat, created_at=task.created_at, created_by=task.created_by,
        offered_to=task.offered_to, pool=task.pool, volunteer_id=task.volunteer_id,
        offered_at=task.offered_at, accepted_at=task.accepted_at,
        completed_at=task.completed_at, done_at=done,
        done_month=done.astimezone(timezone).strftime("%Y-%m") if done else None,
        minutes=task.minutes, previous_id=task.previous_id, district=profile.district,
        street=profile.street, community=profile.community,
        description=ERASED if erased else (task.personal.get("description") or ""),
        place=ERASED if erased else task.personal.get("place"),
        resident=ERASED if erased else honorific(case.personal.get("name")),
    )
