"""The work queues and the team dashboard over HTTP (docs/domain.md §3, §4): the intake queue in
triage order, a worker's caseload, who may read whose, paging, and the dashboard."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.case import Case
from domain.vocabulary import ClosureOutcome, Risk, Role
from service import paging
from service.identity import OPERATOR
from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY, every_page, ids, ok, project, s
from tests.integration.conftest import PASSWORD, World

INTAKE = "/api/v1/queues/intake"
CASELOAD = "/api/v1/queues/caseload"
DASHBOARD = "/api/v1/dashboard"


@pytest.fixture
def intake(world: World) -> list[Case]:
    """JB's unassigned cases, in the order the intake queue must give them."""
    w = world.jb_worker
    low_first = world.assessed_case(w, Risk.LOW)
    world.later(minutes=5)
    unassessed = world.open_case(w).case
    world.later(minutes=5)
    critical = world.assessed_case(w, Risk.CRITICAL)
    world.later(minutes=5)
    high = world.assessed_case(w, Risk.HIGH)
    world.later(minutes=5)
    medium = world.assessed_case(w, Risk.MEDIUM)
    world.later(minutes=5)
    low_second = world.assessed_case(w, Risk.LOW)
    world.active_case(w, world.jb_supervisor, Risk.CRITICAL)  # assigned: not in the queue
    world.assessed_case(world.pd_worker, Risk.CRITICAL)  # another team's
    project(world)
    return [critical, unassessed, high, medium, low_first, low_second]


@SQLITE_ONLY
class TestIntakeQueue:
    def test_the_team_queue_comes_in_triage_order(self, api: Api,
                                                  intake: list[Case]) -> None:
        body = ok(api.as_("jb-wang").get(INTAKE))
        assert ids(body, "case_id") == [s(c.id) for c in intake]
        assert [i["risk"] for i in body["items"]] == [
            "critical", None, "high", "medium", "low", "low"]
        first = body["items"][0]
        assert first["reference"] == intake[0].reference
        assert first["assigned_worker_id"] is None
        assert first["deadline_state"] == "on_track"
        assert body["fresh"] is True
        assert body["next_cursor"] is None

    def test_pages_keep_the_order(self, api: Api, intake: list[Case]) -> None:
        pages = every_page(api, "jb-lead", INTAKE, 4, key="case_id")
        assert [len(p) for p in pages] == [4, 2]
        assert [i for p in pages for i in p] == [s(c.id) for c in intake]

    def test_another_team_sees_its_own_queue(self, api: Api, world: World,
                                             intake: list[Case]) -> None:
        body = ok(api.as_("pd-lead").get(INTAKE))
        assert len(body["items"]) == 1
        assert not set(ids(body, "case_id")) & {s(c.id) for c in intake}

    @pytest.mark.parametrize("username", ["mca-auditor", "bright-light", "sys-admin"])
    def test_only_workers_and_supervisors_have_one(self, api: Api, username: str) -> None:
        assert api.as_(username).get(INTAKE).status_code == 403


@pytest.fixture
def caseload(world: World) -> list[Case]:
    """jb-wang's cases, in the order the caseload must give them."""
    w, lead = world.jb_worker, world.jb_supervisor
    medium = world.active_case(w, lead, Risk.MEDIUM)
    high = world.active_case(w, lead, Risk.HIGH)
    low = world.active_case(w, lead, Risk.LOW)
    world.later(days=2)  # the three follow-ups above are now overdue
    critical = world.active_case(w, lead, Risk.CRITICAL)
    world.active_case(world.jb_colleague, lead, Risk.CRITICAL)  # a colleague's
    closed = world.active_case(w, lead, Risk.LOW)
    world.cases.close(w, closed.id, ClosureOutcome.RESOLVED, "Delivered")
    project(world)
    return [high, medium, low, critical]


