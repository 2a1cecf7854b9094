"""Assessment: sets the risk level, the confirmed needs, a plan and the next follow-up."""

from __future__ import annotations

import pytest

from domain.case import Case
from domain.errors import NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import Need, Risk, Status
from tests.unit.facts import (
    ADMIN,
    API,
    AUDITOR,
    NOW,
    OTHER_SUPERVISOR,
    OTHER_WORKER,
    PARTNER,
    SUPERVISOR,
    WORKER,
    assessment,
    day,
    history,
    opened,
)
from tests.unit.scenario import event, given


class TestAssess:
    def test_assessing_an_intake_case_makes_it_assessed(self) -> None:
        case = given(opened()).when(lambda case: case.assess(
            assessment(Risk.HIGH, needs=(Need.MEDICATION, Need.FOOD), plan="Weekly calls",
                       follow_up_due=day(3), notes="Lives on the 6th floor, no lift"),
            actor=WORKER, via=API, at=NOW,
        )).then(event(
            Case.Assessed, risk=Risk.HIGH, needs=(Need.MEDICATION, Need.FOOD),
            follow_up_due=day(3),
            personal={"notes": "Lives on the 6th floor, no lift", "plan": "Weekly calls"},
        ))
        assert case.status is Status.ASSESSED
        assert (case.risk, case.needs, case.follow_up_due) == (
            Risk.HIGH, (Need.MEDICATION, Need.FOOD), day(3))
        assert case.assessed_at == NOW

    def test_assessing_again_updates_the_risk_and_keeps_the_status(self) -> None:
        case = given(opened(risk=Risk.LOW)).when(lambda case: case.assess(
            assessment(Risk.CRITICAL), actor=WORKER, via=API, at=NOW
        )).then(event(Case.Assessed, risk=Risk.CRITICAL))
        assert (case.status, case.risk) == (Status.ASSESSED, Risk.CRITICAL)

    def test_an_active_case_can_be_assessed_again_and_stays_active(self) -> None:
        case = given(*history(Status.ACTIVE)).when(lambda case: case.assess(
            assessment(Risk.LOW), actor=WORKER, via=API, at=NOW
        )).then(event(Case.Assessed, risk=Risk.LOW))
        assert case.status is Status.ACTIVE

    def test_a_supervisor_may_assess(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(), actor=SUPERVISOR, via=API, at=NOW
        )).then(event(Case.Assessed, actor=SUPERVISOR.ref))

    def test_a_case_pending_closure_cannot_be_assessed(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(lambda case: case.assess(
            assessment(), actor=WORKER, via=API, at=NOW
        )).then_raises(RuleViolated, rule="status")

    def test_a_closed_case_cannot_be_assessed(self) -> None:
        given(*history(Status.CLOSED)).when(lambda case: case.assess(
            assessment(), actor=WORKER, via=API, at=NOW
        )).then_raises(RuleViolated, rule="closed_case")

    @pytest.mark.parametrize("actor", [OTHER_WORKER, OTHER_SUPERVISOR, PARTNER, ADMIN],
                             ids=["other team worker", "other team supervisor", "partner",
                                  "admin"])
    def test_someone_outside_the_team_finds_no_such_case(self, actor: Actor) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(), actor=actor, via=API, at=NOW
        )).then_raises(NotFound)

    def test_an_auditor_may_not_assess(self) -> None:
        given(opened()).when(lambda case: case.assess(
            assessment(), actor=AUDITOR, via=API, at=NOW
        )).then_raises(NotPermitted)
