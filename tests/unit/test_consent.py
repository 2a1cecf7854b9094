"""Consent to share with partners: needed to refer; withdrawing it withdraws open referrals."""

from __future__ import annotations

from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Consent
from domain.vocabulary import ConsentMethod, ReferralStatus, Risk, Status
from tests.unit.facts import (
    API,
    AUDITOR,
    NOW,
    ORG,
    OTHER_ORG,
    OTHER_PARTNER,
    PARTNER,
    REFERRAL,
    REFERRAL_2,
    WORKER,
    accepted,
    consent_withdrawn,
    declined,
    history,
    opened,
    referred,
)
from tests.unit.scenario import event, given


class TestRecordConsent:
    def test_consent_is_recorded_with_how_it_was_given(self) -> None:
        case = given(opened(consent=False)).when(lambda case: case.record_consent(
            True, ConsentMethod.WRITTEN, actor=WORKER, via=API, at=NOW
        )).then(event(Case.ConsentRecorded, method=ConsentMethod.WRITTEN))
        assert case.consent == Consent(True, ConsentMethod.WRITTEN)

    def test_consent_given_must_say_how(self) -> None:
        given(opened(consent=False)).when(
            lambda case: case.record_consent(True, None, actor=WORKER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="method")

    def test_consent_already_given_is_not_recorded_twice(self) -> None:
        given(opened()).when(lambda case: case.record_consent(
            True, ConsentMethod.VERBAL, actor=WORKER, via=API, at=NOW
        )).then_raises(RuleViolated, rule="consent_already_given")

    def test_consent_can_be_given_again_after_it_was_withdrawn(self) -> None:
        given(opened(), consent_withdrawn()).when(lambda case: case.record_consent(
            True, ConsentMethod.GUARDIAN, actor=WORKER, via=API, at=NOW
        )).then(Case.ConsentRecorded)

    def test_a_closed_case_takes_no_new_consent(self) -> None:
        given(*history(Status.CLOSED)).when(lambda case: case.record_consent(
            True, ConsentMethod.WRITTEN, actor=WORKER, via=API, at=NOW
        )).then_raises(RuleViolated, rule="closed_case")

    def test_consent_can_be_withdrawn_after_closure(self) -> None:
        # A case closed as referred_out may still share contact details with a partner:
        # the resident's withdrawal must stop that at any time.
        given(*history(Status.CLOSED)).when(lambda case: case.record_consent(
            False, None, actor=WORKER, via=API, at=NOW
        )).then(Case.ConsentWithdrawn)

    def test_an_auditor_may_not_record_consent(self) -> None:
        given(opened(consent=False)).when(lambda case: case.record_consent(
            True, ConsentMethod.VERBAL, actor=AUDITOR, via=API, at=NOW
        )).then_raises(NotPermitted)

    def test_a_partner_finds_no_such_case(self) -> None:
        given(opened()).when(lambda case: case.record_consent(
            False, None, actor=PARTNER, via=API, at=NOW
        )).then_raises(NotFound)


class TestWithdrawConsent:
    def test_withdrawing_consent_is_recorded(self) -> None:
        case = given(opened()).when(
            lambda case: case.record_consent(False, None, actor=WORKER, via=API, at=NOW)
        ).then(event(Case.ConsentWithdrawn, actor=WORKER.ref))
        assert case.consent.given is False

    def test_there_must_be_consent_to_withdraw(self) -> None:
        given(opened(consent=False)).when(
            lambda case: case.record_consent(False, None, actor=WORKER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="no_consent")

    def test_withdrawing_consent_withdraws_every_open_referral(self) -> None:
        case = given(
            opened(risk=Risk.MEDIUM),
            referred(REFERRAL, ORG),
            referred(REFERRAL_2, OTHER_ORG), accepted(REFERRAL_2, by=OTHER_PARTNER),
        ).when(
            lambda case: case.record_consent(False, None, actor=WORKER, via=API, at=NOW)
        ).then(
            Case.ConsentWithdrawn,
            event(Case.ReferralWithdrawn, referral_id=REFERRAL, actor=WORKER.ref,
                  personal={"reason": "consent withdrawn"}),
            event(Case.ReferralWithdrawn, referral_id=REFERRAL_2),
        )
        assert [r.status for r in case.referrals.values()] == [
            ReferralStatus.WITHDRAWN, ReferralStatus.WITHDRAWN,
        ]

    def test_answered_referrals_are_left_as_they_are(self) -> None:
        case = given(opened(risk=Risk.MEDIUM), referred(), declined()).when(
            lambda case: case.record_consent(False, None, actor=WORKER, via=API, at=NOW)
        ).then(Case.ConsentWithdrawn)
        assert case.referrals[REFERRAL].status is ReferralStatus.DECLINED

    def test_no_referral_is_sent_once_consent_is_withdrawn(self) -> None:
        given(opened(risk=Risk.MEDIUM), consent_withdrawn()).when(
            lambda case: case.send_referral(REFERRAL, ORG, "Home care", None,
                                            actor=WORKER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="consent_required")
