"""The three-tier network over HTTP (decision 0030): a district → street → community tree
set up by an administrator; a case taken in at the street, routed down to a community
(no acceptance), escalated up to the district (a request its supervisor accepts); each
level's queue and dashboard, the roll-up adding up, and who sees what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.http.conftest import ADMIN, Api
from tests.http.reads_support import ids, ok, project
from tests.http.spec_client import assessment, caseworker, intake
from tests.integration.conftest import PASSWORD

TEAMS, USERS = "/api/v1/teams", "/api/v1/users"
INTAKE, DASHBOARD, CASES = "/api/v1/queues/intake", "/api/v1/dashboard", "/api/v1/cases"
# code, level, parent: 青羊区 → 草市街道 → 两个社区
TREE = (("QY", "district", None), ("CS", "street", "QY"),
        ("CA", "community", "CS"), ("CB", "community", "CS"))
STAFF = (("qy-lead", "supervisor", "QY"), ("cs-lead", "supervisor", "CS"),
         ("cs-worker", "worker", "CS"), ("ca-lead", "supervisor", "CA"),
         ("ca-worker", "worker", "CA"), ("cb-lead", "supervisor", "CB"))


def team_body(code: str, level: str, parent: str | None) -> dict[str, Any]:
    names = {"district": "青羊区", "street": "草市街道", "community": f"{code}社区"}
    body: dict[str, Any] = {"code": code, "name": f"{code} 社工站", "level": level,
                            "district": names["district"], "parent": parent}
    if level != "district":
        body["street"] = names["street"]
    if level == "community":
        body["community"] = names["community"]
    return body


@pytest.fixture
def tree(api: Api) -> Api:
    admin = api.as_(ADMIN)
    for code, level, parent in TREE:
        ok(admin.post(TEAMS, team_body(code, level, parent)), 201)
    for username, role, team in STAFF:
        ok(admin.post(USERS, {"username": username, "password": PASSWORD,
                              "display_name": username, "role": role, "team": team}), 201)
        api.token_for(username)
    return api


def set_parent(api: Api, code: str, parent: str | None, who: str = ADMIN) -> Any:
    return api.client.put(f"{TEAMS}/{code}/parent", json={"parent": parent},
                          headers=api.as_(who).headers)


def queue(api: Api, who: str, team: str | None = None) -> list[str]:
    params = {"team": team} if team else {}
    return ids(ok(api.as_(who).get(INTAKE, params=params)), "case_id")


def rollup(api: Api, who: str, team: str | None = None) -> dict[str, Any]:
    params = {"team": team} if team else {}
    board = ok(api.as_(who).get(DASHBOARD, params=params))
    return {"team": board["team"], "unassigned": board["unassigned_by_risk"],
            **board["rollup"]}


class TestTheTree:
    def test_teams_list_their_parent(self, tree: Api) -> None:
        listed = {t["code"]: t for t in ok(tree.as_("cs-lead").get(TEAMS))["items"]}
        assert {code: listed[code]["parent"] for code, _, _ in TREE} == {
            "QY": None, "CS": "QY", "CA": "CS", "CB": "CS"}
        assert listed["CA"]["level"] == "community"

    def test_an_admin_moves_a_team_and_the_rules_hold(self, tree: Api) -> None:
        admin = tree.as_(ADMIN)
        ok(admin.post(TEAMS, team_body("CT", "street", None)), 201)
        assert ok(set_parent(tree, "CB", "CT"))["parent"] == "CT"
        assert ok(set_parent(tree, "CB", None))["parent"] is None
        for code, parent, why in (("CA", "CB", "parent_level"), ("CS", "CT", "parent_level"),
                                  ("CS", "CA", "parent_cycle"),
                                  ("CS", "NOPE", "unknown_team"), ("CA", "CA", "parent_cycle")):
            body = ok(set_parent(tree, code, parent), 422)
            assert body["errors"][0]["field"] == "parent"
            assert body["errors"][0]["code"] == why
        assert ok(set_parent(tree, "NOPE", "QY"), 404)
        assert ok(set_parent(tree, "CA", "QY", who="qy-lead"), 403)

    def test_a_new_team_needs_a_parent_above_it(self, tree: Api) -> None:
        body = ok(tree.as_(ADMIN).post(TEAMS, team_body("CC", "community", "CA")), 422)
        assert body["errors"][0]["code"] == "parent_level"
        assert ok(tree.as_(ADMIN).post(TEAMS, team_body("CD", "street", "ZZ")), 422)


class TestRoutingDownAndEscalatingUp:
    def test_intake_route_down_escalate_up_with_queues_and_rollups(self, tree: Api) -> None:
        world = tree.world
        street, lead = caseworker(tree, "cs-worker"), caseworker(tree, "cs-lead")
        due = world.today()
        first = ok(street.open_case(intake("CS", assessment=assessment("high", due))), 201)
        second = ok(street.open_case(intake("CS")), 201)
        ok(caseworker(tree, "ca-worker").open_case(intake("CA")), 201)  # the community's own
        project(world)
        assert set(queue(tree, "cs-lead")) == {first["id"], second["id"]}

        # routed down: no acceptance, in the community's intake queue, unassigned
        routed = ok(lead.transfer(first["id"], "CA", "就近服务，由社区站上门"))
        assert routed["team"] == "CA"
        assert routed["pending_transfer"] is None
        assert routed["assigned_worker_id"] is None
        project(world)
        assert first["id"] in queue(tree, "ca-worker")
        assert first["id"] not in queue(tree, "cs-lead")
        assert first["id"] in queue(tree, "cs-lead", team="CA")  # the street looks below
        told = ok(tree.as_("ca-lead").get("/api/v1/notifications"))["items"]
        assert [(n["kind"], n["case_id"], n["detail"]) for n in told] == [
            ("case_routed", first["id"], "CS")]
        history = ok(tree.as_("cs-lead").get(f"{CASES}/{first['id']}/history"))["items"]
        assert history[-1]["type"] == "routed"
        assert history[-1]["data"]["from_team"] == "CS"
        assert history[-1]["data"]["to_team"] == "CA"

        # escalated up: a request the district's supervisor accepts
        asked = ok(caseworker(tree, "ca-lead").transfer(first["id"], "QY", "需要区级协调"))
        assert asked["team"] == "CA"
        assert asked["pending_transfer"]["to_team"] == "QY"
        accepted = ok(caseworker(tree, "qy-lead").decide_transfer(first["id"], True, "区里接手"))
        assert accepted["team"] == "QY"
        project(world)
        assert queue(tree, "qy-lead") == [first["id"]]
        assert first["id"] not in queue(tree, "ca-worker")

        # each level's dashboard: its own figures, and the roll-up adds up
        district = rollup(tree, "qy-lead")
        assert [row["team"] for row in district["teams"]] == ["QY", "CS", "CA", "CB"]
        own = {row["team"]: sum(row["unassigned_by_risk"].values())
               for row in district["teams"]}
        assert own == {"QY": 1, "CS": 1, "CA": 1, "CB": 0}
        assert sum(district["unassigned"].values()) == 1
        total = district["total"]
        for key in ("opened", "closed", "open_assigned", "overdue", "breached_unassigned"):
            assert total[key] == sum(row[key] for row in district["teams"]), key
        assert sum(total["unassigned_by_risk"].values()) == 3
        assert total["opened"] == 3  # each case counted once, by the team that opened it
        street_board = rollup(tree, "cs-lead")
        assert [row["team"] for row in street_board["teams"]] == ["CS", "CA", "CB"]
        assert sum(street_board["total"]["unassigned_by_risk"].values()) == 2
        community = rollup(tree, "cs-lead", team="CA")
        assert [row["team"] for row in community["teams"]] == ["CA"]
        assert community["total"] == community["teams"][0]

    def test_a_transfer_to_a_sibling_still_needs_acceptance(self, tree: Api) -> None:
        case = ok(caseworker(tree, "ca-worker").open_case(intake("CA")), 201)
        asked = ok(caseworker(tree, "ca-lead").transfer(case["id"], "CB", "住址在隔壁社区"))
        assert asked["team"] == "CA"
        assert asked["pending_transfer"]["to_team"] == "CB"

    def test_the_street_routes_between_its_communities_and_assigns_their_workers(
            self, tree: Api) -> None:
        case = ok(caseworker(tree, "ca-worker").open_case(
            intake("CA", assessment=assessment("medium", tree.world.today()))), 201)
        lead = caseworker(tree, "cs-lead")
        ca_worker = tree.world.identity.user_by_name("ca-worker")
        cs_worker = tree.world.identity.user_by_name("cs-worker")
        assert ca_worker is not None
        assert cs_worker is not None
        refused = ok(lead.assign(case["id"], cs_worker.id, "街道社工"), 422)
        assert refused["errors"][0]["code"] == "unknown_worker"
        ok(lead.assign(case["id"], ca_worker.id, "社区社工跟进"))
        ok(lead.note(case["id"], "街道督导意见"), 403)  # the community's own work
        moved = ok(lead.transfer(case["id"], "CB", "改由隔壁社区服务"))
        assert moved["team"] == "CB"
        assert moved["assigned_worker_id"] is None


class TestRollUpByEachTeamsDeadlines:
    def test_past_time_to_assign_counts_by_the_teams_own_deadline(self, tree: Api) -> None:
        ok(tree.client.put(f"{TEAMS}/CA/deadlines", json={"assign_critical_minutes": 10},
                           headers=tree.as_(ADMIN).headers))
        for team, worker in (("CA", "ca-worker"), ("CS", "cs-worker")):
            ok(caseworker(tree, worker).open_case(intake(
                team, assessment=assessment("critical", tree.world.today()))), 201)
        tree.world.later(minutes=30)  # past CA's 10 minutes, within the default 2 hours
        project(tree.world)
        rows = {row["team"]: row for row in rollup(tree, "cs-lead")["teams"]}
        assert (rows["CA"]["breached_unassigned"], rows["CS"]["breached_unassigned"]) == (1, 0)
        own = ok(tree.as_("cs-lead").get(DASHBOARD, params={"team": "CA"}))
        assert own["breached_unassigned"] == rows["CA"]["breached_unassigned"]


class TestVolunteerHoursRollUp:
    def test_a_street_reads_its_communities_hours_and_a_community_not_its_street(
            self, tree: Api) -> None:
        """Reports roll up the tree (issue 14): a volunteer's errand done for a community
        counts in the street's hours; the community's supervisor reads only its own."""
        admin = tree.as_(ADMIN)
        ok(admin.post(USERS, {"username": "ca-volunteer", "password": PASSWORD,
                              "display_name": "陈小雨", "role": "volunteer", "team": "CA"}),
           201)
        tree.token_for("ca-volunteer")
        case = ok(caseworker(tree, "ca-worker").open_case(intake(
            "CA", assessment=assessment("high", tree.world.today()))), 201)
        due = (tree.world.clock.now() + timedelta(days=1)).isoformat()
        task = ok(tree.as_("ca-worker").post(f"{CASES}/{case['id']}/tasks", {
            "kind": "purchase_on_behalf", "description": "代配特病药", "due_by": due}), 201)
        tree.world.later(minutes=5)
        ok(tree.as_("ca-worker").post(f"/api/v1/tasks/{task['id']}/offer", {"pool": True}))
        volunteer = tree.as_("ca-volunteer")
        ok(volunteer.post(f"/api/v1/tasks/{task['id']}/accept", {}))
        ok(volunteer.post(f"/api/v1/tasks/{task['id']}/complete", {"minutes": 150}))
        project(tree.world)

        def hours(who: str, team: str | None = None) -> Any:
            return tree.as_(who).get("/api/v1/reports/volunteer-hours",
                                     params={"team": team} if team else {})
        street = ok(hours("cs-lead"))
        assert (street["minutes"], [t["key"] for t in street["by_team"]]) == (150, ["CA"])
        assert ok(hours("cs-lead", "CA"))["minutes"] == 150
        assert ok(hours("qy-lead"))["minutes"] == 150
        assert ok(hours("ca-lead"))["minutes"] == 150
        assert hours("ca-lead", "CS").status_code == 404
        assert ok(hours("cb-lead"))["minutes"] == 0
        listed = ok(tree.as_("cs-lead").get("/api/v1/tasks", params={"status": "completed"}))
        assert [item["id"] for item in listed["items"]] == [task["id"]]
        assert ok(tree.as_("cb-lead").get("/api/v1/tasks"))["items"] == []


class TestWhoSeesWhat:
    @pytest.fixture
    def cases(self, tree: Api) -> dict[str, str]:
        opened = {team: ok(caseworker(tree, worker).open_case(intake(team)), 201)["id"]
                  for team, worker in (("CS", "cs-worker"), ("CA", "ca-worker"))}
        opened["CB"] = ok(caseworker(tree, "cb-lead").open_case(intake("CB")), 201)["id"]
        project(tree.world)
        return opened

    def test_a_community_sees_neither_its_street_nor_its_sibling(
            self, tree: Api, cases: dict[str, str]) -> None:
        lead = tree.as_("ca-lead")
        for team in ("CS", "CB"):
            assert lead.get(f"{CASES}/{cases[team]}").status_code == 404
            assert lead.get(f"{CASES}/{cases[team]}/history").status_code == 404
            assert lead.get(INTAKE, params={"team": team}).status_code == 404
            assert lead.get(DASHBOARD, params={"team": team}).status_code == 404
        assert ids(ok(lead.get(CASES))) == [cases["CA"]]

    def test_a_street_sees_its_communities_a_district_all_below(
            self, tree: Api, cases: dict[str, str]) -> None:
        for who in ("cs-lead", "qy-lead", "mca-auditor"):
            for case_id in cases.values():
                ok(tree.as_(who).get(f"{CASES}/{case_id}"))
        assert set(ids(ok(tree.as_("cs-lead").get(CASES)))) == set(cases.values())
        below = ok(tree.as_("qy-lead").get(CASES, params={"team": "CS", "include": "below"}))
        assert set(ids(below)) == set(cases.values())
        only = ok(tree.as_("qy-lead").get(CASES, params={"team": "CA"}))
        assert ids(only) == [cases["CA"]]

    def test_workers_keep_their_own_team(self, tree: Api, cases: dict[str, str]) -> None:
        worker = tree.as_("cs-worker")
        assert worker.get(f"{CASES}/{cases['CA']}").status_code == 404
        assert worker.get(INTAKE, params={"team": "CA"}).status_code == 404
        assert ids(ok(worker.get(CASES))) == [cases["CS"]]
