"""Referral lifecycle: sent → accepted | declined | expired | withdrawn; accepted → completed."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import SYSTEM_ACTOR, Actor
from domain.vocabulary import ReferralStatus, Risk, Status, Via
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
    STEP_AT,
    SUPERVISOR,
    WORKER,
    accepted,
    declined,
    history,
    opened,
    referred,
    withdrawn,
)
from tests.unit.scenario import Step, event, given

REPLY_BY = STEP_AT + timedelta(hours=72)  # the default time to reply to `referred()`


def send(referral_id: UUID = REFERRAL, organisation_id: UUID = ORG,
         actor: Actor = WORKER) -> Step:
    return lambda case: case.send_referral(referral_id, organisation_id, "Home care visits",
                                           "Prefers mornings", actor=actor, via=API, at=NOW)


class TestSendReferral:
    @pytest.mark.parametrize("status", [Status.ASSESSED, Status.ACTIVE], ids=str)
    def test_a_referral_is_sent_with_72_hours_to_reply(self, status: Status) -> None:
        case = given(*history(status)).when(send()).then(event(
            Case.ReferralSent, referral_id=REFERRAL, organisation_id=ORG,
            respond_by=NOW + timedelta(hours=72),
            personal={"service": "Home care visits", "note": "Prefers mornings"},
        ))
        referral = case.referrals[REFERRAL]
        assert (referral.status, referral.sent_at, referral.sent_by) == (
            ReferralStatus.SENT, NOW, WORKER.id)

    def test_the_time_to_reply_may_be_set(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.send_referral(
            REFERRAL, ORG, "Food parcels", None, actor=WORKER, via=API, at=NOW,
            respond_by=NOW + timedelta(hours=4),
        )).then(event(Case.ReferralSent, respond_by=NOW + timedelta(hours=4)))

    def test_a_case_in_intake_cannot_be_referred(self) -> None:
        given(*history(Status.INTAKE)).when(send()).then_raises(RuleViolated, rule="status")

    def test_a_case_pending_closure_cannot_be_referred(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(send()).then_raises(
            RuleViolated, rule="status")

    def test_a_closed_case_cannot_be_referred(self) -> None:
        given(*history(Status.CLOSED)).when(send()).then_raises(RuleViolated, rule="closed_case")

    def test_a_referral_needs_the_residents_consent(self) -> None:
        given(opened(risk=Risk.MEDIUM, consent=False)).when(send()).then_raises(
            RuleViolated, rule="consent_required")

    def test_only_one_open_referral_per_organisation(self) -> None:
        given(*history(Status.ACTIVE), referred(REFERRAL, ORG)).when(
            send(REFERRAL_2, ORG)
        ).then_raises(RuleViolated, rule="referral_open")

    def test_an_accepted_referral_is_still_open(self) -> None:
        given(*history(Status.ACTIVE), referred(REFERRAL, ORG), accepted()).when(
            send(REFERRAL_2, ORG)
        ).then_raises(RuleViolated, rule="referral_open")

    def test_another_organisation_may_be_asked_at_the_same_time(self) -> None:
        given(*history(Status.ACTIVE), referred(REFERRAL, ORG)).when(
            send(REFERRAL_2, OTHER_ORG)
        ).then(event(Case.ReferralSent, organisation_id=OTHER_ORG))

    def test_the_same_organisation_may_be_asked_again_after_it_declined(self) -> None:
        given(*history(Status.ACTIVE), referred(REFERRAL, ORG), declined()).when(
            send(REFERRAL_2, ORG)
        ).then(event(Case.ReferralSent, referral_id=REFERRAL_2))

    def test_a_referral_id_is_used_once(self) -> None:
        given(*history(Status.ACTIVE), referred(REFERRAL, ORG), declined()).when(
            send(REFERRAL, ORG)
        ).then_raises(RuleViolated, rule="referral_exists")

    def test_a_partner_finds_no_such_case(self) -> None:
        given(*history(Status.ACTIVE)).when(send(actor=PARTNER)).then_raises(NotFound)

    def test_an_auditor_may_not_refer(self) -> None:
        given(*history(Status.ACTIVE)).when(send(actor=AUDITOR)).then_raises(NotPermitted)


class TestAcceptReferral:
    def test_the_receiving_organisation_accepts_before_the_reply_time(self) -> None:
        when = REPLY_BY - timedelta(minutes=1)
        case = given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.accept_referral(REFERRAL, actor=PARTNER, via=API, at=when)
        ).then(event(Case.ReferralAccepted, referral_id=REFERRAL, actor=PARTNER.ref))
        referral = case.referrals[REFERRAL]
        assert (referral.status, referral.answered_at) == (ReferralStatus.ACCEPTED, when)

    def test_accepting_after_the_reply_time_passed_is_refused(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(lambda case: case.accept_referral(
            REFERRAL, actor=PARTNER, via=API, at=REPLY_BY + timedelta(minutes=1)
        )).then_raises(RuleViolated, rule="referral_reply_time_passed")

    @pytest.mark.parametrize("actor", [OTHER_PARTNER, WORKER, SUPERVISOR, AUDITOR],
                             ids=["other organisation", "worker", "supervisor", "auditor"])
    def test_only_the_receiving_organisation_answers(self, actor: Actor) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.accept_referral(REFERRAL, actor=actor, via=API, at=NOW)
        ).then_raises(NotFound)

    def test_an_unknown_referral_is_not_found(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.accept_referral(REFERRAL_2, actor=PARTNER, via=API, at=NOW)
        ).then_raises(NotFound)

    @pytest.mark.parametrize("answer", [accepted(), declined(), withdrawn()],
                             ids=["accepted", "declined", "withdrawn"])
    def test_only_a_sent_referral_can_be_accepted(self, answer: Step) -> None:
        given(*history(Status.ACTIVE), referred(), answer).when(
            lambda case: case.accept_referral(REFERRAL, actor=PARTNER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="referral_status")


class TestDeclineReferral:
    def test_the_receiving_organisation_declines_with_a_reason(self) -> None:
        case = given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.decline_referral(REFERRAL, "Outside our district",
                                               actor=PARTNER, via=API, at=NOW)
        ).then(event(Case.ReferralDeclined, referral_id=REFERRAL,
                     personal={"reason": "Outside our district"}))
        assert case.referrals[REFERRAL].status is ReferralStatus.DECLINED
        assert case.open_referrals() == []

    def test_declining_needs_a_reason(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.decline_referral(REFERRAL, " ", actor=PARTNER, via=API, at=NOW)
        ).then_raises(InvalidInput, field="reason")

    def test_an_accepted_referral_cannot_be_declined(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.decline_referral(REFERRAL, "Changed our mind",
                                               actor=PARTNER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="referral_status")

    def test_another_organisation_cannot_decline(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.decline_referral(REFERRAL, "No", actor=OTHER_PARTNER,
                                               via=API, at=NOW)
        ).then_raises(NotFound)


class TestExpireReferral:
    def test_a_referral_unanswered_by_its_reply_time_expires(self) -> None:
        when = REPLY_BY + timedelta(seconds=1)
        case = given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.expire_referral(REFERRAL, actor=SYSTEM_ACTOR, via=Via.SYSTEM,
                                              at=when)
        ).then(event(Case.ReferralExpired, referral_id=REFERRAL, actor=SYSTEM_ACTOR.ref,
                     via=Via.SYSTEM))
        assert case.referrals[REFERRAL].status is ReferralStatus.EXPIRED
        assert case.open_referrals() == []

    def test_a_referral_does_not_expire_before_its_reply_time(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.expire_referral(REFERRAL, actor=SYSTEM_ACTOR, via=Via.SYSTEM,
                                              at=REPLY_BY)
        ).then_raises(RuleViolated, rule="referral_not_due")

    def test_an_accepted_referral_does_not_expire(self) -> None:
        given(*history(Status.ACTIVE), referred(), accepted()).when(
            lambda case: case.expire_referral(REFERRAL, actor=SYSTEM_ACTOR, via=Via.SYSTEM,
                                              at=REPLY_BY + timedelta(days=1))
        ).then_raises(RuleViolated, rule="referral_status")

    def test_a_partner_cannot_expire_a_referral(self) -> None:
        given(*history(Status.ACTIVE), referred()).when(
            lambda case: case.expire_referral(REFERRAL, actor=PARTNER, via=API,
                                              at=REPLY_BY + timedelta(days=1))
        ).then_raises(NotFound)
