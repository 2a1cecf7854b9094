"""Who may do what: out of scope is NotFound (existence never leaks); a barred role NotPermitted."""

from __future__ import annotations

import pytest

from domain import policy
from domain.errors import NotFound, NotPermitted
from domain.values import SYSTEM_ACTOR, Actor
from tests.unit.facts import (
    ADMIN,
    AUDITOR,
    ORG,
    OTHER_ORG,
    OTHER_PARTNER,
    OTHER_SUPERVISOR,
    OTHER_WORKER,
    PARTNER,
    SUPERVISOR,
    TEAM,
    WORKER,
)


class TestReadCase:
    @pytest.mark.parametrize("actor", [WORKER, SUPERVISOR, AUDITOR],
                             ids=["worker", "supervisor", "auditor"])
    def test_the_team_and_auditors_read_a_case(self, actor: Actor) -> None:
        assert policy.can_read_case(actor, TEAM)

    @pytest.mark.parametrize("actor", [OTHER_WORKER, OTHER_SUPERVISOR, PARTNER, ADMIN],
                             ids=["other worker", "other supervisor", "partner", "admin"])
    def test_nobody_else_reads_a_case(self, actor: Actor) -> None:
        assert not policy.can_read_case(actor, TEAM)
        with pytest.raises(NotFound):
            policy.require_case_in_scope(actor, TEAM)


class TestActOnCase:
    def test_the_teams_workers_act_on_its_cases(self) -> None:
        policy.require_case_side(WORKER, TEAM, "add a note")

    def test_an_auditor_reads_but_never_acts(self) -> None:
        with pytest.raises(NotPermitted):
            policy.require_case_side(AUDITOR, TEAM, "add a note")

    def test_supervisor_actions_are_barred_to_workers(self) -> None:
        policy.require_supervisor(SUPERVISOR, TEAM, "reopen a case")
        with pytest.raises(NotPermitted):
            policy.require_supervisor(WORKER, TEAM, "reopen a case")

    def test_another_teams_supervisor_finds_no_such_case(self) -> None:
        with pytest.raises(NotFound):
            policy.require_supervisor(OTHER_SUPERVISOR, TEAM, "reopen a case")

    def test_the_system_may_expire_referrals_on_any_case(self) -> None:
        policy.require_system_or_case_side(SYSTEM_ACTOR, TEAM, "expire a referral")
        with pytest.raises(NotFound):
            policy.require_system_or_case_side(PARTNER, TEAM, "expire a referral")


class TestOpenCase:
    def test_a_worker_opens_cases_for_their_own_team_only(self) -> None:
        policy.require_can_open(WORKER, TEAM)
        with pytest.raises(NotPermitted):
            policy.require_can_open(OTHER_WORKER, TEAM)


class TestAnswerReferral:
    def test_only_a_partner_of_the_receiving_organisation_answers(self) -> None:
        policy.require_receiving_organisation(PARTNER, ORG)
        for actor in (OTHER_PARTNER, WORKER, SUPERVISOR, AUDITOR, ADMIN):
            with pytest.raises(NotFound):
                policy.require_receiving_organisation(actor, ORG)

    def test_a_partner_of_another_organisation_answers_its_own(self) -> None:
        policy.require_receiving_organisation(OTHER_PARTNER, OTHER_ORG)
