"""Web UI tests: the real application (create_app) over the `world` of the integration
fixtures, one TestClient per user (each with its own cookies), logged in through the
log-in page, sending forms with the CSRF token as a browser would.

`ui.as_("jb-wang").get("/work")` reads a page as that user; `.post(path, {...})` sends a
form (the token added) without following the redirect; `.follow(response)` goes where a
redirect points. The projection runner runs, as in a server, so queues follow commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.storage.ratelimit import LoginRateLimiter
from tests.integration.conftest import (  # noqa: F401 - fixtures re-exported for tests/ui
    PASSWORD,
    World,
    clock,
    container,
    settings,
    world,
)

SQLITE_ONLY = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
CSRF_COOKIE = "casework_csrf"
SESSION_COOKIE = "casework_session"


def text_of(html: str) -> str:
    """The visible words of a page: tags dropped, entities decoded, spaces squeezed."""
    without = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", without))).strip()


def table_rows(html: str, section_id: str) -> list[str]:
    """The text of each body row of the table inside the element with `section_id`."""
    start = html.index(f'id="{section_id}"')
    body = html[start:html.index("</tbody>", start)]
    return [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)][1:]


class Browser:
    """One user's browser: cookies, the CSRF token, forms."""

    def __init__(self, client: TestClient[Litestar]) -> None:
        self.client = client

    @property
    def csrf(self) -> str:
        token = self.client.cookies.get(CSRF_COOKIE)
        if token is None:  # a first visit sets it
            self.client.get("/login")
            token = self.client.cookies.get(CSRF_COOKIE)
        assert token is not None
        return token

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, **kw)

    def post(self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True,
             **kw: Any) -> Any:
        form = dict(data or {})
        if csrf:
            form["_csrf_token"] = self.csrf
        return self.client.post(path, data=form, follow_redirects=False, **kw)

    def follow(self, response: Any) -> Any:
        assert response.status_code == 303, (response.status_code, text_of(response.text))
        return self.client.get(response.headers["location"])

    def log_in(self, username: str, password: str = PASSWORD) -> Any:
        return self.post("/login", {"username": username, "password": password})


@dataclass
class Ui:
    app: Litestar
    world: World
    browsers: dict[str, Browser] = field(default_factory=dict)
    _clients: list[TestClient[Litestar]] = field(default_factory=list)

    def browser(self, headers: dict[str, str] | None = None) -> Browser:
        """A new browser, logged in as nobody (sending `headers` with every request).

        Only the first client runs the application's lifespan: several lifespans of one
        application at once do not shut down cleanly.
        """
        client = TestClient(self.app)
        if not self._clients:
            client.__enter__()
            self._clients.append(client)
        client.headers.update(headers or {})
        return Browser(client)

    def as_(self, username: str) -> Browser:
        """A browser logged in as `username` (the same one on later calls)."""
        if username not in self.browsers:
            browser = self.browser()
            answer = browser.log_in(username)
            assert answer.status_code == 303, text_of(answer.text)
            self.browsers[username] = browser
        return self.browsers[username]

    def close(self) -> None:
        for client in self._clients:
            client.__exit__(None, None, None)


@pytest.fixture
def ui(world: World) -> Iterator[Ui]:  # noqa: F811 - the fixture, re-exported above
    app = create_app(world.container)
    # Tests log many users in from one address: the log-in limit has its own test.
    app.state["login_limiter"] = LoginRateLimiter(world.container.views.db, limit=1000)
    world.container.runner.start()
    built = Ui(app=app, world=world)
    try:
        yield built
    finally:
        built.close()


def tomorrow(world: World) -> str:  # noqa: F811 - `world` is a World here, not the fixture
    """Tomorrow in the deployment's time zone, as a date field holds it."""
    return (world.today() + timedelta(days=1)).isoformat()


def stale_assessment(case: Any, world: World) -> dict[str, str]:  # noqa: F811 - as above
    """An assessment form made from `case` as it was (a versioned form: stale once the
    case has moved on)."""
    return {"version": str(case.version), "risk": "high", "needs": "medication",
            "plan": "Will call at 5", "follow_up_due": tomorrow(world)}
