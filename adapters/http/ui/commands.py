"""The forms of the case page, one handler per command. A form whose command depends on
what the page showed (an assessment, an assignment, a closure ...) carries the version of
the case it was made from (`expected_version`): a stale form is refused and explained.
A note and a service record conflict with nothing: they are accepted on a case that has
moved on since the page was shown (`UNVERSIONED`; the API still honours If-Match).
On success: a message and back to the case (303); on a refusal: the case page again,
with the refusal in words and the form filled with what was entered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeAlias
from uuid import UUID

from litestar import Request, post
from litestar.response import Redirect, Template

from adapters.http.observability import Metrics
from adapters.http.ui.cases import case_page
from adapters.http.ui.commanding import handle
from adapters.http.ui.forms import Form, read
from adapters.http.ui.pages import CASE_SIDE, CaseId, FormBody, ReferralId, Ui, done, signed_in
from domain import normalise
from domain.case import Assessment, check_assessment
from domain.errors import DomainError, InvalidInput
from domain.refusals import Problems
from domain.vocabulary import (
    ClosureOutcome,
    ConsentMethod,
    Need,
    Risk,
    Role,
    ServiceKind,
    Status,
)
from projections.interfaces import CaseQuery
from service.cases import CommandResult
from service.commands import (
    AddNote,
    Assess,
    Assign,
    CaseCommand,
    Close,
    DecideClosure,
    EraseCase,
    LogService,
    MarkFollowUpDone,
    RecordConsent,
    Reopen,
    RequestTransfer,
    SendReferral,
    WithdrawReferral,
)

MINUTES_MAX = 1440
# Forms that add to the case without depending on what the page showed: sent without
# the page's version (a stale tab still records a note), see docs/decisions/0023.
UNVERSIONED = frozenset({"note", "service"})
Req: TypeAlias = Request[Any, Any, Any]
Answer: TypeAlias = Template | Redirect


def run_command(ui: Ui, case_id: UUID, name: str, form: Form,
                command: Callable[[], CaseCommand], *,
                done_key: str | Callable[[CommandResult], str],
                to_work: bool = False) -> Template | Redirect:
    """Hand the form's command to the service; the message after it is `done_key`, or
    what it says for the result (a closure either closes the case or waits for approval)."""
    try:
        result = handle(ui, form, command(), versioned=name not in UNVERSIONED)
    except DomainError as error:
        return case_page(ui, case_id, error=error, open_form=name, values=form.values)
    if not result.replayed:
        metrics: Metrics = ui.request.app.state["metrics"]
        metrics.commands.labels(f"ui_{name}").inc()
    if not isinstance(done_key, str):
        done_key = done_key(result)
    if to_work:
        return done(ui, f"/work?after={result.position}", done_key,
                    reference=result.case.reference)
    return done(ui, f"/cases/{case_id}", done_key, reference=result.case.reference)


def _case_side(request: Request[Any, Any, Any]) -> Ui:
    return signed_in(request, *CASE_SIDE)


@post("/cases/{case_id:uuid}/assess", name="ui-assess", sync_to_thread=True, status_code=303)
def assess(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = _case_side(request), Form(data)

    def command() -> Assess:
        """Refused with every problem of the form at once (see intake._command)."""
        found = Problems()
        now = ui.container.clock.now()
        assessment = Assessment(
            risk=read(found, Risk.LOW, lambda: form.choice("risk", Risk)),
            needs=read(found, (), lambda: form.choices("needs", Need)),
            notes=form.optional("notes"), plan=form.text("plan"),
            follow_up_due=read(found, now.date(), lambda: form.day("follow_up_due")))
        if found:
            found.check(check_assessment, assessment, now)
            found.refuse()
        return Assess(case_id, assessment)
    return run_command(ui, case_id, "assess", form, command, done_key="done.assessed")


@post("/cases/{case_id:uuid}/assign", name="ui-assign", sync_to_thread=True, status_code=303)
def assign(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.SUPERVISOR), Form(data)
    return run_command(ui, case_id, "assign", form, lambda: Assign(
        case_id, form.uuid("worker_id"), form.optional("reason")), done_key="done.assigned",
        to_work=form.raw("back") == "work")  # sent from the intake queue: back there


@post("/cases/{case_id:uuid}/note", name="ui-note", sync_to_thread=True, status_code=303)
def add_note(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = _case_side(request), Form(data)
    return run_command(ui, case_id, "note", form, lambda: AddNote(case_id, form.text("text")),
                       done_key="done.noted")


@post("/cases/{case_id:uuid}/follow-up-done", name="ui-follow-up-done", sync_to_thread=True,
      status_code=303)
def follow_up_done(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = _case_side(request), Form(data)
    return run_command(ui, case_id, "follow_up_done", form, lambda: MarkFollowUpDone(
        case_id, form.day("next_follow_up_due"), form.optional("note")),
        done_key="done.follow_up_done")


@post("/cases/{case_id:uuid}/service", name="ui-service", sync_to_thread=True,
      status_code=303)
def log_service(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = _case_side(request), Form(data)
    return run_command(ui, case_id, "service", form, lambda: LogService(
        case_id, form.choice("kind", ServiceKind), form.text("description"),
        form.local_time("delivered_at", ui.container.settings.tz),
        form.integer("minutes", low=0, high=MINUTES_MAX)), done_key="done.service")


@post("/cases/{case_id:uuid}/refer", name="ui-refer", sync_to_thread=True, status_code=303)
def refer(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = _case_side(request), Form(data)
    return run_command(ui, case_id, "refer", form, lambda: SendReferral(
        case_id, form.uuid("organisation_id"), form.text("service"), form.optional("note"),
        _hours(form.optional_integer("respond_within_hours", low=1, high=720))),
        done_key="done.referred")


def _hours(hours: int | None) -> timedelta | None:
    return timedelta(hours=hours) if hours is not None else None


def _case_by_reference(ui: Ui, reference: str | None) -> UUID | None:
    if reference is None:
        return None
    found = ui.container.queries.search(ui.actor, CaseQuery(q=reference), limit=5).items
    for row in found:
        if row.reference.upper() == normalise.fold(reference).upper():
            return row.case_id
    raise InvalidInput("duplicate_of", "unknown_case")


@post("/cases/{case_id:uuid}/close", name="ui-close", sync_to_thread=True, status_code=303)
def close(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = _case_side(request), Form(data)

    def command() -> Close:
        outcome = form.choice("outcome", ClosureOutcome)
        original = (_case_by_reference(ui, form.optional("duplicate_of"))
                    if outcome is ClosureOutcome.DUPLICATE else None)
        return Close(case_id, outcome, form.text("summary"), original)
    return run_command(ui, case_id, "close", form, command, done_key=_closure_done)


def _closure_done(result: CommandResult) -> str:
    """Closed at once, or (a high-risk case closed by a worker) waiting for approval."""
    return ("done.closed" if result.case.status is Status.CLOSED
            else "done.closure_requested")


@post("/cases/{case_id:uuid}/closure-decision", name="ui-closure-decision",
      sync_to_thread=True, status_code=303)
def decide_closure(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.SUPERVISOR), Form(data)
    approve = form.raw("decision") == "approve"
    return run_command(ui, case_id, "decide_closure", form, lambda: DecideClosure(
        case_id, approve, form.optional("comment")),
        done_key="done.closure_approved" if approve else "done.closure_rejected")


@post("/cases/{case_id:uuid}/reopen", name="ui-reopen", sync_to_thread=True, status_code=303)
def reopen(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.SUPERVISOR), Form(data)
    return run_command(ui, case_id, "reopen", form, lambda: Reopen(case_id, form.text("reason")),
                       done_key="done.reopened")


@post("/cases/{case_id:uuid}/erase", name="ui-erase", sync_to_thread=True, status_code=303)
def erase(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.SUPERVISOR), Form(data)
    return run_command(ui, case_id, "erase", form,
                       lambda: EraseCase(case_id, form.text("reason")), done_key="done.erased")


@post("/cases/{case_id:uuid}/consent", name="ui-consent", sync_to_thread=True,
      status_code=303)
def consent(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = _case_side(request), Form(data)
    given = form.raw("given") == "yes"
    return run_command(ui, case_id, "consent" if given else "consent_withdraw", form,
                       lambda: RecordConsent(case_id, given,
                                             form.optional_choice("method", ConsentMethod)),
                       done_key="done.consent_given" if given else "done.consent_withdrawn")


@post("/cases/{case_id:uuid}/transfer", name="ui-transfer", sync_to_thread=True,
      status_code=303)
def request_transfer(request: Req, case_id: CaseId, data: FormBody) -> Answer:
    ui, form = signed_in(request, Role.SUPERVISOR), Form(data)

    def command() -> RequestTransfer:
        to_team = form.optional("to_team")
        if to_team is None:
            raise InvalidInput("to_team", "choose_option")
        return RequestTransfer(case_id, to_team, form.text("reason"))
    # 下派 / 上报 / another team: one command; the service routes it at once when the
    # team is the supervisor's own or below it (decision 0030).
    kind = form.raw("kind") if form.raw("kind") in ("route", "escalate") else "transfer"
    return run_command(ui, case_id, kind, form, command, done_key=lambda result: (
        "done.transfer_requested" if result.case.pending_transfer else "done.routed"))


@post("/cases/{case_id:uuid}/referrals/{referral_id:uuid}/withdraw",
      name="ui-withdraw-referral", sync_to_thread=True, status_code=303)
def withdraw_referral(request: Request[Any, Any, Any], case_id: CaseId, referral_id: ReferralId,
                      data: FormBody) -> Template | Redirect:
    ui, form = _case_side(request), Form(data)
    return run_command(ui, case_id, f"withdraw-{referral_id}", form,
                       lambda: WithdrawReferral(referral_id, form.text("reason")),
                       done_key="done.referral_withdrawn")


HANDLERS: list[Any] = [assess, assign, add_note, log_service, refer, close, decide_closure,
                       reopen, erase, consent, request_transfer, withdraw_referral, follow_up_done]
