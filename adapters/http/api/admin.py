"""Administration (docs/domain.md §1, §4): teams, organisations and users. Only admins create,
deactivate or set passwords; every other role gets 403 there. The directory is readable
by every signed-in user, as far as their work needs it: teams and organisations (to
transfer and to refer), and the accounts of their own team or organisation (to assign).
Passwords and their hashes never leave the service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar
from uuid import UUID

from litestar import Request, get, post, put
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody, QueryParameter

from adapters.http.api.reading import Cursor, Limit, require_role
from adapters.http.api.team_deadlines import deadlines_out
from adapters.http.api.volunteers import profile_of_new_user
from adapters.http.auth import actor, container_of, user_out
from adapters.http.errors import problems
from adapters.http.observability import Metrics
from adapters.http.schemas.requests import (
    DutyPhoneIn,
    EmptyIn,
    MembershipIn,
    OrganisationIn,
    ParentIn,
    PasswordIn,
    TeamIn,
    UserIn,
)
from adapters.http.schemas.responses import (
    CreatedOut,
    OrganisationOut,
    OrganisationPageOut,
    TeamOut,
    TeamPageOut,
    UserOut,
    UserPageOut,
)
from domain.deadline_policy import DEFAULT_POLICY, DeadlinePolicy
from domain.identity import Team
from domain.values import Actor
from domain.vocabulary import USER_ROLES, Role, Via
from service import paging

TAGS = ["administration"]
ADMINS = (Role.ADMIN,)
DIRECTORY_READERS = tuple(r for r in USER_ROLES if r is not Role.VOLUNTEER)
T = TypeVar("T")
RoleFilter = Annotated[Role | None, QueryParameter(description="Only accounts of this role.")]


def _admin(request: Request[Any, Any, State]) -> Actor:
    caller = actor(request)
    require_role(caller, ADMINS, "manage teams, users and organisations")
    return caller


def _counted(request: Request[Any, Any, State], command: str) -> None:
    metrics: Metrics = request.app.state["metrics"]
    metrics.commands.labels(command).inc()


def _page(items: Sequence[T], kind: str, limit: int | None,
          cursor: str | None) -> tuple[list[T], str | None]:
    size = paging.check_limit(limit)
    offset = paging.offset_from(cursor, kind)
    page = list(items[offset:offset + size])
    more = len(items) > offset + size
    return page, paging.encode_cursor(kind, offset + size) if more else None


@get("/api/v1/teams", operation_id="listTeams", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 422), summary="Teams, in the order they were created",
     description="Every signed-in user (a supervisor transfers a case to another team).")
def list_teams(request: Request[Any, Any, State], limit: Limit = None,
               cursor: Cursor = None) -> TeamPageOut:
    actor(request)
    identity = container_of(request).identity
    teams, next_cursor = _page(identity.teams(), "teams", limit, cursor)
    return TeamPageOut(items=[_team_out(t, identity.deadlines) for t in teams],
                       next_cursor=next_cursor)


def _team_out(team: Team, deployment: DeadlinePolicy = DEFAULT_POLICY) -> TeamOut:
    return TeamOut(id=team.id, code=team.code, name=team.name, district=team.district,
                   level=team.level, street=team.street, community=team.community,
                   duty_phone=team.duty_phone, deadlines=deadlines_out(team, deployment),
                   parent=team.parent)


@post("/api/v1/teams", operation_id="createTeam", tags=TAGS, sync_to_thread=True,
      status_code=201, responses=problems(400, 401, 403, 409, 413, 422),
      summary="Create a team",
      description="A team code is unique (409 if taken). With `level` (`district`, "
                  "`street`, `community`) the team covers that area: each name down to the "
                  "level is required (422 otherwise). With `parent`, the team above it: a "
                  "team of a higher level (district > street > community).")
def create_team(request: Request[Any, Any, State], data: JSONBody[TeamIn]) -> CreatedOut:
    caller = _admin(request)
    team = container_of(request).identity.create_team(
        caller, data.code, data.name, data.district, via=Via.API, level=data.level,
        street=data.street, community=data.community, duty_phone=data.duty_phone,
        parent=data.parent)
    _counted(request, "create_team")
    return CreatedOut(id=team.id)


@post("/api/v1/teams/{code:str}/duty-phone", operation_id="setTeamDutyPhone", tags=TAGS,
     sync_to_thread=True, status_code=200, responses=problems(400, 401, 403, 404, 413, 422),
     summary="Set or clear a team's duty phone",
     description="The number partners see with the team's referrals, to call back about "
                 "them (never a worker's own). `null` clears it.")
def set_team_duty_phone(request: Request[Any, Any, State], code: FromPath[str],
                        data: JSONBody[DutyPhoneIn]) -> TeamOut:
    caller = _admin(request)
    identity = container_of(request).identity
    team = identity.set_team_duty_phone(caller, code, data.duty_phone, via=Via.API)
    _counted(request, "set_team_duty_phone")
    return _team_out(team, identity.deadlines)


@put("/api/v1/teams/{code:str}/parent", operation_id="setTeamParent", tags=TAGS,
     sync_to_thread=True, responses=problems(400, 401, 403, 404, 413, 422),
     summary="Put a team under another team (上级团队), or at the top",
     description="The parent must exist and be of a higher level (district > street > "
                 "community); a team never goes under itself or a team below it (422). "
                 "`null` puts the team at the top of the tree.")
def set_team_parent(request: Request[Any, Any, State], code: FromPath[str],
                    data: JSONBody[ParentIn]) -> TeamOut:
    caller = _admin(request)
    team = container_of(request).identity.set_team_parent(caller, code, data.parent,
                                                           via=Via.API)
    _counted(request, "set_team_parent")
    return _team_out(team)


@get("/api/v1/organisations", operation_id="listOrganisations", tags=TAGS,
     sync_to_thread=True, responses=problems(400, 401, 403, 422),
     summary="Partner organisations, in the order they were created",
     description="Every signed-in user but volunteers (a worker refers a case to an "
                 "organisation).")
def list_organisations(request: Request[Any, Any, State], limit: Limit = None,
                       cursor: Cursor = None) -> OrganisationPageOut:
    require_role(actor(request), DIRECTORY_READERS, "list organisations")
    orgs, next_cursor = _page(container_of(request).identity.organisations(), "organisations",
                              limit, cursor)
    return OrganisationPageOut(
        items=[OrganisationOut(id=o.id, name=o.name, kind=o.kind) for o in orgs],
        next_cursor=next_cursor)


@post("/api/v1/organisations", operation_id="createOrganisation", tags=TAGS,
      sync_to_thread=True, status_code=201, responses=problems(400, 401, 403, 413, 422),
      summary="Create a partner organisation")
def create_organisation(request: Request[Any, Any, State],
                        data: JSONBody[OrganisationIn]) -> CreatedOut:
    caller = _admin(request)
    org = container_of(request).identity.create_organisation(caller, data.name, data.kind,
                                                            via=Via.API)
    _counted(request, "create_organisation")
    return CreatedOut(id=org.id)


@get("/api/v1/users", operation_id="listUsers", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 422),
     summary="User accounts, in the order they were created (never a password)",
     description="Admins and auditors: every account. Workers and supervisors: their own "
                 "team's (whom to assign), volunteers of the team included. Partners: "
                 "their own organisation's. Volunteers: 403. `role` keeps one role's.")
def list_users(request: Request[Any, Any, State], limit: Limit = None,
               cursor: Cursor = None, role: RoleFilter = None) -> UserPageOut:
    caller = actor(request)
    require_role(caller, DIRECTORY_READERS, "list accounts")
    visible = [u for u in container_of(request).identity.users_visible_to(caller)
               if role is None or u.role is role]
    users, next_cursor = _page(visible, "users", limit, cursor)
    return UserPageOut(items=[user_out(u) for u in users], next_cursor=next_cursor)


@post("/api/v1/users", operation_id="createUser", tags=TAGS, sync_to_thread=True,
      status_code=201, responses=problems(400, 401, 403, 409, 413, 422),
      summary="Create a user account",
      description="Workers, supervisors and volunteers belong to a team, partners to an "
                  "organisation; other roles to neither (422 otherwise). A volunteer may "
                  "name further `teams`, where they live (`district`, `street`, "
                  "`community`) and the `errand_kinds` they do (other roles: 422). A "
                  "username is unique (409).")
def create_user(request: Request[Any, Any, State], data: JSONBody[UserIn]) -> CreatedOut:
    caller = _admin(request)
    user = container_of(request).identity.create_user(
        caller, data.username, data.password, data.display_name, data.role, team=data.team,
        organisation_id=data.organisation_id, via=Via.API,
        volunteer=profile_of_new_user(data))
    _counted(request, "create_user")
    return CreatedOut(id=user.id)


@post("/api/v1/users/{user_id:uuid}/deactivate", operation_id="deactivateUser", tags=TAGS,
      sync_to_thread=True, status_code=200, responses=problems(400, 401, 403, 404, 409, 413),
      summary="Deactivate an account",
      description="The account can no longer log in; its tokens and web sessions stop "
                  "working at once. Its past actions keep naming it. 409 if it is already "
                  "deactivated, or is the caller's own.")
def deactivate_user(request: Request[Any, Any, State], user_id: FromPath[UUID],
                    data: JSONBody[EmptyIn | None] = None) -> UserOut:
    caller = _admin(request)
    user = container_of(request).identity.deactivate_user(caller, user_id, via=Via.API)
    _counted(request, "deactivate_user")
    return user_out(user)


@post("/api/v1/users/{user_id:uuid}/membership", operation_id="changeUserMembership",
      tags=TAGS, sync_to_thread=True, status_code=200,
      responses=problems(400, 401, 403, 404, 409, 413, 422),
      summary="Change an account's role, team or organisation",
      description="The same rules as creating it (422). Its tokens and web sessions end at "
                  "once. 409 for a deactivated account or the caller's own.")
def change_user_membership(request: Request[Any, Any, State], user_id: FromPath[UUID],
                           data: JSONBody[MembershipIn]) -> UserOut:
    caller = _admin(request)
    user = container_of(request).identity.change_membership(
        caller, user_id, data.role, data.team, data.organisation_id, via=Via.API)
    _counted(request, "change_user_membership")
    return user_out(user)


@post("/api/v1/users/{user_id:uuid}/password", operation_id="setUserPassword", tags=TAGS,
      sync_to_thread=True, status_code=200, responses=problems(400, 401, 403, 404, 409, 413),
      summary="Set a new password for an account",
      description="The old password stops working; 409 for a deactivated account.")
def set_user_password(request: Request[Any, Any, State], user_id: FromPath[UUID],
                      data: JSONBody[PasswordIn]) -> UserOut:
    caller = _admin(request)
    user = container_of(request).identity.set_password(caller, user_id, data.password,
                                                       via=Via.API)
    _counted(request, "set_user_password")
    return user_out(user)


HANDLERS: list[Any] = [list_teams, create_team, set_team_duty_phone, set_team_parent,
                       list_organisations,
                       create_organisation, list_users, create_user, deactivate_user,
                       change_user_membership, set_user_password]
