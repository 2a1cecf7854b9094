"""Tasks over HTTP (SPEC §6, decision 0032): the commands, who may give them, what each
side sees, and bad input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY
from tests.http.task_support import (
    CONTACT_ONLY,
    FAR,
    NEAR,
    PAUSED,
    PD,
    SONG_SECRETS,
    STREET,
    TASKS,
    act,
    leaks,
    make_task,
    ok,
    song_case,
    task_body,
    volunteers,
)


def settle(api: Api) -> None:
    assert api.world.container.runner.wait_for(api.world.stored_position(), 10)


def listing(api: Api, user: str, **params: str) -> list[Any]:
    settle(api)
    return list(ok(api.as_(user).get(TASKS, params=params or None))["items"])


@pytest.fixture
def cast(api: Api) -> dict[str, UUID]:
    return volunteers(api)


@pytest.fixture
def case_id(api: Api, cast: dict[str, UUID]) -> UUID:
    return song_case(api.world)


class TestCommands:
    def test_a_worker_makes_and_offers_a_task_a_volunteer_accepts_and_completes_it(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        assert (task["status"], task["case_id"], task["kind"]) == ("open", str(case_id),
                                                                   "delivery")
        offered = act(api, "jb-wang", task["id"], "offer", {"volunteer_id": str(cast[NEAR])})
        assert (offered["status"], offered["offered_to"]) == ("offered", str(cast[NEAR]))
        seen = act(api, NEAR, task["id"], "accept", {})
        assert seen["status"] == "accepted"
        assert seen["mine"]
        assert seen["resident"] == "宋老师"
        assert seen["contact"] == {"phone": "13800000001", "address_detail": "3-2-201"}
        assert not leaks(seen, *SONG_SECRETS, str(case_id))
        done = act(api, NEAR, task["id"], "complete", {"minutes": 120, "note": "排队两小时"})
        assert (done["status"], done["minutes"], done["contact"]) == ("completed", 120, None)
        assert not leaks(done, *SONG_SECRETS, *CONTACT_ONLY)

    def test_the_answer_carries_the_cases_version_as_etag(
            self, api: Api, case_id: UUID) -> None:
        response = api.as_("jb-wang").post(f"/api/v1/cases/{case_id}/tasks",
                                           json=task_body(api.world))
        assert response.status_code == 201
        body = response.json()
        assert response.headers["etag"] == f'"{body["version"]}"'
        assert response.headers["location"] == f"{TASKS}/{body['id']}"

    def test_a_stale_if_match_is_412_and_changes_nothing(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        stale = task["version"] - 1
        act(api, "jb-wang", task["id"], "offer", {"pool": True}, 412,
            headers={"If-Match": f'"{stale}"'})
        act(api, "jb-wang", task["id"], "offer", {"pool": True},
            headers={"If-Match": f'"{task["version"]}"'})

    def test_an_accept_retried_with_its_key_is_answered_once(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        act(api, "jb-wang", task["id"], "offer", {"volunteer_id": str(cast[NEAR])})
        key = {"Idempotency-Key": "accept-1"}
        first = api.as_(NEAR).post(f"{TASKS}/{task['id']}/accept", json={}, headers=key)
        again = api.as_(NEAR).post(f"{TASKS}/{task['id']}/accept", json={}, headers=key)
        assert first.status_code == again.status_code == 200
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
        assert again.headers["etag"] == first.headers["etag"]

    def test_a_paused_volunteer_is_offered_nothing(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        refused = act(api, "jb-wang", task["id"], "offer",
                      {"volunteer_id": str(cast[PAUSED])}, 409)
        assert refused["rule"] == "volunteer_paused"

    def test_a_volunteer_of_another_team_is_no_one_to_offer_to(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        refused = act(api, "jb-wang", task["id"], "offer", {"volunteer_id": str(cast[PD])},
                      422)
        assert refused["errors"][0]["field"] == "volunteer_id"

    def test_a_volunteer_of_another_team_gets_404(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        act(api, "jb-wang", task["id"], "offer", {"pool": True})
        act(api, PD, task["id"], "accept", {}, 404)
        act(api, NEAR, str(uuid4()), "accept", {}, 404)
        assert api.as_(PD).get(f"{TASKS}/{task['id']}").status_code == 404
        assert api.as_("pd-zhao").get(f"{TASKS}/{task['id']}").status_code == 404
        assert api.as_("pd-zhao").get(f"{TASKS}/{task['id']}/candidates").status_code == 404

    def test_a_task_offered_to_one_volunteer_is_404_to_another(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        act(api, "jb-wang", task["id"], "offer", {"volunteer_id": str(cast[NEAR])})
        act(api, FAR, task["id"], "accept", {}, 404)

    def test_a_pool_task_goes_to_the_first_volunteer_who_accepts(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        act(api, "jb-wang", task["id"], "offer", {"pool": True})
        for volunteer in (NEAR, STREET, FAR):  # every volunteer of the team sees it
            assert [t["pool"] for t in listing(api, volunteer)] == [True]
        assert listing(api, PD) == []
        act(api, STREET, task["id"], "accept", {})
        second = act(api, FAR, task["id"], "accept", {}, 409)
        assert second["rule"] == "task_status"
        assert listing(api, FAR) == []
        assert [t["mine"] for t in listing(api, STREET)] == [True]

    def test_a_declined_task_goes_back_not_offered(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        act(api, "jb-wang", task["id"], "offer", {"volunteer_id": str(cast[NEAR])})
        declined = act(api, NEAR, task["id"], "decline", {"reason": "Away this week"})
        assert declined["status"] == "open"
        listed = listing(api, "jb-wang", case_id=str(case_id))
        assert [(t["id"], t["status"], t["offered_to"]) for t in listed] == [
            (task["id"], "open", None)]
        assert listing(api, NEAR) == []
        detail = ok(api.as_("jb-wang").get(f"{TASKS}/{task['id']}"))
        assert detail["reason"] == "Away this week"
        told = ok(api.as_("jb-wang").get("/api/v1/notifications"))["items"]
        assert [(n["kind"], n["detail"], n["case_id"]) for n in told
                if n["kind"] == "task_answered"] == [("task_answered", "declined", str(case_id))]
        assert ok(api.as_(NEAR).get("/api/v1/notifications"))["items"] == []

    def test_the_case_side_cancels(self, api: Api, cast: dict[str, UUID],
                                   case_id: UUID) -> None:
        task = make_task(api, case_id)
        cancelled = act(api, "jb-lead", task["id"], "cancel", {"reason": "Family will go"})
        assert (cancelled["status"], cancelled["reason"]) == ("cancelled", "Family will go")

    @SQLITE_ONLY  # input and authorization: not the store's concern
    @pytest.mark.parametrize(("user", "action", "body"), [
        (NEAR, "offer", {"pool": True}), (NEAR, "cancel", {"reason": "x"}),
        ("jb-wang", "accept", {}), ("jb-wang", "complete", {"minutes": 5}),
        ("bright-light", "decline", {}), ("mca-auditor", "offer", {"pool": True}),
    ])
    def test_a_role_that_may_never_do_it_gets_403(
            self, api: Api, cast: dict[str, UUID], case_id: UUID, user: str, action: str,
            body: Any) -> None:
        task = make_task(api, case_id)
        act(api, user, task["id"], action, body, 403)

    def test_a_volunteer_cannot_make_a_task(self, api: Api, cast: dict[str, UUID],
                                            case_id: UUID) -> None:
        """A case route: a volunteer never learns the case exists (SPEC §6)."""
        response = api.as_(NEAR).post(f"/api/v1/cases/{case_id}/tasks",
                                      json=task_body(api.world))
        assert response.status_code == 404


class TestReads:
    def test_the_caseload_counts_overdue_tasks_and_today_lists_the_workers(
            self, api: Api, cast: dict[str, UUID], case_id: UUID) -> None:
        task = make_task(api, case_id)
        api.world.later(days=3)  # past its due time, not done
        settle(api)
        caseload = ok(api.as_("jb-wang").get("/api/v1/queues/caseload"))["items"]
        assert [(i["case_id"], i["overdue_tasks"]) for i in caseload] == [(str(case_id), 1)]
        today = ok(api.as_("jb-wang").get("/api/v1/queues/today"))
        assert [(t["id"], t["seen_as"]) for t in today["tasks"]] == [(task["id"], "case_side")]
        assert ok(api.as_("jb-li").get("/api/v1/queues/today"))["tasks"] == []

    def test_lists_page_by_due_time(self, api: Api, cast: dict[str, UUID],
                                    case_id: UUID) -> None:
        made = [make_task(api, case_id, due_by=(api.world.clock.now() + timedelta(
            days=days)).isoformat())["id"] for days in (3, 1, 2)]
        settle(api)
        first = ok(api.as_("jb-lead").get(TASKS, params={"limit": 2}))
        rest = ok(api.as_("jb-lead").get(TASKS, params={"cursor": first["next_cursor"]}))
        assert [t["id"] for t in first["items"] + rest["items"]] == [made[1], made[2], made[0]]
        assert rest["next_cursor"] is None
        assert ok(api.as_("pd-lead").get(TASKS))["items"] == []
        assert len(ok(api.as_("mca-auditor").get(TASKS))["items"]) == 3

    @SQLITE_ONLY  # input and authorization: not the store's concern
    @pytest.mark.parametrize(("user", "status"), [
        ("jb-wang", 403), ("bright-light", 403), ("sys-admin", 403), ("pd-lead", 200)])
    def test_the_hours_report_is_for_supervisors_auditors_and_volunteers(
            self, api: Api, cast: dict[str, UUID], user: str, status: int) -> None:
        response = api.as_(user).get("/api/v1/reports/volunteer-hours")
        assert response.status_code == status, response.text

    def test_a_volunteer_reads_only_their_own_hours_and_teams(
            self, api: Api, cast: dict[str, UUID]) -> None:
        assert api.as_(NEAR).get("/api/v1/reports/volunteer-hours",
                                 params={"team": "PD"}).status_code == 404
        assert api.as_("jb-lead").get("/api/v1/reports/volunteer-hours",
                                      params={"team": "PD"}).status_code == 404

    @SQLITE_ONLY  # input and authorization: not the store's concern
    @pytest.mark.parametrize("params", [
        {"from": "yesterday"}, {"from": "2022-04-10T09:00:00"},
        {"from": "2020-01-01", "to": "2022-04-10"}, {"from": "2022-04-10", "to": "2022-04-01"},
    ])
    def test_a_bad_span_is_refused(self, api: Api, params: dict[str, str]) -> None:
        response = api.as_("jb-lead").get("/api/v1/reports/volunteer-hours", params=params)
        assert response.status_code in (400, 422), response.text


@SQLITE_ONLY  # input and authorization: not the store's concern
class TestBadInput:
    @pytest.mark.parametrize("body", [
        {"kind": "nonsense"}, {"minutes": -1}, {"due_by": "2022-04-10T09:00:00"},
        {"description": ""}, {"repeat": "yearly"}, {"extra": 1},
    ])
    def test_a_bad_task_is_422_and_makes_nothing(self, api: Api, case_id: UUID,
                                                 body: dict[str, Any]) -> None:
        before = api.world.stored_position()
        data = {**task_body(api.world), **body}
        response = api.as_("jb-wang").post(f"/api/v1/cases/{case_id}/tasks", json=data)
        assert response.status_code in (400, 422), response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert api.world.stored_position() == before

    def test_a_task_due_in_the_past_is_422(self, api: Api, case_id: UUID) -> None:
        response = api.as_("jb-wang").post(f"/api/v1/cases/{case_id}/tasks", json=task_body(
            api.world, due_by=api.world.clock.now().isoformat()))
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "due_by"

    @pytest.mark.parametrize("body", [{}, {"pool": True, "volunteer_id": str(UUID(int=5))}])
    def test_an_offer_names_one_volunteer_or_the_pool(
            self, api: Api, case_id: UUID, body: dict[str, Any]) -> None:
        task = make_task(api, case_id)
        act(api, "jb-wang", task["id"], "offer", body, 422)

    def test_a_completion_over_a_day_is_refused(self, api: Api, cast: dict[str, UUID],
                                            case_id: UUID) -> None:
        task = make_task(api, case_id)
        act(api, "jb-wang", task["id"], "offer", {"volunteer_id": str(cast[NEAR])})
        act(api, NEAR, task["id"], "accept", {})
        before = api.world.stored_position()
        response = api.as_(NEAR).post(f"{TASKS}/{task['id']}/complete", json={"minutes": 1441})
        assert response.status_code == 400  # the published schema's bound
        assert response.json()["errors"][0]["field"] == "minutes"
        assert api.world.stored_position() == before
