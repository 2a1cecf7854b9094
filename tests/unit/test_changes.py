"""What an event changed: `changes(before, after)` compares two states of a case.

Given a case's past, when one more event happens, then the change list names each field
a reader cares about that moved, with its old and new value.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.case import Case
from domain.vocabulary import ConsentMethod, Need, ReferralStatus, Risk, Status
from service.case_detail import CaseDetail, detail_of
from service.changes import Change, changes, changes_by_event, state_at
from tests.unit.facts import (
    API,
    NOW,
    OTHER_TEAM,
    REFERRAL,
    SUPERVISOR,
    WORKER,
    WORKER_2,
    accepted,
    assessed,
    assessment,
    assigned,
    closed,
    consent_withdrawn,
    day,
    opened,
    referred,
    transfer_accepted,
    transfer_requested,
)
from tests.unit.scenario import Past, given, replay


def _state(events: Sequence[Case.Event]) -> CaseDetail:
    return detail_of(replay(events), None)


def _before_and_after(*past: Past, step: Past) -> tuple[CaseDetail, CaseDetail]:
    before = given(*past).events
    after = given(*past, step).events
    return _state(before), _state(after)


def _fields(found: list[Change]) -> dict[str, tuple[object, object]]:
    return {change.field: (change.old, change.new) for change in found}


class TestChangesBetweenTwoStates:
    def test_a_reassessment_names_the_risk_the_needs_and_the_follow_up(self) -> None:
        before, after = _before_and_after(
            opened(risk=Risk.MEDIUM),
            step=lambda case: case.assess(
                assessment(Risk.HIGH, needs=(Need.MEDICATION, Need.FOOD),
                           follow_up_due=day(4)), actor=WORKER, via=API, at=NOW))
        found = _fields(changes(before, after, personal=False))
        assert found["risk"] == (Risk.MEDIUM, Risk.HIGH)
        assert found["needs"] == ((Need.MEDICATION,), (Need.MEDICATION, Need.FOOD))
        assert found["follow_up_due"] == (day(2), day(4))
        assert "status" not in found  # an assessed case stays assessed

    def test_the_same_state_changes_nothing(self) -> None:
        state = _state(given(opened(risk=Risk.MEDIUM)).events)
        assert changes(state, state, personal=True) == []

    def test_needs_given_in_another_order_are_no_change(self) -> None:
        before, after = _before_and_after(
            opened(), assessed(),
            step=lambda case: case.assess(
                assessment(Risk.MEDIUM, needs=(Need.FOOD, Need.MEDICATION)),
                actor=WORKER, via=API, at=NOW))
        middle, final = _before_and_after(
            opened(), assessed(), lambda case: case.assess(
                assessment(Risk.MEDIUM, needs=(Need.FOOD, Need.MEDICATION)),
                actor=WORKER, via=API, at=NOW),
            step=lambda case: case.assess(
                assessment(Risk.MEDIUM, needs=(Need.MEDICATION, Need.FOOD)),
                actor=WORKER, via=API, at=NOW))
        assert "needs" in _fields(changes(before, after, personal=False))
        assert "needs" not in _fields(changes(middle, final, personal=False))

    def test_an_assignment_names_the_status_and_the_worker(self) -> None:
        before, after = _before_and_after(opened(risk=Risk.MEDIUM), step=assigned(WORKER_2))
        found = _fields(changes(before, after, personal=False))
        assert found["status"] == (Status.ASSESSED, Status.ACTIVE)
        assert found["assigned_worker_id"] == (None, WORKER_2.id)

    def test_a_transfer_names_the_pending_transfer_then_the_team(self) -> None:
        before, requested = _before_and_after(opened(risk=Risk.MEDIUM), assigned(),
                                              step=transfer_requested())
        assert _fields(changes(before, requested, personal=False)) == {
            "pending_transfer.to_team": (None, OTHER_TEAM)}
        _, moved = _before_and_after(opened(risk=Risk.MEDIUM), assigned(),
                                     transfer_requested(), step=transfer_accepted())
        found = _fields(changes(requested, moved, personal=False))
        assert found["team"] == ("JB", OTHER_TEAM)
        assert found["pending_transfer.to_team"] == (OTHER_TEAM, None)
        assert found["assigned_worker_id"] == (WORKER.id, None)
        assert found["status"] == (Status.ACTIVE, Status.ASSESSED)

    def test_a_referral_names_its_status_and_which_referral(self) -> None:
        before, after = _before_and_after(opened(risk=Risk.MEDIUM), referred(),
                                          step=accepted())
        [change] = changes(before, after, personal=False)
        assert (change.field, change.old, change.new, change.referral_id) == (
            "referrals.status", ReferralStatus.SENT, ReferralStatus.ACCEPTED, REFERRAL)

    def test_withdrawing_consent_names_the_consent_and_the_open_referral(self) -> None:
        before, after = _before_and_after(opened(risk=Risk.MEDIUM), referred(),
                                          step=consent_withdrawn())
        found = _fields(changes(before, after, personal=False))
        assert found["consent.given"] == (True, False)
        assert found["consent.method"] == (ConsentMethod.VERBAL, None)
        assert found["referrals.status"] == (ReferralStatus.SENT, ReferralStatus.WITHDRAWN)

    def test_a_closure_names_the_outcome(self) -> None:
        before, after = _before_and_after(opened(risk=Risk.MEDIUM), assigned(),
                                          step=closed(by=SUPERVISOR))
        found = _fields(changes(before, after, personal=False))
        assert found["status"] == (Status.ACTIVE, Status.CLOSED)
        assert found["outcome"] == (None, "resolved")

    def test_the_opening_sets_every_field_it_fills(self) -> None:
        after = _state(given(opened()).events)
        found = _fields(changes(None, after, personal=True))
        assert found["status"] == (None, Status.INTAKE)
        assert found["resident.name"] == (None, "Test Resident")
        assert "risk" not in found  # nothing to say about what is still empty


class TestPersonalValues:
    @staticmethod
    def _new_plan() -> tuple[CaseDetail, CaseDetail]:
        return _before_and_after(
            opened(risk=Risk.MEDIUM),
            step=lambda case: case.assess(assessment(plan="Call every morning"),
                                          actor=WORKER, via=API, at=NOW))

    def test_a_reader_allowed_personal_data_sees_the_plan_change(self) -> None:
        before, after = self._new_plan()
        found = {c.field: c for c in changes(before, after, personal=True)}
        assert (found["plan"].old, found["plan"].new) == ("Fetch the prescription",
                                                          "Call every morning")
        assert not found["plan"].hidden

    def test_any_other_reader_learns_that_it_changed_but_not_the_text(self) -> None:
        before, after = self._new_plan()
        found = {c.field: c for c in changes(before, after, personal=False)}
        assert (found["plan"].old, found["plan"].new, found["plan"].hidden) == (
            None, None, True)
        opening = changes(None, after, personal=False)
        assert "Test Resident" not in repr(opening)
        assert "Call every morning" not in repr(opening)


class TestFoldingTheStream:
    def test_each_event_comes_with_what_it_changed(self) -> None:
        events = given(opened(risk=Risk.MEDIUM), assigned(),
                       lambda case: case.add_note("Called her", actor=WORKER, via=API,
                                                  at=NOW)).events
        folded = changes_by_event(events, personal=False)
        assert [event.originator_version for event, _ in folded] == [1, 2, 3, 4]
        assert _fields(folded[1][1])["risk"] == (None, Risk.MEDIUM)
        assert _fields(folded[2][1])["assigned_worker_id"] == (None, WORKER.id)
        assert folded[3][1] == []  # a note changes none of these fields

    def test_the_state_at_a_version_and_before_the_first(self) -> None:
        events = given(opened(risk=Risk.MEDIUM), assigned()).events
        assert state_at(events, 0) is None
        at_two = state_at(events, 2)
        assert at_two is not None
        assert (at_two.version, at_two.risk, at_two.assigned_worker_id) == (
            2, Risk.MEDIUM, None)
