"""/metrics is served to loopback clients, and to others only with the bearer token of
the settings (CASEWORK_METRICS_TOKEN). Issue 11, item 9."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.bootstrap import build
from adapters.http.app import create_app
from adapters.settings import Settings
from tests.http.conftest import LocalClient
from tests.http.reads_support import SQLITE_ONLY
from tests.integration.conftest import CHEAP_HASHER, FixedClock

METRIC = "casework_"


def app_with(settings: Settings, clock: FixedClock, token: str | None) -> Iterator[Litestar]:
    container = build(replace(settings, metrics_token=token), clock=clock,
                      hasher=CHEAP_HASHER)
    try:
        yield create_app(container)
    finally:
        container.close()


@pytest.fixture
def open_app(settings: Settings, clock: FixedClock) -> Iterator[Litestar]:
    yield from app_with(settings, clock, None)


@pytest.fixture
def token_app(settings: Settings, clock: FixedClock) -> Iterator[Litestar]:
    yield from app_with(settings, clock, "s3cret-metrics")


@SQLITE_ONLY
class TestMetricsAccess:
    def test_a_loopback_client_reads_them(self, open_app: Litestar) -> None:
        with LocalClient(open_app) as client:
            response = client.get("/metrics")
        assert response.status_code == 200
        assert METRIC in response.text

    def test_another_client_is_refused_without_a_configured_token(self,
                                                                  open_app: Litestar) -> None:
        with TestClient(open_app) as client:
            response = client.get("/metrics", headers={"Authorization": "Bearer anything"})
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
        assert METRIC not in response.text

    def test_another_client_needs_the_token(self, token_app: Litestar) -> None:
        with TestClient(token_app) as client:
            missing = client.get("/metrics")
            wrong = client.get("/metrics", headers={"Authorization": "Bearer s3cret"})
            right = client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics"})
        assert (missing.status_code, wrong.status_code, right.status_code) == (401, 401, 200)
        assert METRIC not in missing.text + wrong.text
        assert METRIC in right.text
