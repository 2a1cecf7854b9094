"""The case page's task forms (decision 0032): make a task, offer it to a volunteer or
to the team's pool, cancel it with a reason. Each runs the same command as the API
(service/commands.py); a refusal shows the case page again with the form filled in."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import post
from litestar.params import FromPath

from adapters.http.ui.commands import Answer, Req, run_command
from adapters.http.ui.forms import Form, read
from adapters.http.ui.pages import CASE_SIDE, CaseId, FormBody, signed_in
from domain import validation
from domain.checkins import Every
from domain.refusals import Problems
from domain.task import check_due_by
from domain.vocabulary import TaskKind
from service.commands import CancelTask, CreateTask, OfferTask

TaskId = FromPath[UUID]
NO_REPEAT = "none"


def _repeat(form: Form) -> Every | None:
    value = form.raw("repeat").strip()
    if value in ("", NO_REPEAT):
        return None
    return form.choice("repeat", Every)


@post("/cases/{case_id:uuid}/tasks", name="ui-task-create", sync_to_thread=True,
      status_code=303)
def create_task(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)

    def command() -> CreateTask:
        """Refused with every problem of the form at once."""
        found = Problems()
        now = ui.container.clock.now()
        kind = read(found, TaskKind.OTHER, lambda: form.choice("kind", TaskKind))
        due_by = read(found, now, lambda: form.local_time("due_by", ui.container.settings.tz))
        repeat = read(found, None, lambda: _repeat(form))
        if found:  # the domain's own checks, so that every problem is named at once
            found.check(validation.text, "description", form.text("description"))
            found.check(check_due_by, due_by, now)
            found.refuse()
        return CreateTask(case_id, kind, form.text("description"), due_by,
                          form.optional("place"), repeat)
    return run_command(ui, case_id, "task", form, command, done_key="done.task_created")


@post("/cases/{case_id:uuid}/tasks/{task_id:uuid}/offer", name="ui-task-offer",
      sync_to_thread=True, status_code=303)
def offer_task(request: Req, case_id: CaseId, task_id: TaskId, data: FormBody) -> Answer:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)
    pool = form.flag("pool")
    return run_command(ui, case_id, f"offer-{task_id}", form, lambda: OfferTask(
        task_id, None if pool else form.uuid("volunteer_id")),
        done_key="done.task_pooled" if pool else "done.task_offered")


@post("/cases/{case_id:uuid}/tasks/{task_id:uuid}/cancel", name="ui-task-cancel",
      sync_to_thread=True, status_code=303)
def cancel_task(request: Req, case_id: CaseId, task_id: TaskId, data: FormBody) -> Answer:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)
    return run_command(ui, case_id, f"cancel-{task_id}", form,
                       lambda: CancelTask(task_id, form.text("reason")),
                       done_key="done.task_cancelled")


HANDLERS: list[Any] = [create_task, offer_task, cancel_task]
