"""A volunteer's account (issue 14): teams, area, errands, pausing; and whom an errand is
offered to first (service/volunteers.py)."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidInput, RuleViolated
from domain.identity import User
from domain.values import ActorRef
from domain.vocabulary import Role, TaskKind, Via
from service.volunteers import Nearness, VolunteerProfile, nearest_first
from tests.unit.facts import T0, at

ADMIN = ActorRef(UUID(int=7), Role.ADMIN)


def a_volunteer(team: str = "JB") -> User:
    user = User.register("zhou.min", "周敏", Role.VOLUNTEER, team, None, "hash", actor=ADMIN,
                         via=Via.API, at=T0)
    user.collect_events()
    return user


class TestVolunteerAccount:
    def test_a_volunteer_belongs_to_a_team(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            User.register("zhou.min", "周敏", Role.VOLUNTEER, None, None, "hash",
                          actor=ADMIN, via=Via.API, at=T0)
        assert (refused.value.field, refused.value.code) == ("team", "team_required")

    def test_given_a_volunteer_when_given_a_second_team_then_sessions_end(self) -> None:
        user = a_volunteer()
        before = user.credentials_version
        user.set_volunteer_profile(("JB", "NA", "JB"), "江北区", "观音桥街道", "建北社区",
                                   (TaskKind.PARCELS,), actor=ADMIN, via=Via.API,
                                   at=at(minutes=1))
        [event] = user.collect_events()
        assert isinstance(event, User.VolunteerProfileSet)
        assert (user.volunteer_teams, user.team, user.community) == (
            ("JB", "NA"), "JB", "建北社区")
        assert user.credentials_version == before + 1

    def test_the_same_profile_again_records_nothing(self) -> None:
        user = a_volunteer()
        for _ in range(2):
            user.set_volunteer_profile(("JB",), "江北区", "", "", (), actor=ADMIN,
                                       via=Via.API, at=at(minutes=1))
        assert len(user.collect_events()) == 1

    def test_a_volunteer_needs_at_least_one_team(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            a_volunteer().set_volunteer_profile((), "", "", "", (), actor=ADMIN, via=Via.API,
                                                at=T0)
        assert refused.value.field == "teams"

    def test_a_worker_has_no_volunteer_profile(self) -> None:
        worker = User.register("li.wei", "李伟", Role.WORKER, "JB", None, "hash", actor=ADMIN,
                               via=Via.API, at=T0)
        with pytest.raises(RuleViolated) as refused:
            worker.set_available(False, actor=ADMIN, via=Via.API, at=T0)
        assert refused.value.rule == "not_a_volunteer"

    def test_a_paused_volunteer_is_recorded_once(self) -> None:
        user = a_volunteer()
        me = ActorRef(user.id, Role.VOLUNTEER)
        user.set_available(False, actor=me, via=Via.UI, at=at(minutes=1))
        user.set_available(False, actor=me, via=Via.UI, at=at(minutes=2))
        assert [type(e) for e in user.collect_events()] == [User.AvailabilitySet]
        assert user.available is False


def volunteer(name: str, community: str, street: str = "观音桥街道", district: str = "江北区",
              *, kinds: tuple[TaskKind, ...] = (), available: bool = True,
              teams: tuple[str, ...] = ("JB",)) -> tuple[UUID, str, VolunteerProfile]:
    return (UUID(int=abs(hash(name)) % 10**9), name,
            VolunteerProfile(teams, district, street, community, kinds, available))


class TestNearestFirst:
    def test_same_community_then_street_then_district_then_the_team(self) -> None:
        people = [volunteer("远方", "", "", "渝中区"), volunteer("同区", "x", "五里店街道"),
                  volunteer("同街", "华新村社区"), volunteer("同社区", "建北社区")]
        ranked = nearest_first(people, team="JB", kind=TaskKind.PURCHASE_ON_BEHALF,
                               district="江北区", street="观音桥街道", community="建北社区")
        assert [(c.display_name, c.nearness) for c in ranked] == [
            ("同社区", Nearness.COMMUNITY), ("同街", Nearness.STREET),
            ("同区", Nearness.DISTRICT), ("远方", Nearness.TEAM)]

    def test_paused_other_teams_and_other_errands_are_left_out(self) -> None:
        people = [volunteer("暂停", "建北社区", available=False),
                  volunteer("别队", "建北社区", teams=("NA",)),
                  volunteer("只理发", "建北社区", kinds=(TaskKind.HAIRCUT,)),
                  volunteer("代购", "建北社区", kinds=(TaskKind.PURCHASE_ON_BEHALF,))]
        ranked = nearest_first(people, team="JB", kind=TaskKind.PURCHASE_ON_BEHALF,
                               district="江北区", street="观音桥街道", community="建北社区")
        assert [c.display_name for c in ranked] == ["代购"]

    def test_a_street_of_the_same_name_in_another_district_is_not_near(self) -> None:
        [far] = nearest_first([volunteer("别区同名", "建北社区", district="渝北区")], team="JB",
                              kind=TaskKind.OTHER, district="江北区", street="观音桥街道",
                              community="建北社区")
        assert far.nearness is Nearness.TEAM
