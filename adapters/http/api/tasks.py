"""The task commands (SPEC §6, decision 0032): the case's side makes, offers and cancels
a task; a volunteer accepts, declines, hands over and completes it.

Each answers the task as the caller may see it — a volunteer the minimum needed to do the
errand, never the case — with `ETag` (the case's version: a task lives in the case's
stream, so a task command's If-Match is the case's version) and `X-Position`.
If-Match and Idempotency-Key as on every case command (commanding.py).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Response, Router, post
from litestar.params import FromPath, JSONBody

from adapters.http.api.commanding import (
    ANSWER_HEADERS,
    COMMANDING,
    CREATED_HEADERS,
    ON_A_CASE,
    CommandingDependency,
)
from adapters.http.api.reading import allow
from adapters.http.errors import problems
from adapters.http.schemas.requests import EmptyIn, ReasonIn
from adapters.http.schemas.tasks import (
    CompleteTaskIn,
    DeclineIn,
    HandOverIn,
    OfferIn,
    TaskContactOut,
    TaskIn,
    TaskOut,
    VolunteerTaskOut,
)
from domain.errors import InvalidInput
from domain.vocabulary import CASE_SIDE_ROLES, Role
from service.cases import CommandResult
from service.commands import (
    AcceptTask,
    CancelTask,
    CompleteTask,
    CreateTask,
    DeclineTask,
    HandOverTask,
    OfferTask,
)
from service.task_views import TaskView, VolunteerTaskView

CASE_SIDE = CASE_SIDE_ROLES
VOLUNTEERS = (Role.VOLUNTEER,)
TaskPath = FromPath[UUID]
COMMAND: dict[str, Any] = {"tags": ["tasks"], "sync_to_thread": True}
ON_TASK: dict[str, Any] = {
    **COMMAND, "status_code": 200, "response_headers": ANSWER_HEADERS,
    "responses": problems(400, 401, 403, 404, 409, 412, 413, 422),
}
VERSION_NOTE = ("`ETag` and If-Match carry the version of the case the task belongs to.")


def task_out(view: TaskView) -> TaskOut:
    return TaskOut(
        id=view.id, case_id=view.case_id, reference=view.reference, team=view.team,
        version=view.version, kind=view.kind, status=view.status, due_by=view.due_by,
        repeat=view.repeat, description=view.description, place=view.place,
        offered_to=view.offered_to, pool=view.pool, volunteer_id=view.volunteer_id,
        created_at=view.created_at, created_by=view.created_by, offered_at=view.offered_at,
        accepted_at=view.accepted_at, completed_at=view.completed_at, done_at=view.done_at,
        minutes=view.minutes, previous_id=view.previous_id, reason=view.reason,
        note=view.note)


def volunteer_task_out(view: VolunteerTaskView) -> VolunteerTaskOut:
    contact = view.contact
    return VolunteerTaskOut(
        id=view.id, version=view.version, kind=view.kind, status=view.status,
        due_by=view.due_by, repeat=view.repeat, description=view.description,
        place=view.place, resident=view.resident, district=view.district,
        street=view.street, community=view.community, offered_to_me=view.offered_to_me,
        pool=view.pool, mine=view.mine, accepted_at=view.accepted_at,
        completed_at=view.completed_at, minutes=view.minutes,
        contact=TaskContactOut(phone=contact.phone, address_detail=contact.address_detail)
        if contact is not None else None)


def any_task_out(view: TaskView | VolunteerTaskView) -> TaskOut | VolunteerTaskOut:
    if isinstance(view, VolunteerTaskView):
        return volunteer_task_out(view)
    return task_out(view)


def task_body(result: CommandResult) -> TaskOut | VolunteerTaskOut:
    assert result.task is not None, "a task command answers its task"
    return any_task_out(result.task)


def one_of(field: str, value: UUID | None, pool: bool) -> UUID | None:
    """A volunteer, or the pool: exactly one of them."""
    if (value is None) == (not pool):
        raise InvalidInput(field, "choose_option")
    return value


# the case's side -------------------------------------------------------------------
@post("/api/v1/cases/{case_id:uuid}/tasks", guards=[allow(*CASE_SIDE)],
      operation_id="createTask", **COMMAND, status_code=201,
      response_headers=CREATED_HEADERS,
      responses=problems(400, 401, 403, 404, 409, 412, 413, 422),
      summary="Make a task (an errand for a volunteer) on an assessed or active case",
      description="201 with the task; `Location` is the task. " + VERSION_NOTE)
def create_task(commanding: CommandingDependency, case_id: FromPath[UUID],
                data: JSONBody[TaskIn]) -> Response[TaskOut]:
    return commanding.run("create_task", data, lambda: CreateTask(
        case_id, data.kind, data.description, data.due_by, data.place, data.repeat),
        task_body, status=201, locate=lambda r: f"/api/v1/tasks/{r.task.id if r.task else ''}")


@post("/api/v1/tasks/{task_id:uuid}/offer", guards=[allow(*CASE_SIDE)],
      operation_id="offerTask", **ON_TASK,
      summary="Offer a task to a volunteer of the case's team, or to the team's pool",
      description="`{\"volunteer_id\": …}` or `{\"pool\": true}`. A paused volunteer is "
                  "offered nothing (409 `volunteer_paused`). " + VERSION_NOTE)
def offer_task(commanding: CommandingDependency, task_id: TaskPath,
               data: JSONBody[OfferIn]) -> Response[TaskOut]:
    return commanding.run("offer_task", data, lambda: OfferTask(
        task_id, one_of("volunteer_id", data.volunteer_id, data.pool)), task_body)


@post("/api/v1/tasks/{task_id:uuid}/cancel", guards=[allow(*CASE_SIDE)],
      operation_id="cancelTask", **ON_TASK,
      summary="Cancel a task not yet done, with a reason", description=VERSION_NOTE)
def cancel_task(commanding: CommandingDependency, task_id: TaskPath,
                data: JSONBody[ReasonIn]) -> Response[TaskOut]:
    return commanding.run("cancel_task", data, lambda: CancelTask(task_id, data.reason),
                          task_body)


# the volunteer's -------------------------------------------------------------------
@post("/api/v1/tasks/{task_id:uuid}/accept", guards=[allow(*VOLUNTEERS)],
      operation_id="acceptTask", **ON_TASK,
      summary="Accept a task offered to you (or to your team's pool: first come)",
      description="The body is empty: `{}` or none. A pool task another volunteer took "
                  "first answers 409 `task_status`. " + VERSION_NOTE)
def accept_task(commanding: CommandingDependency, task_id: TaskPath,
                data: JSONBody[EmptyIn | None] = None) -> Response[VolunteerTaskOut]:
    return commanding.run("accept_task", data or EmptyIn(), lambda: AcceptTask(task_id),
                          task_body)


@post("/api/v1/tasks/{task_id:uuid}/decline", guards=[allow(*VOLUNTEERS)],
      operation_id="declineTask", **ON_TASK,
      summary="Decline a task offered to you; it goes back to the case's side",
      description="A pool task needs no declining (409 `task_in_pool`). " + VERSION_NOTE)
def decline_task(commanding: CommandingDependency, task_id: TaskPath,
                 data: JSONBody[DeclineIn]) -> Response[VolunteerTaskOut]:
    return commanding.run("decline_task", data, lambda: DeclineTask(task_id, data.reason),
                          task_body)


@post("/api/v1/tasks/{task_id:uuid}/hand-over", guards=[allow(*VOLUNTEERS)],
      operation_id="handOverTask", **ON_TASK,
      summary="Hand a task you accepted over to another volunteer, or back to the pool",
      description="`{\"to_volunteer_id\": …, \"reason\": …}` or `{\"pool\": true, "
                  "\"reason\": …}`. " + VERSION_NOTE)
def hand_over_task(commanding: CommandingDependency, task_id: TaskPath,
                   data: JSONBody[HandOverIn]) -> Response[VolunteerTaskOut]:
    return commanding.run("hand_over_task", data, lambda: HandOverTask(
        task_id, one_of("to_volunteer_id", data.to_volunteer_id, data.pool), data.reason),
        task_body)


@post("/api/v1/tasks/{task_id:uuid}/complete", guards=[allow(*VOLUNTEERS)],
      operation_id="completeTask", **ON_TASK,
      summary="Complete a task you accepted: minutes spent and a note",
      description="Records the case's service with you as the one who delivered it; a "
                  "repeating task opens its next occurrence, kept by you. " + VERSION_NOTE)
def complete_task(commanding: CommandingDependency, task_id: TaskPath,
                  data: JSONBody[CompleteTaskIn]) -> Response[VolunteerTaskOut]:
    return commanding.run("complete_task", data, lambda: CompleteTask(
        task_id, data.minutes, data.note, data.done_at), task_body)


HANDLERS: list[Any] = [
    Router(path="/", parameters=ON_A_CASE, dependencies=COMMANDING, route_handlers=[
        create_task, offer_task, cancel_task, accept_task, decline_task, hand_over_task,
        complete_task,
    ]),
]
