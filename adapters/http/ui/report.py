"""The referral outcome report: totals and months (with a chart), and the same figures
as a CSV file for a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.params import QueryParameter
from litestar.response import Template

from adapters.http.ui.feedback import explain
from adapters.http.ui.i18n import Translator
from adapters.http.ui.pages import NO_STORE, Ui, page, signed_in
from domain.errors import DomainError, InvalidInput
from domain.vocabulary import Role
from service.outcome_report import OutcomeReport, OutcomeSummary

READERS = (Role.PARTNER, Role.SUPERVISOR, Role.WORKER, Role.AUDITOR)
From = Annotated[str | None, QueryParameter(name="from", max_length=10)]
To = Annotated[str | None, QueryParameter(name="to", max_length=10)]
BLUE, GREEN, AMBER = "#0b4f8a", "#1e5e2f", "#7a4b00"


def _day(field: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "invalid_date") from None


def _report(ui: Ui, start: str | None, end: str | None) -> OutcomeReport:
    tz = ui.container.settings.tz
    first, last = _day("from", start), _day("to", end)
    sent_from = datetime.combine(first, time(0), tzinfo=tz) if first else None
    sent_to = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz) if last else None
    return ui.container.queries.outcome_report(ui.actor, sent_from=sent_from, sent_to=sent_to)


def _completed(summary: OutcomeSummary) -> int:
    return summary.by_status.get("completed", 0)


def _chart(tr: Translator, report: OutcomeReport) -> dict[str, Any]:
    months = report.by_month
    return {"type": "bar", "data": {
        "labels": [tr.month(m.month) for m in months],
        "datasets": [
            {"label": tr.t("report.referrals"), "data": [m.referrals for m in months],
             "backgroundColor": BLUE},
            {"label": tr.t("report.completed"), "data": [_completed(m) for m in months],
             "backgroundColor": GREEN},
            {"label": tr.t("report.people_helped"), "data": [m.people_helped for m in months],
             "backgroundColor": AMBER}]},
        "options": {"scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}}}


@get("/report", name="ui-report", sync_to_thread=True)
def report_page(request: Request[Any, Any, Any], start: From = None, end: To = None) -> Template:
    ui = signed_in(request, *READERS)
    try:
        report = _report(ui, start, end)
    except DomainError as error:
        problem = explain(ui.tr, error)
        return page(ui, "report.html", status=problem.status, title=ui.tr.t("report.title"),
                    problem=problem, report=None, start=start or "", end=end or "")
    return page(ui, "report.html", title=ui.tr.t("report.title"), report=report,
                chart=_chart(ui.tr, report), start=start or "", end=end or "",
                completed=_completed)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _csv_row(label: str, s: OutcomeSummary) -> list[str]:
    return [label, str(s.referrals), str(s.by_status.get("accepted", 0) + _completed(s)),
            str(_completed(s)), _percent(s.acceptance_rate),
            _hours(s.time_to_accept.median_hours), _hours(s.time_to_accept.p90_hours),
            _hours(s.time_to_complete.median_hours), _hours(s.time_to_complete.p90_hours),
            f"{s.value_delivered_cny:.2f}", str(s.people_helped)]


@get("/report.csv", name="ui-report-csv", sync_to_thread=True)
def report_csv(request: Request[Any, Any, Any], start: From = None,
               end: To = None) -> Response[bytes]:
    ui = signed_in(request, *READERS)
    tr = ui.tr
    report = _report(ui, start, end)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([tr.t(k) for k in (
        "report.month", "report.referrals", "report.accepted", "report.completed",
        "report.acceptance_rate_pct", "report.accept_median_h", "report.accept_p90_h",
        "report.complete_median_h", "report.complete_p90_h", "report.value_cny",
        "report.people_helped")])
    for month in report.by_month:
        writer.writerow(_csv_row(month.month, month))
    writer.writerow(_csv_row(tr.t("report.total"), report.total))
    name = f"referral-outcomes-{start or 'start'}-{end or 'now'}.csv"
    # With a byte-order mark, spreadsheet programs read the Chinese words as UTF-8.
    return Response(out.getvalue().encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'})


HANDLERS: list[Any] = [report_page, report_csv]
