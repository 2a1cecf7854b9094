"""Administration over HTTP, issue 12: a team's area, and an account's role, team or
organisation changed (its tokens end at once)."""

from __future__ import annotations

from tests.http.conftest import ADMIN, Api
from tests.http.reads_support import SQLITE_ONLY, ok
from tests.integration.conftest import World


@SQLITE_ONLY
class TestTeamArea:
    def test_a_community_team_is_created_with_its_area(self, api: Api) -> None:
        admin = api.as_(ADMIN)
        ok(admin.post("/api/v1/teams", {
            "code": "JY", "name": "金杨社区站", "level": "community", "district": "浦东新区",
            "street": "金杨街道", "community": "金杨新村"}), 201)
        [team] = [t for t in ok(admin.get("/api/v1/teams"))["items"] if t["code"] == "JY"]
        assert (team["level"], team["street"], team["community"]) == (
            "community", "金杨街道", "金杨新村")

    def test_a_street_team_without_its_street_is_422(self, api: Api) -> None:
        answer = api.as_(ADMIN).post("/api/v1/teams", {
            "code": "JY", "name": "金杨街道站", "level": "street", "district": "浦东新区"})
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "street"


@SQLITE_ONLY
class TestMembership:
    def test_a_worker_moved_to_another_team_loses_their_token(self, api: Api,
                                                              world: World) -> None:
        worker_id = world.jb_worker.id
        before = api.as_("jb-wang")
        assert before.get("/api/v1/me").status_code == 200

        moved = ok(api.as_(ADMIN).post(f"/api/v1/users/{worker_id}/membership",
                                       {"role": "supervisor", "team": "PD"}))

        assert (moved["role"], moved["team"]) == ("supervisor", "PD")
        assert before.get("/api/v1/me").status_code == 401

    def test_only_an_admin_changes_it(self, api: Api, world: World) -> None:
        path = f"/api/v1/users/{world.jb_worker.id}/membership"
        assert api.as_("jb-lead").post(path, {"role": "auditor"}).status_code == 403
        assert world.identity.user(world.jb_worker.id).role.value == "worker"
