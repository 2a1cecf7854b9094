"""Administration over HTTP (docs/domain.md §1, §4): admins manage teams, organisations and users,
and read no case data; nobody else manages anything. Everyone signed in reads the
directory as far as their work needs it (teams, organisations, their own colleagues)."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.http.conftest import ADMIN, Api
from tests.http.reads_support import DETAILS, SQLITE_ONLY, every_page, ok, s
from tests.integration.conftest import PASSWORD, World

TEAMS, ORGS, USERS = "/api/v1/teams", "/api/v1/organisations", "/api/v1/users"


def new_user(username: str, **fields: object) -> dict[str, object]:
    return {"username": username, "password": "a long enough secret", "display_name": "周敏",
            "role": "worker", "team": "JB", "organisation_id": None, **fields}


@SQLITE_ONLY
class TestTeams:
    def test_an_admin_creates_a_team_and_the_list_shows_it(self, api: Api) -> None:
        admin = api.as_(ADMIN)
        created = ok(admin.post(TEAMS, {"code": "YH", "name": "雨花社工站",
                                        "district": "雨花区"}), 201)
        teams = ok(admin.get(TEAMS))
        assert [t["code"] for t in teams["items"]] == ["JB", "PD", "YH"]
        deadlines = teams["items"][-1].pop("deadlines")  # test_team_deadlines_api.py
        assert teams["items"][-1] == {"id": created["id"], "code": "YH", "name": "雨花社工站",
                                      "district": "雨花区", "level": None, "street": "",
                                      "community": "", "duty_phone": None,
                                      "parent": None}
        assert deadlines["overridden"] == []
        assert teams["next_cursor"] is None
        metrics = api.anonymous.get("/metrics").text
        assert 'casework_commands_total{command="create_team"} 1.0' in metrics

    def test_a_taken_code_is_a_conflict(self, api: Api) -> None:
        response = api.as_(ADMIN).post(TEAMS, {"code": "JB", "name": "Another"})
        assert response.status_code == 409

    @pytest.mark.parametrize("body", [{"code": "jb", "name": "x"}, {"name": "No code"},
                                      {"code": "YH", "name": "x", "admin": True}])
    def test_a_bad_body_is_400(self, api: Api, body: dict[str, object]) -> None:
        assert api.as_(ADMIN).post(TEAMS, body).status_code == 400

    @pytest.mark.parametrize("username", ["jb-wang", "jb-lead", "mca-auditor",
                                          "bright-light"])
    def test_nobody_else_creates_teams_but_everyone_lists_them(
            self, api: Api, world: World, username: str) -> None:
        caller = api.as_(username)
        assert caller.post(TEAMS, {"code": "YH", "name": "雨花社工站"}).status_code == 403
        assert not world.identity.team_exists("YH")
        assert [t["code"] for t in ok(caller.get(TEAMS))["items"]] == ["JB", "PD"]

    def test_without_a_token_it_is_401(self, api: Api) -> None:
        assert api.anonymous.post(TEAMS, {"code": "YH", "name": "x"}).status_code == 401


@SQLITE_ONLY
class TestOrganisations:
    def test_an_admin_creates_an_organisation_and_the_list_shows_it(self, api: Api) -> None:
        admin = api.as_(ADMIN)
        created = ok(admin.post(ORGS, {"name": "Sunrise Charity", "kind": "ngo"}), 201)
        orgs = ok(admin.get(ORGS))["items"]
        assert [o["name"] for o in orgs] == ["Bright Light Foundation", "Riverside Volunteers",
                                             "Sunrise Charity"]
        assert orgs[-1] == {"id": created["id"], "name": "Sunrise Charity", "kind": "ngo"}

    def test_an_unknown_kind_is_400(self, api: Api) -> None:
        assert api.as_(ADMIN).post(ORGS, {"name": "X", "kind": "club"}).status_code == 400

    def test_a_supervisor_may_not(self, api: Api) -> None:
        assert api.as_("jb-lead").post(ORGS, {"name": "X", "kind": "ngo"}).status_code == 403

    def test_a_worker_finds_the_organisation_to_refer_to(self, api: Api, world: World) -> None:
        orgs = ok(api.as_("jb-wang").get(ORGS))["items"]
        assert (orgs[0]["id"], orgs[0]["name"]) == (str(world.foundation),
                                                    "Bright Light Foundation")


@SQLITE_ONLY
class TestUsers:
    def test_an_admin_creates_a_user_who_can_then_log_in(self, api: Api) -> None:
        admin = api.as_(ADMIN)
        created = ok(admin.post(USERS, new_user("jb-zhou")), 201)
        listed = admin.get(USERS, params={"limit": 200})
        users = ok(listed)["items"]
        assert {"id": created["id"], "username": "jb-zhou", "display_name": "周敏",
                "role": "worker", "team": "JB", "organisation_id": None,
                "active": True, "teams": ["JB"], "volunteer": None} in users
        assert "a long enough secret" not in listed.text
        assert "argon2" not in listed.text
        login = api.client.post("/api/v1/auth/login",
                                json={"username": "jb-zhou", "password": "a long enough secret"})
        assert ok(login)["user"]["id"] == created["id"]

    def test_a_partner_user_of_an_organisation(self, api: Api, world: World) -> None:
        body = new_user("bl-2", role="partner", team=None, organisation_id=s(world.foundation))
        created = ok(api.as_(ADMIN).post(USERS, body), 201)
        user = world.identity.user(UUID(created["id"]))
        assert (user.role, user.organisation_id) == ("partner", world.foundation)

    def test_a_taken_username_is_a_conflict(self, api: Api) -> None:
        response = api.as_(ADMIN).post(USERS, new_user("jb-wang"))
        assert response.status_code == 409
        assert "jb-wang" in response.json()["detail"]

    @pytest.mark.parametrize(("fields", "field"), [
        ({"team": None}, "team"),  # a worker belongs to a team
        ({"team": "XX"}, "team"),  # that exists
        ({"role": "partner", "team": None}, "organisation_id"),
        ({"role": "system", "team": None}, "role"),
    ])
    def test_an_inconsistent_user_is_422_naming_the_field(self, api: Api,
                                                          fields: dict[str, object],
                                                          field: str) -> None:
        response = api.as_(ADMIN).post(USERS, new_user("someone", **fields))
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == field

    @pytest.mark.parametrize(("username", "fields"), [
        ("someone", {"password": "short"}), ("someone", {"role": "boss"}),
        ("a b", {}), ("someone", {"password_hash": "x"})])
    def test_a_bad_body_is_400(self, api: Api, world: World, username: str,
                               fields: dict[str, object]) -> None:
        response = api.as_(ADMIN).post(USERS, new_user(username, **fields))
        assert response.status_code == 400, response.text
        assert world.identity.user_by_name(username) is None

    def test_the_list_pages_with_a_cursor(self, api: Api, world: World) -> None:
        pages = every_page(api, ADMIN, USERS, 4, key="username")
        assert [len(p) for p in pages] == [4, 4, 1]
        assert [u for p in pages for u in p] == [u.username for u in world.identity.users()]

    @pytest.mark.parametrize("username", ["jb-wang", "jb-lead", "mca-auditor"])
    def test_nobody_else_creates_users(self, api: Api, world: World, username: str) -> None:
        caller = api.as_(username)
        assert caller.post(USERS, new_user("intruder", role="admin", team=None)
                           ).status_code == 403
        assert world.identity.user_by_name("intruder") is None

    @pytest.mark.parametrize(("username", "sees"), [
        ("jb-lead", ["jb-lead", "jb-wang", "jb-li"]),
        ("pd-zhao", ["pd-lead", "pd-zhao"]),
        ("bright-light", ["bright-light"]),
    ])
    def test_others_see_only_their_own_colleagues(self, api: Api, username: str,
                                                  sees: list[str]) -> None:
        listed = ok(api.as_(username).get(USERS))["items"]
        assert [u["username"] for u in listed] == sees
        assert all("password" not in u for u in listed)

    def test_an_auditor_sees_every_account(self, api: Api, world: World) -> None:
        listed = ok(api.as_("mca-auditor").get(USERS, params={"limit": 200}))["items"]
        assert len(listed) == len(world.identity.users())


@SQLITE_ONLY
class TestAccountChanges:
    def test_a_deactivated_worker_is_locked_out_at_once(self, api: Api, world: World) -> None:
        leaver = api.as_("jb-li")
        assert leaver.get("/api/v1/me").status_code == 200

        answer = ok(api.as_(ADMIN).post(f"{USERS}/{world.jb_colleague.id}/deactivate", {}))

        assert (answer["username"], answer["active"]) == ("jb-li", False)
        assert leaver.get("/api/v1/me").status_code == 401
        login = api.anonymous.post("/api/v1/auth/login",
                                   {"username": "jb-li", "password": PASSWORD})
        assert login.status_code == 401
        again = api.as_(ADMIN).post(f"{USERS}/{world.jb_colleague.id}/deactivate")
        assert (again.status_code, again.json()["rule"]) == (409, "user_inactive")

    def test_a_new_password_replaces_the_old(self, api: Api, world: World) -> None:
        path = f"{USERS}/{world.jb_colleague.id}/password"
        ok(api.as_(ADMIN).post(path, {"password": "a brand new secret"}))

        assert world.identity.authenticate("jb-li", PASSWORD) is None
        assert world.identity.authenticate("jb-li", "a brand new secret") is not None
        assert api.as_(ADMIN).post(path, {"password": "short"}).status_code == 400

    def test_an_unknown_account_is_404(self, api: Api) -> None:
        missing = api.as_(ADMIN).post(f"{USERS}/{UUID(int=7)}/deactivate", {})
        assert missing.status_code == 404

    @pytest.mark.parametrize("username", ["jb-lead", "mca-auditor", "bright-light"])
    def test_only_an_admin_changes_accounts(self, api: Api, world: World,
                                            username: str) -> None:
        caller = api.as_(username)
        target = world.jb_colleague.id
        assert caller.post(f"{USERS}/{target}/deactivate", {}).status_code == 403
        assert caller.post(f"{USERS}/{target}/password",
                           {"password": "taken over now"}).status_code == 403
        assert world.identity.authenticate("jb-li", PASSWORD) is not None


@SQLITE_ONLY
class TestAdminsReadNoCaseData:
    def test_every_case_read_is_403(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS,
                               assessment=world.assessment()).case
        referral = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                             "Insulin", None).referral_id
        admin = api.as_(ADMIN)
        paths = [
            "/api/v1/cases", f"/api/v1/cases/{case.id}", f"/api/v1/cases/{case.id}/history",
            f"/api/v1/cases/{case.id}/access-log", "/api/v1/queues/intake",
            "/api/v1/queues/caseload", "/api/v1/referrals", f"/api/v1/referrals/{referral}",
            "/api/v1/referrals/outcomes", "/api/v1/dashboard",
        ]
        for path in paths:
            response = admin.get(path)
            assert response.status_code == 403, path
            assert DETAILS.name not in response.text
        assert ok(admin.get("/api/v1/me"))["role"] == "admin"
        assert PASSWORD not in admin.get(USERS).text
