"""Outreach campaigns over HTTP (SPEC §6, decision 0029): create and list campaigns, load
contacts from a sheet, the caller's next contacts, a call's outcome, the report; and two
extensions (docs/api.md): the unreachable list as CSV, and closing a campaign.

Workers and supervisors of the campaign's team; another team's campaign is 404; other
roles are refused (403) before anything is read."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody
from msgspec import Meta

from adapters.http.api.case_commands import case_body
from adapters.http.api.commanding import IDEMPOTENCY_KEY, IF_MATCH, idempotency_of, parse_if_match
from adapters.http.api.reading import allow
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.schemas.requests import OptionalText
from adapters.http.schemas.requests import Request as RequestBody
from adapters.http.schemas.responses import CaseOut
from adapters.http.ui.i18n import EN, ZH, Translator
from adapters.http.ui.import_report import reason
from adapters.imports.sheets import read_sheet
from adapters.imports.uploads import MAX_UPLOAD
from domain.campaign import CallOutcome, CampaignStatus, ContactState
from domain.vocabulary import CASE_SIDE_ROLES, Role
from service.campaigns import (
    MAX_NEXT,
    CampaignReport,
    CampaignRow,
    CampaignService,
    ContactView,
    Tally,
)

TAGS = ["campaigns"]
ROUTE: dict[str, Any] = {"tags": TAGS, "sync_to_thread": True,
                         "guards": [allow(*CASE_SIDE_ROLES)]}
CampaignPath = FromPath[UUID]


class CampaignIn(RequestBody, kw_only=True):
    team: Annotated[str, Meta(min_length=1, max_length=10)]
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    description: OptionalText = None


class CampaignNextIn(RequestBody, kw_only=True):
    count: Annotated[int, Meta(ge=1, le=MAX_NEXT)] = 5


class CampaignCallIn(RequestBody, kw_only=True):
    outcome: CallOutcome
    note: OptionalText = None


class CampaignOut(msgspec.Struct, kw_only=True):
    id: UUID
    team: str
    title: str
    description: str
    status: CampaignStatus
    created_at: datetime
    closed_at: datetime | None


class CampaignsOut(msgspec.Struct, kw_only=True):
    items: list[CampaignOut]


class CampaignContactOut(msgspec.Struct, kw_only=True):
    id: UUID
    campaign_id: UUID
    version: int
    state: ContactState
    tries: int
    due_at: datetime | None
    held_until: datetime | None
    case_id: UUID | None
    name: str | None
    phone: str | None
    address: str | None
    notes: str | None


class CampaignContactsOut(msgspec.Struct, kw_only=True):
    items: list[CampaignContactOut]


class CampaignCallOut(msgspec.Struct, kw_only=True):
    contact: CampaignContactOut
    case: CaseOut | None


class CampaignLoadProblemOut(msgspec.Struct, kw_only=True):
    row: int
    column: str
    code: str
    reason: str
    reason_zh: str


class CampaignLoadOut(msgspec.Struct, kw_only=True):
    loaded: int
    problems: list[CampaignLoadProblemOut]


class CampaignTallyOut(msgspec.Struct, kw_only=True):
    calls: int
    reached: int
    no_answer: int
    unreachable: int
    cases_opened: int


class CampaignWorkerTallyOut(CampaignTallyOut, kw_only=True):
    worker_id: UUID


class CampaignDayTallyOut(CampaignTallyOut, kw_only=True):
    day: date


class CampaignReportOut(msgspec.Struct, kw_only=True):
    campaign: CampaignOut
    total: int
    called: int
    due: int
    reached: int
    unreachable: int
    cases_opened: int
    calls: CampaignTallyOut
    by_worker: list[CampaignWorkerTallyOut]
    by_day: list[CampaignDayTallyOut]


@dataclass
class CampaignContactsUpload:
    file: UploadFile


def campaign_out(row: CampaignRow) -> CampaignOut:
    return CampaignOut(id=row.id, team=row.team, title=row.title, description=row.description,
                       status=row.status, created_at=row.created_at, closed_at=row.closed_at)


def contact_out(view: ContactView) -> CampaignContactOut:
    return CampaignContactOut(**{f: getattr(view, f) for f in CampaignContactOut.__struct_fields__})


def _tally(t: Tally) -> dict[str, int]:
    return {"calls": t.calls, "reached": t.reached, "no_answer": t.no_answer,
            "unreachable": t.unreachable, "cases_opened": t.cases_opened}


def report_out(r: CampaignReport) -> CampaignReportOut:
    return CampaignReportOut(
        campaign=campaign_out(r.campaign), total=r.total, called=r.called, due=r.due,
        reached=r.reached, unreachable=r.unreachable, cases_opened=r.cases_opened,
        calls=CampaignTallyOut(**_tally(r.calls)),
        by_worker=[CampaignWorkerTallyOut(worker_id=w, **_tally(t))
                   for w, t in sorted(r.by_worker.items(), key=lambda i: str(i[0]))],
        by_day=[CampaignDayTallyOut(day=d, **_tally(t)) for d, t in sorted(r.by_day.items())])


def _service(request: Request[Any, Any, Any]) -> CampaignService:
    campaigns = container_of(request).campaigns
    assert campaigns is not None
    return campaigns


@post("/api/v1/campaigns", operation_id="createCampaign", status_code=201,
      responses=problems(400, 401, 403, 404, 413, 422), **ROUTE,
      summary="Start an outreach campaign (supervisor of the team)",
      description="`{team, title, description}`; 201 with the campaign.")
def create_campaign(request: Request[Any, Any, Any],
                    data: JSONBody[CampaignIn]) -> Response[CampaignOut]:
    row = _service(request).create(actor(request), data.team, data.title,
                                   data.description or "")
    return Response(campaign_out(row), status_code=201,
                    headers={"Location": f"/api/v1/campaigns/{row.id}"})


@get("/api/v1/campaigns", operation_id="listCampaigns", responses=problems(401, 403),
     **ROUTE, summary="The campaigns of the caller's team, newest first")
def list_campaigns(request: Request[Any, Any, Any]) -> CampaignsOut:
    return CampaignsOut(items=[campaign_out(r)
                               for r in _service(request).campaigns(actor(request))])


@post("/api/v1/campaigns/{campaign_id:uuid}/contacts", operation_id="loadCampaignContacts",
      status_code=200, request_max_body_size=MAX_UPLOAD,
      responses=problems(400, 401, 403, 404, 409, 413, 422), **ROUTE,
      summary="Load contacts from a CSV or XLSX sheet (supervisor)",
      description="multipart `file`, read as imports are (CSV UTF-8, BOM or GB18030; "
                  "XLSX). Columns 姓名/name and 电话/phone (required), 地址/address, "
                  "备注/notes. Each good row becomes a contact; each unusable row is "
                  "listed with its row, column and reason.")
def load_contacts(request: Request[Any, Any, Any], campaign_id: CampaignPath,
                  data: Annotated[CampaignContactsUpload,
                                  Body(media_type=RequestEncodingType.MULTI_PART)]
                  ) -> CampaignLoadOut:
    caller, campaigns = actor(request), _service(request)
    campaigns.campaign(caller, campaign_id)  # scope before the file is read
    sheet = read_sheet(data.file.file.read(), data.file.filename)
    result = campaigns.load_contacts(caller, campaign_id, sheet)
    en, zh = Translator(EN, UTC), Translator(ZH, UTC)
    return CampaignLoadOut(loaded=result.loaded, problems=[
        CampaignLoadProblemOut(row=p.row, column=p.column, code=p.code, reason=reason(en, p),
                       reason_zh=reason(zh, p)) for p in result.problems])


@post("/api/v1/campaigns/{campaign_id:uuid}/next", operation_id="nextContacts",
      status_code=200, responses=problems(400, 401, 403, 404, 409, 413, 422), **ROUTE,
      summary="The caller's next contacts to call, held for them for 30 minutes",
      description="`{count}` (1-50, default 5): the contacts the caller holds still, then "
                  "due ones, each held for the caller; never one another caller holds. "
                  "Recorded in the access log (names and phones).")
def next_contacts(request: Request[Any, Any, Any], campaign_id: CampaignPath,
                  data: JSONBody[CampaignNextIn]) -> CampaignContactsOut:
    found = _service(request).next(actor(request), campaign_id, data.count)
    return CampaignContactsOut(items=[contact_out(c) for c in found])


@post("/api/v1/contacts/{contact_id:uuid}/calls", operation_id="recordCall",
      status_code=200, parameters={"if_match": IF_MATCH, "idempotency_key": IDEMPOTENCY_KEY},
      responses=problems(400, 401, 403, 404, 409, 412, 413, 422), **ROUTE,
      summary="A call's outcome; need_found opens a case (channel outreach) and returns it",
      description="`{outcome, note}`; `need_found` needs a note (it is the case's request). "
                  "The caller must hold the contact (from `next`). If-Match: the contact's "
                  "version; a retried Idempotency-Key answers the first answer again.")
def record_call(request: Request[Any, Any, Any], contact_id: FromPath[UUID],
                data: JSONBody[CampaignCallIn]) -> Response[CampaignCallOut]:
    expected = parse_if_match(request.headers.get("if-match"))
    done = _service(request).record_call(actor(request), contact_id, data.outcome,
                                         data.note, expected, idempotency_of(request, data))
    return Response(CampaignCallOut(contact=contact_out(done.contact),
                            case=case_body(done.case) if done.case else None),
                    headers={"ETag": f'"{done.contact.version}"'})


@get("/api/v1/campaigns/{campaign_id:uuid}/report", operation_id="campaignReport",
     responses=problems(400, 401, 403, 404), **ROUTE,
     summary="Called, reached, unreachable, cases opened; by worker and by day",
     description="Contacts: `total` = `due` + `reached` + `unreachable`; `called` have had "
                 "a call. Calls: `calls.calls` = the sum over `by_worker` = the sum over "
                 "`by_day` (days in the service's time zone).")
def campaign_report(request: Request[Any, Any, Any],
                    campaign_id: CampaignPath) -> CampaignReportOut:
    return report_out(_service(request).report(actor(request), campaign_id))


@get("/api/v1/campaigns/{campaign_id:uuid}/unreachable", operation_id="campaignUnreachable",
     responses=problems(400, 401, 403, 404), tags=TAGS, sync_to_thread=True,
     guards=[allow(Role.SUPERVISOR)], media_type="text/csv",
     summary="The unreachable contacts as CSV, for a home visit (supervisor)",
     description="Name, phone, address, notes, tries; recorded in the access log.")
def campaign_unreachable(request: Request[Any, Any, Any],
                         campaign_id: CampaignPath) -> Response[bytes]:
    found = _service(request).unreachable(actor(request), campaign_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名 name", "电话 phone", "地址 address", "备注 notes", "tries"])
    for c in found:
        writer.writerow([c.name, c.phone, c.address or "", c.notes or "", c.tries])
    return Response(("\ufeff" + out.getvalue()).encode(), media_type="text/csv",
                    headers={"Cache-Control": "no-store", "Content-Disposition":
                             f'attachment; filename="unreachable-{campaign_id}.csv"'})


@post("/api/v1/campaigns/{campaign_id:uuid}/close", operation_id="closeCampaign",
      status_code=200, responses=problems(400, 401, 403, 404, 409), tags=TAGS,
      sync_to_thread=True, guards=[allow(Role.SUPERVISOR)],
      summary="Close a campaign (supervisor): no more calls; its contacts that never "
              "became cases are erased after the retention period")
def close_campaign(request: Request[Any, Any, Any], campaign_id: CampaignPath) -> CampaignOut:
    return campaign_out(_service(request).close(actor(request), campaign_id))


HANDLERS: list[Any] = [create_campaign, list_campaigns, load_contacts, next_contacts,
                       record_call, campaign_report, campaign_unreachable, close_campaign]
