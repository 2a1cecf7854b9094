"""The caller changes their own password: required after an administrator set it, and
ends every token and session of the account (a new token comes back)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, post
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body

from adapters.http.auth import container_of, issue_token
from adapters.http.errors import problems
from adapters.http.schemas.requests import PasswordChangeIn
from adapters.http.schemas.responses import LoginOut
from service.identity import UserView


@post("/api/v1/me/password", operation_id="changeOwnPassword", tags=["auth"],
      sync_to_thread=True, status_code=200,
      responses={**problems(400, 401, 409, 413, 422),
                 200: ResponseSpec(data_container=LoginOut, generate_examples=False,
                                   description="A new bearer token: every earlier token "
                                               "and session of the account has ended")},
      summary="Change the caller's own password")
def change_own_password(request: Request[Any, Any, State],
                        data: Annotated[PasswordChangeIn, Body()]) -> Response[LoginOut]:
    user = request.scope.get("user")
    assert isinstance(user, UserView)  # the JWT middleware let the request through
    changed = container_of(request).identity.change_own_password(
        user.id, data.current_password, data.new_password)
    return Response(issue_token(request, changed))


HANDLERS = [change_own_password]
