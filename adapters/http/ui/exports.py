"""Downloads and print (issue 12, item 9): the case list as filtered and the referrals as
CSV or XLSX files, and the case record sheet (个案记录表) to print. Every download and
every print is recorded in the access log (service/exports.py, CaseService)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.params import QueryParameter
from litestar.response import Stream, Template

from adapters.http.case_filters import NAMES, Params, case_query, filters_given, link
from adapters.http.exports import case_columns, download, referral_columns
from adapters.http.ui.pages import CASE_READERS, CaseId, Ui, page, signed_in
from adapters.http.ui.tiers import chooses_team
from domain.errors import InvalidInput
from domain.vocabulary import ReferralStatus, Role
from service import audit
from service.exports import Exports
from service.history import HistoryItem, history_item

Format = Annotated[str, QueryParameter(pattern=r"^(csv|xlsx)$")]
REFERRAL_READERS = (Role.WORKER, Role.SUPERVISOR, Role.PARTNER, Role.AUDITOR)
NOTE_EVENTS = ("note_added", "follow_up_done")
_LABELLED = {"status": "status", "risk": "risk", "need": "need",
             "vulnerability": "vulnerability", "channel": "channel"}


def _describe(ui: Ui, given: dict[str, str]) -> str:
    """The filters of a list in words: `状态:在办;困难类型:独居`."""
    tr = ui.tr
    parts = []
    for name, value in given.items():
        values = value.split(",")
        if name in _LABELLED:
            parts.append(tr.labels(_LABELLED[name], values))
        elif name == "worker_id":
            try:
                parts.append(ui.names.person(UUID(value)))
            except ValueError:
                parts.append(value)
        elif name == "team":
            parts.append(ui.names.team(value.upper()))
        elif name == "assigned":
            parts.append(tr.t("filters.assigned" if value in ("yes", "1")
                              else "filters.unassigned"))
        elif name == "unassessed":
            parts.append(tr.t("filters.unassessed"))
        elif name == "deadline":
            parts.append(tr.t(f"filters.{value}") if value in ("breached", "overdue") else value)
        else:  # street, community
            parts.append(value)
    return ";".join(parts) if tr.is_zh else "; ".join(parts)


def list_filters(ui: Ui, params: Params) -> dict[str, Any]:
    """What the case list shows about its filters, and its download links (the filters
    without the search words: those never go into an address)."""
    given = filters_given(params)
    return {"filters_text": _describe(ui, given) if given else None,
            "export_csv": link("/cases/export", **given) + ("&" if given else "?") + "format=csv",
            "export_xlsx": link("/cases/export", **given) + ("&" if given else "?")
            + "format=xlsx",
            "has_q": any(params.get("q", ()))}


def _exports(ui: Ui) -> Exports:
    return Exports(ui.container.queries, ui.container.access_log, ui.container.clock)


def _file_name(ui: Ui, kind: str) -> str:
    return f"{kind}-{ui.container.queries.today().isoformat()}"


@get("/cases/export", name="ui-cases-export", sync_to_thread=True)
def export_cases(request: Request[Any, Any, Any], format: Format = "csv") -> Stream:
    """The case list as filtered (the same filters as /cases), as a CSV or XLSX file."""
    ui = signed_in(request, *CASE_READERS)
    params = {name: request.query_params.getall(name) for name in NAMES
              if name in request.query_params}
    query = case_query(params, now=ui.container.clock.now(), today=ui.container.queries.today(),
                       may_choose_team=chooses_team(ui))
    rows = _exports(ui).cases(ui.actor, query)
    return download(ui.tr, case_columns(ui.tr, ui.names), rows, fmt=format,
                    name=_file_name(ui, "cases"))


@get("/referrals/export", name="ui-referrals-export", sync_to_thread=True)
def export_referrals(request: Request[Any, Any, Any], format: Format = "csv",
                     status: Annotated[str | None, QueryParameter(max_length=40)] = None
                     ) -> Stream:
    """The referrals the user may see, one de-identified line each, with the outcome."""
    ui = signed_in(request, *REFERRAL_READERS)
    try:
        statuses = tuple(ReferralStatus(s) for s in (status or "").split(",") if s)
    except ValueError:
        raise InvalidInput("status", "choose_option") from None
    rows = _exports(ui).referrals(ui.actor, status=statuses)
    return download(ui.tr, referral_columns(ui.tr, ui.names), rows, fmt=format,
                    name=_file_name(ui, "referrals"))


def _personal(item: HistoryItem, field: str) -> str:
    personal = item.data.get("personal") or {}
    return str(personal.get(field) or "")


@get("/cases/{case_id:uuid}/print", name="ui-case-print", sync_to_thread=True)
def print_case(request: Request[Any, Any, Any], case_id: CaseId) -> Template:
    """The case record sheet: the case on paper, with no navigation and no forms; the
    print is recorded in the access log."""
    ui = signed_in(request, *CASE_READERS)
    case, events = ui.container.cases.case_with_events(ui.actor, case_id, what=audit.CASE_PRINT)
    items = [history_item(event) for event in events]
    notes = [(i, _personal(i, "text")) for i in items if i.type in NOTE_EVENTS]
    services = [(i, _personal(i, "description")) for i in items if i.type == "service_logged"]
    return page(ui, "case_print.html", title=ui.tr.t("print.title", reference=case.reference),
                case=case, personal=case.personal, assessment=case.assessment_personal,
                notes=notes, services=services,
                referrals=sorted(case.referrals.values(), key=lambda r: r.sent_at),
                printed_at=ui.tr.when(ui.container.clock.now()))


HANDLERS: list[Any] = [export_cases, export_referrals, print_case]
