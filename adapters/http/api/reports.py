"""Reports (docs/domain.md §3): the referral outcome report and the team dashboard."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import QueryParameter

from adapters.http.api.reading import (
    OVERSIGHT,
    REFERRAL_READERS,
    MinPosition,
    People,
    TeamCode,
    bad_query,
    fresh_header,
    require_role,
)
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.schemas.responses import (
    DashboardOut,
    DayOut,
    DurationsOut,
    MonthOut,
    OutcomeReportOut,
    OutcomeSummaryOut,
    RollupOut,
    TeamFiguresOut,
    WorkerLoadOut,
)
from domain.errors import NotFound
from domain.vocabulary import Role
from projections.rows import TeamCounts
from service.outcome_report import Durations, OutcomeSummary

TAGS = ["reports"]


def parse_bound(field: str, value: str | None, timezone: tzinfo, *,
                end: bool) -> datetime | None:
    """A date means the start of that day (for `to`: the end of it); a time needs a zone."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            try:
                start = datetime.combine(day + timedelta(days=1) if end else day, time(0),
                                         tzinfo=timezone)
            except OverflowError:
                raise bad_query(field, "is beyond the calendar") from None
            return _in_calendar(field, start)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:  # a `+` left unencoded in the query string arrives as a space
            moment = datetime.fromisoformat(text[::-1].replace(" ", "+", 1)[::-1])
    except ValueError:
        raise bad_query(field, "is not an ISO date or time") from None
    if moment.tzinfo is None:
        raise bad_query(field, "needs a time zone, e.g. +08:00 or Z")
    return _in_calendar(field, moment)


def _in_calendar(field: str, moment: datetime) -> datetime:
    """The stores compare times in UTC: a bound that has no UTC time (a zone pushing it
    past year 9999 or before year 1) is refused, not a 500."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise bad_query(field, "is beyond the calendar") from None
    return moment


def durations_out(value: Durations) -> DurationsOut:
    return DurationsOut(median_hours=value.median_hours, p90_hours=value.p90_hours)


def _cny(value: Decimal) -> str:
    return f"{value:.2f}"


def summary_fields(summary: OutcomeSummary) -> dict[str, Any]:
    return {
        "referrals": summary.referrals, "by_status": dict(summary.by_status),
        "outcomes": dict(summary.outcomes), "acceptance_rate": summary.acceptance_rate,
        "time_to_accept": durations_out(summary.time_to_accept),
        "time_to_complete": durations_out(summary.time_to_complete),
        "value_delivered_cny": _cny(summary.value_delivered_cny),
        "people_helped": summary.people_helped,
    }


@get("/api/v1/referrals/outcomes", operation_id="getOutcomeReport", tags=["referrals", *TAGS],
     sync_to_thread=True, responses=problems(400, 401, 403, 404),
     summary="Referral outcome report, in total and by month sent",
     description="Referrals sent from `from` (inclusive) to `to` (exclusive; a date `to` "
                 "includes that whole day). A partner sees its own organisation's only "
                 "(another `organisation_id` is 404); workers and supervisors their team's "
                 "referrals; auditors every organisation or one.")
def outcome_report(
    request: Request[Any, Any, State],
    sent_from: Annotated[str | None, QueryParameter(
        name="from", max_length=40,
        description="An ISO date (deployment time zone) or time with a zone")] = None,
    sent_to: Annotated[str | None, QueryParameter(
        name="to", max_length=40,
        description="An ISO date (that whole day included) or time with a zone")] = None,
    organisation_id: Annotated[UUID | None, QueryParameter()] = None,
    min_position: MinPosition = None,
) -> Response[OutcomeReportOut]:
    caller = actor(request)
    require_role(caller, REFERRAL_READERS, "read outcome reports")
    container = container_of(request)
    timezone = container.settings.tz
    start = parse_bound("from", sent_from, timezone, end=False)
    end = parse_bound("to", sent_to, timezone, end=True)
    if start is not None and end is not None and start > end:
        raise bad_query("to", "is before from")
    fresh = container.queries.wait(min_position)
    report = container.queries.outcome_report(caller, organisation_id=organisation_id,
                                              sent_from=start, sent_to=end)
    shown_org = caller.organisation_id if caller.role is Role.PARTNER else organisation_id
    body = OutcomeReportOut(
        organisation_id=shown_org, from_=start, to=end,
        total=OutcomeSummaryOut(**summary_fields(report.total)),
        by_month=[MonthOut(month=m.month, **summary_fields(m)) for m in report.by_month],
        fresh=fresh)
    return Response(body, headers=fresh_header(fresh))


@get("/api/v1/dashboard", operation_id="getDashboard", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 404),
     summary="The team dashboard (supervisor: own team or one below; auditor: any or all)",
     description="Per worker open caseload and overdue follow-ups; unassigned cases by "
                 "risk; cases opened and closed per day over the last 14 days. `rollup`: "
                 "the team's own figures, each team's below it, and their sum.")
def dashboard(request: Request[Any, Any, State], team: TeamCode = None,
              min_position: MinPosition = None) -> Response[DashboardOut]:
    caller = actor(request)
    require_role(caller, OVERSIGHT, "read the team dashboard")
    container = container_of(request)
    if caller.role is Role.AUDITOR and team is not None \
            and not container.identity.team_exists(team):
        raise NotFound("no such team")
    fresh = container.queries.wait(min_position)
    board = container.queries.dashboard(caller, team)
    people = People(container.identity)
    body = DashboardOut(
        team=board.team,
        workers=[WorkerLoadOut(worker_id=w.worker_id, display_name=people.display_name(
            w.worker_id), open_cases=w.open_cases, overdue=w.overdue) for w in board.workers],
        unassigned_by_risk=dict(board.unassigned_by_risk),
        per_day=[DayOut(day=d.day, opened=d.opened, closed=d.closed) for d in board.per_day],
        overdue_total=board.overdue_total, breached_unassigned=board.breached_unassigned,
        breakdowns=board.breakdowns, fresh=fresh,
        rollup=None if board.rollup is None else RollupOut(
            teams=[_figures(row) for row in board.rollup.teams],
            total=_figures(board.rollup.total)))
    return Response(body, headers=fresh_header(fresh))


def _figures(row: TeamCounts) -> TeamFiguresOut:
    return TeamFiguresOut(team=row.team, open_assigned=row.open_assigned,
                          overdue=row.overdue, unassigned_by_risk=dict(row.unassigned_by_risk),
                          breached_unassigned=row.breached_unassigned, opened=row.opened,
                          closed=row.closed)


HANDLERS: list[Any] = [outcome_report, dashboard]
