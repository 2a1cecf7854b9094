"""What every command route shares: If-Match, Idempotency-Key and the answer's headers.

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

import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec
import psycopg
from litestar import Request, Response
from litestar.datastructures import ResponseHeader
from litestar.exceptions import ValidationException
from litestar.params import HeaderParameter

from adapters.http.api.reading import require_role
from adapters.http.auth import actor, container_of
from adapters.http.observability import Metrics
from domain.case import Case
from domain.vocabulary import Role
from service.applications import load
from service.cases import CommandResult
from service.idempotency import (
    AlreadyRecorded,
    Idempotency,
    IdempotencyRecord,
    KeysInFlight,
    fingerprint,
    in_progress,
    lookup,
    record_id,
)

# The published patterns are the ones the server checks (a header's value never starts or
# ends with a space on the wire, so neither does a key).
IF_MATCH_PATTERN = r'^(?:\*|(?:W/)?"[0-9]{1,18}")$'
KEY_PATTERN = r"^[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?$"
_ETAG = re.compile(r'^(?:W/)?"(\d{1,18})"$')
_KEY = re.compile(KEY_PATTERN)
_GUARD_LOCK = threading.Lock()

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


@dataclass(frozen=True)
class Answered:
    """A command's answer: the case as the command left it and the case now (the same,
    unless the answer is replayed for a retried Idempotency-Key)."""

    case: Case
    current: Case
    referral_id: UUID | None
    position: int


Run = Callable[[int | None, Idempotency | None], CommandResult]
Render = Callable[[Answered], Any]
Locate = Callable[[Answered], str]


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


def execute(request: Request[Any, Any, Any], command: str, data: msgspec.Struct, run: Run,
            render: Render, *, roles: tuple[Role, ...], status: int = 200,
            locate: Locate | None = None, conditional: bool = True) -> Response[Any]:
    """Run one command under the request's If-Match and Idempotency-Key, and answer.

    A role that may never give the command gets 403 before anything is looked up, so
    the answer is the same whether the case or referral exists or not.
    """
    require_role(actor(request), roles, command.replace("_", " "))
    if_match = request.headers.get("if-match")
    if not conditional and if_match is not None:
        raise bad_header("If-Match", "applies to a command on an existing case")
    expected = parse_if_match(if_match)
    key = parse_key(request.headers.get("idempotency-key"))
    if key is None:
        return _answer(request, command, run(expected, None), render, status, locate)
    idempotency = Idempotency(
        record_id(actor(request).id, key),
        fingerprint(request.method, request.url.path, canonical(data),
                        container_of(request).tokenizer.key), status)
    app = container_of(request).cases_app
    with guard_of(request).holding(idempotency.record_id):
        record = lookup(app, idempotency)
        if record is None:
            try:
                result = run(expected, idempotency)
            except AlreadyRecorded as done:  # a concurrent request with this key won
                record = done.record
            else:
                return _answer(request, command, result, render, status, locate)
        return replay(request, record, render, locate)


def _answer(request: Request[Any, Any, Any], command: str, result: CommandResult,
            render: Render, status: int, locate: Locate | None) -> Response[Any]:
    metrics_of(request).commands.labels(command).inc()
    answered = Answered(result.case, result.case, result.referral_id, result.position)
    return _respond(answered, render, status, locate, replayed=False)


def replay(request: Request[Any, Any, Any], record: IdempotencyRecord, render: Render,
           locate: Locate | None) -> Response[Any]:
    """The first answer again, rendered from the case at the recorded version."""
    app = container_of(request).cases_app
    assert record.case_id is not None, "a command's record names its case"
    assert record.case_version is not None
    case: Any = app.repository.get(record.case_id, version=record.case_version)
    assert isinstance(case, Case)
    current = load(app, record.case_id, Case, "case")
    head = app.recorder.max_notification_id() or 0
    answered = Answered(case, current, record.referral_id, head)
    return _respond(answered, render, record.status_code, locate, replayed=True)


def _respond(answered: Answered, render: Render, status: int, locate: Locate | None, *,
             replayed: bool) -> Response[Any]:
    headers = {"ETag": etag(answered.case.version), "X-Position": str(answered.position)}
    if locate is not None:
        headers["Location"] = locate(answered)
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(render(answered), status_code=status, headers=headers)


def metrics_of(request: Request[Any, Any, Any]) -> Metrics:
    metrics: Metrics = request.app.state["metrics"]
    return metrics


# requests still running -----------------------------------------------------------
class InFlightGuard:
    """Refuses a request whose key's first request still runs: in this process (a set of
    keys), and on PostgreSQL in any process (an advisory lock held while it runs)."""

    def __init__(self, database_url: str | None, scope: str) -> None:
        self.database_url = database_url
        self.scope = scope
        self.local = KeysInFlight()

    @contextmanager
    def holding(self, key: UUID) -> Iterator[None]:
        self.local.enter(key)
        try:
            with self._across_processes(key):
                yield
        finally:
            self.local.leave(key)

    @contextmanager
    def _across_processes(self, key: UUID) -> Iterator[None]:
        if self.database_url is None:  # the embedded store serves one process
            yield
            return
        digest = hashlib.sha256(f"casework-idempotency:{self.scope}:{key}".encode()).digest()
        lock = int.from_bytes(digest[:8], "big", signed=True)
        with psycopg.connect(self.database_url, autocommit=True, connect_timeout=5) as conn:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock,)).fetchone()
            if not row or not row[0]:
                raise in_progress()
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (lock,))


def guard_of(request: Request[Any, Any, Any]) -> InFlightGuard:
    state = request.app.state
    with _GUARD_LOCK:
        guard = state.get("idempotency_guard")
        if not isinstance(guard, InFlightGuard):
            settings = container_of(request).settings
            guard = InFlightGuard(settings.database_url, settings.database_schema or "public")
            state["idempotency_guard"] = guard
    return guard
