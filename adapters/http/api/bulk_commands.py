"""Bulk reassignment (SPEC §2, §4): a supervisor moves many cases to one worker, with one
reason recorded on each case, and gets an answer per case — a case the rules refuse
does not stop the others, and no refusal is a 500.

With an Idempotency-Key, the list of cases is fixed by the first request (a batch
record) and each case's reassignment is recorded with its own events, so a retry after
a failure part-way answers the cases already done from their records and does the rest.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, Response, post
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.params import JSONBody

from adapters.bootstrap import Container
from adapters.http.api.commanding import (
    bad_header,
    canonical,
    guard_of,
    metrics_of,
    parse_key,
)
from adapters.http.api.reading import require_role
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.schemas.requests import BulkReassignIn
from adapters.http.schemas.responses import BulkReassignOut, BulkResultOut
from domain.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolated,
)
from domain.values import Actor
from domain.vocabulary import Role
from service.cases import CaseOutcome
from service.idempotency import Idempotency, fingerprint, lookup, record_batch, record_id
from service.paging import MAX_LIMIT


def status_of(error: DomainError) -> int:
    """The status the error would answer on its own (see errors.on_domain_error)."""
    if isinstance(error, InvalidInput):
        return 422
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, NotPermitted):
        return 403
    return 409


def result_of(outcome: CaseOutcome) -> BulkResultOut:
    error = outcome.error
    if error is None:
        return BulkResultOut(case_id=outcome.case_id, status=200, version=outcome.version)
    return BulkResultOut(case_id=outcome.case_id, status=status_of(error), error=error.message,
                         rule=error.rule if isinstance(error, RuleViolated) else None)


def cases_of_worker(container: Container, caller: Actor, worker_id: UUID) -> list[UUID]:
    """Every open case of the worker in the caller's team, from the caseload view (once
    it has applied every event stored so far)."""
    worker = container.identity.find_user(worker_id)
    head = container.cases_app.recorder.max_notification_id() or 0
    found: list[UUID] = []
    cursor: str | None = None
    while True:
        page = container.queries.caseload(
            caller, worker_id=worker_id, worker_team=worker.team if worker else None,
            limit=MAX_LIMIT, cursor=cursor, min_position=head)
        found.extend(item.case_id for item in page.items if item.team == caller.team)
        cursor = page.next_cursor
        if cursor is None:
            return found


@post("/api/v1/cases/reassign", operation_id="reassignCases", tags=["case commands"],
      sync_to_thread=True, status_code=200,
      responses=problems(400, 401, 403, 404, 409, 413, 422),
      summary="Reassign many cases to one worker, with one reason (supervisor)",
      description="Name either `case_ids` or `from_worker_id` (all that worker's open cases "
                  "in your team). The answer has one item per case: `status` 200 with the "
                  "case's new `version`, or the status, `error` and `rule` that refused it.")
def reassign_cases(request: Request[Any, Any, State],
                   data: JSONBody[BulkReassignIn]) -> Response[BulkReassignOut]:
    caller = actor(request)
    require_role(caller, (Role.SUPERVISOR,), "reassign cases")  # before any case is named
    if request.headers.get("if-match") is not None:
        raise bad_header("If-Match", "applies to a command on one case")
    if (data.case_ids is None) == (data.from_worker_id is None):
        message = "name either case_ids or from_worker_id"
        raise ValidationException(detail=message, extra=[{"key": "case_ids",
                                                           "message": message}])
    container = container_of(request)
    cases = container.cases
    cases.bulk_reassign_worker(caller, data.to_worker_id, data.reason)  # refuse early

    def chosen() -> list[UUID]:
        if data.case_ids is not None:
            return list(dict.fromkeys(data.case_ids))
        assert data.from_worker_id is not None
        return cases_of_worker(container, caller, data.from_worker_id)

    key = parse_key(request.headers.get("idempotency-key"))
    if key is None:
        outcomes = cases.reassign_each(caller, chosen(), data.to_worker_id, data.reason)
    else:
        idempotency = Idempotency(
            record_id(caller.id, key),
            fingerprint(request.method, request.url.path, canonical(data),
                        container_of(request).tokenizer.key))
        app = container.cases_app
        with guard_of(request).holding(idempotency.record_id):
            batch = lookup(app, idempotency)
            if batch is None:
                batch = record_batch(app, idempotency, tuple(chosen()),
                                     at=container.clock.now())
            outcomes = cases.reassign_each(caller, list(batch.case_ids), data.to_worker_id,
                                           data.reason, idempotency=idempotency)
    done = [o.position for o in outcomes if o.position is not None]
    if done:
        metrics_of(request).commands.labels("reassign").inc(len(done))
    position = max(done, default=container.cases_app.recorder.max_notification_id() or 0)
    return Response(BulkReassignOut(items=[result_of(o) for o in outcomes], position=position),
                    headers={"X-Position": str(position)})
