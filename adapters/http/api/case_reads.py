"""Reads of cases (docs/domain.md §4): the caller, the case list and search, one case (now or as
it stood), its history and its access log. Reads of personal data are recorded in the
access log by the service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import FromPath, QueryParameter

from adapters.http.api.case_history import history_item_out
from adapters.http.api.reading import (
    CASE_READERS,
    OVERSIGHT,
    Cursor,
    Limit,
    MinPosition,
    People,
    TeamCode,
    bad_query,
    fresh_header,
    require_role,
)
from adapters.http.auth import actor, container_of, user_out
from adapters.http.errors import problems
from adapters.http.render import case_list_item, case_out
from adapters.http.schemas.responses import (
    AccessLogItemOut,
    AccessLogOut,
    CaseOut,
    CasePageOut,
    DuplicateOut,
    HistoryOut,
    UserOut,
)
from domain.vocabulary import Need, Risk, Status, Vulnerability
from projections.interfaces import CaseQuery
from projections.rows import CaseRow
from service import paging
from service.history import read_history
from service.identity import UserView

TAGS = ["cases"]
CasePath = FromPath[UUID]


@get("/api/v1/me", operation_id="getMe", tags=["auth"], sync_to_thread=False,
     responses=problems(401), summary="The caller")
def me(request: Request[Any, Any, State]) -> UserOut:
    user = request.scope.get("user")
    assert isinstance(user, UserView)  # the JWT middleware let the request through
    return user_out(user)


@get("/api/v1/cases", operation_id="listCases", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 422),
     summary="List and search the cases the caller may read",
     description="Newest first. `q` matches a case reference, or a resident's name (or "
                 "its beginning) or phone (whole, or its last four digits). Repeat `status`, "
                 "`risk`, `need` or `vulnerability` to match any of the values given; "
                 "different filters must all hold. Workers see their team, supervisors "
                 "their team and the teams below it, auditors every team. "
                 "`include=below` with `team`: that team and every team below it.")
def list_cases(
    request: Request[Any, Any, State],
    q: Annotated[str | None, QueryParameter(min_length=1, max_length=100,
                                            description="Reference, name or phone")] = None,
    status: Annotated[list[Status] | None, QueryParameter()] = None,
    risk: Annotated[list[Risk] | None, QueryParameter()] = None,
    need: Annotated[list[Need] | None, QueryParameter()] = None,
    vulnerability: Annotated[list[Vulnerability] | None, QueryParameter()] = None,
    worker_id: Annotated[UUID | None, QueryParameter(description="Assigned worker")] = None,
    team: TeamCode = None,
    include: Annotated[Literal["below"] | None, QueryParameter(
        description="`below`: the `team` named and every team below it")] = None,
    limit: Limit = None,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response[CasePageOut]:
    caller = actor(request)
    require_role(caller, CASE_READERS, "read cases")
    query = CaseQuery(q=q, status=tuple(status or ()), risk=tuple(risk or ()),
                      need=tuple(need or ()), vulnerability=tuple(vulnerability or ()),
                      worker_id=worker_id, team=team)
    listing = container_of(request).queries.search(caller, query, limit=limit, cursor=cursor,
                                                   min_position=min_position,
                                                   below=include == "below")
    rows: list[CaseRow] = listing.items  # type: ignore[assignment]
    body = CasePageOut(items=[case_list_item(row) for row in rows],
                       next_cursor=listing.next_cursor, fresh=listing.fresh)
    return Response(body, headers=fresh_header(listing.fresh))


@get("/api/v1/cases/{case_id:uuid}", operation_id="getCase", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 404, 409),
     summary="One case: now, or as it stood at `as_of`",
     description="The response carries `ETag: \"<version>\"`. `as_of` (supervisors and "
                 "auditors) is an ISO-8601 time with a zone, e.g. "
                 "`2022-04-10T09:00:00+08:00` (encode `+` as `%2B`); a time before the "
                 "case was opened is a 409 with rule `before_opening`. Every read is "
                 "recorded in the case's access log.")
def get_case(
    request: Request[Any, Any, State],
    case_id: CasePath,
    as_of: Annotated[datetime | None, QueryParameter(
        description="ISO-8601 time with a zone (supervisors and auditors)")] = None,
) -> Response[CaseOut]:
    caller = actor(request)
    require_role(caller, CASE_READERS, "read cases")
    cases = container_of(request).cases
    if as_of is None:
        case = cases.get_case(caller, case_id)
        body = msgspec.structs.replace(
            case_out(case), possible_duplicates=duplicates_of(request, case_id))
    else:
        if as_of.tzinfo is None:
            raise bad_query("as_of", "needs a time zone, e.g. +08:00 or Z")
        require_role(caller, OVERSIGHT, "read a case as it stood")
        case = cases.case_as_of(caller, case_id, as_of)
        body = msgspec.structs.replace(case_out(case), as_of=as_of)
    return Response(body, headers={"ETag": f'"{case.version}"'})


def duplicates_of(request: Request[Any, Any, State], case_id: UUID) -> list[DuplicateOut]:
    """Open cases of the team with the same phone or ID number, as the views marked
    them (cases opened at the same instant that intake could not show each other)."""
    row = container_of(request).queries.reader.case_row(case_id)
    return [DuplicateOut(id=other, reference=reference)
            for other, reference in (row.duplicates if row else ())]


@get("/api/v1/cases/{case_id:uuid}/history", operation_id="getCaseHistory", tags=TAGS,
     sync_to_thread=True, responses=problems(400, 401, 403, 404, 422),
     summary="Every event of a case (supervisors, auditors)",
     description="Oldest first: version, type, time, actor, channel (`via`), the "
                 "event's fields, personal texts included, and `changes`: what the event "
                 "changed in the case, field by field (`{field, from, to}`). Recorded in "
                 "the access log.")
def case_history(request: Request[Any, Any, State], case_id: CasePath,
                 limit: Limit = None, cursor: Cursor = None) -> HistoryOut:
    caller = actor(request)
    require_role(caller, OVERSIGHT, "read a case's history")
    container = container_of(request)
    size = paging.check_limit(limit)
    after = paging.offset_from(cursor, "history")  # the last version of the previous page
    history = read_history(container.cases, caller, case_id)
    remaining = [item for item in history if item.version > after]
    page = remaining[:size]
    people = People(container.identity)
    next_cursor = None
    if len(remaining) > size:
        next_cursor = paging.encode_cursor("history", page[-1].version)
    return HistoryOut(items=[history_item_out(item, people) for item in page],
                      next_cursor=next_cursor)


@get("/api/v1/cases/{case_id:uuid}/access-log", operation_id="getCaseAccessLog", tags=TAGS,
     sync_to_thread=True, responses=problems(400, 401, 403, 404, 422),
     summary="Who read a case, when, and what (supervisors of its team, auditors)",
     description="Newest first. `what` is `case`, `case_as_of`, `history` (read or "
                 "compared between versions), `history_export` (exported as a file) or "
                 "`referral_contact` (a partner shown the resident's contact details).")
def case_access_log(request: Request[Any, Any, State], case_id: CasePath,
                    limit: Limit = None, cursor: Cursor = None) -> AccessLogOut:
    caller = actor(request)
    require_role(caller, OVERSIGHT, "read a case's access log")
    container = container_of(request)
    page = container.cases.access_entries(caller, case_id, limit=limit, cursor=cursor)
    people = People(container.identity)
    return AccessLogOut(
        items=[AccessLogItemOut(at=entry.at, actor=people.actor(entry.actor_id,
                                                                entry.actor_role),
                                what=entry.what)
               for entry in page.items],
        next_cursor=page.next_cursor)


HANDLERS: list[Any] = [me, list_cases, get_case, case_history, case_access_log]
