"""Moving a case between teams: the current team's supervisor asks, the receiving one decides."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.case import Case, TransferRequest
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import ClosureOutcome, Risk, Role, Status
from tests.unit.facts import (
    API,
    AUDITOR,
    NOW,
    OTHER_SUPERVISOR,
    OTHER_TEAM,
    OTHER_WORKER,
    PARTNER,
    STEP_AT,
    SUPERVISOR,
    TEAM,
    WORKER,
    closed,
    history,
    opened,
    transfer_accepted,
    transfer_requested,
)
from tests.unit.scenario import Step, event, given

THIRD_TEAM_SUPERVISOR = Actor(UUID(int=11), Role.SUPERVISOR, team="XH")
REASON = "She lives in Jinyang; their station will serve her"


def request(to_team: str = OTHER_TEAM, actor: Actor = SUPERVISOR, reason: str = REASON) -> Step:
    return lambda case: case.request_transfer(to_team, reason, actor=actor, via=API, at=NOW)


def decide(accept: bool, actor: Actor = OTHER_SUPERVISOR) -> Step:
    return lambda case: case.decide_transfer(accept, "We will take her", actor=actor, via=API,
                                             at=NOW)


class TestRequestTransfer:
    @pytest.mark.parametrize("status", [Status.INTAKE, Status.ASSESSED, Status.ACTIVE], ids=str)
    def test_a_supervisor_of_the_current_team_requests_a_transfer(self, status: Status) -> None:
        case = given(*history(status)).when(request()).then(event(
            Case.TransferRequested, to_team=OTHER_TEAM, personal={"reason": REASON},
            actor=SUPERVISOR.ref,
        ))
        assert case.pending_transfer == TransferRequest(OTHER_TEAM, SUPERVISOR.id, NOW)
        assert (case.team, case.status) == (TEAM, status)

    def test_a_transfer_needs_a_reason(self) -> None:
        given(*history(Status.ACTIVE)).when(request(reason="")).then_raises(
            InvalidInput, field="reason")

    def test_a_case_cannot_be_transferred_to_its_own_team(self) -> None:
        given(*history(Status.ACTIVE)).when(request(TEAM)).then_raises(
            RuleViolated, rule="same_team")

    def test_a_second_request_while_one_is_pending_is_refused(self) -> None:
        given(*history(Status.ACTIVE), transfer_requested()).when(request("XH")).then_raises(
            RuleViolated, rule="transfer_pending")

    def test_a_case_pending_closure_cannot_be_transferred(self) -> None:
        given(*history(Status.PENDING_CLOSURE)).when(request()).then_raises(
            RuleViolated, rule="status")

    def test_a_worker_may_not_request_a_transfer(self) -> None:
        given(*history(Status.ACTIVE)).when(request(actor=WORKER)).then_raises(NotPermitted)

    def test_the_receiving_teams_supervisor_cannot_pull_a_case(self) -> None:
        given(*history(Status.ACTIVE)).when(request(actor=OTHER_SUPERVISOR)).then_raises(
            NotFound)

    def test_an_auditor_may_not_request_a_transfer(self) -> None:
        given(*history(Status.ACTIVE)).when(request(actor=AUDITOR)).then_raises(NotPermitted)


class TestDecideTransfer:
    def test_on_acceptance_an_active_case_joins_the_new_team_unassigned(self) -> None:
        case = given(*history(Status.ACTIVE), transfer_requested()).when(decide(True)).then(
            event(Case.TransferAccepted, from_team=TEAM, to_team=OTHER_TEAM,
                  personal={"comment": "We will take her"}, actor=OTHER_SUPERVISOR.ref))
        assert (case.team, case.assigned_worker_id, case.status) == (
            OTHER_TEAM, None, Status.ASSESSED)
        assert case.pending_transfer is None
        assert case.waiting_since == NOW

    def test_a_case_in_intake_stays_in_intake_in_its_new_team(self) -> None:
        case = given(opened(), transfer_requested()).when(decide(True)).then(
            Case.TransferAccepted)
        assert (case.team, case.status) == (OTHER_TEAM, Status.INTAKE)

    def test_on_decline_the_case_stays_with_its_team_and_worker(self) -> None:
        case = given(*history(Status.ACTIVE), transfer_requested()).when(decide(False)).then(
            event(Case.TransferDeclined, actor=OTHER_SUPERVISOR.ref))
        assert (case.team, case.assigned_worker_id, case.status) == (
            TEAM, WORKER.id, Status.ACTIVE)
        assert case.pending_transfer is None

    def test_after_a_decline_a_new_transfer_may_be_requested(self) -> None:
        given(*history(Status.ACTIVE), transfer_requested(), lambda case: case.decide_transfer(
            False, None, actor=OTHER_SUPERVISOR, via=API, at=STEP_AT,
        )).when(request("XH")).then(event(Case.TransferRequested, to_team="XH"))

    def test_the_new_teams_worker_may_claim_it_and_the_old_team_loses_it(self) -> None:
        moved = given(opened(risk=Risk.MEDIUM), transfer_requested(), transfer_accepted())
        moved.when(lambda case: case.claim(actor=OTHER_WORKER, via=API, at=NOW)).then(
            event(Case.Claimed, worker_id=OTHER_WORKER.id))
        moved.when(lambda case: case.add_note("Still ours?", actor=WORKER, via=API, at=NOW)
                   ).then_raises(NotFound)

    def test_there_must_be_a_pending_transfer_to_decide(self) -> None:
        given(*history(Status.ACTIVE)).when(decide(True, SUPERVISOR)).then_raises(
            RuleViolated, rule="no_transfer_pending")

    def test_with_no_transfer_pending_another_team_finds_no_such_case(self) -> None:
        given(*history(Status.ACTIVE)).when(decide(True)).then_raises(NotFound)

    def test_the_current_teams_supervisor_does_not_decide(self) -> None:
        given(*history(Status.ACTIVE), transfer_requested()).when(
            decide(True, SUPERVISOR)).then_raises(NotPermitted)

    def test_a_worker_of_the_receiving_team_does_not_even_see_the_case(self) -> None:
        # The case is not theirs until accepted: existence does not leak.
        given(*history(Status.ACTIVE), transfer_requested()).when(
            decide(True, OTHER_WORKER)).then_raises(NotFound)

    def test_an_auditor_does_not_decide(self) -> None:
        given(*history(Status.ACTIVE), transfer_requested()).when(
            decide(True, AUDITOR)).then_raises(NotPermitted)

    @pytest.mark.parametrize("actor", [THIRD_TEAM_SUPERVISOR, PARTNER],
                             ids=["third team supervisor", "partner"])
    def test_anyone_else_finds_no_such_case(self, actor: Actor) -> None:
        given(*history(Status.ACTIVE), transfer_requested()).when(
            decide(True, actor)).then_raises(NotFound)

    def test_nobody_approves_their_own_request(self) -> None:
        moved_lead = Actor(SUPERVISOR.id, Role.SUPERVISOR, team=OTHER_TEAM)
        given(*history(Status.ACTIVE), transfer_requested()).when(
            decide(True, moved_lead)).then_raises(RuleViolated, rule="own_request")

    def test_a_case_that_went_pending_closure_meanwhile_is_no_longer_offered(self) -> None:
        # Closing (or asking to close) withdraws the transfer: the receiving team has
        # nothing left to decide, and learns nothing more of the case.
        given(opened(risk=Risk.HIGH), transfer_requested(), closed(by=WORKER)).when(
            decide(True)).then_raises(NotFound)

    def test_closing_a_case_withdraws_its_pending_transfer(self) -> None:
        case = given(*history(Status.ACTIVE), transfer_requested()).when(
            lambda case: case.close(ClosureOutcome.NO_LONGER_NEEDED, "Her family came back",
                                    actor=SUPERVISOR, via=API, at=NOW)).then(Case.Closed)
        assert (case.status, case.pending_transfer, case.team) == (Status.CLOSED, None, TEAM)

    def test_a_reopened_case_has_no_transfer_pending(self) -> None:
        case = given(*history(Status.ACTIVE), transfer_requested(), closed(by=SUPERVISOR)
                     ).when(lambda case: case.reopen("She called again", actor=SUPERVISOR,
                                                     via=API, at=NOW)).then(Case.Reopened)
        assert case.pending_transfer is None
        assert case.team == TEAM
