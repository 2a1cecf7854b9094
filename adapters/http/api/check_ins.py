"""Recurring check-ins (issue 13, decision 0028): `PUT /api/v1/cases/{id}/follow-up-plan`,
a case's check-ins and their done/skip/reschedule commands, and the caller's check-ins of
today (`GET /api/v1/queues/today`). Each command goes through `Commanding.run` like every
case command (If-Match, Idempotency-Key, ETag and X-Position)."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, Response, Router, get, post, put
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from adapters.http.api.commanding import COMMANDING, ON_A_CASE, CommandingDependency, Render
from adapters.http.api.reading import CASE_READERS, MinPosition, allow, require_role
from adapters.http.api.tasks import any_task_out
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.schemas.check_ins import (
    CaseCheckInsOut,
    CheckInDoneIn,
    CheckInOut,
    CheckInRescheduleIn,
    CheckInSkipIn,
    FollowUpPlanIn,
    FollowUpPlanOut,
    TodayCheckInOut,
    TodayOut,
)
from domain.checkins import CheckIn, FollowUpPlan
from domain.vocabulary import CASE_SIDE_ROLES, Role
from service.case_detail import CaseDetail
from service.cases import CommandResult
from service.check_ins import case_check_ins, todays_check_ins
from service.clock import Clock
from service.commands import CheckInDone, RescheduleCheckIn, SetFollowUpPlan, SkipCheckIn

CasePath = FromPath[UUID]
DayPath = FromPath[date]
COMMAND: dict[str, Any] = {
    "tags": ["check-ins"], "sync_to_thread": True, "status_code": 200,
    "guards": [allow(*CASE_SIDE_ROLES)],
    "responses": problems(400, 401, 403, 404, 409, 412, 413, 422),
}


def plan_out(plan: FollowUpPlan | None) -> FollowUpPlanOut | None:
    if plan is None:
        return None
    return FollowUpPlanOut(every=plan.every, at=plan.at.strftime("%H:%M"),
                           day_of_month=plan.day_of_month, until=plan.until, first=plan.first,
                           grace_minutes=int(plan.grace.total_seconds() // 60))


def check_in_out(item: CheckIn) -> CheckInOut:
    return CheckInOut(due_on=item.due_on, due_at=item.due_at, deadline=item.deadline,
                      state=item.state, deadline_state=item.deadline_state,
                      rescheduled=item.rescheduled, settled_at=item.settled_at)


def case_check_ins_out(case: CaseDetail, now: datetime, tz: tzinfo) -> CaseCheckInsOut:
    found = case_check_ins(case, now, tz)
    return CaseCheckInsOut(
        case_id=case.id, version=case.version, follow_up_due=case.follow_up_due,
        follow_up_plan=plan_out(found.plan), check_ins=[check_in_out(c) for c in found.recent],
        upcoming=[check_in_out(c) for c in found.ahead])


def _render(commanding: CommandingDependency) -> Render:
    container = commanding.container
    clock: Clock = container.cases.clock

    def render(result: CommandResult) -> CaseCheckInsOut:
        return case_check_ins_out(result.case, clock.now(), container.settings.tz)

    return render


@put("/api/v1/cases/{case_id:uuid}/follow-up-plan", operation_id="setFollowUpPlan",
     **COMMAND, summary="Set (or stop) the case's recurring check-ins",
     description="`{every: day | week | month | null, at: \"HH:MM\", day_of_month, until, "
                 "starts}`. A weekly plan checks in on the weekday of its start (`starts`, "
                 "default today); a monthly one on `day_of_month` (its last day in a shorter "
                 "month); until `until` or the case closes. `every: null` stops the plan. "
                 "An assessed or active case. Answers the case's check-ins.")
def set_follow_up_plan(commanding: CommandingDependency, case_id: CasePath,
                       data: JSONBody[FollowUpPlanIn]) -> Response[CaseCheckInsOut]:
    at = time.fromisoformat(data.at) if data.at else None
    return commanding.run("follow_up_plan", data, lambda: SetFollowUpPlan(
        case_id, data.every, at, data.day_of_month, data.until, data.starts),
        _render(commanding))


@post("/api/v1/cases/{case_id:uuid}/check-ins/{due_on:date}/done",
      operation_id="checkInDone", **COMMAND,
      summary="A check-in took place (on or after its day), with an optional note")
def check_in_done(commanding: CommandingDependency, case_id: CasePath, due_on: DayPath,
                  data: JSONBody[CheckInDoneIn]) -> Response[CaseCheckInsOut]:
    return commanding.run("check_in_done", data, lambda: CheckInDone(
        case_id, due_on, data.note), _render(commanding))


@post("/api/v1/cases/{case_id:uuid}/check-ins/{due_on:date}/skip",
      operation_id="skipCheckIn", **COMMAND, summary="Skip a check-in, with a reason")
def skip_check_in(commanding: CommandingDependency, case_id: CasePath, due_on: DayPath,
                  data: JSONBody[CheckInSkipIn]) -> Response[CaseCheckInsOut]:
    return commanding.run("skip_check_in", data, lambda: SkipCheckIn(
        case_id, due_on, data.reason), _render(commanding))


@post("/api/v1/cases/{case_id:uuid}/check-ins/{due_on:date}/reschedule",
      operation_id="rescheduleCheckIn", **COMMAND,
      summary="Move a check-in to a new time (with a zone; in the future, within a year)")
def reschedule_check_in(commanding: CommandingDependency, case_id: CasePath, due_on: DayPath,
                        data: JSONBody[CheckInRescheduleIn]) -> Response[CaseCheckInsOut]:
    return commanding.run("reschedule_check_in", data, lambda: RescheduleCheckIn(
        case_id, due_on, data.to), _render(commanding))


@get("/api/v1/cases/{case_id:uuid}/check-ins", operation_id="getCaseCheckIns",
     tags=["check-ins"], sync_to_thread=True, responses=problems(400, 401, 403, 404),
     summary="The case's plan, its check-ins of the last week and every open one, and the "
             "next five", description="Workers and supervisors of the case's team, auditors; "
                                      "the read is recorded in the access log.")
def get_case_check_ins(request: Request[Any, Any, State],
                       case_id: CasePath) -> Response[CaseCheckInsOut]:
    caller = actor(request)
    require_role(caller, CASE_READERS, "read check-ins")
    container = container_of(request)
    case = container.cases.get_case(caller, case_id)
    body = case_check_ins_out(case, container.cases.clock.now(), container.settings.tz)
    return Response(body, headers={"ETag": f'"{case.version}"'})


@get("/api/v1/queues/today", operation_id="getToday", tags=["queues"], sync_to_thread=True,
     responses=problems(400, 401, 403, 422),
     summary="The caller's check-ins and tasks due today (今日回访), missed ones first",
     description="The open check-ins of the caller's caseload due by the end of today, "
                 "including missed (`breached`) ones of earlier days, and the open tasks due "
                 "by then (missed ones too): a worker's or supervisor's, those of the cases "
                 "they hold; a volunteer's own (accepted or offered to them; no check-ins).")
def today(request: Request[Any, Any, State],
          min_position: MinPosition = None) -> Response[TodayOut]:
    caller = actor(request)
    require_role(caller, (*CASE_SIDE_ROLES, Role.VOLUNTEER), "have a list for today")
    container = container_of(request)
    assert container.tasks is not None
    if caller.role is Role.VOLUNTEER:
        container.queries.wait(min_position)
        day, check_ins = container.queries.today(), []
    else:
        found = todays_check_ins(container.queries, caller, min_position=min_position)
        day, check_ins = found.day, [
            TodayCheckInOut(case_id=i.case_id, reference=i.reference, every=i.plan.every,
                            **msgspec.structs.asdict(check_in_out(i.check_in)))
            for i in found.check_ins]
    tasks = [any_task_out(view) for view in container.tasks.today(caller, day)]
    return Response(TodayOut(date=day, check_ins=check_ins, tasks=tasks))


HANDLERS: list[Any] = [
    Router(path="/", parameters=ON_A_CASE, dependencies=COMMANDING, route_handlers=[
        set_follow_up_plan, check_in_done, skip_check_in, reschedule_check_in]),
    get_case_check_ins, today,
]
