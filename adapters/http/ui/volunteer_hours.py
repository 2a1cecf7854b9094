"""A volunteer's service hours (服务时长, issue 14): their own completed errands' minutes
in a period, by month and by errand (`TaskQueries.hours`), and the certificate they often
need for them (志愿服务证明): a printable A4 page in their language, with a line for the
team's stamp. Days are the deployment's: a period is from its first day's midnight to
the midnight after its last day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeAlias

from litestar import Request, get
from litestar.response import Stream, Template

from adapters.http.exports import download, volunteer_task_columns
from adapters.http.ui.feedback import Problem
from adapters.http.ui.pages import Ui, page, signed_in
from adapters.http.ui.volunteer_tasks import completed_by_me, queries
from domain.errors import InvalidInput
from domain.vocabulary import Role
from service.tasks import HoursReport

Req: TypeAlias = Request[Any, Any, Any]
LONGEST = timedelta(days=366)  # service/tasks.py HOURS_SPAN: a year at most


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def query(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def hours_of(minutes: int) -> str:
    """Minutes as hours to one decimal (`90` → `1.5`)."""
    return f"{minutes / 60:.1f}"


def _day(ui: Ui, name: str, default: date) -> date:
    text = (ui.request.query_params.get(name) or "").strip()
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(name, "invalid_date") from None


def period_of(ui: Ui) -> Period:
    """`?from=&to=` (dates, the last one included); by default this year so far; at
    most a year."""
    today = ui.container.clock.now().astimezone(ui.container.settings.tz).date()
    start = _day(ui, "from", today.replace(month=1, day=1))
    end = _day(ui, "to", today)
    if end < start:  # given the wrong way round: read as meant
        start, end = end, start
    if end + timedelta(days=1) - start > LONGEST:
        raise InvalidInput("to", "beyond_a_year")
    return Period(start, end)


def report_of(ui: Ui, period: Period) -> HoursReport:
    tz = ui.container.settings.tz
    return queries(ui).hours(
        ui.actor, done_from=datetime.combine(period.start, time(0), tzinfo=tz),
        done_to=datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=tz))


def _problem(ui: Ui, error: InvalidInput) -> Problem:
    """A refused date, at its field (`from`, `to`: the inputs' names)."""
    tr = ui.tr
    message = tr.t("error.invalid", field=tr.t(f"field.hours_{error.field}"),
                   reason=tr.t(f"input.{error.code}", **error.params))
    return Problem(message, 422, field=error.field, input=error.field,
                   inputs={error.field: message})


def hours_page(ui: Ui) -> Template:
    values = {name: ui.request.query_params.get(name) or "" for name in ("from", "to")}
    try:
        period = period_of(ui)
    except InvalidInput as error:
        return page(ui, "volunteer_hours.html", status=422, title=ui.tr.t("vhours.title"),
                    report=None, period=None, problem=_problem(ui, error),
                    open_form="hours", values=values, hours_of=hours_of)
    report = report_of(ui, period)
    return page(ui, "volunteer_hours.html", title=ui.tr.t("vhours.title"), report=report,
                period=period, open_form="hours", values=period.query(), hours_of=hours_of)


@get("/volunteer/hours", name="ui-volunteer-hours", sync_to_thread=True)
def show_hours(request: Req) -> Template:
    return hours_page(signed_in(request, Role.VOLUNTEER))


@get("/volunteer/hours/tasks.csv", name="ui-volunteer-hours-csv", sync_to_thread=True)
def export_tasks(request: Req) -> Stream:
    """My errands completed in the period, one line each (CSV)."""
    ui = signed_in(request, Role.VOLUNTEER)
    period = period_of(ui)  # refused: the error page says why
    tz = ui.container.settings.tz
    start = datetime.combine(period.start, time(0), tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=tz)
    rows = [view for view in reversed(completed_by_me(ui))
            if view.completed_at is not None and start <= view.completed_at < end]
    return download(ui.tr, volunteer_task_columns(ui.tr), rows, fmt="csv",
                    name=f"volunteer-hours-{period.start}-{period.end}")


@get("/volunteer/hours/certificate", name="ui-volunteer-certificate", sync_to_thread=True)
def certificate(request: Req) -> Template:
    """The certificate of the period; a period refused: the hours page, saying why."""
    ui = signed_in(request, Role.VOLUNTEER)
    try:
        period = period_of(ui)
    except InvalidInput:
        return hours_page(ui)
    assert ui.user is not None
    report = report_of(ui, period)
    teams = "、".join(ui.names.team_name(code) for code in ui.user.teams)
    return page(ui, "volunteer_certificate.html", title=ui.tr.t("cert.title"),
                report=report, period=period, teams=teams, hours_of=hours_of,
                issued=ui.container.clock.now().astimezone(ui.container.settings.tz).date())


HANDLERS: list[Any] = [show_hours, export_tasks, certificate]
