"""Recurring check-ins through the API (SPEC §6, decision 0028): `PUT
/api/v1/cases/{id}/follow-up-plan`, the check-in commands and `GET /api/v1/queues/today`.
Bad input is a problem+json 4xx that changes nothing; only the case's side may act."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from tests.http.conftest import Api
from tests.http.spec_client import SQLITE_ONLY, body_of, etag_version
from tests.integration.conftest import World

pytestmark = SQLITE_ONLY
DAILY = {"every": "day", "at": "10:00"}  # the world's clock: 09:00 in Shanghai


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def put_plan(api: Api, username: str, case_id: UUID, body: Any,
             headers: dict[str, str] | None = None) -> Any:
    session = api.as_(username)
    return session.client.put(f"/api/v1/cases/{case_id}/follow-up-plan", json=body,
                              headers={**session.headers, **(headers or {})})


def active(world: World) -> UUID:
    return world.active_case(world.jb_worker, world.jb_supervisor).id


class TestThePlan:
    def test_a_daily_plan_puts_todays_check_in_in_the_workers_today_list(
            self, api: Api) -> None:
        world = api.world
        case_id = active(world)
        answer = put_plan(api, "jb-wang", case_id, DAILY)

        body = body_of(answer)
        today = world.today().isoformat()
        assert body["follow_up_plan"] == {"every": "day", "at": "10:00", "day_of_month": None,
                                          "until": None, "first": today, "grace_minutes": 120}
        assert [(c["due_on"], c["state"]) for c in body["check_ins"]] == [(today, "due")]
        assert len(body["upcoming"]) == 5
        assert body["follow_up_due"] == today
        assert etag_version(answer) == body["version"]
        listed = body_of(api.as_("jb-wang").get("/api/v1/queues/today", params={
            "min_position": answer.headers["x-position"]}))
        assert listed["date"] == today
        assert listed["tasks"] == []
        [item] = listed["check_ins"]
        assert (item["case_id"], item["due_on"], item["state"], item["every"]) == (
            str(case_id), today, "due", "day")
        assert item["due_at"].startswith(f"{today}T10:00:00")
        # a colleague's today list does not show it
        other = body_of(api.as_("jb-li").get("/api/v1/queues/today"))
        assert other["check_ins"] == []

    def test_monthly_on_the_31st_and_a_stop(self, api: Api) -> None:
        world = api.world
        case_id = active(world)
        body = body_of(put_plan(api, "jb-lead", case_id, {
            "every": "month", "at": "09:30", "day_of_month": 31,
            "until": (world.today() + timedelta(days=100)).isoformat()}))
        assert [c["due_on"] for c in body["upcoming"]][:3] == [
            "2022-04-30", "2022-05-31", "2022-06-30"]
        stopped = body_of(put_plan(api, "jb-wang", case_id, {"every": None}))
        assert stopped["follow_up_plan"] is None
        assert stopped["upcoming"] == []

    def test_bad_input_is_a_problem_and_changes_nothing(self, api: Api) -> None:
        world = api.world
        case_id = active(world)
        before = body_of(api.as_("jb-wang").get(f"/api/v1/cases/{case_id}"))["version"]
        for body, status, field in [
            ({"every": "fortnight"}, 400, None),
            ({"every": "day", "at": "25:00"}, 400, None),
            ({"every": "day", "colour": "red"}, 400, None),
            ({"every": "month"}, 422, "day_of_month"),
            ({"every": "week", "day_of_month": 3}, 422, "day_of_month"),
            ({"every": "day", "until": "2021-01-01"}, 422, "until"),
            ({"every": "day", "until": "2030-01-01"}, 422, "until"),
        ]:
            answer = put_plan(api, "jb-wang", case_id, body)
            found = problem(answer, answer.status_code)
            assert answer.status_code in (400, 422), (body, answer.text)
            if field is not None:
                assert answer.status_code == status, answer.text
                assert found["errors"][0]["field"] == field
        after = body_of(api.as_("jb-wang").get(f"/api/v1/cases/{case_id}"))
        assert after["version"] == before
        assert body_of(api.as_("jb-wang").get(
            f"/api/v1/cases/{case_id}/check-ins"))["follow_up_plan"] is None

    def test_only_the_cases_side_of_its_team(self, api: Api) -> None:
        world = api.world
        case_id = active(world)
        assert problem(put_plan(api, "pd-zhao", case_id, DAILY), 404)
        assert problem(put_plan(api, "bright-light", case_id, DAILY), 403)
        assert problem(api.as_("bright-light").get("/api/v1/queues/today"), 403)
        assert problem(put_plan(api, "jb-wang", case_id, DAILY,
                                headers={"If-Match": '"1"'}), 412)

    def test_a_case_not_yet_assessed_is_409(self, api: Api) -> None:
        world = api.world
        case_id = world.open_case(world.jb_worker).case.id
        assert problem(put_plan(api, "jb-wang", case_id, DAILY), 409)["rule"] == "status"


class TestCheckIns:
    def test_done_skip_reschedule_and_a_retry_answered_once(self, api: Api) -> None:
        world = api.world
        case_id = active(world)
        body_of(put_plan(api, "jb-wang", case_id, DAILY))
        worker = api.as_("jb-wang")
        today = world.today()
        base = f"/api/v1/cases/{case_id}/check-ins"

        tomorrow = (today + timedelta(days=1)).isoformat()
        early = worker.post(f"{base}/{tomorrow}/done", {"note": None})
        assert problem(early, 409)["rule"] == "check_in_not_due"
        skipped = body_of(worker.post(f"{base}/{tomorrow}/skip", {"reason": "复查住院"}))
        assert skipped["upcoming"][0] == {**skipped["upcoming"][0], "due_on": tomorrow,
                                          "state": "skipped"}
        assert problem(worker.post(f"{base}/{tomorrow}/skip", {"reason": "again"}),
                       409)["rule"] == "check_in_settled"
        assert problem(worker.post(f"{base}/{tomorrow}/skip", {"reason": ""}), 400)

        moved = body_of(worker.post(f"{base}/{today.isoformat()}/reschedule",
                                    {"to": f"{today.isoformat()}T16:00:00+08:00"}))
        [item] = moved["check_ins"]
        assert (item["rescheduled"], item["due_at"]) == (True, f"{today}T16:00:00+08:00")

        key = {"Idempotency-Key": "ci-1"}
        first = worker.post(f"{base}/{today.isoformat()}/done", {"note": "体温正常"},
                            headers=key)
        again = worker.post(f"{base}/{today.isoformat()}/done", {"note": "体温正常"},
                            headers=key)
        assert again.headers["idempotent-replayed"] == "true"
        assert body_of(again) == body_of(first)
        assert body_of(first)["check_ins"][0]["state"] == "done"
        history = body_of(api.as_("jb-lead").get(f"/api/v1/cases/{case_id}/history"))
        assert [i["type"] for i in history["items"][-4:]] == [
            "follow_up_plan_set", "check_in_skipped", "check_in_rescheduled", "check_in_done"]
        assert body_of(worker.get("/api/v1/queues/today", params={
            "min_position": first.headers["x-position"]}))["check_ins"] == []

    def test_a_day_without_a_check_in_and_a_bad_day(self, api: Api) -> None:
        world = api.world
        case_id = active(world)
        body_of(put_plan(api, "jb-wang", case_id, {"every": "week", "at": "18:00"}))
        worker = api.as_("jb-wang")
        not_planned = (world.today() + timedelta(days=2)).isoformat()
        assert problem(worker.post(f"/api/v1/cases/{case_id}/check-ins/{not_planned}/skip",
                                   {"reason": "x"}), 409)["rule"] == "no_such_check_in"
        bad = worker.post(f"/api/v1/cases/{case_id}/check-ins/2022-02-30/skip",
                          {"reason": "x"})
        assert bad.status_code in (400, 404), bad.text
