"""The team tree per process (decision 0030) on a real event store, SQLite and
PostgreSQL: two containers over one store stand for two server processes. A team put
under another in one is in the other's supervisors' scope at their next look-up, and a
change to an account alone does not rebuild the tree."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.bootstrap import Container, build
from adapters.settings import Settings
from domain.vocabulary import TeamLevel
from service.clock import FixedClock
from service.identity import OPERATOR
from tests.integration.conftest import CHEAP_HASHER, World


@pytest.fixture
def other(settings: Settings, clock: FixedClock, world: World) -> Iterator[Container]:
    built = build(settings, clock=clock, hasher=CHEAP_HASHER)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def street(world: World) -> World:
    """JB becomes a street with a community below it (PD stays alone)."""
    identity = world.identity
    identity.create_team(OPERATOR, "JX", "江北街道", "江北区", level=TeamLevel.STREET,
                         street="观音桥街道")
    identity.create_team(OPERATOR, "JC", "建新社区", "江北区", level=TeamLevel.COMMUNITY,
                         street="观音桥街道", community="建新社区", parent="JX")
    return world


class TestAnotherProcessSeesTheTree:
    def test_a_new_parent_widens_the_supervisors_scope_at_once(
            self, street: World, other: Container) -> None:
        lead = other.identity.find_user(street.jb_supervisor.id)
        assert lead is not None
        assert lead.actor.scope == {"JB"}

        street.identity.create_team(OPERATOR, "JD", "江北区中心", "江北区",
                                    level=TeamLevel.DISTRICT)
        street.identity.set_team_parent(OPERATOR, "JX", "JD")
        street.identity.create_user(OPERATOR, "jd-lead", "a long password", "JD lead",
                                    lead.role, team="JD")

        district = other.identity.user_by_name("jd-lead")
        assert district is not None
        assert district.actor.scope == {"JD", "JX", "JC"}
        street.identity.set_team_parent(OPERATOR, "JC", None)
        district = other.identity.user_by_name("jd-lead")
        assert district is not None
        assert district.actor.scope == {"JD", "JX"}

    def test_an_account_change_keeps_the_tree(self, street: World, other: Container) -> None:
        tree = other.identity.team_tree()
        street.identity.deactivate_user(OPERATOR, street.jb_colleague.id)
        assert other.identity.team_tree() is tree
        street.identity.set_team_parent(OPERATOR, "JC", None)
        assert other.identity.team_tree() is not tree
