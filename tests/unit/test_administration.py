"""What an administrator changes: a team's area, an account's role, team or organisation
(docs/domain.md §1; SPEC §6: such a change ends the account's tokens and sessions)."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidInput, RuleViolated
from domain.identity import Team, User
from domain.values import ActorRef
from domain.vocabulary import Role, TeamLevel, Via
from tests.unit.facts import ORG, T0, TEAM, at

ADMIN = ActorRef(UUID(int=7), Role.ADMIN)


def a_worker() -> User:
    user = User.register("li.wei", "Li Wei", Role.WORKER, TEAM, None, "hash", actor=ADMIN,
                         via=Via.UI, at=T0)
    user.collect_events()
    return user


def a_team() -> Team:
    return Team.register("JY", "金杨社区站", "浦东新区", actor=ADMIN, via=Via.UI, at=T0)


class TestTeamArea:
    def test_a_community_team_names_its_district_street_and_community(self) -> None:
        team = a_team()
        team.describe_area(TeamLevel.COMMUNITY, "浦东新区", " 金杨街道 ", "金杨新村",
                           actor=ADMIN, via=Via.UI, at=at(minutes=1))
        assert (team.level, team.district, team.street, team.community) == (
            TeamLevel.COMMUNITY, "浦东新区", "金杨街道", "金杨新村")
        assert isinstance(team.collect_events()[-1], Team.AreaDescribed)

    def test_a_street_team_needs_its_street_and_keeps_no_community(self) -> None:
        team = a_team()
        with pytest.raises(InvalidInput) as refused:
            team.describe_area(TeamLevel.STREET, "浦东新区", "", "", actor=ADMIN, via=Via.UI,
                               at=T0)
        assert refused.value.field == "street"
        team.describe_area(TeamLevel.STREET, "浦东新区", "金杨街道", "金杨新村", actor=ADMIN,
                           via=Via.UI, at=T0)
        assert (team.street, team.community) == ("金杨街道", "")

    def test_a_team_registered_before_areas_has_only_its_district(self) -> None:
        assert (a_team().level, a_team().street) == (None, "")


class TestMembership:
    def test_given_a_worker_when_made_a_supervisor_of_another_team_then_sessions_end(
            self) -> None:
        user = a_worker()
        before = user.credentials_version
        assert user.change_membership(Role.SUPERVISOR, "PD", None, actor=ADMIN, via=Via.UI,
                                      at=at(hours=1))
        [changed] = user.collect_events()
        assert isinstance(changed, User.MembershipChanged)
        assert (user.role, user.team, changed.actor, changed.via) == (
            Role.SUPERVISOR, "PD", ADMIN, Via.UI)
        assert user.credentials_version == before + 1

    def test_given_no_change_then_nothing_is_recorded(self) -> None:
        user = a_worker()
        assert not user.change_membership(Role.WORKER, TEAM, None, actor=ADMIN, via=Via.UI,
                                          at=T0)
        assert user.collect_events() == []

    def test_a_partner_needs_an_organisation_and_no_team(self) -> None:
        user = a_worker()
        with pytest.raises(InvalidInput) as refused:
            user.change_membership(Role.PARTNER, TEAM, ORG, actor=ADMIN, via=Via.UI, at=T0)
        assert refused.value.code == "team_not_allowed"
        user.change_membership(Role.PARTNER, None, ORG, actor=ADMIN, via=Via.UI, at=T0)
        assert (user.role, user.team, user.organisation_id) == (Role.PARTNER, None, ORG)

    @pytest.mark.parametrize("deactivated", [True, False])
    def test_a_deactivated_account_or_the_admins_own_is_refused(self, deactivated: bool) -> None:
        user = a_worker()
        actor = ADMIN
        if deactivated:
            user.deactivate(actor=ADMIN, via=Via.UI, at=T0)
        else:
            actor = ActorRef(user.id, Role.ADMIN)
        with pytest.raises(RuleViolated) as refused:
            user.change_membership(Role.AUDITOR, None, None, actor=actor, via=Via.UI, at=T0)
        assert refused.value.rule == ("user_inactive" if deactivated else "own_membership")
