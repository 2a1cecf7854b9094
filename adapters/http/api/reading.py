"""What the read routes share: paging and freshness parameters, role guards, and the
names of the people who acted."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.exceptions import ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import QueryParameter
from litestar.types import Guard

from adapters.http.schemas.responses import ActorOut
from domain.errors import NotPermitted
from domain.values import Actor
from domain.vocabulary import Role
from service.identity import IdentityService
from service.paging import MAX_LIMIT

Limit = Annotated[int | None, QueryParameter(
    ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT} (default 50).")]
Cursor = Annotated[str | None, QueryParameter(
    min_length=1, max_length=512,
    description="The `next_cursor` of the previous page; omit for the first page.")]
MinPosition = Annotated[int | None, QueryParameter(
    ge=0, description="A command's `X-Position`: wait (at most about 2 s) until the read "
                      "models have applied it. `X-Fresh: false` says the wait timed out.")]
TeamCode = Annotated[str | None, QueryParameter(
    pattern=r"^[A-Z][A-Z0-9]+$", max_length=10, description="A team code, e.g. `JB`.")]

CASE_READERS = (Role.WORKER, Role.SUPERVISOR, Role.AUDITOR)
OVERSIGHT = (Role.SUPERVISOR, Role.AUDITOR)
REFERRAL_READERS = (Role.WORKER, Role.SUPERVISOR, Role.PARTNER, Role.AUDITOR)


def allow(*roles: Role) -> Guard:
    """A route's guard: a role that may never call the route gets 403 before its request
    is read or anything looked up, so it learns nothing (scope, by contrast, is the
    service's, and 404)."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        role = getattr(user, "role", None)
        if isinstance(role, Role) and role not in roles:
            raise NotPermitted(f"a {role.value} may not {handler.handler_name.replace('_', ' ')}")

    return guard


def require_role(actor: Actor, roles: tuple[Role, ...], action: str) -> None:
    """A role that may never call a route gets 403 (scope, by contrast, is 404)."""
    if actor.role not in roles:
        raise NotPermitted(f"a {actor.role.value} may not {action}")


def bad_query(field: str, message: str) -> ValidationException:
    """A 400 problem naming the query parameter, for checks the schema cannot express."""
    return ValidationException(detail=f"{field}: {message}",
                               extra=[{"key": field, "message": message}])


def fresh_header(fresh: bool) -> dict[str, str]:
    return {"X-Fresh": "true" if fresh else "false"}


class People:
    """Usernames of the actors on a page, each looked up once."""

    def __init__(self, identity: IdentityService) -> None:
        self.identity = identity
        self._names: dict[UUID, tuple[str | None, str | None]] = {}

    def _lookup(self, user_id: UUID) -> tuple[str | None, str | None]:
        if user_id not in self._names:
            user = self.identity.find_user(user_id)
            self._names[user_id] = ((user.username, user.display_name) if user
                                    else (None, None))
        return self._names[user_id]

    def username(self, user_id: UUID) -> str | None:
        return self._lookup(user_id)[0]

    def display_name(self, user_id: UUID) -> str | None:
        return self._lookup(user_id)[1]

    def actor(self, user_id: UUID, role: Role) -> ActorOut:
        return ActorOut(id=user_id, username=self.username(user_id), role=role)
