"""A volunteer's tasks (我的任务, issue 14): the cards of `/volunteer` (offered to me, the
tasks I hold, my teams' pool, recently completed), a task's page and its actions — 接单,
婉拒, 转交 (back to the pool, with a reason) and 完成 (minutes and a note).

A volunteer's forms are sent without the case's version: a task lives in its case's
stream, whose version moves with every note the case's side adds, which a volunteer never
sees. What guards a volunteer's action is the task's own state (a task already taken, no
longer theirs, completed ...): the domain refuses those, and the page says so in words.
The phone and the address come from `TaskQueries.task` (the task's case), shown only while
the task is theirs and accepted; lists never carry them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias
from uuid import UUID

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from adapters.http.observability import Metrics
from adapters.http.ui.commanding import handle
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import FormBody, Ui, done, page, signed_in
from domain.errors import DomainError, InvalidInput, NotFound
from domain.vocabulary import Role, TaskStatus
from service.commands import (
    AcceptTask,
    CaseCommand,
    CompleteTask,
    DeclineTask,
    HandOverTask,
)
from service.task_views import VolunteerTaskView
from service.tasks import TaskQueries

TaskId = FromPath[UUID]
Req: TypeAlias = Request[Any, Any, Any]
Answer: TypeAlias = Template | Redirect
PAGE = 200  # tasks read a page at a time
RECENT = 5  # completed tasks shown on the landing page
RECENT_PAGES = 10  # how far back the completed ones are read (2000 tasks)
MINUTES_MAX = 1440  # a completion counts at most a day
HOURS_MAX = 24


@dataclass(frozen=True)
class MyTasks:
    offered: list[VolunteerTaskView]  # offered to me: 接单 or 婉拒
    held: list[VolunteerTaskView]  # accepted by me
    pool: list[VolunteerTaskView]  # my teams' pool: 接单
    recent: list[VolunteerTaskView]  # completed by me, latest first


def queries(ui: Ui) -> TaskQueries:
    found = ui.container.tasks
    assert found is not None, "the tasks' reads are part of the container"
    return found


def _volunteer_views(items: list[Any]) -> list[VolunteerTaskView]:
    return [item for item in items if isinstance(item, VolunteerTaskView)]


def my_tasks(ui: Ui, after: int | None = None) -> MyTasks:
    """The open ones by due time (the overdue first: they are due soonest); the recently
    completed ones, latest first. `after`: the store position of the volunteer's last
    command, which the lists wait for."""
    tasks = queries(ui)
    open_ = _volunteer_views(tasks.tasks(ui.actor, status=(
        TaskStatus.OFFERED, TaskStatus.ACCEPTED), limit=PAGE, min_position=after).items)
    completed = completed_by_me(ui)
    return MyTasks(
        offered=[v for v in open_ if v.offered_to_me],
        held=[v for v in open_ if v.mine and v.status is TaskStatus.ACCEPTED],
        pool=[v for v in open_ if v.pool and v.status is TaskStatus.OFFERED
              and not v.offered_to_me],
        recent=completed[:RECENT])


def home_page(ui: Ui, *, error: DomainError | None = None,
              after: int | None = None) -> Template:
    """`/volunteer`: my tasks, whether I take errands, my teams."""
    assert ui.user is not None
    problem = explain(ui.tr, error) if error is not None else None
    return page(ui, "volunteer.html", status=problem.status if problem else 200,
                title=ui.tr.t("volunteer.title"), profile=ui.user.volunteer,
                tasks=my_tasks(ui, after), now=ui.container.clock.now(), problem=problem)


def completed_by_me(ui: Ui) -> list[VolunteerTaskView]:
    """The tasks I completed, latest first (read by due time, oldest first: the latest
    are at the end; at most RECENT_PAGES pages)."""
    tasks = queries(ui)
    completed: list[VolunteerTaskView] = []
    cursor: str | None = None
    for _ in range(RECENT_PAGES):
        listing = tasks.tasks(ui.actor, status=(TaskStatus.COMPLETED,), limit=PAGE,
                              cursor=cursor)
        completed.extend(view for view in _volunteer_views(listing.items) if view.mine)
        cursor = listing.next_cursor
        if cursor is None:
            break
    completed.sort(key=lambda view: (view.completed_at or view.due_by), reverse=True)
    return completed


def task_page(ui: Ui, task_id: UUID, *, error: DomainError | None = None,
              open_form: str | None = None, values: dict[str, Any] | None = None) -> Template:
    """The task now (a task not theirs to see: NotFound, the 404 page)."""
    view = queries(ui).task(ui.actor, task_id)
    assert isinstance(view, VolunteerTaskView), "a volunteer sees a volunteer's view"
    problem = explain(ui.tr, error) if error is not None else None
    return page(ui, "volunteer_task.html", status=problem.status if problem else 200,
                title=ui.tr.t("vtask.title", kind=ui.tr.label("task_kind", view.kind)),
                task=view, now=ui.container.clock.now(), problem=problem,
                open_form=open_form, values=values or {})


@get("/volunteer/tasks/{task_id:uuid}", name="ui-volunteer-task", sync_to_thread=True)
def show_task(request: Req, task_id: TaskId) -> Template:
    return task_page(signed_in(request, Role.VOLUNTEER), task_id)


def run(ui: Ui, task_id: UUID, name: str, form: Form, command: Callable[[], CaseCommand],
        *, done_key: str, to: str, wait: bool = False) -> Answer:
    """The volunteer's command (without the case's version, see above); refused: the
    task's page again with the refusal at its field, or — the task no longer there for
    them — their tasks with the refusal. `wait`: the page `to` lists tasks, and waits
    for the lists to show the command (`?after=`)."""
    try:
        result = handle(ui, form, command(), versioned=False)
    except DomainError as error:
        try:
            return task_page(ui, task_id, error=error, open_form=name, values=form.values)
        except NotFound:
            return home_page(ui, error=error)
    if not result.replayed:
        metrics: Metrics = ui.request.app.state["metrics"]
        metrics.commands.labels(f"ui_{name}").inc()
    return done(ui, f"{to}?after={result.position}" if wait else to, done_key)


@post("/volunteer/tasks/{task_id:uuid}/accept", name="ui-volunteer-accept",
      sync_to_thread=True, status_code=303)
def accept(request: Req, task_id: TaskId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.VOLUNTEER), Form(data)
    return run(ui, task_id, "accept", form, lambda: AcceptTask(task_id),
               done_key="done.vtask_accepted", to=f"/volunteer/tasks/{task_id}")


@post("/volunteer/tasks/{task_id:uuid}/decline", name="ui-volunteer-decline",
      sync_to_thread=True, status_code=303)
def decline(request: Req, task_id: TaskId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.VOLUNTEER), Form(data)
    return run(ui, task_id, "decline", form,
               lambda: DeclineTask(task_id, form.optional("reason")),
               done_key="done.vtask_declined", to="/volunteer", wait=True)


@post("/volunteer/tasks/{task_id:uuid}/hand-over", name="ui-volunteer-hand-over",
      sync_to_thread=True, status_code=303)
def hand_over(request: Req, task_id: TaskId, data: FormBody) -> Answer:
    """Back to the team's pool: a volunteer is not shown the other volunteers."""
    ui, form = signed_in(request, Role.VOLUNTEER), Form(data)
    return run(ui, task_id, "hand_over", form,
               lambda: HandOverTask(task_id, None, form.text("reason")),
               done_key="done.vtask_handed_over", to="/volunteer", wait=True)


def minutes_of(form: Form) -> int:
    """Hours and minutes, or minutes alone: together at least a minute, at most a day."""
    hours = form.optional_integer("hours", low=0, high=HOURS_MAX) or 0
    minutes = form.optional_integer("minutes", low=0, high=MINUTES_MAX) or 0
    total = hours * 60 + minutes
    if not 1 <= total <= MINUTES_MAX:
        raise InvalidInput("minutes", "out_of_range", {"min": 1, "max": MINUTES_MAX})
    return total


@post("/volunteer/tasks/{task_id:uuid}/complete", name="ui-volunteer-complete",
      sync_to_thread=True, status_code=303)
def complete(request: Req, task_id: TaskId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.VOLUNTEER), Form(data)
    return run(ui, task_id, "complete", form,
               lambda: CompleteTask(task_id, minutes_of(form), form.optional("note")),
               done_key="done.vtask_completed", to=f"/volunteer/tasks/{task_id}")


HANDLERS: list[Any] = [show_task, accept, decline, hand_over, complete]
