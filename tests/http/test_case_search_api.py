"""The case list and search over HTTP (docs/domain.md §3, §4): search by reference, name or phone,
filters, scopes, paging, bad query values as problems, and read-your-writes with
`min_position` (on both stores)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.vocabulary import ClosureOutcome, Risk
from tests.http.conftest import SHARED_SQLITE_ONLY, Api, ReadOnly
from tests.http.reads_support import DETAILS, SQLITE_ONLY, every_page, ids, ok, project, s
from tests.integration.conftest import World

PROBLEM = "application/problem+json"
CASES = "/api/v1/cases"


@SQLITE_ONLY
class TestCaseList:
    @pytest.fixture
    def three(self, world: World) -> dict[str, Any]:
        """Two JB cases (one for a distinctive resident) and a PD case, projected."""
        song = world.open_case(world.jb_worker).case
        world.later(minutes=1)
        ouyang = world.open_case(world.jb_worker, details=DETAILS,
                                 assessment=world.assessment(Risk.CRITICAL)).case
        world.later(minutes=1)
        pd = world.open_case(world.pd_worker, details=DETAILS).case
        project(world)
        return {"song": song, "ouyang": ouyang, "pd": pd}

    def test_a_worker_lists_their_teams_cases_newest_first(self, api: Api,
                                                           three: dict[str, Any]) -> None:
        body = ok(api.as_("jb-wang").get(CASES))
        assert ids(body) == [s(three["ouyang"].id), s(three["song"].id)]
        assert body["next_cursor"] is None
        assert body["fresh"] is True
        item = body["items"][0]
        assert (item["reference"], item["team"], item["status"], item["risk"]) == (
            three["ouyang"].reference, "JB", "assessed", "critical")
        assert DETAILS.name not in str(body)

    @pytest.mark.parametrize("q", ["欧阳秀英", "欧阳", "138 0013 8000", "13800138000", "8000"])
    def test_search_by_name_or_phone(self, api: Api, three: dict[str, Any], q: str) -> None:
        body = ok(api.as_("jb-lead").get(CASES, params={"q": q}))
        assert ids(body) == [s(three["ouyang"].id)]  # PD's case of the same resident: out

    def test_search_by_reference_in_any_case(self, api: Api, three: dict[str, Any]) -> None:
        reference = three["song"].reference
        for q in (reference, reference.lower()):
            assert ids(ok(api.as_("jb-wang").get(CASES, params={"q": q}))) == [
                s(three["song"].id)]

    def test_an_auditor_searches_every_team_and_filters_by_team(
            self, api: Api, three: dict[str, Any]) -> None:
        auditor = api.as_("mca-auditor")
        found = ids(ok(auditor.get(CASES, params={"q": "欧阳秀英"})))
        assert found == [s(three["pd"].id), s(three["ouyang"].id)]
        assert ids(ok(auditor.get(CASES, params={"team": "PD"}))) == [
            s(three["pd"].id)]

    def test_a_worker_naming_another_team_sees_nothing_of_it(
            self, api: Api, three: dict[str, Any]) -> None:
        assert ids(ok(api.as_("jb-wang").get(CASES, params={"team": "PD"}))) == []

    def test_filters_repeat_and_combine(self, api: Api, world: World,
                                        three: dict[str, Any]) -> None:
        jb = api.as_("jb-lead")
        by_status = ok(jb.get(CASES, params={"status": ["intake", "assessed"]}))
        assert set(ids(by_status)) == {s(three["song"].id), s(three["ouyang"].id)}
        assert ids(ok(jb.get(CASES, params={"status": "intake"}))) == [
            s(three["song"].id)]
        assert ids(ok(jb.get(CASES, params={"risk": ["critical", "high"],
                                                      "need": "medication"}))) == [
            s(three["ouyang"].id)]
        assert ids(ok(jb.get(CASES, params={"vulnerability": "pregnant"}))) == []
        world.cases.assign(world.jb_supervisor, three["ouyang"].id, world.jb_worker.id, None)
        world.cases.close(world.jb_worker, three["song"].id, ClosureOutcome.NO_LONGER_NEEDED,
                          "Family came back")
        project(world)
        assert ids(ok(jb.get(CASES, params={"worker_id": s(world.jb_worker.id)}))
                   ) == [s(three["ouyang"].id)]
        assert ids(ok(jb.get(CASES, params={"status": "closed"}))) == [
            s(three["song"].id)]

    def test_pages_follow_the_cursor_without_repeats(self, api: Api, world: World) -> None:
        opened = []
        for _ in range(5):
            opened.append(s(world.open_case(world.jb_worker).case.id))
            world.later(minutes=1)
        project(world)
        pages = every_page(api, "jb-wang", CASES, 2)
        assert [len(p) for p in pages] == [2, 2, 1]
        assert [i for p in pages for i in p] == list(reversed(opened))

    @pytest.mark.parametrize("username", ["bright-light", "sys-admin"])
    def test_partners_and_admins_list_no_cases(self, api: Api, username: str) -> None:
        assert api.as_(username).get(CASES).status_code == 403


@SHARED_SQLITE_ONLY
class TestBadQueryValues(ReadOnly):
    @pytest.mark.parametrize(("params", "field"), [
        ({"status": "open"}, "status"), ({"risk": "extreme"}, "risk"),
        ({"need": "money"}, "need"), ({"vulnerability": "old"}, "vulnerability"),
        ({"worker_id": "not-a-uuid"}, "worker_id"), ({"team": "jb"}, "team"),
        ({"limit": "0"}, "limit"), ({"limit": "201"}, "limit"), ({"limit": "ten"}, "limit"),
        ({"min_position": "-1"}, "min_position"), ({"q": ""}, "q"),
    ])
    def test_a_bad_filter_is_a_400_naming_it(self, api: Api, params: dict[str, str],
                                             field: str) -> None:
        response = api.as_("jb-wang").get(CASES, params=params)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith(PROBLEM)
        assert field in [e["field"] for e in response.json()["errors"]]

    @pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "WyJpbnRha2UiLDJd"])
    def test_a_cursor_this_list_did_not_give_out_is_refused(self, api: Api,
                                                            cursor: str) -> None:
        # The last one is a real cursor of the intake queue, not of the case list.
        response = api.as_("jb-wang").get(CASES, params={"cursor": cursor})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "cursor"

    def test_a_case_id_that_is_not_a_uuid_names_nothing(self, api: Api) -> None:
        # The route only matches a UUID: a reference in its place is an unknown path.
        response = api.as_("jb-wang").get(f"{CASES}/PD-2022-00001")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith(PROBLEM)


class TestReadYourWrites:
    """On both stores: a command's position makes the next read see it."""

    def test_a_read_given_the_commands_position_sees_it(self, api: Api,
                                                        world: World) -> None:
        world.container.runner.start()
        opened = world.open_case(world.jb_worker, assessment=world.assessment(Risk.HIGH))
        response = api.as_("jb-wang").get(CASES,
                                          params={"min_position": opened.position})
        body = ok(response)
        assert ids(body) == [s(opened.case.id)]
        assert body["fresh"] is True
        assert response.headers["x-fresh"] == "true"
        queue = ok(api.as_("jb-lead").get("/api/v1/queues/intake",
                                          params={"min_position": opened.position}))
        assert ids(queue, "case_id") == [s(opened.case.id)]

    @SQLITE_ONLY
    def test_a_read_that_cannot_catch_up_says_it_is_not_fresh(self, api: Api,
                                                              world: World) -> None:
        world.container.runner.stop()  # nobody projects: the views stay behind
        opened = world.open_case(world.jb_worker)
        response = api.as_("jb-wang").get(CASES,
                                          params={"min_position": opened.position})
        body = ok(response)
        assert body["items"] == []
        assert body["fresh"] is False
        assert response.headers["x-fresh"] == "false"
