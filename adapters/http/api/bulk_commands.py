"""Bulk reassignment (SPEC §2, §4): a supervisor moves many cases to one worker, with one
reason recorded on each case, and gets an answer per case — a case the rules refuse
does not stop the others, and no refusal is a 500.

The service runs it (service/bulk.py), Idempotency-Key included.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.params import JSONBody

from adapters.http.api.commanding import bad_header, idempotency_of, metrics_of
from adapters.http.api.reading import allow
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
from domain.vocabulary import Role, Via
from service.bulk import ReassignCases
from service.cases import CaseOutcome
from service.commands import CommandContext


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


@post("/api/v1/cases/reassign", guards=[allow(Role.SUPERVISOR)], operation_id="reassignCases",
      tags=["case commands"],
      sync_to_thread=True, status_code=200,
      responses=problems(400, 401, 403, 404, 409, 413, 422),
      summary="Reassign many cases to one worker, with one reason (supervisor)",
      description="Name either `case_ids` or `from_worker_id` (all that worker's open cases "
                  "in your team). The answer has one item per case: `status` 200 with the "
                  "case's new `version`, or the status, `error` and `rule` that refused it.")
def reassign_cases(request: Request[Any, Any, State],
                   data: JSONBody[BulkReassignIn]) -> Response[BulkReassignOut]:
    caller = actor(request)
    if request.headers.get("if-match") is not None:
        raise bad_header("If-Match", "applies to a command on one case")
    if (data.case_ids is None) == (data.from_worker_id is None):
        message = "name either case_ids or from_worker_id"
        raise ValidationException(detail=message, extra=[{"key": "case_ids",
                                                           "message": message}])
    context = CommandContext(caller, Via.API, None, idempotency_of(request, data))
    result = container_of(request).bulk.reassign(ReassignCases(
        data.to_worker_id, data.reason,
        tuple(data.case_ids) if data.case_ids is not None else None, data.from_worker_id),
        context)
    if result.done:
        metrics_of(request).commands.labels("reassign").inc(result.done)
    return Response(BulkReassignOut(items=[result_of(o) for o in result.outcomes],
                                    position=result.position),
                    headers={"X-Position": str(result.position)})
