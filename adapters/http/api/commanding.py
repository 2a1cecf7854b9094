"""What every command route shares: If-Match, Idempotency-Key and the answer's headers.
The route translates its body into a command (service/commands.py); the service runs
it, replays a retried key and guards a key still in flight (service/cases.py).

- `If-Match: "<version>"` (or `W/"<version>"`, or `*` for any) makes the command
  conditional: a case that has moved on answers 412 with its current version.
- `Idempotency-Key` (1–200 printable ASCII characters, per user): the first success is
  recorded with the command's events (service/idempotency.py). A retry with the same key
  and the same request gets the first answer again — same status, same body rendered from
  the case at the recorded version, same ETag — plus `Idempotent-Replayed: true`, and
  appends nothing. Its `X-Position` is the store's head at the time of the retry (at or
  after the first answer's position, so `min_position` reads still see the command).
  The same key with another request answers 422; while the first request still runs,
  409 (`rule: request_in_progress`).
- Every answer carries `ETag: "<version>"` and `X-Position: <store position>`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.params import HeaderParameter

from adapters.http.auth import actor, container_of
from adapters.http.observability import Metrics
from domain.vocabulary import Via
from service.cases import CommandResult
from service.commands import CaseCommand, CommandContext
from service.idempotency import Idempotency, fingerprint, record_id

# The published patterns are the ones the server checks (a header's value never starts or
# ends with a space on the wire, so neither does a key).
IF_MATCH_PATTERN = r'^(?:\*|(?:W/)?"[0-9]{1,18}")$'
KEY_PATTERN = r"^[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?$"
_ETAG = re.compile(r'^(?:W/)?"(\d{1,18})"$')
_KEY = re.compile(KEY_PATTERN)

IF_MATCH = HeaderParameter(
    name="If-Match", annotation=str, required=False, pattern=IF_MATCH_PATTERN,
    description='Only act if the case is at this version, e.g. "7" (from its ETag), or '
                '`*` for any; a stale version answers 412 with the current version.')
IDEMPOTENCY_KEY = HeaderParameter(
    name="Idempotency-Key", annotation=str, required=False, pattern=KEY_PATTERN,
    min_length=1, max_length=200,
    description="1-200 printable ASCII characters, unique per request of this user: a "
                "retry with the same key and body returns the first answer and appends "
                "nothing; the same key with another body answers 422.")
ON_A_CASE = {"if_match": IF_MATCH, "idempotency_key": IDEMPOTENCY_KEY}
ON_NEW = {"idempotency_key": IDEMPOTENCY_KEY}
ANSWER_HEADERS = [
    ResponseHeader(name="ETag", documentation_only=True,
                   description='The case\'s version, e.g. "7": send it back as If-Match.'),
    ResponseHeader(name="X-Position", documentation_only=True,
                   description="The command's place in the event store: pass it to reads as "
                               "min_position to see the command's effect."),
]
CREATED_HEADERS = [*ANSWER_HEADERS, ResponseHeader(
    name="Location", documentation_only=True, description="Where the new resource is.")]


Render = Callable[[CommandResult], Any]
Locate = Callable[[CommandResult], str]


def bad_header(header: str, message: str) -> ValidationException:
    return ValidationException(detail=f"{header}: {message}",
                               extra=[{"key": header, "message": message}])


def parse_if_match(value: str | None) -> int | None:
    if value is None or value.strip() == "*":
        return None
    found = _ETAG.match(value.strip())
    if not found:
        raise bad_header("If-Match", 'must be one version as an entity tag, e.g. "7"')
    return int(found.group(1))


def parse_key(value: str | None) -> str | None:
    if value is None:
        return None
    if not _KEY.match(value):
        raise bad_header("Idempotency-Key", "must be 1 to 200 printable ASCII characters")
    return value


def canonical(data: msgspec.Struct) -> bytes:
    """The request body as decoded (defaults filled in), keys sorted: equal requests give
    equal bytes however the client spelled them."""
    return msgspec.json.encode(msgspec.to_builtins(data), order="sorted")


def etag(version: int) -> str:
    return f'"{version}"'


def idempotency_of(request: Request[Any, Any, Any], data: msgspec.Struct,
                   status: int = 200) -> Idempotency | None:
    """The record a keyed request asks for: per user and key, fingerprinted by method,
    path and canonical body."""
    key = parse_key(request.headers.get("idempotency-key"))
    if key is None:
        return None
    return Idempotency(
        record_id(actor(request).id, key),
        fingerprint(request.method, request.url.path, canonical(data),
                    container_of(request).tokenizer.key), status)


class Commanding:
    """A command route's way to the service, given to the route by Litestar (a `Provide`
    dependency, see COMMANDING): the caller, the container, and `run`."""

    def __init__(self, request: Request[Any, Any, Any]) -> None:
        self.request = request
        self.caller = actor(request)
        self.container = container_of(request)

    def run(self, name: str, data: msgspec.Struct, command: Callable[[], CaseCommand],
            render: Render, *, status: int = 200, locate: Locate | None = None,
            conditional: bool = True) -> Response[Any]:
        """Hand one command to the service under the request's If-Match and
        Idempotency-Key, and answer. (Who may call the route at all is its guard.)"""
        request = self.request
        if_match = request.headers.get("if-match")
        if not conditional and if_match is not None:
            raise bad_header("If-Match", "applies to a command on an existing case")
        context = CommandContext(self.caller, Via.API, parse_if_match(if_match),
                                 idempotency_of(request, data, status))
        result = self.container.cases.handle(command(), context)
        if not result.replayed:
            metrics_of(request).commands.labels(name).inc()
        headers = {"ETag": etag(result.version), "X-Position": str(result.position)}
        if locate is not None:
            headers["Location"] = locate(result)
        if result.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(render(result), status_code=result.status_code or status,
                        headers=headers)


COMMANDING = {"commanding": Provide(Commanding, sync_to_thread=False)}
CommandingDependency = NamedDependency[Commanding]


def metrics_of(request: Request[Any, Any, Any]) -> Metrics:
    metrics: Metrics = request.app.state["metrics"]
    return metrics
