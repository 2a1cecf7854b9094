"""An idempotent replay is a read of the case: it passes the same scope rules as
`GET /api/v1/cases/{id}` (404 once the case left the caller's scope) and is recorded in
the access log like one (issue 11, item 1). On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tests.http.conftest import Api
from tests.http.reads_support import DETAILS
from tests.integration.conftest import World


def note(api: Api, username: str, case_id: UUID, key: str) -> Any:
    return api.as_(username).post(f"/api/v1/cases/{case_id}/notes", {"text": "Called her"},
                                  headers={"Idempotency-Key": key})


def logged(api: Api, case_id: UUID) -> list[tuple[str, str]]:
    response = api.as_("mca-auditor").get(f"/api/v1/cases/{case_id}/access-log")
    assert response.status_code == 200, response.text
    return [(e["actor"]["username"], e["what"]) for e in response.json()["items"]]


class TestReplayScope:
    def test_a_replay_after_the_case_left_the_team_is_404(self, api: Api,
                                                           world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        assert note(api, "jb-wang", case.id, "k1").status_code == 200
        moved = api.as_("jb-lead").post(f"/api/v1/cases/{case.id}/transfer",
                                        {"to_team": "PD", "reason": "Moved to PD"})
        assert moved.status_code == 200, moved.text
        taken = api.as_("pd-lead").post(f"/api/v1/cases/{case.id}/transfer-decision",
                                        {"accept": True, "comment": "Ours"})
        assert taken.status_code == 200, taken.text
        assert api.as_("jb-wang").get(f"/api/v1/cases/{case.id}").status_code == 404

        again = note(api, "jb-wang", case.id, "k1")
        assert again.status_code == 404, again.text
        assert DETAILS.name not in again.text
        assert ("jb-wang", "case") not in logged(api, case.id)

    def test_a_replay_that_returns_the_case_is_access_logged(self, api: Api,
                                                              world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        assert note(api, "jb-wang", case.id, "k2").status_code == 200
        assert logged(api, case.id) == []
        again = note(api, "jb-wang", case.id, "k2")
        assert again.status_code == 200, again.text
        assert logged(api, case.id) == [("jb-wang", "case")]
