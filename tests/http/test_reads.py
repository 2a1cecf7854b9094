"""Reads of one case over HTTP (docs/domain.md §4): the caller, a case now and as it stood, its
history; scopes (another team's case is 404, a role that may never read is 403); and the
published contract of the read routes. The case list is in test_case_search_api.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.vocabulary import ReferralOutcome, Risk
from tests.http.conftest import SHARED_SQLITE_ONLY, Api, ReadOnly
from tests.http.reads_support import DETAILS, SQLITE_ONLY, every_page, ids, ok, project, s
from tests.integration.conftest import World
from tests.integration.views_support import EVERY_CASE_EVENT, mixed_history

PROBLEM = "application/problem+json"


def event_type_name(class_name: str) -> str:
    """`ReferralSent` -> `referral_sent`."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in class_name).lstrip("_")


def case_path(case_id: object) -> str:
    return f"/api/v1/cases/{case_id}"


@SHARED_SQLITE_ONLY
class TestMe(ReadOnly):
    @pytest.mark.parametrize(("username", "role", "team"), [
        ("jb-wang", "worker", "JB"), ("pd-lead", "supervisor", "PD"),
        ("bright-light", "partner", None), ("mca-auditor", "auditor", None),
        ("sys-admin", "admin", None)])
    def test_each_caller_gets_themselves(self, api: Api, username: str, role: str,
                                         team: str | None) -> None:
        body = ok(api.as_(username).get("/api/v1/me"))
        assert (body["username"], body["role"], body["team"]) == (username, role, team)
        assert "password" not in str(body)
        assert "hash" not in str(body)

    def test_the_partner_sees_its_organisation(self, api: Api, world: World) -> None:
        body = ok(api.as_("bright-light").get("/api/v1/me"))
        assert body["organisation_id"] == s(world.foundation)

    def test_without_a_token_it_is_401(self, api: Api) -> None:
        response = api.anonymous.get("/api/v1/me")
        assert response.status_code == 401
        assert response.headers["content-type"].startswith(PROBLEM)


@SQLITE_ONLY
class TestGetCase:
    def test_a_worker_reads_a_case_of_their_team_with_its_etag(self, api: Api,
                                                              world: World) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        world.cases.add_note(world.jb_colleague, case.id, "Granddaughter will call back")
        response = api.as_("jb-li").get(case_path(case.id))
        body = ok(response)
        assert response.headers["etag"] == '"2"'
        assert (body["id"], body["version"], body["reference"]) == (s(case.id), 2,
                                                                    case.reference)
        assert body["resident"]["name"] == DETAILS.name
        assert body["resident"]["phone"] == "13800138000"  # canonical (decision 0022)
        assert body["notes_count"] == 1

    @pytest.mark.parametrize("username", ["pd-zhao", "pd-lead"])
    def test_another_teams_case_is_not_found(self, api: Api, world: World,
                                             username: str) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        response = api.as_(username).get(case_path(case.id))
        assert response.status_code == 404
        assert DETAILS.name not in response.text

    def test_an_unknown_case_is_not_found(self, api: Api) -> None:
        assert api.as_("jb-wang").get(case_path("0b7e4d5e-1f87-4b4e-9d1c-d3a7e5b0f001")
                                      ).status_code == 404

    @pytest.mark.parametrize("username", ["bright-light", "sys-admin"])
    def test_partners_and_admins_read_no_case(self, api: Api, world: World,
                                              username: str) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        response = api.as_(username).get(case_path(case.id))
        assert response.status_code == 403
        assert DETAILS.name not in response.text

    def test_an_auditor_reads_every_team_and_changes_nothing(self, api: Api,
                                                             world: World) -> None:
        jb = world.open_case(world.jb_worker).case
        pd = world.open_case(world.pd_worker).case
        project(world)
        before = world.stored_position()
        auditor = api.as_("mca-auditor")
        assert ok(auditor.get(case_path(jb.id)))["team"] == "JB"
        assert ok(auditor.get(case_path(pd.id)))["team"] == "PD"
        assert len(ok(auditor.get(f"{case_path(pd.id)}/history"))["items"]) == 1
        assert set(ids(ok(auditor.get("/api/v1/cases")))) == {s(jb.id), s(pd.id)}
        assert world.stored_position() == before


