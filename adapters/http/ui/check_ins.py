"""Recurring check-ins in the web UI (decision 0028): the case page's plan form and the
done/skip/reschedule controls of each check-in, and the worker's "今日回访" page."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from litestar import get, post
from litestar.params import FromPath
from litestar.response import Template

from adapters.http.ui.case_task_view import is_overdue
from adapters.http.ui.commands import Answer, Req, run_command
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import CASE_SIDE, CaseId, FormBody, Ui, page, signed_in
from domain.checkins import Every
from domain.errors import InvalidInput
from service.check_ins import Today, todays_check_ins
from service.commands import CheckInDone, RescheduleCheckIn, SetFollowUpPlan, SkipCheckIn
from service.task_views import TaskView

DayPath = FromPath[str]
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _time_of_day(form: Form, name: str) -> time | None:
    raw = form.raw(name).strip()
    if not raw:
        return None
    if not TIME.match(raw[:5]) or len(raw) not in (5, 8):
        raise InvalidInput(name, "invalid_time")
    return time.fromisoformat(raw)


@post("/cases/{case_id:uuid}/follow-up-plan", name="ui-follow-up-plan", sync_to_thread=True,
      status_code=303)
def set_plan(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)
    if form.raw("stop"):
        return run_command(ui, case_id, "follow_up_plan", form,
                           lambda: SetFollowUpPlan(case_id, None),
                           done_key="done.checkin_stopped")

    def command() -> SetFollowUpPlan:
        every = form.choice("every", Every)
        day_of_month = (form.integer("day_of_month", low=1, high=31)
                        if form.optional("day_of_month") else None)
        return SetFollowUpPlan(
            case_id, every, _time_of_day(form, "at"), day_of_month,
            form.day("until") if form.optional("until") else None,
            form.day("starts") if form.optional("starts") else None)

    return run_command(ui, case_id, "follow_up_plan", form, command,
                       done_key="done.checkin_plan")


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw) if DAY.match(raw) else date.fromisoformat("")
    except ValueError:
        raise InvalidInput("due_on", "invalid_date") from None


@post("/cases/{case_id:uuid}/check-ins/{due_on:str}/done", name="ui-check-in-done",
      sync_to_thread=True, status_code=303)
def check_in_done(request: Req, case_id: CaseId, due_on: DayPath, data: FormBody) -> Answer:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)
    return run_command(ui, case_id, f"checkin-{due_on}-done", form, lambda: CheckInDone(
        case_id, _day(due_on), form.optional("note")), done_key="done.checkin_done")


@post("/cases/{case_id:uuid}/check-ins/{due_on:str}/skip", name="ui-check-in-skip",
      sync_to_thread=True, status_code=303)
def skip_check_in(request: Req, case_id: CaseId, due_on: DayPath, data: FormBody) -> Answer:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)
    return run_command(ui, case_id, f"checkin-{due_on}-skip", form, lambda: SkipCheckIn(
        case_id, _day(due_on), form.text("reason")), done_key="done.checkin_skipped")


@post("/cases/{case_id:uuid}/check-ins/{due_on:str}/reschedule",
      name="ui-check-in-reschedule", sync_to_thread=True, status_code=303)
def reschedule_check_in(request: Req, case_id: CaseId, due_on: DayPath,
                        data: FormBody) -> Answer:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)
    return run_command(ui, case_id, f"checkin-{due_on}-reschedule", form,
                       lambda: RescheduleCheckIn(case_id, _day(due_on), form.local_time(
                           "to", ui.container.settings.tz)),
                       done_key="done.checkin_rescheduled")


def today_of(ui: Ui, after: int | None = None) -> Today:
    return todays_check_ins(ui.container.queries, ui.actor, min_position=after)


@get("/today", name="ui-today", sync_to_thread=True)
def today_page(request: Req) -> Template:
    ui = signed_in(request, *CASE_SIDE)
    today = today_of(ui)
    tasks = ui.container.tasks
    due = [t for t in tasks.today(ui.actor, today.day) if isinstance(t, TaskView)] if tasks else []
    now = ui.container.clock.now()
    return page(ui, "today.html", title=ui.tr.t("today.title"), today=today, tasks=due,
                overdue={t.id for t in due if is_overdue(t, now)})


HANDLERS: list[Any] = [set_plan, check_in_done, skip_check_in, reschedule_check_in,
                       today_page]

