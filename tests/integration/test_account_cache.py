"""The account cache (issue 8, decision 0014) on a real event store, SQLite and PostgreSQL:
two containers built over one store stand for two server processes. Whatever one of them
changes about an account is what the other sees at its very next look-up, although both
answer repeated look-ups from memory."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest

from adapters.bootstrap import Container, build
from adapters.settings import Settings
from domain.identity import user_id_for
from domain.vocabulary import Role
from service.clock import FixedClock
from service.identity import OPERATOR
from tests.integration.conftest import CHEAP_HASHER, PASSWORD, World


@pytest.fixture
def other(settings: Settings, clock: FixedClock, world: World) -> Iterator[Container]:
    """A second process on the same store, built after the world was seeded."""
    built = build(settings, clock=clock, hasher=CHEAP_HASHER)
    try:
        yield built
    finally:
        built.close()


class TestAnotherProcessSeesAChangeAtOnce:
    def test_a_deactivated_account_is_inactive_at_the_next_look_up(
            self, world: World, other: Container) -> None:
        worker = world.jb_colleague.id
        seen = other.identity.find_user(worker)
        assert seen is not None
        assert seen.active
        assert other.identity.find_user(worker) == seen  # from memory now

        world.identity.deactivate_user(OPERATOR, worker)

        seen = other.identity.find_user(worker)
        assert seen is not None
        assert not seen.active
        assert other.identity.authenticate("jb-li", PASSWORD) is None

    def test_an_account_created_elsewhere_is_found_after_a_miss(
            self, world: World, other: Container) -> None:
        assert other.identity.user_by_name("jb-new") is None

        world.identity.create_user(OPERATOR, "jb-new", PASSWORD, "New", Role.WORKER,
                                   team="JB")

        found = other.identity.user_by_name("jb-new")
        assert found is not None
        assert found.team == "JB"
        assert "jb-new" in [u.username for u in other.identity.users()]

    def test_a_new_password_elsewhere_is_the_only_one_that_logs_in(
            self, world: World, other: Container) -> None:
        assert other.identity.authenticate("jb-li", PASSWORD) is not None

        world.identity.set_password(OPERATOR, world.jb_colleague.id, "a new long secret")

        assert other.identity.authenticate("jb-li", PASSWORD) is None
        assert other.identity.authenticate("jb-li", "a new long secret") is not None


class TestTheCacheAnswersFromMemory:
    def test_repeated_look_ups_read_the_account_once(self, world: World,
                                                     other: Container) -> None:
        cache = other.identity._users
        for _ in range(5):
            assert other.identity.find_user(world.jb_worker.id) is not None
        assert (cache.misses, cache.hits) == (1, 4)

    def test_a_change_to_one_account_keeps_the_others_in_memory(
            self, world: World, other: Container) -> None:
        cache = other.identity._users
        for actor in (world.jb_worker, world.jb_colleague):
            other.identity.find_user(actor.id)

        world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)
        other.identity.find_user(world.jb_worker.id)
        colleague = other.identity.find_user(world.jb_colleague.id)

        assert colleague is not None
        assert not colleague.active
        assert (cache.misses, cache.hits) == (3, 1)

    def test_an_unknown_id_is_none_and_stays_cheap(self, world: World,
                                                   other: Container) -> None:
        unknown = uuid4()
        assert other.identity.find_user(unknown) is None
        assert other.identity.find_user(unknown) is None
        assert other.identity.find_user(user_id_for("nobody")) is None
