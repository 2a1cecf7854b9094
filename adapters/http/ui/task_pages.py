"""The case side's task pages (decision 0032): the team's task board (任务) for workers
and supervisors, and the volunteer hours report (志愿服务时长) for supervisors and
auditors, with the same figures as CSV and XLSX files (adapters/http/exports.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, get
from litestar.params import QueryParameter
from litestar.response import Stream, Template

from adapters.http.exports import download
from adapters.http.ui.case_task_view import is_overdue
from adapters.http.ui.feedback import explain
from adapters.http.ui.pages import CASE_SIDE, Ui, page, signed_in
from domain.errors import DomainError, InvalidInput
from domain.vocabulary import OPEN_TASK_STATUSES, Role, TaskStatus
from service.hours_export import hours_export
from service.paging import MAX_LIMIT
from service.task_views import TaskView
from service.tasks import Hours, HoursReport, TaskQueries

Req = Request[Any, Any, Any]
StatusFilter = Annotated[str | None, QueryParameter(name="status", max_length=20)]
From = Annotated[str | None, QueryParameter(name="from", max_length=10)]
To = Annotated[str | None, QueryParameter(name="to", max_length=10)]
TeamFilter = Annotated[str | None, QueryParameter(name="team", max_length=40)]
Format = Annotated[str, QueryParameter(pattern=r"^(csv|xlsx)$")]
HOURS_READERS = (Role.SUPERVISOR, Role.AUDITOR)
OPEN, ALL = "open", "all"
GROUPS = (("volunteer", "hours.by_volunteer"), ("team", "hours.by_team"),
          ("street", "hours.by_street"), ("month", "hours.by_month"),
          ("kind", "hours.by_kind"))


def _tasks(ui: Ui) -> TaskQueries:
    tasks = ui.container.tasks
    assert tasks is not None, "the container reads tasks"
    return tasks


def _statuses(chosen: str) -> tuple[TaskStatus, ...]:
    if chosen == OPEN:
        return OPEN_TASK_STATUSES
    if chosen == ALL:
        return ()
    try:
        return (TaskStatus(chosen),)
    except ValueError:
        raise InvalidInput("status", "choose_option") from None


@get("/team/tasks", name="ui-team-tasks", sync_to_thread=True)
def task_board(request: Req, status: StatusFilter = None) -> Template:
    """The team's tasks, overdue first then soonest due; counts per status on top."""
    ui = signed_in(request, *CASE_SIDE)
    tasks, now = _tasks(ui), ui.container.clock.now()
    chosen = status or OPEN
    listing = tasks.tasks(ui.actor, status=_statuses(chosen), limit=MAX_LIMIT)
    items = [t for t in listing.items if isinstance(t, TaskView)]
    items.sort(key=lambda t: (not is_overdue(t, now), t.due_by))
    counts = []
    for each in TaskStatus:
        found = tasks.tasks(ui.actor, status=(each,), limit=MAX_LIMIT)
        counts.append((each.value, len(found.items), found.next_cursor is not None))
    filters = [(OPEN, ui.tr.t("board.open")), *((s.value, ui.tr.label("task_status", s))
                                                 for s in TaskStatus), (ALL, ui.tr.t("board.all"))]
    return page(ui, "task_board.html", title=ui.tr.t("board.title"), items=items,
                overdue={t.id for t in items if is_overdue(t, now)}, counts=counts,
                filters=filters, chosen=chosen, more=listing.next_cursor is not None)


def _day(field: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "invalid_date") from None


def _span(ui: Ui, start: str | None, end: str | None) -> tuple[datetime | None,
                                                                 datetime | None]:
    """Days in the deployment's time zone; `to` counts the whole day."""
    tz = ui.container.settings.tz
    first, last = _day("from", start), _day("to", end)
    return (datetime.combine(first, time(0), tzinfo=tz) if first else None,
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz) if last else None)


def hour_text(minutes: int) -> str:
    """Minutes as hours with one decimal: 90 → "1.5"."""
    return f"{minutes / 60:.1f}"


def _key_name(ui: Ui, group: str, key: str) -> str:
    if group == "volunteer":
        try:
            return ui.names.person(UUID(key))
        except ValueError:
            return key
    if group == "team":
        return ui.names.team(key)
    if group == "month":
        return ui.tr.month(key)
    if group == "kind":
        return ui.tr.label("task_kind", key)
    return key or "—"


def _tables(ui: Ui, report: HoursReport) -> list[tuple[str, str, list[tuple[str, Hours]]]]:
    """(group, its title, its lines by name)."""
    return [(group, ui.tr.t(title), [(_key_name(ui, group, h.key), h)
                                     for h in getattr(report, f"by_{group}")])
            for group, title in GROUPS]


def _team_options(ui: Ui) -> list[tuple[str, str]]:
    if ui.actor.role is Role.AUDITOR:
        return [(t.code, f"{t.name} ({t.code})")
                for t in sorted(ui.container.identity.teams(), key=lambda t: t.code)]
    team = ui.actor.team
    return [(team, ui.names.team(team))] if team else []


@get("/reports/volunteer-hours", name="ui-volunteer-hours-report", sync_to_thread=True)
def hours_page(request: Req, start: From = None, end: To = None,
               team: TeamFilter = None) -> Template:
    ui = signed_in(request, *HOURS_READERS)
    given = {"from": start or "", "to": end or "", "team": team or ""}
    shown: dict[str, Any] = {"start": start or "", "end": end or "", "team": team or "",
                             "team_options": _team_options(ui), "hour_text": hour_text,
                             "export": {fmt: "/reports/volunteer-hours/export?" + urlencode(
                                 {"format": fmt, **given}) for fmt in ("csv", "xlsx")}}
    try:
        done_from, done_to = _span(ui, start, end)
        report = _tasks(ui).hours(ui.actor, team=team or None, done_from=done_from,
                                  done_to=done_to)
    except DomainError as error:
        problem = explain(ui.tr, error)
        return page(ui, "hours_report.html", status=problem.status,
                    title=ui.tr.t("hours.title"), problem=problem, report=None, **shown)
    return page(ui, "hours_report.html", title=ui.tr.t("hours.title"), report=report,
                tables=_tables(ui, report), **shown)


@get("/reports/volunteer-hours/export", name="ui-volunteer-hours-export",
     sync_to_thread=True)
def hours_file(request: Req, format: Format = "csv", start: From = None, end: To = None,
               team: TeamFilter = None) -> Stream:
    """The page's figures, one line per table row; recorded in the access log."""
    ui = signed_in(request, *HOURS_READERS)
    done_from, done_to = _span(ui, start, end)
    report = hours_export(_tasks(ui), ui.actor, team=team or None, done_from=done_from,
                          done_to=done_to)
    tr = ui.tr
    rows = [(title, name, h) for _, title, lines in _tables(ui, report) for name, h in lines]
    columns = [("hours.table", lambda r: r[0]), ("hours.key", lambda r: r[1]),
               ("hours.hours", lambda r: round(r[2].minutes / 60, 1)),
               ("hours.tasks", lambda r: r[2].tasks)]
    name = f"volunteer-hours-{ui.container.queries.today().isoformat()}"
    return download(tr, columns, rows, fmt=format, name=name)


HANDLERS: list[Any] = [task_board, hours_page, hours_file]
