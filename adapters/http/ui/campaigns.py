"""Outreach campaigns in the web UI (电话排查, decision 0029): the team's campaigns and a
supervisor's form to start one; a campaign's page with its progress table (and, for a
supervisor, the contact upload, the unreachable list and closing); "my next contacts"
with an outcome form on each contact's card. The same service as the API."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.import_report import reason
from adapters.http.ui.pages import CASE_SIDE, FormBody, Ui, done, page, signed_in
from adapters.imports.sheets import read_sheet
from adapters.imports.uploads import MAX_UPLOAD
from domain.campaign import CallOutcome
from domain.errors import DomainError, InvalidInput
from domain.vocabulary import Role
from service.campaigns import CampaignService, LoadResult

CampaignPath = FromPath[UUID]
NEXT_COUNT = 5


def _service(ui: Ui) -> CampaignService:
    campaigns = ui.container.campaigns
    assert campaigns is not None
    return campaigns


def _list(ui: Ui, *, status: int = 200, **extra: Any) -> Template:
    return page(ui, "campaigns.html", status=status, title=ui.tr.t("campaign.title"),
                campaigns=_service(ui).campaigns(ui.actor),
                supervisor=ui.actor.role is Role.SUPERVISOR, **extra)


@get("/campaigns", name="ui-campaigns", sync_to_thread=True)
def campaigns_page(request: Request[Any, Any, Any]) -> Template:
    return _list(signed_in(request, *CASE_SIDE))


@post("/campaigns", name="ui-campaign-create", sync_to_thread=True, status_code=303)
def create_campaign(request: Request[Any, Any, Any], data: FormBody) -> Template | Redirect:
    ui, form = signed_in(request, Role.SUPERVISOR), Form(data)
    try:
        row = _service(ui).create(ui.actor, ui.actor.team or "", form.raw("title"),
                                  form.raw("description"))
    except DomainError as error:
        problem = explain(ui.tr, error)
        return _list(ui, status=problem.status, problem=problem, values=form.values)
    return done(ui, f"/campaigns/{row.id}", "campaign.created")


def _campaign(ui: Ui, campaign_id: UUID, *, status: int = 200, **extra: Any) -> Template:
    service = _service(ui)
    report = service.report(ui.actor, campaign_id)
    by_worker = sorted(((ui.names.person(w), t) for w, t in report.by_worker.items()),
                       key=lambda item: item[0])
    by_day = [(ui.tr.day(d), t) for d, t in sorted(report.by_day.items())]
    return page(ui, "campaign.html", status=status, title=report.campaign.title,
                report=report, by_worker_rows=by_worker, by_day_rows=by_day,
                chart_days=_day_chart(ui, report.by_day),
                supervisor=ui.actor.role is Role.SUPERVISOR, **extra)


# The calls of each day, stacked by what came of them (the table under it holds the same
# figures, for readers without the chart).
_DAY_SERIES = (("reached", "#1e5e2f"), ("no_answer", "#7a4b00"), ("unreachable", "#a4161a"))


def _day_chart(ui: Ui, by_day: dict[Any, Any]) -> dict[str, Any]:
    days = sorted(by_day)
    return {"type": "bar", "data": {
        "labels": [ui.tr.day(d) for d in days],
        "datasets": [{"label": ui.tr.t(f"campaign.tally.{kind}"),
                      "data": [getattr(by_day[d], kind) for d in days],
                      "backgroundColor": colour, "stack": "calls"}
                     for kind, colour in _DAY_SERIES]},
        "options": {"scales": {"x": {"stacked": True},
                               "y": {"stacked": True, "beginAtZero": True,
                                     "ticks": {"precision": 0}}}}}


@get("/campaigns/{campaign_id:uuid}", name="ui-campaign", sync_to_thread=True)
def campaign_page(request: Request[Any, Any, Any], campaign_id: CampaignPath) -> Template:
    return _campaign(signed_in(request, *CASE_SIDE), campaign_id)


@post("/campaigns/{campaign_id:uuid}/contacts", name="ui-campaign-contacts",
      sync_to_thread=True, status_code=200, request_max_body_size=MAX_UPLOAD)
def upload_contacts(request: Request[Any, Any, Any], campaign_id: CampaignPath, data: Annotated[
        dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    upload = data.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("file", "required")
        _service(ui).campaign(ui.actor, campaign_id)
        loaded: LoadResult = _service(ui).load_contacts(
            ui.actor, campaign_id, read_sheet(upload.file.read(), upload.filename))
    except DomainError as error:
        problem = explain(ui.tr, error)
        return _campaign(ui, campaign_id, status=problem.status, problem=problem)
    return _campaign(ui, campaign_id, loaded=loaded.loaded, load_problems=[
        (p.row, p.column, reason(ui.tr, p)) for p in loaded.problems])


@get("/campaigns/{campaign_id:uuid}/unreachable.csv", name="ui-campaign-unreachable",
     sync_to_thread=True)
def unreachable_csv(request: Request[Any, Any, Any],
                    campaign_id: CampaignPath) -> Response[bytes]:
    ui = signed_in(request, Role.SUPERVISOR)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([ui.tr.t(f"campaign.column.{c}") for c in
                     ("name", "phone", "address", "notes", "tries")])
    for c in _service(ui).unreachable(ui.actor, campaign_id):
        writer.writerow([c.name, c.phone, c.address or "", c.notes or "", c.tries])
    return Response(("\ufeff" + out.getvalue()).encode(), media_type="text/csv; charset=utf-8",
                    headers={"Cache-Control": "no-store", "Content-Disposition":
                             f'attachment; filename="unreachable-{campaign_id}.csv"'})


@post("/campaigns/{campaign_id:uuid}/close", name="ui-campaign-close", sync_to_thread=True,
      status_code=303)
def close_campaign(request: Request[Any, Any, Any], campaign_id: CampaignPath,
                   data: FormBody) -> Template | Redirect:
    ui = signed_in(request, Role.SUPERVISOR)
    try:
        _service(ui).close(ui.actor, campaign_id)
    except DomainError as error:
        problem = explain(ui.tr, error)
        return _campaign(ui, campaign_id, status=problem.status, problem=problem)
    return done(ui, f"/campaigns/{campaign_id}", "campaign.closed_done")


def _calls(ui: Ui, campaign_id: UUID, *, status: int = 200, **extra: Any) -> Template:
    service = _service(ui)
    row = service.campaign(ui.actor, campaign_id)
    return page(ui, "campaign_calls.html", status=status, title=ui.tr.t("campaign.mine"),
                campaign=row, contacts=service.mine(ui.actor, campaign_id),
                outcomes=[(o.value, ui.tr.t(f"campaign.outcome.{o.value}"))
                          for o in CallOutcome], **extra)


@get("/campaigns/{campaign_id:uuid}/calls", name="ui-campaign-calls", sync_to_thread=True)
def calls_page(request: Request[Any, Any, Any], campaign_id: CampaignPath) -> Template:
    return _calls(signed_in(request, *CASE_SIDE), campaign_id)


@post("/campaigns/{campaign_id:uuid}/calls/next", name="ui-campaign-next",
      sync_to_thread=True, status_code=303)
def take_next(request: Request[Any, Any, Any], campaign_id: CampaignPath,
              data: FormBody) -> Template | Redirect:
    ui = signed_in(request, *CASE_SIDE)
    try:
        taken = _service(ui).next(ui.actor, campaign_id, NEXT_COUNT)
    except DomainError as error:
        problem = explain(ui.tr, error)
        return _calls(ui, campaign_id, status=problem.status, problem=problem)
    return done(ui, f"/campaigns/{campaign_id}/calls",
                "campaign.taken" if taken else "campaign.none_due")


@post("/campaigns/{campaign_id:uuid}/calls/{contact_id:uuid}", name="ui-campaign-call",
      sync_to_thread=True, status_code=303)
def record_call(request: Request[Any, Any, Any], campaign_id: CampaignPath,
                contact_id: FromPath[UUID], data: FormBody) -> Template | Redirect:
    ui, form = signed_in(request, *CASE_SIDE), Form(data)
    try:
        outcome = form.choice("outcome", CallOutcome)
        result = _service(ui).record_call(ui.actor, contact_id, outcome,
                                          form.optional("note"))
    except DomainError as error:
        problem = explain(ui.tr, error)
        return _calls(ui, campaign_id, status=problem.status, problem=problem,
                      values={str(contact_id): form.values})
    if result.case is not None:
        return done(ui, f"/campaigns/{campaign_id}/calls", "campaign.case_opened",
                    reference=result.case.case.reference)
    return done(ui, f"/campaigns/{campaign_id}/calls", "campaign.recorded")


HANDLERS: list[Any] = [campaigns_page, create_campaign, campaign_page, upload_contacts,
                       unreachable_csv, close_campaign, calls_page, take_next, record_call]
