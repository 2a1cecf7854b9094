"""The queue reads of the benchmark through the HTTP API: Litestar's TestClient, a
worker's bearer token, `GET /api/v1/queues/intake?limit=50` and `.../caseload?limit=50`,
and `GET /api/v1/me` beside them as the floor of an authenticated request."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from litestar.testing import TestClient

from adapters.bootstrap import Container
from adapters.http.app import create_app
from domain.values import Actor
from domain.vocabulary import Role
from service.identity import OPERATOR

PASSWORD = "bench-password-long-enough"


class HttpReads:
    """A client signed in as the team's worker (whose id the caseload rows carry)."""

    def __init__(self, container: Container) -> None:
        identity = container.identity
        identity.create_team(OPERATOR, "JB", "江北社工站", "江北区")
        self.worker: Actor = identity.create_user(OPERATOR, "bench.worker", PASSWORD, "王磊",
                                                  Role.WORKER, team="JB").actor
        self.app = create_app(container)
        self.client: TestClient[Any] = TestClient(self.app)
        token = self.app.state["jwt_auth"].create_token(identifier=str(self.worker.id))
        self.headers = {"Authorization": f"Bearer {token}"}

    def __enter__(self) -> HttpReads:
        self.client.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.client.__exit__(kind, error, trace)

    def _get(self, path: str, limit: int | None = 50) -> bytes:
        params = {"limit": limit} if limit else {}
        answer = self.client.get(path, params=params, headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.content

    def intake(self) -> bytes:
        return self._get("/api/v1/queues/intake")

    def caseload(self) -> bytes:
        return self._get("/api/v1/queues/caseload")

    def me(self) -> bytes:
        """The floor of an authenticated API request: the caller's own account."""
        return self._get("/api/v1/me", None)
