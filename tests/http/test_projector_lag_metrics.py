"""An operator watching /metrics sees the projections' save-to-view lag even when the
projections run in a process of their own (decision 0016): the projector reports its
lag to the views' database and every API process serves the latest figure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import Container, build
from adapters.cli_projections import report_lag
from adapters.http.app import create_app
from adapters.settings import Settings
from service.clock import FixedClock
from tests.http.conftest import LocalClient
from tests.integration.conftest import CHEAP_HASHER, World

LAG_LINE = 'casework_projection_lag_seconds{quantile="0.99"}'


@pytest.fixture
def api_process(settings: Settings, clock: FixedClock,
                world: World) -> Iterator[TestClient[object]]:
    """An API process on the world's store whose projections run elsewhere."""
    other: Container = build(settings, clock=clock, hasher=CHEAP_HASHER)
    try:
        with LocalClient(create_app(other)) as client:
            yield client  # type: ignore[misc]
    finally:
        other.close()


def test_an_api_process_serves_the_lag_its_projector_reported(
        world: World, api_process: TestClient[object]) -> None:
    projector = world.container
    assert projector.start_projections()
    assert LAG_LINE not in api_process.get("/metrics").text  # nothing reported yet

    for _ in range(3):
        position = world.open_case(world.jb_worker).position
        assert projector.runner.wait_for(position, 5.0)
    report_lag(projector)

    served = api_process.get("/metrics").text
    assert LAG_LINE in served
    reported = projector.lag_report.latest()
    assert reported is not None
    assert f"{LAG_LINE} {reported.p99}" in served