@SQLITE_ONLY
class TestAsOf:
    def test_a_supervisor_reads_the_case_as_it_stood(self, api: Api, world: World) -> None:
        opened_at = world.clock.now()
        case = world.open_case(world.jb_worker).case
        world.later(hours=1)
        world.cases.assess(world.jb_worker, case.id, world.assessment(Risk.HIGH))
        world.later(hours=1)
        world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
        then = (opened_at + timedelta(minutes=30)).isoformat()

        response = api.as_("jb-lead").get(case_path(case.id), params={"as_of": then})
        body = ok(response)
        assert (body["status"], body["risk"], body["version"]) == ("intake", None, 1)
        assert response.headers["etag"] == '"1"'
        assert body["as_of"].startswith((opened_at + timedelta(minutes=30)).strftime(
            "%Y-%m-%dT%H:%M"))
        later = (opened_at + timedelta(minutes=90)).isoformat()
        assert ok(api.as_("mca-auditor").get(case_path(case.id), params={"as_of": later})
                  )["status"] == "assessed"
        assert ok(api.as_("jb-lead").get(case_path(case.id)))["status"] == "active"

    def test_a_time_in_another_zone_means_the_same_moment(self, api: Api,
                                                          world: World) -> None:
        case = world.open_case(world.jb_worker).case
        world.later(hours=2)
        world.cases.assess(world.jb_worker, case.id, world.assessment())
        # One hour after opening, written in Shanghai time (UTC+8).
        shanghai = (world.clock.now() - timedelta(hours=1)).astimezone(
            world.container.settings.tz).isoformat()
        assert "+08:00" in shanghai
        body = ok(api.as_("jb-lead").get(case_path(case.id), params={"as_of": shanghai}))
        assert body["status"] == "intake"

    def test_a_time_before_the_opening_is_a_clear_conflict(self, api: Api,
                                                           world: World) -> None:
        before = (world.clock.now() - timedelta(seconds=1)).isoformat()
        case = world.open_case(world.jb_worker).case
        response = api.as_("jb-lead").get(case_path(case.id), params={"as_of": before})
        assert response.status_code == 409
        assert response.json()["rule"] == "before_opening"

    def test_a_worker_may_not_read_the_past(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        response = api.as_("jb-wang").get(case_path(case.id),
                                          params={"as_of": world.clock.now().isoformat()})
        assert response.status_code == 403

    def test_another_teams_supervisor_finds_nothing(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        response = api.as_("pd-lead").get(case_path(case.id),
                                          params={"as_of": world.clock.now().isoformat()})
        assert response.status_code == 404

    @pytest.mark.parametrize("as_of", ["yesterday", "2022-04-10T09:00:00", "2022-13-40T00:00Z"])
    def test_a_malformed_or_zoneless_time_is_bad_input(self, api: Api, world: World,
                                                       as_of: str) -> None:
        case = world.open_case(world.jb_worker).case
        response = api.as_("jb-lead").get(case_path(case.id), params={"as_of": as_of})
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(PROBLEM)
        assert any(e["field"] == "as_of" for e in response.json()["errors"])


@SQLITE_ONLY
class TestHistory:
    def test_a_supervisor_reads_every_event_with_actor_channel_and_data(
            self, api: Api, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.HIGH)
        world.later(hours=1)
        world.cases.add_note(world.jb_worker, case.id, "Granddaughter will call back")
        referral = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                             "Insulin delivery", None).referral_id
        assert referral is not None
        world.cases.accept_referral(world.partner, referral)
        world.cases.complete_referral(world.partner, referral,
                                      ReferralOutcome.SERVICE_PROVIDED, "Two pens delivered",
                                      Decimal("500.00"), 1)

        body = ok(api.as_("jb-lead").get(f"{case_path(case.id)}/history"))
        items = body["items"]
        assert [i["type"] for i in items] == [
            "opened", "assessed", "assigned", "note_added", "referral_sent",
            "referral_accepted", "referral_completed"]
        assert [i["version"] for i in items] == [1, 2, 3, 4, 5, 6, 7]
        assert body["next_cursor"] is None
        opened, assessed, assigned, note, _, accepted, completed = items
        assert opened["actor"] == {"id": s(world.jb_worker.id), "username": "jb-wang",
                                   "role": "worker"}
        assert opened["via"] == "api"
        assert opened["data"]["personal"]["name"] == "宋老师"
        assert opened["data"]["profile"]["district"] == "江北区"
        assert opened["data"]["needs"] == ["medication"]
        assert assessed["data"]["risk"] == "high"
        assert assessed["data"]["follow_up_due"] == (world.today() + timedelta(days=1)).isoformat()
        assert assigned["actor"]["username"] == "jb-lead"
        assert assigned["data"]["worker_id"] == s(world.jb_worker.id)
        assert note["data"]["personal"] == {"text": "Granddaughter will call back"}
        assert accepted["actor"] == {"id": s(world.partner.id), "username": "bright-light",
                                     "role": "partner"}
        assert completed["data"]["value_cny"] == "500.00"
        assert completed["at"].endswith(("Z", "+00:00"))

    def test_every_event_type_renders_as_json(self, api: Api, world: World) -> None:
        seen: set[str] = set()
        for case_id in mixed_history(world):
            body = ok(api.as_("mca-auditor").get(f"{case_path(case_id)}/history",
                                                 params={"limit": 200}))
            seen.update(item["type"] for item in body["items"])
            expiry = [i for i in body["items"] if i["type"] == "referral_expired"]
            assert all(i["actor"]["role"] == "system" for i in expiry)
            assert all(i["actor"]["username"] is None for i in expiry)
        assert seen == {event_type_name(name) for name in EVERY_CASE_EVENT}

    def test_history_pages_with_a_cursor(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        for n in range(4):
            world.cases.add_note(world.jb_worker, case.id, f"Note {n}")
        pages = every_page(api, "mca-auditor", f"{case_path(case.id)}/history", 2,
                           key="version")
        assert pages == [[1, 2], [3, 4], [5]]

    @pytest.mark.parametrize(("username", "status"), [
        ("jb-wang", 403), ("bright-light", 403), ("sys-admin", 403), ("pd-lead", 404)])
    def test_others_may_not_read_it(self, api: Api, world: World, username: str,
                                    status: int) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        response = api.as_(username).get(f"{case_path(case.id)}/history")
        assert response.status_code == status
        assert DETAILS.name not in response.text


@SHARED_SQLITE_ONLY
class TestPublishedContract(ReadOnly):
    """The OpenAPI document says what the read routes accept and answer."""

    @pytest.fixture
    def operations(self, api: Api) -> dict[str, Any]:
        document = ok(api.anonymous.get("/schema/openapi.json"))
        return {op["operationId"]: op for ops in document["paths"].values()
                for op in ops.values()}

    @pytest.mark.parametrize(("operation", "statuses"), [
        ("getMe", {"200", "401"}),
        ("listCases", {"200", "400", "401", "403", "422"}),
        ("getCase", {"200", "400", "401", "403", "404", "409"}),
        ("getCaseHistory", {"200", "400", "401", "403", "404", "422"}),
        ("getCaseAccessLog", {"200", "400", "401", "403", "404", "422"}),
        ("getIntakeQueue", {"200", "400", "401", "403", "404", "422"}),  # 404: `team`
        ("getCaseload", {"200", "400", "401", "403", "404", "422"}),
        ("listReferrals", {"200", "400", "401", "403", "404", "422"}),
        ("getReferral", {"200", "400", "401", "403", "404"}),
        ("getOutcomeReport", {"200", "400", "401", "403", "404"}),
        ("getDashboard", {"200", "400", "401", "403", "404"}),
        ("createUser", {"201", "400", "401", "403", "409", "413", "422"}),
    ])
    def test_every_status_is_documented(self, operations: dict[str, Any], operation: str,
                                        statuses: set[str]) -> None:
        assert set(operations[operation]["responses"]) == statuses

    @pytest.mark.parametrize(("operation", "schema"), [
        ("getCase", "CaseOut"), ("listCases", "CasePageOut"), ("getCaseHistory", "HistoryOut"),
        ("getCaseAccessLog", "AccessLogOut"), ("getIntakeQueue", "QueuePageOut"),
        ("listReferrals", "ReferralPageOut"), ("getReferral", "ReferralOut"),
        ("getOutcomeReport", "OutcomeReportOut"), ("getDashboard", "DashboardOut"),
        ("listUsers", "UserPageOut")])
    def test_each_answer_names_its_shape(self, operations: dict[str, Any], operation: str,
                                         schema: str) -> None:
        content = operations[operation]["responses"]["200"]["content"]["application/json"]
        assert content["schema"] == {"$ref": f"#/components/schemas/{schema}"}

    def test_query_parameters_publish_their_bounds_and_repeats(
            self, operations: dict[str, Any]) -> None:
        params = {p["name"]: p for p in operations["listCases"]["parameters"]}
        assert {"q", "status", "risk", "need", "vulnerability", "worker_id", "team", "limit",
                "cursor", "min_position"} <= set(params)
        assert all(p["in"] == "query" for p in params.values())
        limit = params["limit"]["schema"]
        assert (limit["minimum"], limit["maximum"]) == (1, 200)
        status = params["status"]["schema"]["oneOf"][0]
        assert status["type"] == "array"
        outcomes = {p["name"] for p in operations["getOutcomeReport"]["parameters"]}
        assert {"from", "to", "organisation_id", "min_position"} <= outcomes
