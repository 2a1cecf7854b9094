"""A closed case accepts nothing but a reopening; duplicates link the case they duplicate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import (
    ClosureOutcome,
    ConsentMethod,
    ReferralOutcome,
    Risk,
    ServiceKind,
    Status,
)
from tests.unit.facts import (
    API,
    AUDITOR,
    CASE_ID,
    NOW,
    ORG,
    OTHER_CASE_ID,
    OTHER_SUPERVISOR,
    OTHER_TEAM,
    PARTNER,
    REFERRAL,
    REFERRAL_2,
    SUPERVISOR,
    WORKER,
    WORKER_2,
    accepted,
    assessment,
    assigned,
    at,
    closed,
    closure_approved,
    history,
    opened,
    referred,
    reopened,
    transfer_requested,
)
from tests.unit.scenario import Step, event, given

REASON = "She called again: the pharmacy ran out"


def reopen(actor: Actor = SUPERVISOR, reason: str = REASON) -> Step:
    return lambda case: case.reopen(reason, actor=actor, via=API, at=NOW)


def closed_as_duplicate() -> Step:
    return closed(ClosureOutcome.DUPLICATE, by=WORKER, duplicate_of=OTHER_CASE_ID)


class TestReopen:
    def test_reopening_names_a_reason_and_returns_a_case_with_a_worker_to_active(self) -> None:
        case = given(*history(Status.CLOSED)).when(reopen()).then(
            event(Case.Reopened, personal={"reason": REASON}, actor=SUPERVISOR.ref))
        assert (case.status, case.assigned_worker_id) == (Status.ACTIVE, WORKER.id)
        assert (case.outcome, case.closed_at) == (None, None)

    def test_a_case_whose_worker_has_left_is_reopened_without_them(self) -> None:
        case = given(*history(Status.CLOSED)).when(
            lambda case: case.reopen(REASON, actor=SUPERVISOR, via=API, at=NOW,
                                     worker_gone=True)).then(
            event(Case.Reopened, worker_gone=True))
        assert (case.status, case.assigned_worker_id) == (Status.ASSESSED, None)
        assert case.waiting_since == NOW  # back in the intake queue, waiting from now

    def test_an_assessed_case_without_a_worker_is_reopened_assessed(self) -> None:
        case = given(opened(risk=Risk.LOW), closed(ClosureOutcome.DECLINED_SERVICE)).when(
            reopen()).then(Case.Reopened)
        assert (case.status, case.risk) == (Status.ASSESSED, Risk.LOW)

    def test_a_case_never_assessed_is_reopened_in_intake(self) -> None:
        case = given(opened(), closed(ClosureOutcome.UNREACHABLE)).when(reopen()).then(
            Case.Reopened)
        assert case.status is Status.INTAKE

    def test_a_case_closed_after_approval_is_reopened_active(self) -> None:
        case = given(*history(Status.PENDING_CLOSURE), closure_approved()).when(
            reopen()).then(Case.Reopened)
        assert case.status is Status.ACTIVE

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_reopening_needs_a_reason(self, reason: str) -> None:
        given(*history(Status.CLOSED)).when(reopen(reason=reason)).then_raises(
            InvalidInput, field="reason")

    def test_a_worker_may_not_reopen(self) -> None:
        given(*history(Status.CLOSED)).when(reopen(WORKER)).then_raises(NotPermitted)

    def test_an_auditor_may_not_reopen(self) -> None:
        given(*history(Status.CLOSED)).when(reopen(AUDITOR)).then_raises(NotPermitted)

    def test_another_teams_supervisor_finds_no_such_case(self) -> None:
        given(*history(Status.CLOSED)).when(reopen(OTHER_SUPERVISOR)).then_raises(NotFound)

    @pytest.mark.parametrize("status", [Status.INTAKE, Status.ACTIVE, Status.PENDING_CLOSURE],
                             ids=str)
    def test_only_a_closed_case_is_reopened(self, status: Status) -> None:
        given(*history(status)).when(reopen()).then_raises(RuleViolated, rule="status")

    def test_a_reopened_case_can_be_worked_and_closed_again(self) -> None:
        given(*history(Status.CLOSED), reopened()).when(
            lambda case: case.close(ClosureOutcome.RESOLVED, "Done", actor=WORKER, via=API,
                                    at=NOW)
        ).then(Case.Closed)


CLOSED_CASE_COMMANDS: dict[str, Step] = {
    "assess": lambda case: case.assess(assessment(), actor=WORKER, via=API, at=NOW),
    "assign": lambda case: case.assign(WORKER_2, "cover", actor=SUPERVISOR, via=API, at=NOW),
    "claim": lambda case: case.claim(actor=WORKER_2, via=API, at=NOW),
    "note": lambda case: case.add_note("Hello", actor=WORKER, via=API, at=NOW),
    "log service": lambda case: case.log_service(
        ServiceKind.DELIVERY, "Food", at(hours=1), 20, actor=WORKER, via=API, at=NOW),
    "record consent": lambda case: case.record_consent(
        True, ConsentMethod.VERBAL, actor=WORKER, via=API, at=NOW),
    "refer": lambda case: case.send_referral(
        REFERRAL_2, ORG, "Home care", None, actor=WORKER, via=API, at=NOW),
    "withdraw referral": lambda case: case.withdraw_referral(
        REFERRAL, "Not needed", actor=WORKER, via=API, at=NOW),
    "close": lambda case: case.close(
        ClosureOutcome.OTHER, "Again", actor=SUPERVISOR, via=API, at=NOW),
    "decide closure": lambda case: case.decide_closure(
        True, None, actor=SUPERVISOR, via=API, at=NOW),
    "request transfer": lambda case: case.request_transfer(
        OTHER_TEAM, "Moved", actor=SUPERVISOR, via=API, at=NOW),
}


class TestClosedCase:
    @pytest.mark.parametrize("command", CLOSED_CASE_COMMANDS.values(),
                             ids=CLOSED_CASE_COMMANDS.keys())
    def test_a_closed_case_accepts_nothing_but_a_reopening(self, command: Step) -> None:
        given(opened(risk=Risk.MEDIUM), assigned(), referred(),
              closed(ClosureOutcome.REFERRED_OUT)).when(command).then_raises(
            RuleViolated, rule="closed_case")

    def test_a_transfer_requested_before_closing_is_not_decided_on_the_closed_case(
        self,
    ) -> None:
        # Closing withdrew the offer (decision 0010): the other team finds nothing.
        given(*history(Status.ACTIVE), transfer_requested(), closed()).when(
            lambda case: case.decide_transfer(True, None, actor=OTHER_SUPERVISOR, via=API,
                                              at=NOW)
        ).then_raises(NotFound)

    def test_the_partner_still_completes_a_referral_of_a_case_closed_as_referred_out(
        self,
    ) -> None:
        given(opened(risk=Risk.MEDIUM), assigned(), referred(), accepted(),
              closed(ClosureOutcome.REFERRED_OUT)).when(lambda case: case.complete_referral(
            REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Home care for a month",
            Decimal("1200"), 1, actor=PARTNER, via=API, at=NOW,
        )).then(Case.ReferralCompleted)


class TestDuplicates:
    def test_a_duplicate_is_closed_with_a_link_to_the_case_it_duplicates(self) -> None:
        case = given(opened()).when(closed_as_duplicate()).then(
            event(Case.Closed, outcome=ClosureOutcome.DUPLICATE, duplicate_of=OTHER_CASE_ID))
        assert case.duplicate_of == OTHER_CASE_ID

    def test_a_duplicate_must_name_the_case_it_duplicates(self) -> None:
        given(opened()).when(closed(ClosureOutcome.DUPLICATE, by=WORKER)).then_raises(
            InvalidInput, field="duplicate_of")

    def test_a_case_cannot_duplicate_itself(self) -> None:
        given(opened()).when(closed(ClosureOutcome.DUPLICATE, by=WORKER,
                                    duplicate_of=CASE_ID)).then_raises(
            InvalidInput, field="duplicate_of")

    def test_only_a_duplicate_links_another_case(self) -> None:
        given(opened()).when(closed(ClosureOutcome.UNREACHABLE, by=WORKER,
                                    duplicate_of=OTHER_CASE_ID)).then_raises(
            InvalidInput, field="duplicate_of")

    def test_a_high_risk_duplicate_closed_by_a_worker_keeps_the_link_through_approval(
        self,
    ) -> None:
        case = given(opened(risk=Risk.HIGH), closed_as_duplicate()).when(
            lambda case: case.decide_closure(True, None, actor=SUPERVISOR, via=API, at=NOW)
        ).then(Case.ClosureApproved)
        assert (case.outcome, case.duplicate_of) == (ClosureOutcome.DUPLICATE, OTHER_CASE_ID)

    def test_reopening_undoes_the_duplicate_link_and_outcome(self) -> None:
        case = given(opened(), closed_as_duplicate()).when(reopen()).then(Case.Reopened)
        assert (case.status, case.outcome, case.duplicate_of) == (Status.INTAKE, None, None)
