"""Errors on UI routes as pages in the user's language (the API keeps problem+json):
not logged in → the log-in page (after a form sent too late: saying the session ended,
and back to the form's page); a refused CSRF token → the same when no one is logged in,
else "reload and try again"; a domain
refusal → its words; anything unexpected → a generic page with the request id. An
address that names no page (404) or does not take the method (405) is a page too,
unless it belongs to the API or the operations endpoints."""

from __future__ import annotations

import re
from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect
from litestar.utils.scope.state import ScopeState

from adapters.http.errors import client_went_away, on_client_gone, request_id_var
from adapters.http.errors import on_http_error as api_http_error
from adapters.http.ui.feedback import Problem, explain
from adapters.http.ui.pages import (
    PASSWORD_PAGE,
    LoginRequired,
    PasswordChangeRequired,
    form_page,
    login_redirect,
    page,
    ui_of,
)
from adapters.http.ui.session import CSRF_COOKIE, NO_SESSION
from adapters.logging import where
from domain.errors import DomainError, NotFound

log = structlog.get_logger("casework.ui")


_NOT_PAGES = tuple(re.compile(pattern) for pattern in NO_SESSION)  # the API, static files ...


def _page(request: Request[Any, Any, Any], status: int, title_key: str,
          detail_key: str | None = None, *, problem: Problem | None = None,
          **extra: Any) -> Response[Any]:
    try:
        ui = ui_of(request)
        return page(ui, "error.html", status=status, title=ui.tr.t(title_key),
                    detail=ui.tr.t(detail_key) if detail_key else None,
                    problem=problem, request_id=request_id_var.get() if status >= 500 else None,
                    **extra)
    except Exception:  # the error page itself failed (e.g. the store is down)
        return Response(f"Error {status}", status_code=status, media_type=MediaType.TEXT)


def on_login_required(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    return login_redirect(request)


def on_password_change_required(request: Request[Any, Any, Any],
                                error: Exception) -> Response[Any]:
    headers = {"HX-Redirect": PASSWORD_PAGE} if request.headers.get("hx-request") else {}
    return Redirect(PASSWORD_PAGE, status_code=303, headers=headers)


def on_domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    try:
        ui = ui_of(request)
    except Exception:
        return on_unexpected(request, error)
    problem = explain(ui.tr, error)
    title = "error.not_found_title" if isinstance(error, NotFound) else "error.title"
    return page(ui, "error.html", status=problem.status, title=ui.tr.t(title), problem=problem)


def on_http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    if isinstance(error, NotAuthorizedException):
        return login_redirect(request)
    if isinstance(error, PermissionDeniedException):  # the CSRF token was missing or wrong
        return on_refused_token(request)
    if isinstance(error, ValidationException):
        return _page(request, 400, "error.title", "error.bad_request")
    if error.status_code == 404:
        return _page(request, 404, "error.not_found_title", "error.not_found")
    if client_went_away(error):  # a form post cut off: nobody is there to see a page
        return on_client_gone(request)
    if error.status_code >= 500:
        return on_unexpected(request, error)
    return _page(request, error.status_code, "error.title", "error.bad_request")


# Forms that need no one logged in: a refused token there is no ended session.
_OPEN_FORMS = ("/login", "/language", "/logout")


def on_refused_token(request: Request[Any, Any, Any]) -> Response[Any]:
    """A form whose CSRF token was refused. Sent by no one logged in (the session ended,
    and with a browser restarted the token went too), it is an ended session: to the
    log-in page, which says so, and back to the form's page. Sent by someone logged in,
    the page is old or came from elsewhere: "reload and try again"."""
    try:
        user = ui_of(request).user
    except Exception:
        user = None
    if user is None:
        if request.url.path in _OPEN_FORMS:
            return Redirect("/login", status_code=303)
        return login_redirect(request)
    return _page(request, 403, "error.csrf_title", "error.csrf")


def on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.error("unexpected_error", request_id=request_id_var.get(), error=type(error).__name__,
              route=request.scope.get("path_template") or "unknown", where=where(error))
    return _page(request, 500, "error.title", "error.unexpected")


def on_unrouted(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    """The application's handler of HTTP errors raised outside any UI route: an address
    that names no page (404) or does not take the method (405) answers a page in the
    user's language; the API, static files and operations endpoints keep problem+json.

    Such a request passed no route's middleware: the session is unknown (the page is
    shown as to nobody logged in, in the language of the cookie or the browser), and the
    CSRF token of the language switch is the one the browser already holds."""
    path = request.url.path
    if error.status_code not in (404, 405) or any(p.match(path) for p in _NOT_PAGES):
        return api_http_error(request, error)
    state = ScopeState.from_scope(request.scope)
    token = request.cookies.get(CSRF_COOKIE)
    if token and not isinstance(state.csrf_token, str):
        state.csrf_token = token
    if error.status_code == 405:
        back = form_page(path)  # the form's page, for "back" and the language switch
        if back == path:
            return _page(request, 405, "error.method_title", "error.method")
        return _page(request, 405, "error.method_title", "error.method", path=back,
                     back=back, back_label="error.back_to_page")
    return _page(request, 404, "error.not_found_title", "error.no_page")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    LoginRequired: on_login_required,
    PasswordChangeRequired: on_password_change_required,
    DomainError: on_domain_error,
    HTTPException: on_http_error,
    Exception: on_unexpected,
}