@SQLITE_ONLY
class TestCaseload:
    def test_a_worker_reads_their_caseload_overdue_first(self, api: Api,
                                                         caseload: list[Case]) -> None:
        body = ok(api.as_("jb-wang").get(CASELOAD))
        assert ids(body, "case_id") == [s(c.id) for c in caseload]
        assert [i["overdue"] for i in body["items"]] == [True, True, True, False]
        assert [i["deadline_state"] for i in body["items"]][-1] == "on_track"

    def test_a_supervisor_reads_a_team_members_caseload(self, api: Api, world: World,
                                                        caseload: list[Case]) -> None:
        params = {"worker_id": s(world.jb_worker.id)}
        assert ids(ok(api.as_("jb-lead").get(CASELOAD, params=params)), "case_id") == [
            s(c.id) for c in caseload]

    def test_an_auditor_names_any_worker(self, api: Api, world: World,
                                         caseload: list[Case]) -> None:
        auditor = api.as_("mca-auditor")
        params = {"worker_id": s(world.jb_worker.id)}
        assert len(ok(auditor.get(CASELOAD, params=params))["items"]) == 4
        assert auditor.get(CASELOAD).status_code == 403  # an auditor has none of their own

    @pytest.mark.parametrize(("username", "worker", "status"), [
        ("pd-lead", "jb_worker", 404),  # another team's worker: out of scope
        ("jb-li", "jb_worker", 403),  # a worker reads only their own
        ("jb-lead", None, 404),  # nobody by that id
        ("bright-light", "jb_worker", 403), ("sys-admin", "jb_worker", 403),
    ])
    def test_others_may_not_read_it(self, api: Api, world: World, caseload: list[Case],
                                    username: str, worker: str | None, status: int) -> None:
        worker_id = getattr(world, worker).id if worker else UUID(int=99)
        response = api.as_(username).get(CASELOAD, params={"worker_id": s(worker_id)})
        assert response.status_code == status

    def test_pages_follow_the_cursor(self, api: Api, caseload: list[Case]) -> None:
        pages = every_page(api, "jb-wang", CASELOAD, 3, key="case_id")
        assert [i for p in pages for i in p] == [s(c.id) for c in caseload]
        assert len(pages) == 2

    @pytest.mark.parametrize("offset", [10**20, -1, 1.5, True, "3"])
    def test_a_forged_cursor_is_bad_input(self, api: Api, caseload: list[Case],
                                          offset: object) -> None:
        forged = paging.encode_cursor("caseload", offset)
        response = api.as_("jb-wang").get(CASELOAD, params={"cursor": forged})
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "cursor"


@SQLITE_ONLY
class TestDashboard:
    @pytest.fixture
    def board(self, world: World) -> dict[str, Any]:
        lead = world.jb_supervisor
        world.active_case(world.jb_worker, lead, Risk.HIGH)
        world.active_case(world.jb_worker, lead, Risk.LOW)
        world.active_case(world.jb_colleague, lead, Risk.MEDIUM)
        world.assessed_case(world.jb_worker, Risk.CRITICAL)
        world.open_case(world.jb_worker)
        world.assessed_case(world.pd_worker, Risk.HIGH)
        project(world)
        return {}

    def test_a_supervisor_sees_their_team_with_worker_names(self, api: Api, world: World,
                                                            board: dict[str, Any]) -> None:
        response = api.as_("jb-lead").get(DASHBOARD)
        body = ok(response)
        assert body["team"] == "JB"
        assert [(w["display_name"], w["open_cases"]) for w in body["workers"]] == [
            ("Jb-Wang", 2), ("Jb-Li", 1)]
        assert body["workers"][0]["worker_id"] == s(world.jb_worker.id)
        assert body["unassigned_by_risk"] == {"critical": 1, "high": 0, "medium": 0,
                                              "low": 0, "unassessed": 1}
        assert len(body["per_day"]) == 14
        assert body["per_day"][-1] == {"day": world.today().isoformat(), "opened": 5,
                                       "closed": 0}
        assert body["fresh"] is True
        assert response.headers["x-fresh"] == "true"

    def test_a_worker_with_no_case_yet_is_on_the_board(self, api: Api, world: World,
                                                        board: dict[str, Any]) -> None:
        newcomer = world.identity.create_user(OPERATOR, "jb-new", PASSWORD, "Jb-New",
                                              Role.WORKER, team="JB")
        body = ok(api.as_("jb-lead").get(DASHBOARD))
        assert [(w["display_name"], w["open_cases"]) for w in body["workers"]] == [
            ("Jb-Wang", 2), ("Jb-Li", 1), ("Jb-New", 0)]
        assert body["workers"][-1]["worker_id"] == s(newcomer.id)

    def test_a_supervisor_naming_another_team_finds_nothing(self, api: Api,
                                                            board: dict[str, Any]) -> None:
        assert api.as_("jb-lead").get(DASHBOARD, params={"team": "PD"}).status_code == 404

    def test_an_auditor_sees_any_team_or_all(self, api: Api, world: World,
                                             board: dict[str, Any]) -> None:
        auditor = api.as_("mca-auditor")
        pd = ok(auditor.get(DASHBOARD, params={"team": "PD"}))
        assert pd["team"] == "PD"
        assert pd["unassigned_by_risk"]["high"] == 1
        everything = ok(auditor.get(DASHBOARD))
        assert everything["team"] is None
        assert everything["unassigned_by_risk"]["critical"] == 1
        assert everything["per_day"][-1]["opened"] == 6
        assert auditor.get(DASHBOARD, params={"team": "XX"}).status_code == 404

    @pytest.mark.parametrize("username", ["jb-wang", "bright-light", "sys-admin"])
    def test_workers_partners_and_admins_may_not(self, api: Api, username: str) -> None:
        assert api.as_(username).get(DASHBOARD).status_code == 403

    def test_a_malformed_team_is_bad_input(self, api: Api) -> None:
        assert api.as_("mca-auditor").get(DASHBOARD, params={"team": "j b"}).status_code == 400
