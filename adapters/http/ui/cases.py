"""The case page (resident, needs, plan, referrals, the timeline in words, a form for each
command the user may give) and the case list with search."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Annotated, Any, NamedTuple
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from adapters.http.case_filters import NAMES, case_query
from adapters.http.ui.case_task_view import case_tasks_view
from adapters.http.ui.check_in_view import case_check_ins_view
from adapters.http.ui.exports import list_filters
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.names import team_workers
from adapters.http.ui.pages import CASE_READERS, CaseId, FormBody, Ui, page, signed_in
from adapters.http.ui.tiers import chooses_team, move_options
from adapters.http.ui.timeline import timeline
from adapters.storage.saved_searches import ID_PATTERN, SavedSearches
from adapters.storage.view_reader import REFERENCE_START
from domain import validation
from domain.actions import ALLOWED_IN, CaseAction, closure_needs_approval
from domain.case import CaseEvent
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
from service.history import history_item
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


class ServiceLine(NamedTuple):
    """A row of the services table: the record and what was done (its description)."""

    kind: str
    delivered_at: datetime
    minutes: int
    by: UUID
    description: str | None


def service_lines(events: list[CaseEvent]) -> list[ServiceLine]:
    """The services logged on the case, oldest first, each with its description."""
    items = (history_item(event) for event in events)
    return [ServiceLine(item.data["kind"], item.data["delivered_at"], item.data["minutes"],
                        item.actor_id, (item.data.get("personal") or {}).get("description"))
            for item in items if item.type == "service_logged"]


def case_page(ui: Ui, case_id: UUID, *, error: DomainError | None = None,
              open_form: str | None = None, values: dict[str, Any] | None = None,
              oldest_first: bool = False) -> Template:
    """The case page; after a refusal, with the refusal and the refused form filled again.
    The timeline shows the newest event first, unless `oldest_first`."""
    container = ui.container
    case, events = container.cases.case_with_events(ui.actor, case_id)
    actions = offered_forms(case, ui.actor.role)
    tr = ui.tr
    problem = (explain(tr, error, status_label=tr.label("status", case.status))
               if error is not None else None)
    now = container.clock.now()
    today = now.astimezone(container.settings.tz).date()
    entries = timeline(tr, ui.names, events)
    extra: dict[str, Any] = {
        "case": case, "personal": case.personal, "assessment": case.assessment_personal,
        "entries": entries if oldest_first else entries[::-1], "oldest_first": oldest_first,
        "services": service_lines(events), "show_version": ui.actor.role is not Role.WORKER,
        "actions": actions, "names": ui.names,
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
        reply = container.identity.deadline_policy(case.team).referral_reply
        extra["reply_hours"] = f"{reply.total_seconds() / 3600:g}"
    if actions["transfer"]:  # 下派 / 上报 / another team (decision 0030)
        extra.update(move_options(ui, case.team))
    extra["has_forms"] = bool(case.available)
    extra["check_ins"] = case_check_ins_view(ui, case)  # recurring check-ins (0028)
    extra["tasks"] = case_tasks_view(ui, case)  # volunteers' errands (0032)
    extra["assign_state"] = (deadline_state(case.waiting_since, case.assign_due, now).value
                             if case.assign_due else None)
    title = tr.t("case.title", reference=case.reference)
    return page(ui, "case.html", status=problem.status if problem else 200, title=title,
                **extra)


@get("/cases/{case_id:uuid}", name="ui-case", sync_to_thread=True)
def show_case(request: Request[Any, Any, Any], case_id: CaseId,
              order: Annotated[str | None, QueryParameter(max_length=10)] = None
              ) -> Template:
    """The case page; `?order=oldest` lists the timeline oldest first."""
    ui = signed_in(request, *CASE_READERS)
    return case_page(ui, case_id, oldest_first=order == "oldest")


SearchId = Annotated[str | None, QueryParameter(pattern=ID_PATTERN)]
Reference = Annotated[str | None, QueryParameter(max_length=40)]


def saved_searches(ui: Ui) -> SavedSearches:
    """The app's store of searches by name, phone or ID number (made once per app)."""
    state = ui.request.app.state
    store = state.get("saved_searches")
    if store is None:
        store = SavedSearches(ui.container.views.db, ui.container.tokenizer.key)
        state["saved_searches"] = store
    assert isinstance(store, SavedSearches)
    return store


