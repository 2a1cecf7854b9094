"""The work queues (docs/domain.md §3): a team's intake queue and a worker's caseload."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import QueryParameter

from adapters.http.api.reading import (
    CASE_READERS,
    Cursor,
    Limit,
    MinPosition,
    TeamCode,
    fresh_header,
    require_role,
)
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.render import queue_item
from adapters.http.schemas.responses import QueuePageOut
from domain.vocabulary import CASE_SIDE_ROLES
from service.queries import Listing
from service.results import QueueItem

TAGS = ["queues"]


def _page(listing: Listing) -> Response[QueuePageOut]:
    items: list[QueueItem] = listing.items  # type: ignore[assignment]
    body = QueuePageOut(items=[queue_item(item) for item in items],
                        next_cursor=listing.next_cursor, fresh=listing.fresh)
    return Response(body, headers=fresh_header(listing.fresh))


@get("/api/v1/queues/intake", operation_id="getIntakeQueue", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 404, 422),
     summary="The caller's team's intake queue, or a team's below it",
     description="Cases in `intake` or `assessed` with no worker. Order: `critical`, then "
                 "not yet assessed, then `high`, `medium`, `low`; within a level, longest "
                 "waiting first. Workers and supervisors only; a supervisor may name a "
                 "`team` below theirs (another team: 404).")
def intake_queue(request: Request[Any, Any, State], team: TeamCode = None,
                 limit: Limit = None, cursor: Cursor = None,
                 min_position: MinPosition = None) -> Response[QueuePageOut]:
    caller = actor(request)
    require_role(caller, CASE_SIDE_ROLES, "read an intake queue")
    return _page(container_of(request).queries.intake_queue(
        caller, team=team, limit=limit, cursor=cursor, min_position=min_position))


@get("/api/v1/queues/caseload", operation_id="getCaseload", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 404, 422),
     summary="A worker's caseload: the caller's, or `worker_id`'s",
     description="`active` and `pending_closure` cases. Order: overdue follow-ups first "
                 "(oldest due first), then by risk (highest first), then by next follow-up "
                 "date, then by opening time. A supervisor may name a worker of their team; "
                 "an auditor must name one.")
def caseload(
    request: Request[Any, Any, State],
    worker_id: Annotated[UUID | None, QueryParameter(
        description="Another worker (supervisor: of their team; auditor: anyone)")] = None,
    limit: Limit = None, cursor: Cursor = None, min_position: MinPosition = None,
) -> Response[QueuePageOut]:
    caller = actor(request)
    require_role(caller, CASE_READERS, "read a caseload")
    container = container_of(request)
    worker_team = None
    if worker_id is not None:
        worker = container.identity.find_user(worker_id)
        worker_team = worker.team if worker is not None else None
    return _page(container.queries.caseload(
        caller, worker_id=worker_id, worker_team=worker_team, limit=limit, cursor=cursor,
        min_position=min_position))


HANDLERS: list[Any] = [intake_queue, caseload]
