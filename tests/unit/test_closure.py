"""Closing a case: outcomes by status, open referrals, and supervisor approval of high risk."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.case import Case, ClosureRequest
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import SYSTEM_ACTOR, Actor
from domain.vocabulary import ClosureOutcome, Risk, Role, Status, Via
from tests.unit.facts import (
    API,
    AUDITOR,
    CASE_ID,
    NOW,
    ORG,
    OTHER_CASE_ID,
    OTHER_SUPERVISOR,
    OTHER_WORKER,
    PARTNER,
    REFERRAL,
    STEP_AT,
    SUPERVISOR,
    TEAM,
    WORKER,
    WORKER_2,
    accepted,
    assigned,
    closed,
    closure_rejected,
    completed,
    declined,
    history,
    opened,
    referred,
    withdrawn,
)
from tests.unit.scenario import Step, event, given

SUMMARY = "Prescription delivered"


def close(outcome: ClosureOutcome = ClosureOutcome.RESOLVED, actor: Actor = WORKER) -> Step:
    return lambda case: case.close(outcome, SUMMARY, actor=actor, via=API, at=NOW)


def decide(approve: bool, actor: Actor = SUPERVISOR) -> Step:
    return lambda case: case.decide_closure(approve, "Checked with the family", actor=actor,
                                            via=API, at=NOW)


def expired() -> Step:
    return lambda case: case.expire_referral(REFERRAL, actor=SYSTEM_ACTOR, via=Via.SYSTEM,
                                             at=STEP_AT + timedelta(hours=73))


class TestClose:
    @pytest.mark.parametrize("risk", [Risk.LOW, Risk.MEDIUM], ids=str)
    def test_a_worker_closes_a_low_or_medium_risk_case(self, risk: Risk) -> None:
        case = given(opened(risk=risk), assigned()).when(close()).then(event(
            Case.Closed, outcome=ClosureOutcome.RESOLVED, duplicate_of=None,
            personal={"summary": SUMMARY}, actor=WORKER.ref,
        ))
        assert (case.status, case.outcome, case.closed_at) == (
            Status.CLOSED, ClosureOutcome.RESOLVED, NOW)

    @pytest.mark.parametrize("risk", [Risk.HIGH, Risk.CRITICAL], ids=str)
    def test_a_worker_closing_a_high_or_critical_case_requests_approval(
        self, risk: Risk
    ) -> None:
        case = given(opened(risk=risk), assigned()).when(close()).then(
            event(Case.ClosureRequested, outcome=ClosureOutcome.RESOLVED,
                  personal={"summary": SUMMARY})
        )
        assert case.status is Status.PENDING_CLOSURE
        assert case.pending_closure == ClosureRequest(
            ClosureOutcome.RESOLVED, None, WORKER.id, NOW)
        assert case.closed_at is None

    @pytest.mark.parametrize("risk", [Risk.HIGH, Risk.CRITICAL], ids=str)
    def test_a_supervisor_closes_a_high_or_critical_case_directly(self, risk: Risk) -> None:
        case = given(opened(risk=risk), assigned()).when(close(actor=SUPERVISOR)).then(
            event(Case.Closed, actor=SUPERVISOR.ref)
        )
        assert case.status is Status.CLOSED

    @pytest.mark.parametrize("outcome", [ClosureOutcome.NO_LONGER_NEEDED,
                                         ClosureOutcome.UNREACHABLE], ids=str)
    def test_a_case_in_intake_closes_when_no_longer_needed_or_unreachable(
        self, outcome: ClosureOutcome
    ) -> None:
        case = given(opened()).when(close(outcome)).then(event(Case.Closed, outcome=outcome))
        assert case.status is Status.CLOSED

    def test_a_case_in_intake_closes_as_a_duplicate(self) -> None:
        given(opened()).when(lambda case: case.close(
            ClosureOutcome.DUPLICATE, "Same caller as JB-2026-00007", actor=WORKER, via=API,
            at=NOW, duplicate_of=OTHER_CASE_ID,
        )).then(event(Case.Closed, outcome=ClosureOutcome.DUPLICATE,
                      duplicate_of=OTHER_CASE_ID))

    @pytest.mark.parametrize("outcome", [
        ClosureOutcome.RESOLVED, ClosureOutcome.REFERRED_OUT, ClosureOutcome.DECLINED_SERVICE,
        ClosureOutcome.DECEASED, ClosureOutcome.OTHER,
    ], ids=str)
    def test_a_case_in_intake_closes_with_no_other_outcome(self, outcome: ClosureOutcome) -> None:
        given(opened()).when(close(outcome, actor=SUPERVISOR)).then_raises(
            RuleViolated, rule="intake_closure_outcome")

    def test_an_assessed_case_may_close_with_any_outcome(self) -> None:
        given(opened(risk=Risk.LOW)).when(close(ClosureOutcome.DECLINED_SERVICE)).then(
            event(Case.Closed, outcome=ClosureOutcome.DECLINED_SERVICE))

    def test_closing_needs_a_summary(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.close(
            ClosureOutcome.RESOLVED, "  ", actor=WORKER, via=API, at=NOW
        )).then_raises(InvalidInput, field="summary")

    def test_a_case_pending_closure_cannot_be_closed_again(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(close(actor=SUPERVISOR)).then_raises(
            RuleViolated, rule="status")

    def test_a_closed_case_cannot_be_closed_again(self) -> None:
        given(*history(Status.CLOSED)).when(close()).then_raises(
            RuleViolated, rule="closed_case")

    def test_an_auditor_may_not_close(self) -> None:
        given(*history(Status.ACTIVE)).when(close(actor=AUDITOR)).then_raises(NotPermitted)

    @pytest.mark.parametrize("actor", [PARTNER, OTHER_WORKER], ids=["partner", "other team"])
    def test_someone_outside_the_team_finds_no_such_case(self, actor: Actor) -> None:
        given(*history(Status.ACTIVE)).when(close(actor=actor)).then_raises(NotFound)


class TestCloseWithReferrals:
    def test_a_case_cannot_close_while_a_referral_awaits_a_reply(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(close()).then_raises(
            RuleViolated, rule="open_referrals")

    def test_a_case_cannot_close_while_a_referral_is_accepted_and_not_completed(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(close()).then_raises(
            RuleViolated, rule="open_referrals")

    def test_a_supervisor_cannot_close_past_an_open_referral_either(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(close(actor=SUPERVISOR)).then_raises(
            RuleViolated, rule="open_referrals")

    @pytest.mark.parametrize("past", [(), (accepted(),)], ids=["sent", "accepted"])
    def test_a_case_with_an_open_referral_closes_as_referred_out(
        self, past: tuple[Step, ...]
    ) -> None:
        case = given(*history(Status.ACTIVE), referred(), *past).when(
            close(ClosureOutcome.REFERRED_OUT)
        ).then(event(Case.Closed, outcome=ClosureOutcome.REFERRED_OUT))
        assert case.referrals[REFERRAL].is_open

    @pytest.mark.parametrize(
        "past", [(accepted(), completed()), (declined(),), (withdrawn(),), (expired(),)],
        ids=["completed", "declined", "withdrawn", "expired"],
    )
    def test_a_case_closes_once_its_referrals_are_settled(self, past: tuple[Step, ...]) -> None:
        given(*history(Status.ACTIVE), referred(), *past).when(close()).then(
            event(Case.Closed, outcome=ClosureOutcome.RESOLVED))

    def test_a_high_risk_case_referred_out_asks_approval_past_its_open_referral(self) -> None:
        given(opened(risk=Risk.HIGH), assigned(), referred()).when(
            close(ClosureOutcome.REFERRED_OUT)
        ).then(event(Case.ClosureRequested, outcome=ClosureOutcome.REFERRED_OUT))


class TestClosureDecision:
    def test_a_supervisor_approves_and_the_case_closes_as_requested(self) -> None:
        case = given(*history(Status.PENDING_CLOSURE)).when(decide(True)).then(event(
            Case.ClosureApproved, personal={"comment": "Checked with the family"},
            actor=SUPERVISOR.ref,
        ))
        assert (case.status, case.outcome, case.closed_at, case.pending_closure) == (
            Status.CLOSED, ClosureOutcome.RESOLVED, NOW, None)

    def test_a_supervisor_rejects_and_the_case_is_active_again(self) -> None:
        case = given(*history(Status.PENDING_CLOSURE)).when(decide(False)).then(
            Case.ClosureRejected)
        assert (case.status, case.assigned_worker_id, case.pending_closure) == (
            Status.ACTIVE, WORKER.id, None)
        assert case.outcome is None

    def test_a_rejected_closure_of_an_unassigned_case_returns_it_to_assessed(self) -> None:
        case = given(opened(risk=Risk.HIGH), closed(by=WORKER)).when(decide(False)).then(
            Case.ClosureRejected)
        assert (case.status, case.assigned_worker_id) == (Status.ASSESSED, None)

    def test_the_case_can_be_closed_again_after_a_rejection(self) -> None:
        given(*history(Status.PENDING_CLOSURE), closure_rejected()).when(close()).then(
            Case.ClosureRequested)

    def test_a_comment_is_optional(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(lambda case: case.decide_closure(
            True, None, actor=SUPERVISOR, via=API, at=NOW
        )).then(event(Case.ClosureApproved, personal={"comment": None}))

    def test_a_worker_may_not_decide_a_closure(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(decide(True, WORKER_2)).then_raises(
            NotPermitted)

    def test_an_auditor_may_not_decide_a_closure(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(decide(True, AUDITOR)).then_raises(
            NotPermitted)

    def test_another_teams_supervisor_finds_no_such_case(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(decide(True, OTHER_SUPERVISOR)).then_raises(
            NotFound)

    def test_nobody_approves_their_own_request(self) -> None:
        promoted = Actor(WORKER.id, Role.SUPERVISOR, team=TEAM)  # the requester, now a lead
        given(*history(Status.PENDING_CLOSURE)).when(decide(True, promoted)).then_raises(
            RuleViolated, rule="own_request")

    def test_there_must_be_a_closure_request_to_decide(self) -> None:
        given(*history(Status.ACTIVE)).when(decide(True)).then_raises(RuleViolated, rule="status")

    def test_a_closed_case_takes_no_closure_decision(self) -> None:
        given(*history(Status.CLOSED)).when(decide(True)).then_raises(
            RuleViolated, rule="closed_case")

    def test_approval_of_a_referred_out_closure_leaves_the_referral_open(self) -> None:
        case = given(opened(risk=Risk.HIGH), assigned(), referred(), accepted(),
                     closed(ClosureOutcome.REFERRED_OUT, by=WORKER)).when(decide(True)).then(
            Case.ClosureApproved)
        assert (case.status, case.outcome) == (Status.CLOSED, ClosureOutcome.REFERRED_OUT)
        assert case.referrals[REFERRAL].is_open

    def test_approval_checks_again_that_no_referral_is_open(self) -> None:
        # A history (e.g. written before the rule) where a referral opened while a
        # `resolved` closure waited: the approval must not close past it.
        past = given(*history(Status.PENDING_CLOSURE)).events
        event_fields: dict[str, Any] = {  # the event's fields, built by hand
            "originator_id": CASE_ID, "originator_version": past[-1].originator_version + 1,
            "timestamp": STEP_AT, "actor": WORKER.ref, "via": API, "referral_id": REFERRAL,
            "organisation_id": ORG,
            "respond_by": STEP_AT + timedelta(days=3),
            "personal": {"service": "Home care", "note": None},
        }
        sent_late = Case.ReferralSent(**event_fields)
        given(*past, sent_late).when(decide(True)).then_raises(
            RuleViolated, rule="open_referrals")
