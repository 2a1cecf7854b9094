"""`min_position` cannot stall the server (issue 11, item 2): a position beyond the
store's head is answered at once with `X-Fresh: false`, and however many readers ask
for positions the views have not applied, an ordinary read is served while they wait
and each of them has its answer within the bound. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from typing import Any

from service.queries import READ_YOUR_WRITES_TIMEOUT
from tests.http.conftest import Api
from tests.integration.conftest import World

WAITERS = 60  # more than the threads sync handlers run on (min(32, CPUs + 4))
SLACK = 3.0  # seconds allowed beyond the per-request bound, on a busy test machine


def cases(api: Api, **params: Any) -> Any:
    return api.as_("jb-wang").get("/api/v1/cases", params=params)


class TestMinPositionBounds:
    def test_a_position_beyond_the_head_is_answered_at_once_as_not_fresh(
            self, api: Api, world: World) -> None:
        world.open_case(world.jb_worker)
        beyond = world.stored_position() + 1_000_000
        for path in ("/api/v1/cases", "/api/v1/queues/intake", "/api/v1/referrals"):
            started = time.monotonic()
            response = api.as_("jb-wang").get(path, params={"min_position": beyond})
            took = time.monotonic() - started
            assert response.status_code == 200, response.text
            assert response.headers["X-Fresh"] == "false"
            assert took < READ_YOUR_WRITES_TIMEOUT / 2, (path, took)

    def test_waiting_readers_do_not_starve_an_ordinary_read(self, api: Api,
                                                             world: World) -> None:
        world.container.runner.stop()  # the views now lag behind the store
        world.open_case(world.jb_worker)
        behind = world.stored_position()  # a real position, not applied
        answers: list[tuple[int, str, float]] = []
        lock = threading.Lock()

        def waiting_reader() -> None:
            started = time.monotonic()
            response = cases(api, min_position=behind)
            with lock:
                answers.append((response.status_code, response.headers.get("X-Fresh", ""),
                                time.monotonic() - started))

        readers = [threading.Thread(target=waiting_reader) for _ in range(WAITERS)]
        for reader in readers:
            reader.start()
        time.sleep(0.5)  # let them reach the server and park

        ordinary: list[int] = []
        plain = threading.Thread(target=lambda: ordinary.append(cases(api).status_code))
        plain.start()
        plain.join(timeout=READ_YOUR_WRITES_TIMEOUT + SLACK)
        with lock:
            still_waiting = WAITERS - len(answers)
        assert ordinary == [200]
        assert still_waiting > 0, "the ordinary read was served only after every wait ended"

        for reader in readers:
            reader.join(timeout=READ_YOUR_WRITES_TIMEOUT + SLACK)
        assert len(answers) == WAITERS
        assert all(status == 200 and fresh == "false" for status, fresh, _ in answers)
        assert max(took for _, _, took in answers) < READ_YOUR_WRITES_TIMEOUT + SLACK
