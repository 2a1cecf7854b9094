"""Reads of referrals (docs/domain.md §1, §4): what the caller may see of them.

A partner sees only its organisation's referrals, each as the partner view: a
de-identified summary, and the resident's contact details only while the referral is
accepted and not completed (showing them is recorded in the case's access log).
Workers and supervisors see their team's referrals, auditors all; both read the
resident's details on the case itself. The referral commands are in case_commands.py.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import FromPath, QueryParameter

from adapters.http.api.reading import (
    REFERRAL_READERS,
    Cursor,
    Limit,
    MinPosition,
    fresh_header,
    require_role,
)
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.render import money
from adapters.http.schemas.responses import (
    ContactOut,
    ReferralOut,
    ReferralPageOut,
    ReferrerOut,
)
from domain.values import Actor
from domain.vocabulary import ReferralStatus, Role
from projections.rows import ReferralRow
from service.partner_view import PartnerReferral
from service.queries import CaseQueries

TAGS = ["referrals"]


def referral_out(row: ReferralRow, view: PartnerReferral | None = None) -> ReferralOut:
    contact = view.contact if view is not None else None
    return ReferralOut(
        id=row.referral_id, case_id=row.case_id, reference=row.reference,
        organisation_id=row.organisation_id, team=row.team, status=row.status,
        service=row.service, sent_at=row.sent_at, respond_by=row.respond_by,
        district=row.district, age_band=row.age_band,
        vulnerabilities=list(row.vulnerabilities), needs=list(row.needs),
        request_summary=view.request_summary if view is not None else None,
        contact=ContactOut(
            name=contact.name, phone=contact.phone, district=contact.district,
            street=contact.street, community=contact.community,
            address_detail=contact.address_detail,
            emergency_contact_name=contact.emergency_contact_name,
            emergency_contact_phone=contact.emergency_contact_phone,
        ) if contact is not None else None,
        accepted_at=row.accepted_at, completed_at=row.completed_at, outcome=row.outcome,
        value_cny=money(row.value_cny), people_helped=row.people_helped,
        note=view.note if view is not None else None,
        referrer=ReferrerOut(team=view.referrer.team, team_name=view.referrer.team_name,
                             duty_phone=view.referrer.duty_phone,
                             worker_name=view.referrer.worker_name)
        if view is not None and view.referrer is not None else None,
    )


def seen_by(caller: Actor, queries: CaseQueries, row: ReferralRow) -> ReferralOut:
    """The referral as the caller sees it: a partner gets the partner view."""
    if caller.role is Role.PARTNER:
        return referral_out(row, queries.partner_view(caller, row))
    return referral_out(row)


@get("/api/v1/referrals", operation_id="listReferrals", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 404, 422),
     summary="The referrals the caller may see, newest first",
     description="A partner: its organisation's, de-identified, with `contact` only while "
                 "a referral is accepted and not completed. Workers and supervisors: their "
                 "team's. Auditors: all (filter by `organisation_id`). Repeat `status` to "
                 "match any of several.")
def list_referrals(
    request: Request[Any, Any, State],
    status: Annotated[list[ReferralStatus] | None, QueryParameter()] = None,
    organisation_id: Annotated[UUID | None, QueryParameter(
        description="Referrals to one organisation (a partner: only its own)")] = None,
    limit: Limit = None, cursor: Cursor = None, min_position: MinPosition = None,
) -> Response[ReferralPageOut]:
    caller = actor(request)
    require_role(caller, REFERRAL_READERS, "read referrals")
    queries = container_of(request).queries
    listing = queries.referrals(caller, status=tuple(status or ()),
                                organisation_id=organisation_id, limit=limit, cursor=cursor,
                                min_position=min_position)
    rows: list[ReferralRow] = listing.items  # type: ignore[assignment]
    body = ReferralPageOut(items=[seen_by(caller, queries, row) for row in rows],
                           next_cursor=listing.next_cursor, fresh=listing.fresh)
    return Response(body, headers=fresh_header(listing.fresh))


@get("/api/v1/referrals/{referral_id:uuid}", operation_id="getReferral", tags=TAGS,
     sync_to_thread=True, responses=problems(400, 401, 403, 404),
     summary="One referral, as the caller may see it",
     description="A referral out of the caller's scope is 404. `X-Fresh: false` says the "
                 "wait for `min_position` timed out.")
def get_referral(request: Request[Any, Any, State], referral_id: FromPath[UUID],
                 min_position: MinPosition = None) -> Response[ReferralOut]:
    caller = actor(request)
    require_role(caller, REFERRAL_READERS, "read referrals")
    queries = container_of(request).queries
    fresh = queries.wait(min_position)
    row = queries.referral(caller, referral_id)
    return Response(seen_by(caller, queries, row), headers=fresh_header(fresh))


HANDLERS: list[Any] = [list_referrals, get_referral]
