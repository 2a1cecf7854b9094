"""A case's history for supervisors and auditors (个案历史): every event in words, the case
as it stood at a chosen moment (历史状态(截至…)), and who read it (查阅记录)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get
from litestar.params import QueryParameter
from litestar.response import Template

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


HANDLERS: list[Any] = [history]
