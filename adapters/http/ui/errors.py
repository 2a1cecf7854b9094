"""Errors on UI routes as pages in the user's language (the API keeps problem+json):
not logged in → the log-in page; a refused CSRF token → "reload and try again"; a domain
refusal → its words; anything unexpected → a generic page with the request id."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)

from adapters.http.errors import request_id_var
from adapters.http.ui.feedback import Problem, explain
from adapters.http.ui.pages import LoginRequired, login_redirect, page, ui_of
from adapters.logging import where
from domain.errors import DomainError, NotFound

log = structlog.get_logger("casework.ui")


def _page(request: Request[Any, Any, Any], status: int, title_key: str,
          detail_key: str | None = None, *, problem: Problem | None = None) -> Response[Any]:
    try:
        ui = ui_of(request)
        return page(ui, "error.html", status=status, title=ui.tr.t(title_key),
                    detail=ui.tr.t(detail_key) if detail_key else None,
                    problem=problem, request_id=request_id_var.get() if status >= 500 else None)
    except Exception:  # the error page itself failed (e.g. the store is down)
        return Response(f"Error {status}", status_code=status, media_type=MediaType.TEXT)


def on_login_required(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    return login_redirect(request)


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
        return _page(request, 403, "error.csrf_title", "error.csrf")
    if isinstance(error, ValidationException):
        return _page(request, 400, "error.title", "error.bad_request")
    if error.status_code == 404:
        return _page(request, 404, "error.not_found_title", "error.not_found")
    if error.status_code >= 500:
        return on_unexpected(request, error)
    return _page(request, error.status_code, "error.title", "error.bad_request")


def on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.error("unexpected_error", request_id=request_id_var.get(), error=type(error).__name__,
              route=request.scope.get("path_template") or "unknown", where=where(error))
    return _page(request, 500, "error.title", "error.unexpected")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    LoginRequired: on_login_required,
    DomainError: on_domain_error,
    HTTPException: on_http_error,
    Exception: on_unexpected,
}