def is_reference(words: str) -> bool:
    """A reference or its start ("NA-2026", "pd-2026-4"): no personal data, so it may
    stand in the address. Anything else (a name, a phone, digits alone, which may be
    the end of a phone number) is kept on the server instead."""
    return bool(REFERENCE_START.match(words.strip().upper()))


def _search(ui: Ui, form: Form, *, status: int = 200, hidden: bool = False,
            expired: bool = False) -> Template:
    error = ui.tr.t("search.expired") if expired else None
    rows: list[Any] = []
    params = {name: form.values_of(name) for name in form.data}
    try:
        if not expired:
            query = replace(case_query(params, now=ui.container.clock.now(),
                                       today=ui.container.queries.today(),
                                       may_choose_team=chooses_team(ui)),
                            q=form.optional("q"))
            rows = list(ui.container.queries.search(ui.actor, query, limit=MAX_LIMIT).items)
    except DomainError as refused:
        error = explain(ui.tr, refused).message
    workers = ([(str(u.id), u.display_name)
                for u in team_workers(ui.container.identity, ui.actor.team)]
               if ui.actor.team else [])
    return page(ui, "cases.html", status=status, title=ui.tr.t("cases.title"), rows=rows,
                error=error, open_form="search", values=form.values,
                searched=bool(form.values), hidden_words=hidden,
                today=ui.container.queries.today(), worker_options=workers,
                **list_filters(ui, params))


@get("/cases", name="ui-cases", sync_to_thread=True)
def list_cases(request: Request[Any, Any, Any], ref: Reference = None,
               search: SearchId = None) -> Template:
    """The case list as filtered by its address (adapters/http/case_filters.py; the
    dashboard links here with the filters behind each figure): filters and a reference
    (or its start) as they are; a search by name, phone or ID number by the id the
    server keeps it under (posted first, see `search_cases`)."""
    ui = signed_in(request, *CASE_READERS)
    given: dict[str, Any] = {name: request.query_params.getall(name) for name in NAMES
                             if name in request.query_params}
    if ref:
        given["q"] = ref
    if search:
        words = saved_searches(ui).words(search, ui.actor.id, ui.container.clock.now())
        if words is None:
            return _search(ui, Form(given), status=410, expired=True)
        given["q"] = words
    return _search(ui, Form(given), hidden=bool(search))


@post("/cases", name="ui-cases-search", sync_to_thread=True, status_code=303)
def search_cases(request: Request[Any, Any, Any], data: FormBody) -> Template | Redirect:
    """The search form: posted, then redirected (303) to the results' address, so that
    Back and reload never send the form again and the results can be bookmarked. The
    filters and a reference stand in that address; a name, phone or ID number never
    does (nor in the browser's history or a proxy's log): it is kept on the server,
    sealed, for a short while, and the address holds only a random id for it."""
    ui = signed_in(request, *CASE_READERS)
    form = Form(data)
    words = form.raw("q").strip()
    if len(words) > validation.NAME_MAX:  # refused here, with what was typed kept
        return _search(ui, form, status=200)
    params = [(name, value) for name in NAMES for value in form.values_of(name)]
    if words and is_reference(words):
        params.append(("ref", words))
    elif words:
        params.append(("search", saved_searches(ui).save(ui.actor.id, words,
                                                          ui.container.clock.now())))
    return Redirect("/cases" + (f"?{urlencode(params)}" if params else ""), status_code=303)


HANDLERS: list[Any] = [show_case, list_cases, search_cases]
