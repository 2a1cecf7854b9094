"""The case page (resident, needs, plan, referrals, the timeline in words, a form for each
command the user may give) and the case list with search."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.response import Template

from adapters.http.case_filters import NAMES, case_query
from adapters.http.ui.exports import list_filters
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.names import team_workers
from adapters.http.ui.pages import CASE_READERS, CaseId, FormBody, Ui, page, signed_in
from adapters.http.ui.timeline import timeline
from domain.actions import ALLOWED_IN, CaseAction, closure_needs_approval
from domain.deadlines import deadline_state, follow_up_overdue
from domain.errors import DomainError
from domain.vocabulary import (
    INTAKE_CLOSURE_OUTCOMES,
    OPEN_STATUSES,
    ClosureOutcome,
    Role,
    Status,
)
from service.case_detail import CaseDetail
from service.paging import MAX_LIMIT


def offered_forms(case: CaseDetail, role: Role) -> dict[str, bool]:
    """The forms of the case page: exactly the commands the domain would accept now
    (`case.available`, domain/actions.py), and the links beside them."""
    forms = {action.value: action in case.available for action in CaseAction}
    forms["needs_approval"] = closure_needs_approval(case.risk, role)
    # No referral form without consent: say so beside the consent form.
    forms["refer_needs_consent"] = (CaseAction.RECORD_CONSENT in case.available
                                    and case.status in ALLOWED_IN[CaseAction.REFER])
    forms["history"] = role in (Role.SUPERVISOR, Role.AUDITOR)
    return forms


def case_page(ui: Ui, case_id: UUID, *, error: DomainError | None = None,
              open_form: str | None = None, values: dict[str, Any] | None = None) -> Template:
    """The case page; after a refusal, with the refusal and the refused form filled again."""
    container = ui.container
    case, events = container.cases.case_with_events(ui.actor, case_id)
    actions = offered_forms(case, ui.actor.role)
    tr = ui.tr
    problem = (explain(tr, error, status_label=tr.label("status", case.status))
               if error is not None else None)
    now = container.clock.now()
    today = now.astimezone(container.settings.tz).date()
    extra: dict[str, Any] = {
        "case": case, "personal": case.personal, "assessment": case.assessment_personal,
        "entries": timeline(tr, ui.names, events), "actions": actions, "names": ui.names,
        "referrals": sorted(case.referrals.values(), key=lambda r: r.sent_at),
        "today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat(),
        "now_local": tr.local_input(now),
        # Only an open case waits for its follow-up: a closed one is overdue no more.
        "overdue": case.status in OPEN_STATUSES and follow_up_overdue(case.follow_up_due,
                                                                      today),
        "closure_outcomes": [o for o in ClosureOutcome
                             if case.status is not Status.INTAKE
                             or o in INTAKE_CLOSURE_OUTCOMES],
        "problem": problem, "open_form": open_form, "values": values or {},
    }
    if actions["assign"]:
        extra["worker_options"] = [
            (str(w.id), f"{w.display_name} ({tr.label('role', w.role)})")
            for w in team_workers(container.identity, case.team)
            if w.id != case.assigned_worker_id]
    if actions["refer"]:
        extra["organisation_options"] = [
            (str(o.id), f"{o.name} ({tr.label('organisation_kind', o.kind)})")
            for o in sorted(container.identity.organisations(), key=lambda o: o.name)]
    if actions["transfer"]:
        extra["team_options"] = [(t.code, f"{t.name} ({t.code})")
                                 for t in sorted(container.identity.teams(), key=lambda t: t.code)
                                 if t.code != case.team]
    extra["has_forms"] = bool(case.available)
    extra["assign_state"] = (deadline_state(case.waiting_since, case.assign_due, now).value
                             if case.assign_due else None)
    title = tr.t("case.title", reference=case.reference)
    return page(ui, "case.html", status=problem.status if problem else 200, title=title,
                **extra)


@get("/cases/{case_id:uuid}", name="ui-case", sync_to_thread=True)
def show_case(request: Request[Any, Any, Any], case_id: CaseId) -> Template:
    ui = signed_in(request, *CASE_READERS)
    return case_page(ui, case_id)


def _search(ui: Ui, form: Form) -> Template:
    error = None
    rows: list[Any] = []
    params = {name: form.values_of(name) for name in form.data}
    try:
        query = replace(case_query(params, now=ui.container.clock.now(),
                                   today=ui.container.queries.today(),
                                   may_choose_team=ui.actor.role is Role.AUDITOR),
                        q=form.optional("q"))
        rows = list(ui.container.queries.search(ui.actor, query, limit=MAX_LIMIT).items)
    except DomainError as refused:
        error = explain(ui.tr, refused).message
    workers = ([(str(u.id), u.display_name)
                for u in team_workers(ui.container.identity, ui.actor.team)]
               if ui.actor.team else [])
    return page(ui, "cases.html", title=ui.tr.t("cases.title"), rows=rows, error=error,
                open_form="search", values=form.values, searched=bool(form.values),
                today=ui.container.queries.today(), worker_options=workers,
                **list_filters(ui, params))


@get("/cases", name="ui-cases", sync_to_thread=True)
def list_cases(request: Request[Any, Any, Any]) -> Template:
    """The case list with the filters in the address (app/http/case_filters.py): the
    dashboard links here with the filters behind each figure."""
    ui = signed_in(request, *CASE_READERS)
    given = {name: request.query_params.getall(name) for name in NAMES
             if name in request.query_params}
    return _search(ui, Form(given))


@post("/cases", name="ui-cases-search", sync_to_thread=True, status_code=200)
def search_cases(request: Request[Any, Any, Any], data: FormBody) -> Template:
    """Search by name, phone or reference: posted, so that no name or phone number ends up
    in an address, the browser's history or a proxy's log."""
    ui = signed_in(request, *CASE_READERS)
    return _search(ui, Form(data))


HANDLERS: list[Any] = [show_case, list_cases, search_cases]
