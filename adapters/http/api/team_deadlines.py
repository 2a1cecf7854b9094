"""A team's own deadlines (issue 14): the time to assign by risk, the follow-up warning
and a referral's reply time, laid over the deployment's (CASEWORK_DEADLINES). Only
admins set them; every signed-in user sees them with the teams (GET /api/v1/teams)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, put
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from adapters.http.api.reading import require_role
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.observability import Metrics
from adapters.http.schemas.requests import TeamDeadlinesIn
from adapters.http.schemas.responses import TeamDeadlinesOut
from domain.deadline_policy import NAMES, DeadlineOverrides, DeadlinePolicy
from domain.identity import Team
from domain.vocabulary import Role, Via

TAGS = ["administration"]


def deadlines_out(team: Team, deployment: DeadlinePolicy) -> TeamDeadlinesOut:
    """The team's deadlines in force, and which of them are its own."""
    policy = deployment.overlay(team.deadlines)
    warning = policy.follow_up_warning
    return TeamDeadlinesOut(
        assign_critical_minutes=_minutes(policy.assign_critical),
        assign_high_minutes=_minutes(policy.assign_high),
        assign_medium_minutes=_minutes(policy.assign_medium),
        assign_low_minutes=_minutes(policy.assign_low),
        assign_unassessed_minutes=_minutes(policy.assign_unassessed),
        follow_up_warning_minutes=_minutes(warning) if warning is not None else None,
        referral_reply_minutes=_minutes(policy.referral_reply),
        overridden=[name for name, _ in team.deadlines.items()])


def _minutes(span: timedelta) -> int:
    return int(span // timedelta(minutes=1))


def overrides_from(data: TeamDeadlinesIn) -> DeadlineOverrides:
    return DeadlineOverrides(**{name: getattr(data, f"{name}_minutes") for name in NAMES})


@put("/api/v1/teams/{code:str}/deadlines", operation_id="setTeamDeadlines", tags=TAGS,
     sync_to_thread=True, status_code=200, responses=problems(400, 401, 403, 404, 413, 422),
     summary="Set a team's own deadlines",
     description="The team's time to assign by risk, follow-up warning and referral reply "
                 "time, in minutes, in place of those it had: a value left out or null is "
                 "the deployment's (`{}` clears them all). They apply at once to the cases "
                 "already waiting, and to referrals sent from then on. Bounds: a time to "
                 "assign 10 minutes to 90 days; the warning and the reply time 1 hour to 30 "
                 "days (422 otherwise).")
def set_team_deadlines(request: Request[Any, Any, State], code: FromPath[str],
                       data: JSONBody[TeamDeadlinesIn]) -> TeamDeadlinesOut:
    caller = actor(request)
    require_role(caller, (Role.ADMIN,), "manage teams, users and organisations")
    identity = container_of(request).identity
    team = identity.set_team_deadlines(caller, code, overrides_from(data), via=Via.API)
    metrics: Metrics = request.app.state["metrics"]
    metrics.commands.labels("set_team_deadlines").inc()
    return deadlines_out(team, identity.deadlines)


HANDLERS: list[Any] = [set_team_deadlines]
