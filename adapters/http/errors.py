"""Every error as application/problem+json (RFC 9457). Domain errors name their rule;
bad input names its field; anything unexpected is a generic 500 with no internal text,
logged with the request id."""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    InternalServerException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from adapters.http.schemas.responses import ProblemFieldOut, ProblemOut
from adapters.logging import where
from domain.errors import (
    AlreadyExists,
    DomainError,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolated,
    VersionConflict,
)
from domain.refusals import problems_of

log = structlog.get_logger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://casework.invalid/problems/"
TITLES = {
    400: "Bad request", 401: "Not authenticated", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 409: "Conflict", 412: "Precondition failed",
    413: "Request body too large", 415: "Unsupported media type", 422: "Invalid input",
    429: "Too many requests", 500: "Internal server error", 503: "Service unavailable",
}
_AT = re.compile(r"at `\$\.?([^`]*)`")
_UNKNOWN = re.compile(r"unknown field `([^`]*)`")
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
# What Litestar's Request.stream raises when the client disconnects mid-body.
_DISCONNECTED = "client disconnected prematurely"


def problem(status: int, kind: str, detail: str, *, errors: list[ProblemFieldOut] | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> Response[ProblemOut]:
    extra.setdefault("request_id", request_id_var.get())
    body = ProblemOut(type=TYPE_BASE + kind, title=TITLES.get(status, "Error"), status=status,
                      detail=detail, errors=errors, **extra)
    return Response(body, status_code=status, media_type=PROBLEM, headers=headers)


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the problem+json answers a route can give."""
    return {
        status: ResponseSpec(data_container=ProblemOut, description=TITLES.get(status, "Error"),
                             media_type=PROBLEM, generate_examples=False)
        for status in statuses
    }


def request_id_of(request: Request[Any, Any, Any]) -> str | None:
    return request_id_var.get()


def on_domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[ProblemOut]:
    if isinstance(error, InvalidInput):  # every value refused at once, one entry each
        return problem(422, "invalid-input", error.message,
                       errors=[ProblemFieldOut(field=found.field, message=found.reason,
                                               code=found.code, params=found.params)
                               for found in problems_of(error)])
    if isinstance(error, RuleViolated):
        return problem(409, f"rule/{error.rule}", error.message, rule=error.rule)
    if isinstance(error, VersionConflict):
        stale_if_match = request.headers.get("if-match") is not None
        return problem(412 if stale_if_match else 409, "stale-version",
                       f"the case has changed: it is now at version {error.current_version}",
                       current_version=error.current_version,
                       headers={"ETag": f'"{error.current_version}"'})
    if isinstance(error, NotFound):
        return problem(404, "not-found", error.message)
    if isinstance(error, NotPermitted):
        return problem(403, "forbidden", error.message)
    if isinstance(error, AlreadyExists):
        return problem(409, "already-exists", error.message)
    return problem(409, "conflict", error.message)


def _field_errors(extra: Any) -> list[ProblemFieldOut]:
    errors: list[ProblemFieldOut] = []
    if isinstance(extra, list):
        for item in extra:
            if not isinstance(item, dict):
                continue
            message = str(item.get("message", "invalid"))
            key = item.get("key")
            found = _AT.search(message)
            unknown = _UNKNOWN.search(message)
            code = "unknown_field" if unknown else "does_not_match_schema"
            if found:
                field = found.group(1)
                unknown_inside = _UNKNOWN.search(message)
                if unknown_inside:
                    name = unknown_inside.group(1)
                    field = f"{field}.{name}" if field else name
            elif unknown:
                field = unknown.group(1)
            else:
                field = "body" if key in (None, "data") else str(key)
            errors.append(ProblemFieldOut(field=field or "body", message=message, code=code))
    return errors


def client_went_away(error: Exception) -> bool:
    """The client disconnected while its request body was being read: Litestar says so
    with an InternalServerException, but nothing went wrong on the server's side."""
    return isinstance(error, InternalServerException) and error.detail == _DISCONNECTED


def on_client_gone(request: Request[Any, Any, Any]) -> Response[ProblemOut]:
    """One quiet line (no body, nothing the client sent), and a 400 nobody will read."""
    log.info("client_disconnected", request_id=request_id_of(request),
             route=request.scope.get("path_template") or "unknown")
    return problem(400, "client-disconnected", "the request ended before its body arrived")


def on_http_error(request: Request[Any, Any, Any],
                  error: HTTPException) -> Response[ProblemOut]:
    status = error.status_code
    if client_went_away(error):
        return on_client_gone(request)
    if status >= 500:
        return on_unexpected(request, error)
    headers = {k: v for k, v in (error.headers or {}).items()}
    if isinstance(error, ValidationException) or status == 400:
        errors = _field_errors(error.extra)
        detail = "the request does not match the API's schema"
        if errors:
            detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        return problem(400, "bad-request", detail, errors=errors or None, headers=headers)
    if isinstance(error, NotAuthorizedException):
        headers.setdefault("WWW-Authenticate", "Bearer")
        return problem(401, "not-authenticated", "log in and send the token as a Bearer token",
                       headers=headers)
    if isinstance(error, PermissionDeniedException):
        rule = getattr(error, "rule", None)
        if isinstance(rule, str):
            return problem(403, f"rule/{rule}", error.detail, rule=rule, headers=headers)
        return problem(403, "forbidden", error.detail or "forbidden", headers=headers)
    detail = {404: "there is nothing here", 405: "this method is not allowed here",
              413: "the request body is larger than 64 KiB"}.get(status, error.detail or "")
    kind = TITLES.get(status, "error").lower().replace(" ", "-")
    return problem(status, kind, detail, headers=headers)


def on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[ProblemOut]:
    request_id = request_id_of(request)
    log.error("unexpected_error", request_id=request_id, error=type(error).__name__,
              route=request.scope.get("path_template") or "unknown", where=where(error))
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "internal",
                   "something went wrong on our side; the request id identifies it",
                   request_id=request_id)


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    DomainError: on_domain_error,
    HTTPException: on_http_error,
    Exception: on_unexpected,
}
MEDIA = MediaType.JSON
