"""A partner organisation's referral inbox (de-identified until accepted) and the
accept / decline / complete forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from adapters.http.observability import Metrics
from adapters.http.ui.commanding import handle
from adapters.http.ui.feedback import explain
from adapters.http.ui.forms import Form
from adapters.http.ui.pages import FormBody, ReferralId, Ui, done, fragment, page, signed_in
from domain.errors import DomainError
from domain.vocabulary import ReferralOutcome, ReferralStatus, Role
from service.commands import (
    AcceptReferral,
    CaseCommand,
    CompleteReferral,
    DeclineReferral,
)
from service.paging import MAX_LIMIT

POLL_SECONDS = 10
PEOPLE_MAX = 100_000
OPEN = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
Show = Annotated[str | None, QueryParameter(pattern="^(open|all)$")]


def _inbox(ui: Ui, show: str, after: int | None = None) -> dict[str, Any]:
    statuses: tuple[object, ...] = OPEN if show == "open" else ()
    listing = ui.container.queries.referrals(ui.actor, status=statuses, limit=MAX_LIMIT,
                                             min_position=after)
    identity = ui.container.identity
    codes = {row.team for row in listing.items}
    # Who referred each case and whom to call back: the team's name and duty phone.
    teams = {code: identity.team(code) for code in codes if identity.team_exists(code)}
    return {"rows": listing.items, "fresh": listing.fresh, "show": show, "teams": teams,
            "more": listing.next_cursor is not None,
            "updated": ui.tr.when(ui.container.clock.now())}


@get("/referrals", name="ui-referrals", sync_to_thread=True)
def inbox(request: Request[Any, Any, Any], show: Show = None,
          after: Annotated[int | None, QueryParameter(ge=0)] = None) -> Template:
    ui = signed_in(request, Role.PARTNER)
    return page(ui, "inbox.html", title=ui.tr.t("inbox.title"), poll=POLL_SECONDS,
                **_inbox(ui, show or "open", after))


@get("/referrals/list", name="ui-referrals-list", sync_to_thread=True)
def inbox_fragment(request: Request[Any, Any, Any], show: Show = None) -> Template:
    ui = signed_in(request, Role.PARTNER)
    return fragment(ui, "partials/inbox_rows.html", **_inbox(ui, show or "open"))


def _detail(ui: Ui, referral_id: UUID, *, error: DomainError | None = None,
            open_form: str | None = None, values: dict[str, Any] | None = None,
            after: int | None = None) -> Template:
    ui.container.queries.wait(after)
    view = ui.container.queries.referral_detail(ui.actor, referral_id)
    problem = explain(ui.tr, error) if error is not None else None
    return page(ui, "referral.html", status=problem.status if problem else 200,
                title=ui.tr.t("referral.title", service=view.row.service), view=view,
                row=view.row, problem=problem, open_form=open_form, values=values or {})


@get("/referrals/{referral_id:uuid}", name="ui-referral", sync_to_thread=True)
def referral(request: Request[Any, Any, Any], referral_id: ReferralId,
             after: Annotated[int | None, QueryParameter(ge=0)] = None) -> Template:
    ui = signed_in(request, Role.PARTNER)
    return _detail(ui, referral_id, after=after)


def _answer(ui: Ui, referral_id: UUID, name: str, form: Form, done_key: str,
            command: Callable[[], CaseCommand]) -> Template | Redirect:
    try:
        result = handle(ui, form, command(), versioned=False)
    except DomainError as error:
        return _detail(ui, referral_id, error=error, open_form=name, values=form.values)
    if not result.replayed:
        metrics: Metrics = ui.request.app.state["metrics"]
        metrics.commands.labels(f"ui_{name}_referral").inc()
    return done(ui, f"/referrals/{referral_id}?after={result.position}", done_key,
                reference=result.case.reference)


@post("/referrals/{referral_id:uuid}/accept", name="ui-referral-accept",
      sync_to_thread=True, status_code=303)
def accept(request: Request[Any, Any, Any], referral_id: ReferralId,
           data: FormBody) -> Template | Redirect:
    ui, form = signed_in(request, Role.PARTNER), Form(data)
    return _answer(ui, referral_id, "accept", form, "done.referral_accepted",
                   lambda: AcceptReferral(referral_id))


@post("/referrals/{referral_id:uuid}/decline", name="ui-referral-decline",
      sync_to_thread=True, status_code=303)
def decline(request: Request[Any, Any, Any], referral_id: ReferralId,
            data: FormBody) -> Template | Redirect:
    ui, form = signed_in(request, Role.PARTNER), Form(data)
    return _answer(ui, referral_id, "decline", form, "done.referral_declined",
                   lambda: DeclineReferral(referral_id, form.text("reason")))


@post("/referrals/{referral_id:uuid}/complete", name="ui-referral-complete",
      sync_to_thread=True, status_code=303)
def complete(request: Request[Any, Any, Any], referral_id: ReferralId,
             data: FormBody) -> Template | Redirect:
    ui, form = signed_in(request, Role.PARTNER), Form(data)
    return _answer(ui, referral_id, "complete", form, "done.referral_completed",
                   lambda: CompleteReferral(
                       referral_id, form.choice("outcome", ReferralOutcome),
                       form.text("delivered"), form.amount("value_cny"),
                       form.integer("people_helped", low=0, high=PEOPLE_MAX)))


HANDLERS: list[Any] = [inbox, inbox_fragment, referral, accept, decline, complete]
