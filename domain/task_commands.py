"""The task commands of a case (decision 0032), mixed into the Case aggregate: a task's
events are the case's (domain/case.py), its state and rules are domain/task.py's.

Kept apart so that domain/case.py stays readable; the mixin uses what every case command
uses (`_event`, `_require_status`, the case's team, status and tasks) and nothing else.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain import policy, validation
from domain.actions import ALLOWED_IN, CaseAction
from domain.checkins import Every
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.refusals import Problems
from domain.task import (
    SERVICE_OF,
    Task,
    Volunteer,
    check_due_by,
    check_volunteer,
    find_task,
    next_due,
    service_description,
)
from domain.values import Actor
from domain.vocabulary import OPEN_TASK_STATUSES, Role, Status, TaskKind, TaskStatus, Via

# Why a task was cancelled without anyone typing a reason.
TASK_CLOSED_REASON = "the case closed"
TASK_TRANSFERRED_REASON = "the case moved to another team"


class TaskCommands:
    """Make, offer, accept, decline, hand over, complete and cancel a case's tasks."""

    team: str
    status: Status
    tasks: dict[UUID, Task]

    if TYPE_CHECKING:  # the Case aggregate's, used here
        TaskCreated: Any
        TaskOffered: Any
        TaskAccepted: Any
        TaskDeclined: Any
        TaskHandedOver: Any
        TaskCompleted: Any
        TaskCancelled: Any
        ServiceLogged: Any

        def _event(self, event_class: Any, actor: Actor, via: Via, at: datetime,
                   **kwargs: Any) -> None: ...

        def _require_status(self, command: CaseAction, action: str) -> None: ...

    def open_tasks(self) -> list[Task]:
        return [t for t in self.tasks.values() if t.is_open]

    def create_task(self, task_id: UUID, kind: TaskKind, description: str, due_by: datetime,
                    place: str | None, repeat: Every | None, *, actor: Actor, via: Via,
                    at: datetime) -> None:
        policy.require_case_side(actor, self.team, "make a task")
        self._require_status(CaseAction.TASK, "given a task")
        if task_id in self.tasks:
            raise RuleViolated("task_status", "this task was already made")
        validation.aware("due_by", due_by)
        found = Problems()
        found.check(check_due_by, due_by, at)
        personal = {
            "description": found.check(validation.text, "description", description),
            "place": found.check(validation.optional_text, "place", place,
                                 max_len=validation.SHORT_TEXT_MAX),
        }
        found.refuse()
        self._event(self.TaskCreated, actor, via, at, task_id=task_id, kind=kind,
                    due_by=due_by, repeat=repeat, previous_task_id=None, personal=personal)

    def offer_task(self, task_id: UUID, volunteer: Volunteer | None, *, pool: bool,
                   actor: Actor, via: Via, at: datetime) -> None:
        """Offer to one volunteer of the case's team who is not paused, or (`pool`) to
        every volunteer of the team; an offer nobody took yet may go elsewhere."""
        policy.require_case_side(actor, self.team, "offer a task")
        self._require_status(CaseAction.TASK, "given a task")
        task = find_task(self.tasks, task_id)
        task.require(TaskStatus.OPEN, TaskStatus.OFFERED, action="offered")
        volunteer_id = None
        if not pool:
            volunteer_id = check_volunteer("volunteer_id", volunteer, self.team).id
        self._event(self.TaskOffered, actor, via, at, task_id=task_id,
                    volunteer_id=volunteer_id)

    def accept_task(self, task_id: UUID, me: Volunteer, *, actor: Actor, via: Via,
                    at: datetime) -> None:
        """The volunteer it is offered to takes it; a pool task, the first volunteer of
        the team (not paused) who does."""
        task = self._volunteer_task(task_id, actor, "accepted")
        task.require(TaskStatus.OFFERED, action="accepted")
        if task.pool:
            check_volunteer("volunteer_id", me, self.team)
        elif task.offered_to != actor.id:
            raise RuleViolated("task_taken", "this task is offered to another volunteer")
        self._event(self.TaskAccepted, actor, via, at, task_id=task_id, volunteer_id=actor.id)

    def decline_task(self, task_id: UUID, reason: str | None, *, actor: Actor, via: Via,
                     at: datetime) -> None:
        """The volunteer it is offered to says no: back to the case's side, offered to
        nobody. A pool task is left for another volunteer instead (decision 0032)."""
        task = self._volunteer_task(task_id, actor, "declined")
        task.require(TaskStatus.OFFERED, action="declined")
        if task.pool:
            raise RuleViolated("task_in_pool", "a task in the pool needs no declining: "
                                               "leave it for another volunteer")
        if task.offered_to != actor.id:
            raise RuleViolated("task_taken", "this task is offered to another volunteer")
        self._event(self.TaskDeclined, actor, via, at, task_id=task_id, volunteer_id=actor.id,
                    personal={"reason": validation.optional_text("reason", reason)})

    def hand_over_task(self, task_id: UUID, to: Volunteer | None, reason: str, *, pool: bool,
                       actor: Actor, via: Via, at: datetime) -> None:
        """The volunteer who accepted it cannot go: it is offered to another volunteer
        of the team, or (`pool`) back to the pool; a reason is required."""
        self._held_task(task_id, actor, "handed over")
        to_id = None
        if not pool:
            to_id = check_volunteer("to_volunteer_id", to, self.team).id
            if to_id == actor.id:
                raise RuleViolated("same_volunteer", "a task is handed over to another "
                                                     "volunteer")
        self._event(self.TaskHandedOver, actor, via, at, task_id=task_id,
                    from_volunteer_id=actor.id, to_volunteer_id=to_id,
                    personal={"reason": validation.text("reason", reason)})

    def complete_task(self, task_id: UUID, minutes: int, note: str | None,
                      done_at: datetime | None, *, next_task_id: UUID, actor: Actor,
                      via: Via, at: datetime) -> None:
        """Done: the case's service record is written with the volunteer as the one who
        delivered it; a repeating task's next occurrence (`next_task_id`) is made,
        accepted by the same volunteer (they keep the errand unless they hand it over)."""
        task = self._held_task(task_id, actor, "completed")
        done = at if done_at is None else validation.aware("done_at", done_at)
        found = Problems()
        found.check(validation.minutes, "minutes", minutes)
        checked_note = found.check(validation.optional_text, "note", note)
        if done > at + validation.CLOCK_TOLERANCE:
            found.add(InvalidInput("done_at", "service_in_future"))
        elif done < task.created_at:
            found.add(InvalidInput("done_at", "done_before_task"))
        found.refuse()
        self._event(self.TaskCompleted, actor, via, at, task_id=task_id,
                    volunteer_id=actor.id, minutes=minutes, done_at=done,
                    personal={"note": checked_note})
        self._event(self.ServiceLogged, actor, via, at, kind=SERVICE_OF[task.kind],
                    delivered_at=done, minutes=minutes,
                    personal={"description": service_description(task, checked_note)})
        if task.repeat is not None and self.status in ALLOWED_IN[CaseAction.TASK]:
            self._event(self.TaskCreated, actor, via, at, task_id=next_task_id,
                        kind=task.kind, due_by=next_due(task.due_by, task.repeat),
                        repeat=task.repeat, previous_task_id=task.id,
                        personal={"description": task.personal.get("description"),
                                  "place": task.personal.get("place")})
            self._event(self.TaskAccepted, actor, via, at, task_id=next_task_id,
                        volunteer_id=actor.id)

    def cancel_task(self, task_id: UUID, reason: str, *, actor: Actor, via: Via,
                    at: datetime) -> None:
        policy.require_case_side(actor, self.team, "cancel a task")
        self._require_status(CaseAction.TASK_WORK, "have a task cancelled")
        task = find_task(self.tasks, task_id)
        task.require(*OPEN_TASK_STATUSES, action="cancelled")
        self._event(self.TaskCancelled, actor, via, at, task_id=task_id,
                    personal={"reason": validation.text("reason", reason)})

    def _volunteer_task(self, task_id: UUID, actor: Actor, action: str) -> Task:
        """A task as a volunteer acts on it: one they may see (others: NotFound), on a
        case whose status lets its errands go on."""
        if actor.role is not Role.VOLUNTEER:
            raise NotPermitted(f"only a volunteer has a task {action}")
        task = find_task(self.tasks, task_id)
        if self.team not in actor.teams or not task.seen_by_volunteer(actor.id):
            raise NotFound("no such task")
        self._require_status(CaseAction.TASK_WORK, f"have a task {action}")
        return task

    def _held_task(self, task_id: UUID, actor: Actor, action: str) -> Task:
        task = self._volunteer_task(task_id, actor, action)
        task.require(TaskStatus.ACCEPTED, action=action)
        if task.volunteer_id != actor.id:
            raise RuleViolated("task_taken", "another volunteer has this task")
        return task

    def _cancel_open_tasks(self, reason: str, actor: Actor, via: Via, at: datetime) -> None:
        """Closing or transferring the case ends its errands (decision 0032)."""
        for task in self.open_tasks():
            self._event(self.TaskCancelled, actor, via, at, task_id=task.id,
                        personal={"reason": reason})
