"""The three-tier network (decision 0030): a team's parent is a team of a higher level,
never itself or a team below it; the tree answers what lies below and above a team."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidInput
from domain.identity import Team
from domain.tiers import TeamNode, TeamTree
from domain.values import Actor, ActorRef
from domain.vocabulary import Role, TeamLevel, Via
from tests.unit.facts import T0

OPERATOR = ActorRef(UUID(int=0), Role.ADMIN)
D, S, C = TeamLevel.DISTRICT, TeamLevel.STREET, TeamLevel.COMMUNITY
# 青羊区 → 草市街道 → 两个社区; a second street without communities
NODES = (TeamNode("QY", D, None), TeamNode("CS", S, "QY"), TeamNode("CA", C, "CS"),
         TeamNode("CB", C, "CS"), TeamNode("XJ", S, "QY"))
TREE = TeamTree.of(NODES)


def team(code: str, level: TeamLevel | None, parent: str | None = None) -> Team:
    made = Team.register(code, f"{code} station", "青羊区", actor=OPERATOR, via=Via.API, at=T0)
    if level is not None:
        made.describe_area(level, "青羊区", "草市街道", "社区", actor=OPERATOR, via=Via.API,
                           at=T0)
    made.parent = parent
    return made


def set_parent(child: Team, parent: TeamNode | None) -> bool:
    return child.set_parent(parent, TREE, actor=OPERATOR, via=Via.API, at=T0)


def node(code: str) -> TeamNode:
    return TREE.nodes[code]


class TestTheTree:
    def test_below_reaches_every_level_down(self) -> None:
        assert TREE.below("QY") == {"CS", "CA", "CB", "XJ"}
        assert TREE.below("CS") == {"CA", "CB"}
        assert TREE.below("CA") == frozenset()

    def test_above_names_the_ancestors_nearest_first(self) -> None:
        assert TREE.above("CA") == ("CS", "QY")
        assert TREE.above("QY") == ()

    def test_the_subtree_lists_the_team_then_the_teams_below_parents_first(self) -> None:
        assert TREE.subtree("QY") == ("QY", "CS", "XJ", "CA", "CB")
        assert TREE.subtree("CB") == ("CB",)

    def test_a_parent_that_names_no_known_team_is_ignored(self) -> None:
        tree = TeamTree.of([TeamNode("CA", C, "GONE")])
        assert (tree.parent("CA"), tree.above("CA")) == (None, ())


class TestSetParent:
    def test_a_community_goes_under_a_street(self) -> None:
        child = team("CC", C)
        assert set_parent(child, node("CS"))
        event = child.collect_events()[-1]
        assert isinstance(event, Team.ParentSet)
        assert (event.parent, event.actor, child.parent) == ("CS", OPERATOR, "CS")

    def test_a_street_may_go_straight_under_a_district_and_a_community_too(self) -> None:
        assert set_parent(team("CC", C), node("QY"))
        assert set_parent(team("XX", S), node("QY"))

    @pytest.mark.parametrize(("level", "parent"), [(C, "CA"), (S, "CS"), (S, "CA"), (D, "QY")])
    def test_the_parent_must_be_of_a_higher_level(self, level: TeamLevel, parent: str) -> None:
        with pytest.raises(InvalidInput) as refused:
            set_parent(team("CC", level), node(parent))
        assert (refused.value.field, refused.value.code) == ("parent", "parent_level")

    def test_a_team_without_a_level_has_no_place_in_the_tree(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            set_parent(team("CC", None), node("CS"))
        assert refused.value.code == "parent_level"

    @pytest.mark.parametrize(("child", "parent"), [("CS", "CS"), ("CS", "CA"), ("QY", "CB")])
    def test_no_team_goes_under_itself_or_a_team_below_it(self, child: str,
                                                          parent: str) -> None:
        with pytest.raises(InvalidInput) as refused:
            set_parent(team(child, node(child).level, node(child).parent), node(parent))
        assert refused.value.code == "parent_cycle"

    def test_the_same_parent_again_records_nothing_and_none_puts_it_at_the_top(self) -> None:
        child = team("CA", C, "CS")
        assert not set_parent(child, node("CS"))
        assert not any(isinstance(e, Team.ParentSet) for e in child.collect_events())
        assert set_parent(child, None)
        assert child.parent is None


class TestActorScope:
    def test_a_supervisor_reads_their_team_and_those_below(self) -> None:
        lead = Actor(UUID(int=3), Role.SUPERVISOR, team="CS", teams_below=TREE.below("CS"))
        assert lead.scope == {"CS", "CA", "CB"}

    def test_by_default_the_scope_is_the_own_team(self) -> None:
        assert Actor(UUID(int=1), Role.WORKER, team="CA").scope == {"CA"}
        assert Actor(UUID(int=2), Role.AUDITOR).scope == frozenset()
