"""Referral lifecycle, the end: accepted → completed; sent | accepted → withdrawn."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import ClosureOutcome, ReferralOutcome, ReferralStatus, Status
from tests.unit.facts import (
    API,
    AUDITOR,
    NOW,
    OTHER_PARTNER,
    OTHER_WORKER,
    PARTNER,
    REFERRAL,
    SUPERVISOR,
    WORKER,
    accepted,
    closed,
    completed,
    declined,
    history,
    referred,
)
from tests.unit.scenario import Step, event, given


class TestCompleteReferral:
    def test_an_accepted_referral_is_completed_with_a_structured_outcome(self) -> None:
        case = given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.PARTIALLY_PROVIDED, "Three of five visits",
                Decimal("320.50"), 2, actor=PARTNER, via=API, at=NOW)
        ).then(event(Case.ReferralCompleted, referral_id=REFERRAL,
                     outcome=ReferralOutcome.PARTIALLY_PROVIDED, value_cny=Decimal("320.50"),
                     people_helped=2, personal={"delivered": "Three of five visits"}))
        referral = case.referrals[REFERRAL]
        assert (referral.status, referral.outcome, referral.value_cny, referral.people_helped,
                referral.completed_at) == (
            ReferralStatus.COMPLETED, ReferralOutcome.PARTIALLY_PROVIDED, Decimal("320.50"), 2,
            NOW)

    def test_a_referral_not_yet_accepted_cannot_be_completed(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(lambda case: case.complete_referral(
            REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Visits", Decimal("1"), 1,
            actor=PARTNER, via=API, at=NOW,
        )).then_raises(RuleViolated, rule="referral_status")

    def test_a_referral_is_completed_once(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted(), completed()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Visits", Decimal("1"), 1,
                actor=PARTNER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="referral_status")

    def test_what_was_delivered_must_be_said(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.CLIENT_NO_SHOW, "", Decimal("0"), 0,
                actor=PARTNER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="delivered")

    def test_another_organisation_cannot_complete(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.complete_referral(
                REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Visits", Decimal("1"), 1,
                actor=OTHER_PARTNER, via=API, at=NOW)
        ).then_raises(NotFound)


class TestWithdrawReferral:
    @pytest.mark.parametrize("past", [(), (accepted(),)], ids=["sent", "accepted"])
    def test_the_case_side_withdraws_an_open_referral_with_a_reason(
        self, past: tuple[Step, ...]
    ) -> None:
        case = given(*history(Status.ACTIVE), referred(), *past).when(
            lambda case: case.withdraw_referral(REFERRAL, "Family took over",
                                                actor=SUPERVISOR, via=API, at=NOW)
        ).then(event(Case.ReferralWithdrawn, referral_id=REFERRAL,
                     personal={"reason": "Family took over"}))
        assert case.referrals[REFERRAL].status is ReferralStatus.WITHDRAWN

    def test_withdrawing_needs_a_reason(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.withdraw_referral(REFERRAL, "", actor=WORKER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="reason")

    @pytest.mark.parametrize("past", [(declined(),), (accepted(), completed())],
                             ids=["declined", "completed"])
    def test_an_answered_or_completed_referral_cannot_be_withdrawn(
        self, past: tuple[Step, ...]
    ) -> None:
        given(*history(Status.ACTIVE), referred(), *past).when(
            lambda case: case.withdraw_referral(REFERRAL, "Not needed", actor=WORKER,
                                                via=API, at=NOW)
        ).then_raises(RuleViolated, rule="referral_status")

    @pytest.mark.parametrize("actor", [PARTNER, OTHER_WORKER],
                             ids=["receiving partner", "other team worker"])
    def test_only_the_case_side_withdraws(self, actor: Actor) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.withdraw_referral(REFERRAL, "Not needed", actor=actor,
                                                via=API, at=NOW)
        ).then_raises(NotFound)

    def test_an_auditor_may_not_withdraw(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.withdraw_referral(REFERRAL, "Not needed", actor=AUDITOR,
                                                via=API, at=NOW)
        ).then_raises(NotPermitted)


class TestReferredOutCase:
    """A case closed as referred_out leaves its referral with the partner."""

    def test_the_partner_still_accepts_and_completes_it(self) -> None:
        given(*history(Status.ACTIVE), referred(), closed(ClosureOutcome.REFERRED_OUT)).when(
            lambda case: case.accept_referral(REFERRAL, actor=PARTNER, via=API, at=NOW)
        ).then(Case.ReferralAccepted)

    def test_the_case_side_cannot_withdraw_it_from_the_closed_case(self) -> None:
        given(*history(Status.ACTIVE), referred(), closed(ClosureOutcome.REFERRED_OUT)).when(
            lambda case: case.withdraw_referral(REFERRAL, "Not needed", actor=SUPERVISOR,
                                                via=API, at=NOW)
        ).then_raises(RuleViolated, rule="closed_case")

