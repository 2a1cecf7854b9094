"""Volunteers' accounts over HTTP (issue 14): an admin creates a volunteer with their teams,
area and errands and changes or pauses them; a volunteer sees themselves and pauses;
their team's staff see them; they never see a case (the whole table of who may call what
is tests/http/test_authorization_matrix.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from tests.http.conftest import ADMIN, Api, As
from tests.http.reads_support import SQLITE_ONLY, ok
from tests.integration.conftest import World

USERS = "/api/v1/users"
SECRET = "a long enough secret"


def volunteer(username: str = "jb-zhou", **fields: object) -> dict[str, object]:
    return {"username": username, "password": SECRET, "display_name": "周敏",
            "role": "volunteer", "team": "JB", "teams": ["PD"], "district": "江北区",
            "street": "观音桥街道", "community": "建北社区",
            "errand_kinds": ["purchase_on_behalf", "parcels"], **fields}


def logged_in(api: Api, username: str) -> As:
    login = api.client.post("/api/v1/auth/login",
                            json={"username": username, "password": SECRET})
    return As(api.client, ok(login)["token"])


def put(caller: As, path: str, body: object) -> Any:
    return caller.client.put(path, json=body, headers=caller.headers)


def listed(api: Api, username: str, **params: object) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ok(api.as_(username).get(
        USERS, params={"limit": 200, **params}))["items"]
    return items


@SQLITE_ONLY
class TestAnAdminRecordsVolunteers:
    def test_a_volunteer_with_teams_area_and_errands(self, api: Api, world: World) -> None:
        created = ok(api.as_(ADMIN).post(USERS, volunteer()), 201)

        [shown] = [u for u in listed(api, ADMIN) if u["id"] == created["id"]]
        assert (shown["role"], shown["team"], shown["teams"]) == ("volunteer", "JB",
                                                                  ["JB", "PD"])
        assert shown["volunteer"] == {
            "teams": ["JB", "PD"], "district": "江北区", "street": "观音桥街道",
            "community": "建北社区", "errand_kinds": ["purchase_on_behalf", "parcels"],
            "available": True}
        user = world.identity.user(UUID(created["id"]))
        assert user.teams == ("JB", "PD")

    def test_other_accounts_show_their_one_team_and_no_profile(self, api: Api) -> None:
        [worker] = [u for u in listed(api, ADMIN) if u["username"] == "jb-wang"]
        assert (worker["teams"], worker["volunteer"]) == (["JB"], None)

    def test_teams_alone_name_the_account_team_first(self, api: Api, world: World) -> None:
        body = volunteer(team=None, teams=["PD", "JB", "PD"])
        created = ok(api.as_(ADMIN).post(USERS, body), 201)
        user = world.identity.user(UUID(created["id"]))
        assert (user.team, user.teams) == ("PD", ("PD", "JB"))

    @pytest.mark.parametrize(("fields", "field"), [
        ({"teams": ["XX"]}, "team"),  # a team that does not exist
        ({"team": None, "teams": []}, "team"),  # none at all
    ])
    def test_an_inconsistent_volunteer_is_422_and_nothing_is_created(
            self, api: Api, world: World, fields: dict[str, object], field: str) -> None:
        response = api.as_(ADMIN).post(USERS, volunteer(**fields))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["field"] == field
        assert world.identity.user_by_name("jb-zhou") is None

    @pytest.mark.parametrize(("field", "value"), [
        ("errand_kinds", ["parcels"]), ("community", "建北社区"), ("teams", ["PD"])])
    def test_another_role_with_a_volunteer_field_is_422(self, api: Api, world: World,
                                                        field: str, value: object) -> None:
        body = {"username": "jb-zhou", "password": SECRET, "display_name": "周敏",
                "role": "worker", "team": "JB", field: value}
        response = api.as_(ADMIN).post(USERS, body)
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert (error["field"], error["code"]) == (field, "volunteer_only")
        assert world.identity.user_by_name("jb-zhou") is None

    def test_an_errand_kind_outside_the_vocabulary_is_refused(self, api: Api,
                                                             world: World) -> None:
        """The schema names the kinds: like an unknown role, a bad body (400)."""
        response = api.as_(ADMIN).post(USERS, volunteer(errand_kinds=["dog_walking"]))
        assert response.status_code == 400, response.text
        assert "errand_kinds" in response.text
        assert world.identity.user_by_name("jb-zhou") is None

    def test_an_admin_changes_the_profile_and_pauses(self, api: Api, world: World) -> None:
        created = ok(api.as_(ADMIN).post(USERS, volunteer()), 201)
        path = f"{USERS}/{created['id']}/volunteer"
        changed = ok(put(api.as_(ADMIN), path, {
            "teams": ["PD"], "community": "金杨社区", "available": False}))
        assert (changed["team"], changed["teams"]) == ("PD", ["PD"])
        assert changed["volunteer"] == {"teams": ["PD"], "district": "", "street": "",
                                        "community": "金杨社区", "errand_kinds": [],
                                        "available": False}
        # Left out, `available` stays as it is.
        again = ok(put(api.as_(ADMIN), path, {"teams": ["PD", "JB"]}))
        assert again["volunteer"]["available"] is False
        assert world.identity.user(UUID(created["id"])).teams == ("PD", "JB")

    @pytest.mark.parametrize(("body", "status"), [
        ({"teams": ["XX"]}, 422), ({"teams": []}, 400), ({"teams": ["JB"], "x": 1}, 400),
        ({"teams": ["JB"], "errand_kinds": ["flying"]}, 400)])
    def test_a_bad_profile_changes_nothing(self, api: Api, world: World,
                                           body: dict[str, object], status: int) -> None:
        created = ok(api.as_(ADMIN).post(USERS, volunteer()), 201)
        before = world.identity.user(UUID(created["id"]))
        response = put(api.as_(ADMIN), f"{USERS}/{created['id']}/volunteer", body)
        assert response.status_code == status, response.text
        assert world.identity.user(UUID(created["id"])) == before

    def test_only_a_volunteer_has_a_profile(self, api: Api, world: World) -> None:
        response = put(api.as_(ADMIN), f"{USERS}/{world.jb_worker.id}/volunteer",
                       {"teams": ["JB"]})
        assert response.status_code == 409
        assert response.json()["rule"] == "not_a_volunteer"

    def test_an_unknown_account_is_404(self, api: Api) -> None:
        response = put(api.as_(ADMIN), f"{USERS}/{UUID(int=5)}/volunteer", {"teams": ["JB"]})
        assert response.status_code == 404

    @pytest.mark.parametrize("username", ["jb-lead", "jb-wang", "mca-auditor"])
    def test_nobody_else_changes_a_profile(self, api: Api, username: str) -> None:
        created = ok(api.as_(ADMIN).post(USERS, volunteer()), 201)
        response = put(api.as_(username), f"{USERS}/{created['id']}/volunteer",
                       {"teams": ["JB"], "available": False})
        assert response.status_code == 403


@SQLITE_ONLY
class TestAVolunteer:
    def test_sees_their_teams_and_profile_and_pauses_and_resumes(self, api: Api) -> None:
        ok(api.as_(ADMIN).post(USERS, volunteer()), 201)
        me = logged_in(api, "jb-zhou")
        shown = ok(me.get("/api/v1/me"))
        assert (shown["role"], shown["teams"]) == ("volunteer", ["JB", "PD"])
        assert shown["volunteer"]["community"] == "建北社区"

        paused = ok(put(me, "/api/v1/me/availability", {"available": False}))
        assert paused["volunteer"]["available"] is False
        assert ok(me.get("/api/v1/me"))["volunteer"]["available"] is False  # still signed in
        resumed = ok(put(me, "/api/v1/me/availability", {"available": True}))
        assert resumed["volunteer"]["available"] is True

    @pytest.mark.parametrize("username", ["jb-wang", "jb-lead", ADMIN])
    def test_other_roles_have_no_availability(self, api: Api, username: str) -> None:
        response = put(api.as_(username), "/api/v1/me/availability", {"available": False})
        assert response.status_code == 403

    def test_never_sees_a_case_nor_the_directory(self, api: Api, world: World) -> None:
        ok(api.as_(ADMIN).post(USERS, volunteer()), 201)
        me = logged_in(api, "jb-zhou")
        case = world.open_case(world.jb_worker).case
        for path in (f"/api/v1/cases/{case.id}", "/api/v1/cases",
                     f"/api/v1/cases/{case.id}/history"):
            response = me.get(path)
            assert response.status_code == 404, path
            assert response.json()["detail"] == "no such case"
        assert me.get(USERS).status_code == 403
        assert me.get("/api/v1/queues/intake").status_code == 403


@SQLITE_ONLY
class TestTheTeamSeesItsVolunteers:
    def test_staff_of_each_of_the_volunteer_teams_see_them_and_no_one_else(
            self, api: Api) -> None:
        ok(api.as_(ADMIN).post(USERS, volunteer()), 201)  # JB and PD
        ok(api.as_(ADMIN).post(USERS, volunteer("pd-only", team="PD", teams=[])), 201)
        for username, sees in (("jb-lead", ["jb-zhou"]), ("jb-wang", ["jb-zhou"]),
                               ("pd-lead", ["jb-zhou", "pd-only"])):
            found = listed(api, username, role="volunteer")
            assert [u["username"] for u in found] == sees, username
        assert {u["role"] for u in listed(api, "jb-lead")} == {"supervisor", "worker",
                                                               "volunteer"}
