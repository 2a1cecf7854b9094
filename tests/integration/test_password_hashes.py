"""Password hashes (issue 8): argon2id with OWASP's parameters; a hash made with the old
ones (argon2-cffi's defaults) is replaced at its owner's next successful log-in, on
SQLite and PostgreSQL; unknown usernames are checked against a dummy hash made at first
use, not when the service starts."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from adapters.bootstrap import build
from adapters.settings import Settings
from domain.identity import User
from domain.vocabulary import Role, Via
from service.clock import FixedClock
from service.identity import OPERATOR, password_hasher
from tests.integration.conftest import PASSWORD, World

OLD = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)  # m=64 MiB, t=3, p=4
NEW_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$"


def stored_hash(world: World, username: str) -> str:
    user = world.identity.user_by_name(username)
    assert user is not None
    aggregate = world.container.identity_app.repository.get(user.id)
    assert isinstance(aggregate, User)
    return aggregate.password_hash


def events_of(world: World, username: str) -> list[str]:
    user = world.identity.user_by_name(username)
    assert user is not None
    return [type(event).__qualname__
            for event in world.container.identity_app.events.get(user.id)]


class TestOwaspParameters:
    def test_the_service_hashes_with_19_mib_2_passes_1_lane(self) -> None:
        hasher = password_hasher()
        assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (19456, 2, 1)
        assert hasher.hash(PASSWORD).startswith(NEW_PREFIX)

    def test_old_hashes_still_verify(self) -> None:
        assert password_hasher().verify(OLD.hash(PASSWORD), PASSWORD)


class TestAnOldHashIsUpgradedAtLogIn:
    def test_the_next_log_in_stores_a_new_hash_and_both_log_ins_succeed(
            self, world: World) -> None:
        identity = world.identity
        identity.hasher = OLD
        identity.create_user(OPERATOR, "lao.zhang", PASSWORD, "老张", Role.WORKER, team="JB")
        assert stored_hash(world, "lao.zhang").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        identity.hasher = password_hasher()  # the service as deployed now

        assert identity.authenticate("lao.zhang", PASSWORD, Via.UI) is not None

        assert stored_hash(world, "lao.zhang").startswith(NEW_PREFIX)
        assert events_of(world, "lao.zhang") == ["User.Registered", "User.PasswordRehashed"]
        assert identity.authenticate("lao.zhang", PASSWORD) is not None
        assert events_of(world, "lao.zhang")[-1] == "User.PasswordRehashed"  # once only
        assert identity.authenticate("lao.zhang", PASSWORD + "!") is None

    def test_the_rehash_is_recorded_as_done_by_the_user(self, world: World) -> None:
        identity = world.identity
        identity.hasher = OLD
        user = identity.create_user(OPERATOR, "lao.li", PASSWORD, "老李", Role.WORKER,
                                    team="JB")
        identity.hasher = password_hasher()

        identity.authenticate("lao.li", PASSWORD, Via.UI)

        last = list(world.container.identity_app.events.get(user.id))[-1]
        assert isinstance(last, User.PasswordRehashed)
        assert (last.actor.id, last.actor.role, last.via) == (user.id, Role.WORKER, Via.UI)
        assert PASSWORD not in repr(last)

    def test_a_wrong_password_or_a_deactivated_account_changes_nothing(
            self, world: World) -> None:
        identity = world.identity
        identity.hasher = OLD
        user = identity.create_user(OPERATOR, "lao.wu", PASSWORD, "老吴", Role.WORKER,
                                    team="JB")
        identity.hasher = password_hasher()

        assert identity.authenticate("lao.wu", "not the password") is None
        identity.deactivate_user(OPERATOR, user.id)
        assert identity.authenticate("lao.wu", PASSWORD) is None

        assert events_of(world, "lao.wu") == ["User.Registered", "User.Deactivated"]

    def test_hashes_made_with_the_current_parameters_are_left_alone(
            self, world: World) -> None:
        assert world.identity.authenticate("jb-wang", PASSWORD) is not None
        assert events_of(world, "jb-wang") == ["User.Registered"]


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.hashed = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.hashed += 1
        return super().hash(password, salt=salt)


class TestTheDummyHash:
    def test_it_is_made_at_the_first_unknown_username_not_at_start(
            self, settings: Settings, clock: FixedClock) -> None:
        hasher = CountingHasher()
        container = build(settings, clock=clock, hasher=hasher)
        try:
            assert hasher.hashed == 0
            assert container.identity.authenticate("nobody", PASSWORD) is None
            assert container.identity.authenticate("nobody.else", PASSWORD) is None
            assert hasher.hashed == 1
        finally:
            container.close()
