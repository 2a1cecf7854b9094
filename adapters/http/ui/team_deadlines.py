"""The administrator's page of a team's deadlines (issue 14): the time to assign by
risk, the follow-up warning and the referral reply time, each the team's own or the
deployment's. The same service call as `PUT /api/v1/teams/{code}/deadlines`."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from adapters.http.observability import Metrics
from adapters.http.ui.feedback import Problem, explain
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import FormBody, Ui, done, page, signed_in
from domain.deadline_policy import BOUNDS, NAMES, DeadlineOverrides
from domain.errors import DomainError
from domain.identity import Team
from domain.vocabulary import Role, Via

MINUTE_SECONDS = 60


def _page(ui: Ui, team: Team, *, problem: Problem | None = None,
          values: dict[str, Any] | None = None) -> Template:
    defaults = ui.container.identity.deadlines.in_minutes()
    own = dict(team.deadlines.items())
    fields = [(name, own.get(name), defaults[name],
               int(BOUNDS[name][0].total_seconds()) // MINUTE_SECONDS,
               int(BOUNDS[name][1].total_seconds()) // MINUTE_SECONDS) for name in NAMES]
    return page(ui, "admin_team_deadlines.html", status=problem.status if problem else 200,
                title=ui.tr.t("deadlines.title", team=f"{team.name} ({team.code})"),
                team=team, fields=fields, problem=problem, values=values or {},
                open_form="deadlines")


@get("/admin/teams/{code:str}/deadlines", name="ui-admin-team-deadlines",
     sync_to_thread=True)
def deadlines(request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
    ui = signed_in(request, Role.ADMIN)
    return _page(ui, ui.container.identity.team(code))


@post("/admin/teams/{code:str}/deadlines", name="ui-admin-set-team-deadlines",
      sync_to_thread=True, status_code=303)
def set_deadlines(request: Request[Any, Any, Any], code: FromPath[str],
                  data: FormBody) -> Template | Redirect:
    ui = signed_in(request, Role.ADMIN)
    form = Form(data)
    identity = ui.container.identity
    team = identity.team(code)
    try:
        overrides = DeadlineOverrides(**{
            name: form.optional_integer(f"{name}_minutes", low=0, high=100_000_000)
            for name in NAMES})
        team = identity.set_team_deadlines(ui.actor, code, overrides, Via.UI)
    except DomainError as error:
        return _page(ui, team, problem=explain(ui.tr, error), values=dict(form.values))
    metrics: Metrics = ui.request.app.state["metrics"]
    metrics.commands.labels("ui_set_team_deadlines").inc()
    return done(ui, f"/admin/teams/{team.code}/deadlines", "deadlines.done",
                team=f"{team.name} ({team.code})")


HANDLERS: list[Any] = [deadlines, set_deadlines]
