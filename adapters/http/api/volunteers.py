"""Volunteers' accounts (issue 14): an administrator records a volunteer's teams, area and
errands, and pauses or resumes them; a volunteer pauses or resumes themselves. A volunteer
never sees a case: every case route answers them 404 (`hide_cases_from_volunteers`, on
every route; domain/policy.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, put
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, JSONBody

from adapters.http.api.reading import allow, require_role
from adapters.http.auth import actor, container_of, user_out
from adapters.http.errors import problems
from adapters.http.observability import Metrics
from adapters.http.schemas.requests import AvailabilityIn, UserIn, VolunteerIn
from adapters.http.schemas.responses import UserOut
from domain.errors import InvalidInput
from domain.policy import require_sees_cases
from domain.vocabulary import Role, Via
from service.identity import UserView
from service.volunteers import VolunteerProfile

CASE_ROUTES = "/api/v1/cases"


def hide_cases_from_volunteers(connection: ASGIConnection[Any, Any, Any, Any],
                               handler: BaseRouteHandler) -> None:
    """A guard on every route: to a volunteer, any route under /api/v1/cases answers 404,
    in scope or not, listed or named, read or command (SPEC §6), before anything is
    read or looked up."""
    user = connection.scope.get("user")
    path: str = connection.scope["path"]
    if isinstance(user, UserView) and (path == CASE_ROUTES or
                                       path.startswith(CASE_ROUTES + "/")):
        require_sees_cases(user.actor)


def profile_of_new_user(data: UserIn) -> VolunteerProfile | None:
    """A new volunteer's profile: their teams, `team` first then `teams` (a repeated one
    once), their area and errands. Another role naming any of these is 422."""
    given = {"teams": data.teams, "district": data.district, "street": data.street,
             "community": data.community, "errand_kinds": data.errand_kinds}
    if data.role is not Role.VOLUNTEER:
        for field, value in given.items():
            if value is not None:
                raise InvalidInput(field, "volunteer_only")
        return None
    teams = ([data.team] if data.team else []) + (data.teams or [])
    return VolunteerProfile(tuple(dict.fromkeys(teams)), data.district or "",
                            data.street or "", data.community or "",
                            tuple(data.errand_kinds or ()))


@put("/api/v1/users/{user_id:uuid}/volunteer", operation_id="setVolunteerProfile",
     tags=["administration"], sync_to_thread=True, status_code=200,
     responses=problems(400, 401, 403, 404, 409, 413, 422),
     summary="Set a volunteer's teams, area, errands and availability",
     description="The whole profile, as `volunteer` in the account shows it: `teams` (the "
                 "first is the account's team; 422 for an unknown one), `district`, "
                 "`street`, `community` (errands are offered nearest first), "
                 "`errand_kinds` (none: any errand) and `available` (false: paused, "
                 "offered nothing new; left out: as it is). A change of teams ends the "
                 "volunteer's tokens and sessions. 409 for an account that is not a "
                 "volunteer's, or a deactivated one.")
def set_volunteer_profile(request: Request[Any, Any, State], user_id: FromPath[UUID],
                          data: JSONBody[VolunteerIn]) -> UserOut:
    caller = actor(request)
    require_role(caller, (Role.ADMIN,), "manage teams, users and organisations")
    identity = container_of(request).identity
    current = identity.user(user_id).volunteer
    available = data.available if data.available is not None else (
        current.available if current is not None else True)
    profile = VolunteerProfile(tuple(data.teams), data.district, data.street,
                               data.community, tuple(data.errand_kinds), available)
    user = identity.set_volunteer_profile(caller, user_id, profile, via=Via.API)
    _counted(request, "set_volunteer_profile")
    return user_out(user)


@put("/api/v1/me/availability", operation_id="setOwnAvailability", tags=["auth"],
     guards=[allow(Role.VOLUNTEER)], sync_to_thread=True, status_code=200,
     responses=problems(400, 401, 403, 413),
     summary="A volunteer pauses or resumes taking errands",
     description="`{\"available\": false}`: paused (away, ill), offered nothing new; "
                 "`true`: taking errands again. Only a volunteer (403 for other roles).")
def set_own_availability(request: Request[Any, Any, State],
                         data: JSONBody[AvailabilityIn]) -> UserOut:
    user = container_of(request).identity.set_own_availability(actor(request),
                                                              data.available, via=Via.API)
    _counted(request, "set_own_availability")
    return user_out(user)


def _counted(request: Request[Any, Any, State], command: str) -> None:
    metrics: Metrics = request.app.state["metrics"]
    metrics.commands.labels(command).inc()


HANDLERS: list[Any] = [set_volunteer_profile, set_own_availability]
