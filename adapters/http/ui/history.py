"""A case's history for supervisors and auditors (个案历史): every event in words, the case
as it stood at a chosen moment (历史状态(截至…)), and who read it (查阅记录)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from litestar.params import QueryParameter
from litestar.response import Template

from adapters.http.api.case_history import attachment, history_csv, history_export
from adapters.http.ui.feedback import Problem, explain
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import CaseId, page, signed_in
from adapters.http.ui.timeline import timeline
from domain.errors import DomainError
from domain.vocabulary import Role
from service.case_detail import CaseDetail

ACCESS_LOG_ROWS = 50


@get("/cases/{case_id:uuid}/history", name="ui-history", sync_to_thread=True)
def history(request: Request[Any, Any, Any], case_id: CaseId,
            as_of: Annotated[str | None, QueryParameter(max_length=40)] = None) -> Template:
    ui = signed_in(request, Role.SUPERVISOR, Role.AUDITOR)
    cases = ui.container.cases
    tr = ui.tr
    events = cases.history(ui.actor, case_id)
    current = cases.get_case(ui.actor, case_id)
    past: CaseDetail | None = None
    moment = None
    problem: Problem | None = None
    if as_of:
        try:
            moment = Form({"as_of": as_of}).local_time("as_of", ui.container.settings.tz)
            past = cases.case_as_of(ui.actor, case_id, moment)
        except DomainError as error:
            problem = explain(tr, error)
    access = cases.access_entries(ui.actor, case_id, limit=ACCESS_LOG_ROWS)
    return page(
        ui, "history.html", status=problem.status if problem else 200,
        title=tr.t("history.title", reference=current.reference), case=current,
        entries=timeline(tr, ui.names, events, ui.actor), past=past,
        as_of_text=tr.when(moment) if moment else None,
        as_of_value=as_of or tr.local_input(ui.container.clock.now()),
        access=access.items, access_more=access.next_cursor is not None, problem=problem)


@get("/cases/{case_id:uuid}/history.csv", name="ui-history-csv", sync_to_thread=True)
def history_csv_file(request: Request[Any, Any, Any], case_id: CaseId) -> Response[bytes]:
    """The whole history as the API's CSV export; recorded in the access log."""
    ui = signed_in(request, Role.SUPERVISOR, Role.AUDITOR)
    body, reference = history_export(ui.container, ui.actor, case_id)
    return Response(history_csv(body), media_type="text/csv; charset=utf-8",
                    headers=attachment(f"{reference}-history.csv"))


@get("/cases/{case_id:uuid}/history.json", name="ui-history-json", sync_to_thread=True)
def history_json_file(request: Request[Any, Any, Any], case_id: CaseId) -> Response[bytes]:
    """The whole history as the API's JSON export; recorded in the access log."""
    ui = signed_in(request, Role.SUPERVISOR, Role.AUDITOR)
    body, reference = history_export(ui.container, ui.actor, case_id)
    return Response(msgspec.json.encode(body), media_type="application/json",
                    headers=attachment(f"{reference}-history.json"))


HANDLERS: list[Any] = [history, history_csv_file, history_json_file]
