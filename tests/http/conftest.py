"""HTTP tests: the real application (create_app) over the `world` of the integration
fixtures, with a TestClient and a bearer token for every seeded user.

`api.as_("jb-wang").post(...)` sends as that user; `api.anonymous` sends no token.
Tokens are minted with the app's own JWT configuration (the log-in route has its own
tests), so seeding does not trip the log-in rate limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from litestar.testing.transport import TestClientTransport

from adapters.bootstrap import build
from adapters.http.app import create_app
from domain.vocabulary import Role
from service.identity import OPERATOR
from tests.integration.conftest import (  # noqa: F401 - fixtures re-exported for tests/http
    CHEAP_HASHER,
    PASSWORD,
    STORES,
    World,
    clock,
    container,
    seeded_world,
    settings,
    world,
)

ADMIN = "sys-admin"


class As:
    """Requests sent as one user (or anonymously)."""

    def __init__(self, client: TestClient[Litestar], token: str | None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _h(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {**self.headers, **(headers or {})}

    def get(self, path: str, *, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        return self.client.get(path, headers=self._h(headers), **kw)

    def post(self, path: str, json: Any = None, *, headers: dict[str, str] | None = None,
             **kw: Any) -> Any:
        return self.client.post(path, json=json, headers=self._h(headers), **kw)


class _LoopbackTransport(TestClientTransport[Any]):
    def parse_request(self, request: Any) -> Any:
        scope = super().parse_request(request)
        scope["client"] = ("127.0.0.1", 50000)
        return scope


class LocalClient(TestClient[Litestar]):
    """A TestClient whose requests come from loopback, as a local operator's or the
    benchmarks' do (Litestar's own says its client is "testclient", no address)."""

    def __init__(self, app: Litestar, **kw: Any) -> None:
        super().__init__(app, **kw)
        self._transport = _LoopbackTransport(client=self)  # type: ignore[assignment]


@dataclass
class Api:
    client: TestClient[Litestar]
    app: Litestar
    world: World
    tokens: dict[str, str] = field(default_factory=dict)

    def as_(self, username: str) -> As:
        return As(self.client, self.tokens[username])

    @property
    def anonymous(self) -> As:
        return As(self.client, None)

    def token_for(self, username: str) -> str:
        user = self.world.identity.user_by_name(username)
        assert user is not None
        jwt_auth = self.app.state["jwt_auth"]
        token: str = jwt_auth.create_token(identifier=str(user.id))
        self.tokens[username] = token
        return token


@contextmanager
def serving(seeded: World) -> Iterator[Api]:
    """The application over the world's container, as a server runs it: the projection
    runner follows the store (reads with `min_position` and possible duplicates see a
    command at once), an admin account exists, and every user has a token."""
    seeded.identity.create_user(OPERATOR, ADMIN, PASSWORD, "System Admin", Role.ADMIN)
    app = create_app(seeded.container)
    assert seeded.container.start_projections(), "another process holds the projector lock"
    with LocalClient(app) as client:
        built = Api(client=client, app=app, world=seeded)
        for user in seeded.identity.users():
            built.token_for(user.username)
        yield built


@pytest.fixture
def other_process(api: Api) -> Iterator[TestClient[Litestar]]:
    """Another `casework serve` process on the api's store (its own container, caches and
    application)."""
    seeded = api.world
    another = build(seeded.container.settings, clock=seeded.clock, hasher=CHEAP_HASHER)
    try:
        with TestClient(create_app(another)) as client:
            yield client
    finally:
        another.close()


@pytest.fixture
def api(world: World) -> Iterator[Api]:  # noqa: F811 - the fixture, re-exported above
    with serving(world) as built:
        yield built


@pytest.fixture(scope="class", params=STORES)
def shared_api(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One seeded world, application and client for all the tests of a `ReadOnly` class,
    on each store: seeding a store and building the app for every test costs more than
    most of these tests. `@SHARED_SQLITE_ONLY` keeps a class on SQLite."""
    data_dir = tmp_path_factory.mktemp("shared") / "var"
    with seeded_world(request.param, data_dir) as seeded, serving(seeded) as built:
        yield built


SHARED_SQLITE_ONLY = pytest.mark.parametrize("shared_api", ["sqlite"], indirect=True)


class ReadOnly:
    """Base of a test class whose tests only read: their `api` and `world` are the class's
    `shared_api`, seeded once. A test here that stores an event or moves the clock fails
    (the next test would see it); a test that writes belongs in a class of its own, with
    the per-test `api`."""

    @pytest.fixture
    def api(self, shared_api: Api) -> Iterator[Api]:
        seeded = shared_api.world
        before = (seeded.stored_position(), seeded.clock.now(),
                  seeded.container.identity_app.recorder.max_notification_id())
        yield shared_api
        after = (seeded.stored_position(), seeded.clock.now(),
                 seeded.container.identity_app.recorder.max_notification_id())
        assert after == before, "a ReadOnly test class changed its shared store or clock"

    @pytest.fixture
    def world(self, api: Api) -> World:
        return api.world
