"""Reads of tasks (decision 0032): the task lists, one task, whom to offer it to, the
caller's tasks of today, the caseload's overdue counts and the volunteer hours report.

Lists read the task rows (their texts sealed in the views, opened for the page); one task
is read from its case, so that a volunteer's contact details lapse the moment the task
stops being theirs. Every answer is a read object (service/task_views.py), never the
aggregate; a volunteer never gets the case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted
from domain.task import Task
from domain.values import Actor
from domain.vocabulary import CASE_SIDE_ROLES, OPEN_TASK_STATUSES, Role, TaskStatus
from projections.interfaces import HoursLine, TaskQuery
from projections.rows import TaskRow
from service import audit, paging
from service.applications import load
from service.audit import AccessEntry
from service.cases import CaseService
from service.queries import CaseQueries
from service.task_views import (
    TaskContact,
    TaskView,
    VolunteerTaskView,
    seen_by,
    task_in_scope,
)
from service.volunteers import Candidate

TASK_READERS = (Role.WORKER, Role.SUPERVISOR, Role.AUDITOR, Role.VOLUNTEER)
TODAY_LIMIT = 200  # tasks today's list shows
HOURS_SPAN = timedelta(days=366)  # the longest span one hours report covers


@dataclass(frozen=True)
class TaskListing:
    items: list[TaskView | VolunteerTaskView]
    next_cursor: str | None
    fresh: bool = True


@dataclass(frozen=True)
class Hours:
    """Minutes and completed tasks under one name (a volunteer, team, street, month or
    kind)."""

    key: str
    minutes: int
    tasks: int


@dataclass(frozen=True)
class HoursReport:
    """Volunteer hours (志愿服务时长) of completed tasks done in [from, to)."""

    team: str | None
    done_from: datetime
    done_to: datetime
    minutes: int
    tasks: int
    by_volunteer: list[Hours] = field(default_factory=list)
    by_team: list[Hours] = field(default_factory=list)
    by_street: list[Hours] = field(default_factory=list)
    by_month: list[Hours] = field(default_factory=list)
    by_kind: list[Hours] = field(default_factory=list)


def view_of_row(actor: Actor, row: TaskRow) -> TaskView | VolunteerTaskView:
    """A listed task as the caller sees it (contact details never in a list)."""
    if actor.role is Role.VOLUNTEER:
        return VolunteerTaskView(
            id=row.task_id, version=row.version, kind=row.kind, status=row.status,
            due_by=row.due_by, repeat=row.repeat, description=row.description or "",
            place=row.place, resident=row.resident or "", district=row.district,
            street=row.street, community=row.community,
            offered_to_me=row.offered_to == actor.id and row.status is TaskStatus.OFFERED,
            pool=row.pool, mine=row.volunteer_id == actor.id, accepted_at=row.accepted_at,
            completed_at=row.completed_at, minutes=row.minutes, contact=None)
    return TaskView(
        id=row.task_id, case_id=row.case_id, reference=row.reference, team=row.team,
        version=row.version, kind=row.kind, status=row.status, due_by=row.due_by,
        repeat=row.repeat, description=row.description or "", place=row.place,
        offered_to=row.offered_to, pool=row.pool, volunteer_id=row.volunteer_id,
        created_at=row.created_at, created_by=row.created_by, offered_at=row.offered_at,
        accepted_at=row.accepted_at, completed_at=row.completed_at, done_at=row.done_at,
        minutes=row.minutes, previous_id=row.previous_id, reason=None, note=None)


class TaskQueries:
    def __init__(self, cases: CaseService, queries: CaseQueries) -> None:
        self.cases = cases
        self.queries = queries
        self.reader = queries.reader

    # lists -----------------------------------------------------------------------
    def scope(self, actor: Actor) -> TaskQuery:
        """Whose tasks the caller sees: a volunteer their own, those offered to them and
        their teams' pools; a worker their team's; a supervisor their team's and those of
        the teams below it (decision 0030); an auditor all."""
        if actor.role is Role.VOLUNTEER:
            return TaskQuery(volunteer_id=actor.id, pool_teams=actor.teams)
        if actor.role in CASE_SIDE_ROLES and actor.team is not None:
            return TaskQuery(teams=tuple(sorted(actor.scope)))
        if actor.role is Role.AUDITOR:
            return TaskQuery()
        raise NotPermitted("only workers, supervisors, auditors and volunteers read tasks")

    def tasks(self, actor: Actor, *, status: tuple[TaskStatus, ...] = (),
              case_id: UUID | None = None, limit: int | None = None,
              cursor: str | None = None, min_position: int | None = None) -> TaskListing:
        """By due time, soonest first."""
        scope = self.scope(actor)
        fresh = self.queries.wait(min_position)
        size = paging.check_limit(limit)
        after = paging.pair_from(cursor, "tasks")
        query = TaskQuery(teams=scope.teams, volunteer_id=scope.volunteer_id,
                          pool_teams=scope.pool_teams, status=status, case_id=case_id)
        rows = self.reader.tasks(query, size + 1, after)
        page = rows[:size]
        next_cursor = None
        if len(rows) > size:
            last = page[-1]
            next_cursor = paging.encode_cursor("tasks", [_t(last.due_by), str(last.task_id)])
        return TaskListing([view_of_row(actor, row) for row in page], next_cursor, fresh)

    # one task, from its case ---------------------------------------------------------
    def task(self, actor: Actor, task_id: UUID) -> TaskView | VolunteerTaskView:
        """The task now; a volunteer shown the resident's phone and address (theirs, and
        accepted) is recorded in the case's access log, as a case read is."""
        if actor.role not in TASK_READERS:
            raise NotPermitted("only workers, supervisors, auditors and volunteers read tasks")
        case = load(self.cases.app, self.cases.task_case_id(task_id), Case, "task")
        task = task_in_scope(actor, case, task_id)
        view = seen_by(actor, case, task)
        if isinstance(view, VolunteerTaskView) and view.contact is not None:
            self._record(actor, case.id, case.team, audit.TASK_CONTACT)
        return view

    def candidates(self, actor: Actor, task_id: UUID) -> list[Candidate]:
        """Whom the case's side may offer the task to: the team's available volunteers who
        do such errands, nearest the resident first (community, street, district)."""
        if actor.role not in CASE_SIDE_ROLES:
            raise NotPermitted("only workers and supervisors offer tasks")
        case = load(self.cases.app, self.cases.task_case_id(task_id), Case, "task")
        task: Task = task_in_scope(actor, case, task_id)
        profile = case.profile
        return self.cases.identity.volunteer_candidates(
            case.team, task.kind, profile.district, profile.street, profile.community)

    # today and the caseload -----------------------------------------------------------
    def today(self, actor: Actor, day: date) -> list[TaskView | VolunteerTaskView]:
        """The caller's open tasks due by the end of `day` (missed ones too): a
        volunteer's own (accepted or offered to them); a worker's or supervisor's, those
        of the cases they hold."""
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.cases.timezone)
        if actor.role is Role.VOLUNTEER:
            query = TaskQuery(volunteer_id=actor.id,
                              status=(TaskStatus.OFFERED, TaskStatus.ACCEPTED), due_before=end)
        elif actor.role in CASE_SIDE_ROLES:
            query = TaskQuery(worker_id=actor.id, status=OPEN_TASK_STATUSES, due_before=end)
        else:
            raise NotPermitted("only workers, supervisors and volunteers have today's tasks")
        return [view_of_row(actor, row) for row in self.reader.tasks(query, TODAY_LIMIT, None)]

    def overdue_counts(self, case_ids: list[UUID]) -> dict[UUID, int]:
        return self.reader.open_task_overdue_counts(case_ids, self.cases.clock.now())

    # the hours report -------------------------------------------------------------------
    def hours(self, actor: Actor, *, team: str | None = None,
              done_from: datetime | None = None, done_to: datetime | None = None,
              min_position: int | None = None) -> HoursReport:
        """A supervisor: their team's or a team's below it, each rolled up with the teams
        below it (decision 0030); an auditor: any team's or all; a volunteer: only their
        own hours. At most a year at a time."""
        volunteer_id: UUID | None = None
        teams: tuple[str, ...] | None
        if actor.role is Role.SUPERVISOR:
            if team is not None and team not in actor.scope:
                raise NotFound("no such team")
            team = team or actor.team
            teams = self.queries.team_tree().subtree(team) if team is not None else ()
        elif actor.role is Role.AUDITOR:
            teams = (team,) if team is not None else None
        elif actor.role is Role.VOLUNTEER:
            volunteer_id = actor.id
            if team is not None and team not in actor.teams:
                raise NotFound("no such team")
            teams = (team,) if team is not None else None
        else:
            raise NotPermitted("only supervisors, auditors and volunteers read volunteer hours")
        tomorrow = self.cases.clock.now().astimezone(self.cases.timezone).date() + timedelta(1)
        done_from, done_to = _span(done_from, done_to, datetime.combine(
            tomorrow, time(0), tzinfo=self.cases.timezone))
        self.queries.wait(min_position)
        lines = self.reader.task_hours(teams, volunteer_id, done_from, done_to)
        return _report(team, done_from, done_to, lines)

    def _record(self, actor: Actor, case_id: UUID, team: str, what: str) -> None:
        self.cases.access_log.record(AccessEntry(
            case_id=case_id, at=self.cases.clock.now(), actor_id=actor.id,
            actor_role=actor.role, what=what, team=team))


