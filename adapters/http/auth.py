"""Bearer-token authentication for the API: log-in, JWT, rate limits, the caller."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, post
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body
from litestar.security.jwt import JWTAuth, Token

from adapters.bootstrap import Container
from adapters.http.client_address import client_address
from adapters.http.errors import problem, problems
from adapters.http.openapi import NO_TOKEN
from adapters.http.schemas.requests import LoginIn
from adapters.http.schemas.responses import LoginOut, ProblemOut, UserOut, VolunteerOut
from adapters.http.tokens import CachedToken
from adapters.storage.ratelimit import LoginRateLimiter
from domain.values import Actor
from domain.vocabulary import Via
from service.identity import UserView

TOKEN_LIFETIME = timedelta(hours=1)
PUBLIC = {"exclude_from_auth": True}


def container_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Container:
    container: Container = connection.app.state["container"]
    return container


# What an account whose password an administrator set may still do: see itself and
# choose a new password.
WHILE_PASSWORD_CHANGE_REQUIRED = frozenset({"/api/v1/me", "/api/v1/me/password"})
CREDENTIALS_CLAIM = "cv"  # the account's credentials_version the token was issued under


class PasswordChangeRequired(PermissionDeniedException):
    """403 `password_change_required` (adapters/http/errors.py)."""

    rule = "password_change_required"


def retrieve_user(token: Token, connection: ASGIConnection[Any, Any, Any, Any]) -> UserView | None:
    """The account the token names, while the token is still good for it: the account is
    active and its credentials have not changed since the token was issued (a new
    password, a deactivation end every token at once, in every process: the account
    cache notices a change of the identity store)."""
    try:
        user_id = UUID(token.sub)
    except ValueError:
        return None
    user = container_of(connection).identity.find_user(user_id)
    if user is None or not user.active:
        return None
    if token.extras.get(CREDENTIALS_CLAIM, 0) != user.credentials_version:
        return None
    if user.must_change_password and connection.scope["path"] not in \
            WHILE_PASSWORD_CHANGE_REQUIRED:
        raise PasswordChangeRequired("an administrator set this account's password: "
                                     "choose a new one (POST /api/v1/me/password)")
    return user


def issue_token(request: Request[Any, Any, State], user: UserView) -> LoginOut:
    """A bearer token for the account, under its current credentials."""
    jwt_auth: JWTAuth[UserView, Token] = request.app.state["jwt_auth"]
    expires = datetime.now(tz=UTC) + TOKEN_LIFETIME
    token = jwt_auth.create_token(identifier=str(user.id), token_expiration=TOKEN_LIFETIME,
                                  token_extras={CREDENTIALS_CLAIM: user.credentials_version})
    return LoginOut(token=token, expires_at=expires, user=user_out(user),
                    password_change_required=user.must_change_password,
                    password_set_by_admin_at=user.password_set_by_other_at)


def make_jwt_auth(secret: bytes) -> JWTAuth[UserView, Token]:
    return JWTAuth[UserView, Token](
        retrieve_user_handler=retrieve_user,
        token_cls=CachedToken,
        token_secret=secret.decode(),
        default_token_expiration=TOKEN_LIFETIME,
        exclude=["^/schema", "^/static", "^/healthz", "^/readyz", "^/metrics"],
        exclude_opt_key="exclude_from_auth",
    )


def actor(request: Request[Any, Any, Any]) -> Actor:
    """The authenticated caller as the domain sees them."""
    user = request.scope.get("user")
    if not isinstance(user, UserView):
        raise NotAuthorizedException()
    return user.actor


def user_out(user: UserView) -> UserOut:
    profile = user.volunteer
    volunteer = None if profile is None else VolunteerOut(
        teams=list(profile.teams), district=profile.district, street=profile.street,
        community=profile.community, errand_kinds=list(profile.errand_kinds),
        available=profile.available)
    return UserOut(id=user.id, username=user.username, display_name=user.display_name,
                   role=user.role, team=user.team, organisation_id=user.organisation_id,
                   active=user.active, teams=list(user.teams), volunteer=volunteer)


@post("/api/v1/auth/login", operation_id="login", tags=["auth"], opt=PUBLIC,
      security=NO_TOKEN, sync_to_thread=True, status_code=200,
      responses={**problems(400, 401, 413, 429),
                 # The handler answers a LoginOut or a problem: say which is the 200's body.
                 200: ResponseSpec(data_container=LoginOut, generate_examples=False,
                                   description="The bearer token and the caller")},
      summary="Log in: a bearer token for the API")
def login(request: Request[Any, Any, State],
          data: Annotated[LoginIn, Body()]) -> Response[LoginOut] | Response[ProblemOut]:
    container = container_of(request)
    limiter: LoginRateLimiter = request.app.state["login_limiter"]
    now = datetime.now(tz=UTC)  # tokens and rate limits run on real time
    account = limiter.key("user", data.username)
    address = limiter.key("addr", client_address(request))
    wait = limiter.attempt(account, address, now)
    if wait is not None:
        return problem(429, "too-many-requests",
                       f"too many failed log-ins; wait {wait} seconds and try again",
                       headers={"Retry-After": str(wait)})
    user = container.identity.authenticate(data.username, data.password, Via.API)
    if user is None:
        return problem(401, "not-authenticated", "the username or password is wrong",
                       headers={"WWW-Authenticate": "Bearer"})
    limiter.succeeded(account, address, now)
    return Response(issue_token(request, user))
