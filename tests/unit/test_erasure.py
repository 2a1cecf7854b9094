"""Erasing a case: a supervisor of its team, with a reason, in any status (issue 10).

The domain records `Case.Erased` with the actor and the reason (which names why, never
who: it is not personal); the adapters then destroy the case's data key.
"""

from __future__ import annotations

import pytest

from domain.actions import CaseAction, available_commands
from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import ERASED, SYSTEM_ACTOR, Actor
from domain.vocabulary import Status
from tests.unit.facts import (
    API,
    AUDITOR,
    NOW,
    OTHER_SUPERVISOR,
    PARTNER,
    SUPERVISOR,
    WORKER,
    history,
)
from tests.unit.scenario import Step, event, given

REASON = "resident asked for erasure (PIPL art. 47)"


def erase(actor: Actor = SUPERVISOR, reason: str = REASON) -> Step:
    return lambda case: case.erase(reason, actor=actor, via=API, at=NOW)


class TestErase:
    @pytest.mark.parametrize("status", list(Status), ids=str)
    def test_a_supervisor_of_the_team_erases_a_case_in_any_status(self, status: Status
                                                                   ) -> None:
        case = given(*history(status)).when(erase()).then(
            event(Case.Erased, reason=REASON, actor=SUPERVISOR.ref))
        assert case.erased is True
        assert case.status is status  # the history and its status stay
        assert set(case.personal.values()) == {ERASED}  # a case folded in memory forgets
        for referral in case.referrals.values():
            assert referral.service == ERASED

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_erasure_needs_a_reason(self, reason: str) -> None:
        given(*history(Status.ACTIVE)).when(erase(reason=reason)).then_raises(
            InvalidInput, field="reason")

    @pytest.mark.parametrize("actor", [WORKER, AUDITOR], ids=["worker", "auditor"])
    def test_only_a_supervisor_erases(self, actor: Actor) -> None:
        given(*history(Status.ACTIVE)).when(erase(actor)).then_raises(NotPermitted)

    @pytest.mark.parametrize("actor", [OTHER_SUPERVISOR, PARTNER], ids=["other", "partner"])
    def test_outside_the_team_there_is_no_such_case(self, actor: Actor) -> None:
        given(*history(Status.ACTIVE)).when(erase(actor)).then_raises(NotFound)

    def test_an_erased_case_accepts_no_more_commands(self) -> None:
        given(*history(Status.ACTIVE), erase()).when(
            lambda case: case.add_note("Hello", actor=WORKER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="erased")

    def test_a_case_is_erased_once(self) -> None:
        given(*history(Status.CLOSED), erase()).when(erase()).then_raises(
            RuleViolated, rule="erased")

    def test_the_retention_job_erases_a_closed_case(self) -> None:
        given(*history(Status.CLOSED)).when(erase(SYSTEM_ACTOR, "retention")).then(
            event(Case.Erased, reason="retention", actor=SYSTEM_ACTOR.ref))

    @pytest.mark.parametrize("status", [s for s in Status if s is not Status.CLOSED], ids=str)
    def test_the_retention_job_erases_nothing_open(self, status: Status) -> None:
        given(*history(status)).when(erase(SYSTEM_ACTOR, "retention")).then_raises(
            RuleViolated, rule="status")

    def test_an_erased_case_offers_nothing_and_a_supervisor_is_offered_erasure(self) -> None:
        case = given(*history(Status.CLOSED)).case
        assert CaseAction.ERASE in available_commands(case, SUPERVISOR)
        assert CaseAction.ERASE not in available_commands(case, WORKER)
        erased = given(*history(Status.CLOSED), erase()).case
        assert available_commands(erased, SUPERVISOR) == frozenset()


class TestKeylessCaseAfterARestore:
    """A restored case whose data key is in no key file (erased after the backup) reads
    as ERASED everywhere; the system records its erasure so that it takes no new data."""

    @pytest.mark.parametrize("status", list(Status), ids=str)
    def test_the_system_records_the_erasure_of_a_case_whose_key_is_gone(
            self, status: Status) -> None:
        def read_without_its_key_then_erase(case: Case) -> None:
            case.personal = dict.fromkeys(case.personal, ERASED)
            case.erase("key gone", actor=SYSTEM_ACTOR, via=API, at=NOW)

        given(*history(status)).when(read_without_its_key_then_erase).then(
            event(Case.Erased, reason="key gone", actor=SYSTEM_ACTOR.ref))
