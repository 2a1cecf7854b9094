"""A supervisor's pages: the team dashboard with charts (refreshing by itself), closures
awaiting approval, and transfers waiting for the team to accept or decline."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from adapters.http.ui.commanding import handle
from adapters.http.ui.dashboard_links import breakdown_charts, dashboard_links
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import CaseId, FormBody, Ui, done, fragment, page, signed_in
from adapters.http.ui.tiers import team_choices
from domain.errors import DomainError
from domain.vocabulary import Role, Status
from projections.interfaces import CaseQuery
from service.commands import DecideTransfer
from service.paging import MAX_LIMIT
from service.results import Dashboard

POLL_SECONDS = 10
TeamCode = Annotated[str | None, QueryParameter(pattern=r"^[A-Z][A-Z0-9]{1,9}$")]
RISKS = ("critical", "unassessed", "high", "medium", "low")
# Colours of the chart series (with AA contrast on white); the tables carry the figures.
BLUE, RED, GREEN, AMBER, GREY = "#0b4f8a", "#a4161a", "#1e5e2f", "#7a4b00", "#4a4a4a"


def _charts(ui: Ui, board: Dashboard, links: dict[str, Any]) -> dict[str, Any]:
    tr = ui.tr
    names = [ui.names.person(w.worker_id) for w in board.workers]
    workers = {"type": "bar", "data": {"labels": names, "datasets": [
        {"label": tr.t("dashboard.open_cases"), "data": [w.open_cases for w in board.workers],
         "backgroundColor": BLUE},
        {"label": tr.t("dashboard.overdue"), "data": [w.overdue for w in board.workers],
         "backgroundColor": RED}]},
        "options": {"indexAxis": "y", "scales": {"x": {"beginAtZero": True,
                                                       "ticks": {"precision": 0}}}},
        "links": [[links["worker_open"][str(w.worker_id)] for w in board.workers],
                  [links["worker_overdue"][str(w.worker_id)] for w in board.workers]]}
    risk_colours = {"critical": RED, "unassessed": BLUE, "high": AMBER, "medium": GREY,
                    "low": GREEN}
    unassigned = {"type": "bar", "data": {
        "labels": [tr.label("risk", r) for r in RISKS],
        "datasets": [{"label": tr.t("dashboard.unassigned"),
                      "data": [board.unassigned_by_risk.get(r, 0) for r in RISKS],
                      "backgroundColor": [risk_colours[r] for r in RISKS]}]},
        "options": {"plugins": {"legend": {"display": False}},
                    "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}},
        "links": [[links["unassigned_risk"][r] for r in RISKS]]}
    days = {"type": "line", "data": {
        "labels": [tr.short_day(d.day) for d in board.per_day],
        "datasets": [
            {"label": tr.t("dashboard.opened"), "data": [d.opened for d in board.per_day],
             "borderColor": BLUE, "backgroundColor": BLUE},
            {"label": tr.t("dashboard.closed"), "data": [d.closed for d in board.per_day],
             "borderColor": GREEN, "backgroundColor": GREEN, "borderDash": [6, 4]}]},
        "options": {"scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}}}
    return {"chart_workers": workers, "chart_unassigned": unassigned, "chart_days": days,
            "worker_names": names, "risks": RISKS}


def _board(ui: Ui, team: str | None) -> dict[str, Any]:
    board = ui.container.queries.dashboard(ui.actor, team)
    # A supervisor with teams below reads their cases too: the figures' lists name the team.
    named = ui.actor.role is Role.AUDITOR or bool(ui.actor.teams_below)
    links = dashboard_links(board, team if named else None)
    return {"board": board, "updated": ui.tr.when(ui.container.clock.now()),
            "links": links, **_charts(ui, board, links),
            **breakdown_charts(ui.tr, board, links)}


@get("/team", name="ui-team", sync_to_thread=True)
def dashboard(request: Request[Any, Any, Any], team: TeamCode = None) -> Template:
    ui = signed_in(request, Role.SUPERVISOR, Role.AUDITOR)
    teams = ([(t.code, f"{t.name} ({t.code})") for t in ui.container.identity.teams()]
             if ui.actor.role is Role.AUDITOR else team_choices(ui))
    chosen = _chosen(ui, team)
    return page(ui, "dashboard.html", title=ui.tr.t("dashboard.title"), poll=POLL_SECONDS,
                teams=teams, team=chosen, **_board(ui, chosen))


def _chosen(ui: Ui, team: str | None) -> str | None:
    """The auditor's choice (None: every team); a supervisor's, their own team or one
    below it (decision 0030; another is 404 from the query)."""
    return team if ui.actor.role is Role.AUDITOR else (team or ui.actor.team)


@get("/team/panel", name="ui-team-panel", sync_to_thread=True)
def dashboard_panel(request: Request[Any, Any, Any], team: TeamCode = None) -> Template:
    ui = signed_in(request, Role.SUPERVISOR, Role.AUDITOR)
    chosen = _chosen(ui, team)
    return fragment(ui, "partials/dashboard_panel.html", team=chosen, **_board(ui, chosen))


@get("/team/approvals", name="ui-approvals", sync_to_thread=True)
def approvals(request: Request[Any, Any, Any]) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    listing = ui.container.queries.search(  # the own team's: only it approves (0030)
        ui.actor, CaseQuery(status=(Status.PENDING_CLOSURE,), team=ui.actor.team),
        limit=MAX_LIMIT)
    return page(ui, "approvals.html", title=ui.tr.t("approvals.title"),
                rows=list(listing.items), today=ui.container.queries.today())


def _transfers_page(ui: Ui, *, error: DomainError | None = None,
                    open_form: str | None = None, values: dict[str, Any] | None = None,
                    after: int | None = None) -> Template:
    rows = ui.container.queries.incoming_transfers(ui.actor, min_position=after)
    problem = explain(ui.tr, error) if error is not None else None
    return page(ui, "transfers.html", status=problem.status if problem else 200,
                title=ui.tr.t("transfers.title"), rows=rows, problem=problem,
                open_form=open_form, values=values or {})


@get("/team/transfers", name="ui-transfers", sync_to_thread=True)
def transfers(request: Request[Any, Any, Any],
              after: Annotated[int | None, QueryParameter(ge=0)] = None) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    return _transfers_page(ui, after=after)


@post("/team/transfers/{case_id:uuid}", name="ui-transfer-decision", sync_to_thread=True,
      status_code=303)
def decide_transfer(request: Request[Any, Any, Any], case_id: CaseId,
                    data: FormBody) -> Template | Redirect:
    ui = signed_in(request, Role.SUPERVISOR)
    form = Form(data)
    accept = form.raw("decision") == "accept"
    try:
        result = handle(ui, form, DecideTransfer(case_id, accept, form.optional("comment")))
    except DomainError as error:
        return _transfers_page(ui, error=error, open_form=f"transfer-{case_id}",
                               values=form.values)
    if accept:
        return done(ui, f"/cases/{case_id}", "done.transfer_accepted",
                    reference=result.case.reference)
    return done(ui, f"/team/transfers?after={result.position}", "done.transfer_declined",
                reference=result.case.reference)


HANDLERS: list[Any] = [dashboard, dashboard_panel, approvals, transfers, decide_transfer]
