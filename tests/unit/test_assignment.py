"""Assignment, reassignment and claiming: one worker of the case's own team."""

from __future__ import annotations

import pytest

from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import Risk, Status
from tests.unit.facts import (
    API,
    AUDITOR,
    NOW,
    OTHER_SUPERVISOR,
    OTHER_WORKER,
    PARTNER,
    SUPERVISOR,
    SUPERVISOR_2,
    WORKER,
    WORKER_2,
    assigned,
    history,
    opened,
)
from tests.unit.scenario import event, given


class TestAssign:
    def test_a_supervisor_assigns_an_assessed_case_to_a_worker_of_the_team(self) -> None:
        case = given(opened(risk=Risk.MEDIUM)).when(
            lambda case: case.assign(WORKER, None, actor=SUPERVISOR, via=API, at=NOW)
        ).then(event(Case.Assigned, worker_id=WORKER.id, previous_worker_id=None,
                     actor=SUPERVISOR.ref))
        assert case.status is Status.ACTIVE
        assert case.assigned_worker_id == WORKER.id
        assert case.assigned_at == NOW

    def test_a_case_in_intake_cannot_be_assigned_before_it_is_assessed(self) -> None:
        given(opened()).when(
            lambda case: case.assign(WORKER, None, actor=SUPERVISOR, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="status")

    def test_a_case_pending_closure_cannot_be_reassigned(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(
            lambda case: case.assign(WORKER_2, "cover", actor=SUPERVISOR, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="status")

    def test_a_closed_case_cannot_be_assigned(self) -> None:
        given(*history(Status.CLOSED)).when(
            lambda case: case.assign(WORKER_2, "cover", actor=SUPERVISOR, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="closed_case")

    @pytest.mark.parametrize("assignee", [OTHER_WORKER, PARTNER, AUDITOR],
                             ids=["other team worker", "partner", "auditor"])
    def test_a_case_is_assigned_only_to_a_worker_of_its_own_team(self, assignee: Actor) -> None:
        given(opened(risk=Risk.MEDIUM)).when(
            lambda case: case.assign(assignee, None, actor=SUPERVISOR, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="worker_not_in_team")

    def test_a_worker_may_not_assign(self) -> None:
        given(opened(risk=Risk.MEDIUM)).when(
            lambda case: case.assign(WORKER_2, None, actor=WORKER, via=API, at=NOW)
        ).then_raises(NotPermitted)

    def test_an_auditor_may_not_assign(self) -> None:
        given(opened(risk=Risk.MEDIUM)).when(
            lambda case: case.assign(WORKER, None, actor=AUDITOR, via=API, at=NOW)
        ).then_raises(NotPermitted)

    def test_another_teams_supervisor_finds_no_such_case(self) -> None:
        given(opened(risk=Risk.MEDIUM)).when(
            lambda case: case.assign(WORKER, None, actor=OTHER_SUPERVISOR, via=API, at=NOW)
        ).then_raises(NotFound)


class TestReassign:
    def test_reassignment_records_the_previous_worker_and_the_reason(self) -> None:
        case = given(*history(Status.ACTIVE)).when(lambda case: case.assign(
            WORKER_2, "Wang is on leave", actor=SUPERVISOR, via=API, at=NOW
        )).then(event(Case.Assigned, worker_id=WORKER_2.id, previous_worker_id=WORKER.id,
                      personal={"reason": "Wang is on leave"}))
        assert (case.status, case.assigned_worker_id) == (Status.ACTIVE, WORKER_2.id)

    @pytest.mark.parametrize("reason", [None, "", "   "])
    def test_reassignment_needs_a_reason(self, reason: str | None) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.assign(WORKER_2, reason, actor=SUPERVISOR, via=API, at=NOW)
        ).then_raises(InvalidInput, field="reason")

    def test_reassigning_to_the_same_worker_is_refused(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.assign(
            WORKER, "again", actor=SUPERVISOR, via=API, at=NOW
        )).then_raises(RuleViolated, rule="already_assigned")

    def test_another_supervisor_of_the_team_may_reassign(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.assign(
            WORKER_2, "Load balancing", actor=SUPERVISOR_2, via=API, at=NOW
        )).then(event(Case.Assigned, actor=SUPERVISOR_2.ref))


class TestClaim:
    def test_a_worker_claims_an_assessed_unassigned_case_for_themselves(self) -> None:
        case = given(opened(risk=Risk.HIGH)).when(
            lambda case: case.claim(actor=WORKER_2, via=API, at=NOW)
        ).then(event(Case.Claimed, worker_id=WORKER_2.id, actor=WORKER_2.ref))
        assert (case.status, case.assigned_worker_id) == (Status.ACTIVE, WORKER_2.id)

    def test_a_supervisor_may_claim_too(self) -> None:
        given(opened(risk=Risk.HIGH)).when(
            lambda case: case.claim(actor=SUPERVISOR, via=API, at=NOW)
        ).then(event(Case.Claimed, worker_id=SUPERVISOR.id))

    def test_a_case_in_intake_cannot_be_claimed(self) -> None:
        given(opened()).when(
            lambda case: case.claim(actor=WORKER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="status")

    def test_an_assigned_case_cannot_be_claimed(self) -> None:
        given(opened(risk=Risk.HIGH), assigned(WORKER)).when(
            lambda case: case.claim(actor=WORKER_2, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="status")

    def test_a_closed_case_cannot_be_claimed(self) -> None:
        given(*history(Status.CLOSED)).when(
            lambda case: case.claim(actor=WORKER_2, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="closed_case")

    @pytest.mark.parametrize("actor", [OTHER_WORKER, PARTNER], ids=["other team", "partner"])
    def test_someone_outside_the_team_finds_no_such_case(self, actor: Actor) -> None:
        given(opened(risk=Risk.HIGH)).when(
            lambda case: case.claim(actor=actor, via=API, at=NOW)
        ).then_raises(NotFound)

    def test_an_auditor_may_not_claim(self) -> None:
        given(opened(risk=Risk.HIGH)).when(
            lambda case: case.claim(actor=AUDITOR, via=API, at=NOW)
        ).then_raises(NotPermitted)
