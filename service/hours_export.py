"""The volunteer hours report as a file (SPEC §6 "Hours and reports ... exports like the
other reports"): the same figures as the page, and, as every export, recorded in the
access log — one entry per case whose completed tasks the file counts."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domain.errors import NotPermitted
from domain.values import Actor
from domain.vocabulary import Role, TaskStatus
from projections.interfaces import TaskQuery
from service import audit
from service.audit import AccessEntry
from service.tasks import HoursReport, TaskQueries

PAGE = 500  # task rows read at a time to find the cases counted
HOURS_EXPORT = audit.HOURS_EXPORT


def hours_export(tasks: TaskQueries, actor: Actor, *, team: str | None = None,
                 done_from: datetime | None = None,
                 done_to: datetime | None = None) -> HoursReport:
    """The report (scope and span checked as for the page), its cases recorded. For
    supervisors and auditors (a volunteer's own hours are their certificate)."""
    if actor.role not in (Role.SUPERVISOR, Role.AUDITOR):
        raise NotPermitted("only supervisors and auditors export volunteer hours")
    report = tasks.hours(actor, team=team, done_from=done_from, done_to=done_to)
    teams = (report.team,) if report.team is not None else None
    query = TaskQuery(teams=teams, status=(TaskStatus.COMPLETED,))
    counted: dict[UUID, str] = {}
    after: tuple[str, str] | None = None
    while True:
        rows = tasks.reader.tasks(query, PAGE, after)
        for row in rows:
            if row.done_at is not None and report.done_from <= row.done_at < report.done_to:
                counted[row.case_id] = row.team
        if len(rows) < PAGE:
            break
        last = rows[-1]
        after = (_t(last.due_by), str(last.task_id))
    now = tasks.cases.clock.now()
    tasks.cases.access_log.record_many([
        AccessEntry(case_id, now, actor.id, actor.role, HOURS_EXPORT, case_team)
        for case_id, case_team in counted.items()])
    return report


def _t(value: datetime) -> str:
    """The views' sortable time text, as the task list's cursor carries it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