def _span(done_from: datetime | None, done_to: datetime | None,
          tomorrow: datetime) -> tuple[datetime, datetime]:
    """The report's span: default the 30 days up to the end of today; at most a year."""
    end = done_to or tomorrow
    start = done_from or end - timedelta(days=30)
    if start.tzinfo is None:
        raise InvalidInput("from", "time_without_zone")
    if end.tzinfo is None:
        raise InvalidInput("to", "time_without_zone")
    if end <= start:
        raise InvalidInput("to", "not_in_future")
    if end - start > HOURS_SPAN:
        raise InvalidInput("to", "beyond_a_year")
    return start, end


def _report(team: str | None, done_from: datetime, done_to: datetime,
            lines: list[HoursLine]) -> HoursReport:
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for line in lines:
        for name, key in (("volunteer", str(line.volunteer_id)), ("team", line.team),
                          ("street", line.street), ("month", line.month),
                          ("kind", line.kind)):
            counts = groups[name][key]
            counts[0] += line.minutes
            counts[1] += line.tasks

    def listed(name: str, by_key: bool = False) -> list[Hours]:
        found = [Hours(key, minutes, tasks) for key, (minutes, tasks) in groups[name].items()]
        return sorted(found, key=(lambda h: h.key) if by_key else (lambda h: (-h.minutes,
                                                                              h.key)))

    return HoursReport(team, done_from, done_to, sum(line.minutes for line in lines),
                       sum(line.tasks for line in lines), listed("volunteer"), listed("team"),
                       listed("street"), listed("month", by_key=True), listed("kind"))


def _t(value: datetime) -> str:
    """The views' sortable time text (UTC, microseconds), as cursors carry it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


__all__ = ["Hours", "HoursReport", "TaskContact", "TaskListing", "TaskQueries"]
