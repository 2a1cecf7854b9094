"""Reads of tasks (SPEC §6, decision 0032): the caller's task list, one task, whom to
offer it to, and the volunteer hours report.

A volunteer sees their own tasks, those offered to them and their teams' pools, each as
the minimum needed to do it: the resident as surname and 老师, never the case; the phone
and address only on the task itself, while it is accepted by them and not completed.
Workers and supervisors see their team's tasks, auditors all.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import FromPath, QueryParameter

from adapters.http.api.reading import (
    Cursor,
    Limit,
    MinPosition,
    TeamCode,
    allow,
    fresh_header,
)
from adapters.http.api.reports import parse_bound
from adapters.http.api.tasks import any_task_out
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.schemas.tasks import (
    CandidateOut,
    CandidatesOut,
    HoursOut,
    TaskOut,
    TaskPageOut,
    VolunteerHoursOut,
    VolunteerTaskOut,
)
from domain.vocabulary import Role, TaskStatus
from service.identity import IdentityService
from service.tasks import Hours, TaskQueries

TAGS = ["tasks"]
READERS = (Role.WORKER, Role.SUPERVISOR, Role.AUDITOR, Role.VOLUNTEER)
HOURS_READERS = (Role.SUPERVISOR, Role.AUDITOR, Role.VOLUNTEER)


def tasks_of(request: Request[Any, Any, State]) -> TaskQueries:
    found = container_of(request).tasks
    assert found is not None, "the composition root builds the task reads"
    return found


@get("/api/v1/tasks", operation_id="listTasks", tags=TAGS, sync_to_thread=True,
     guards=[allow(*READERS)], responses=problems(400, 401, 403, 422),
     summary="The tasks the caller may see, soonest due first",
     description="A volunteer: their own (accepted, completed), those offered to them and "
                 "the pools of their teams, each as `VolunteerTaskOut` (no `contact` in a "
                 "list). Workers: their team's tasks; supervisors: their team's and those of "
                 "the teams below it; auditors all, each as `TaskOut`. Repeat `status` to "
                 "match any of several.")
def list_tasks(
    request: Request[Any, Any, State],
    status: Annotated[list[TaskStatus] | None, QueryParameter()] = None,
    case_id: Annotated[UUID | None, QueryParameter(
        description="The tasks of one case")] = None,
    limit: Limit = None, cursor: Cursor = None, min_position: MinPosition = None,
) -> Response[TaskPageOut]:
    listing = tasks_of(request).tasks(actor(request), status=tuple(status or ()),
                                      case_id=case_id, limit=limit, cursor=cursor,
                                      min_position=min_position)
    body = TaskPageOut(items=[any_task_out(view) for view in listing.items],
                       next_cursor=listing.next_cursor, fresh=listing.fresh)
    return Response(body, headers=fresh_header(listing.fresh))


@get("/api/v1/tasks/{task_id:uuid}", operation_id="getTask", tags=TAGS, sync_to_thread=True,
     guards=[allow(*READERS)], responses=problems(400, 401, 403, 404),
     summary="One task, as the caller may see it",
     description="Read from its case: a volunteer's `contact` (the resident's phone and "
                 "address) only while the task is accepted by them and not completed; "
                 "showing it is recorded in the case's access log. `ETag` is the case's "
                 "version (a task command's If-Match).")
def get_task(request: Request[Any, Any, State],
             task_id: FromPath[UUID]) -> Response[TaskOut | VolunteerTaskOut]:
    view = tasks_of(request).task(actor(request), task_id)
    return Response(any_task_out(view), headers={"ETag": f'"{view.version}"'})


@get("/api/v1/tasks/{task_id:uuid}/candidates", operation_id="getTaskCandidates",
     tags=TAGS, sync_to_thread=True, guards=[allow(Role.WORKER, Role.SUPERVISOR)],
     responses=problems(400, 401, 403, 404),
     summary="Whom to offer the task to: the team's available volunteers, nearest first",
     description="Volunteers of the case's team who are not paused and do errands of the "
                 "task's kind, nearest the resident first: the same community, street, "
                 "district, then the rest of the team.")
def get_task_candidates(request: Request[Any, Any, State],
                        task_id: FromPath[UUID]) -> Response[CandidatesOut]:
    found = tasks_of(request).candidates(actor(request), task_id)
    return Response(CandidatesOut(items=[
        CandidateOut(volunteer_id=c.volunteer_id, display_name=c.display_name,
                     nearness=c.nearness.name.lower()) for c in found]))


def _hours(items: list[Hours], identity: IdentityService | None = None) -> list[HoursOut]:
    def name(key: str) -> str | None:
        if identity is None:
            return None
        user = identity.find_user(UUID(key))
        return user.display_name if user is not None else None

    return [HoursOut(key=h.key, name=name(h.key), minutes=h.minutes,
                     hours=round(h.minutes / 60, 2), tasks=h.tasks) for h in items]


@get("/api/v1/reports/volunteer-hours", operation_id="getVolunteerHours", tags=["reports"],
     sync_to_thread=True, guards=[allow(*HOURS_READERS)],
     responses=problems(400, 401, 403, 404, 422),
     summary="Volunteer hours (志愿服务时长): by volunteer, team, street, month and kind",
     description="Completed tasks done in [`from`, `to`) (dates or times with a zone; "
                 "default the 30 days to the end of today; at most a year). A supervisor: "
                 "their own team or a team below it (`team`), rolled up with the teams "
                 "below; an auditor: any team (`team`) or all; a volunteer: only their own "
                 "hours.")
def get_volunteer_hours(
    request: Request[Any, Any, State],
    done_from: Annotated[str | None, QueryParameter(
        name="from", max_length=40, description="A date or a time with a zone")] = None,
    done_to: Annotated[str | None, QueryParameter(
        name="to", max_length=40, description="A date (inclusive) or a time")] = None,
    team: TeamCode = None, min_position: MinPosition = None,
) -> Response[VolunteerHoursOut]:
    container = container_of(request)
    timezone = container.settings.tz
    report = tasks_of(request).hours(
        actor(request), team=team,
        done_from=parse_bound("from", done_from, timezone, end=False),
        done_to=parse_bound("to", done_to, timezone, end=True), min_position=min_position)
    return Response(VolunteerHoursOut(
        team=report.team, from_=report.done_from, to=report.done_to, minutes=report.minutes,
        hours=round(report.minutes / 60, 2), tasks=report.tasks,
        by_volunteer=_hours(report.by_volunteer, container.identity),
        by_team=_hours(report.by_team), by_street=_hours(report.by_street),
        by_month=_hours(report.by_month), by_kind=_hours(report.by_kind)))


HANDLERS: list[Any] = [list_tasks, get_task, get_task_candidates, get_volunteer_hours]
