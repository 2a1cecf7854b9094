"""The Chongqing story (issue 14, decision 0032), end to end through the API: a worker
opens Song Laoshi's case, assesses it and makes a monthly errand (fetch her 特病药); the
nearest volunteer takes it and does the first month; the next month she cannot go and
hands it over to another volunteer, who does it. The case's history names each step's
actor, the service records name the volunteers who delivered them, and no answer a
volunteer gets holds the case's assessment, plan, notes, the resident's full name, ID
number or emergency contact; her phone and address only while the task is theirs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY
from tests.http.spec_client import assessment, intake
from tests.http.task_support import (
    CONTACT_ONLY,
    FAR,
    NEAR,
    PAUSED,
    PD,
    STREET,
    TASKS,
    act,
    ok,
    volunteers,
)

SECRETS = ("宋兰芬", "500105195201011234", "李明", "13900000009", "Alone with her granddaughter",
           "Escort to the neurology clinic", "Her son visits on Sundays")
VOLUNTEER_READS = ("/api/v1/tasks", "/api/v1/queues/today", "/api/v1/me", "/api/v1/notifications",
                   "/api/v1/reports/volunteer-hours")


class Volunteer:
    """Everything one volunteer is answered, kept to look for what must never be there."""

    def __init__(self, api: Api, username: str) -> None:
        self.api, self.username = api, username
        self.seen: list[Any] = []

    def settle(self) -> None:
        world = self.api.world
        assert world.container.runner.wait_for(world.stored_position(), 10)

    def get(self, path: str, expect: int = 200, **params: Any) -> Any:
        self.settle()
        response = self.api.as_(self.username).get(path, params=params or None)
        assert response.status_code == expect, response.text
        self.seen.append(response.text)
        return response.json()

    def act(self, task_id: str, action: str, body: Any = None) -> Any:
        answer = act(self.api, self.username, task_id, action, body)
        self.seen.append(str(answer))
        return answer

    def look_around(self, task_id: str) -> Any:
        """Every route a volunteer reads; the task itself last."""
        for path in VOLUNTEER_READS:
            self.get(path)
        return self.get(f"{TASKS}/{task_id}")


@pytest.fixture
def song(api: Api) -> UUID:
    """Song Laoshi's case, opened, assessed and claimed by jb-wang through the API, with
    a note (nothing a volunteer may read)."""
    worker = api.as_("jb-wang")
    body = intake("JB", resident={
        "name": "宋兰芬", "phone": "13800000001", "id_number": "500105195201011234",
        "emergency_contact": {"name": "李明", "phone": "13900000009", "relation": "son"}})
    case = ok(worker.post("/api/v1/cases", json=body), 201)
    day = api.world.today() + timedelta(days=1)
    ok(worker.post(f"/api/v1/cases/{case['id']}/assess", json=assessment("high", day)))
    ok(worker.post(f"/api/v1/cases/{case['id']}/claim", json={}))
    ok(worker.post(f"/api/v1/cases/{case['id']}/notes",
                   json={"text": "Her son visits on Sundays"}))
    return UUID(case["id"])


def test_the_monthly_prescription_done_by_two_volunteers(api: Api, song: UUID) -> None:
    cast = volunteers(api)
    world, worker = api.world, api.as_("jb-wang")
    near, street = Volunteer(api, NEAR), Volunteer(api, STREET)

    # The worker makes the monthly errand and asks whom to offer it to.
    task = ok(worker.post(f"/api/v1/cases/{song}/tasks", json={
        "kind": "delivery", "description": "Fetch her 特病药 from the neurology clinic",
        "due_by": (world.clock.now() + timedelta(days=2)).isoformat(),
        "place": "市第一人民医院神经内科", "repeat": "month"}), 201)
    first = task["id"]
    candidates = ok(worker.get(f"{TASKS}/{first}/candidates"))["items"]
    assert [(c["volunteer_id"], c["nearness"]) for c in candidates] == [
        (str(cast[NEAR]), "community"), (str(cast[STREET]), "street"),
        (str(cast[FAR]), "district")]  # not the paused one, nor PD's
    assert str(cast[PAUSED]) not in str(candidates)
    assert str(cast[PD]) not in str(candidates)
    act(api, "jb-wang", first, "offer", {"volunteer_id": candidates[0]["volunteer_id"]})

    # Offered: she sees the errand and 宋老师, not yet her phone or address.
    offered = near.look_around(first)
    assert (offered["status"], offered["offered_to_me"], offered["resident"]) == (
        "offered", True, "宋老师")
    assert offered["contact"] is None
    assert [t["id"] for t in near.get(TASKS)["items"]] == [first]
    near.act(first, "accept", {})
    accepted = near.look_around(first)
    assert accepted["contact"] == {"phone": "13800000001", "address_detail": "3-2-201"}
    assert [t["id"] for t in near.get("/api/v1/queues/today")["tasks"]] == []  # not yet due

    # A day later she has fetched it: two hours in the queue.
    world.later(days=1)
    near.act(first, "complete", {"minutes": 120, "note": "排队两小时,药已送到"})
    done = near.get(f"{TASKS}/{first}")
    assert (done["status"], done["contact"]) == ("completed", None)

    # The next month's errand is hers already; she cannot go and hands it over.
    mine = near.get(TASKS, status="accepted")["items"]
    assert len(mine) == 1
    second = mine[0]["id"]
    assert mine[0]["due_by"][:10] == (world.clock.now() + timedelta(days=31)).date().isoformat()
    world.later(days=29)
    near.act(second, "hand-over", {"to_volunteer_id": str(cast[STREET]),
                                   "reason": "住院了,这个月去不了"})
    assert near.get(TASKS, status="accepted")["items"] == []
    gone = near.get(f"{TASKS}/{second}", expect=404)
    assert "宋" not in str(gone)

    # The other volunteer takes it over and does it.
    assert [t["id"] for t in street.get("/api/v1/queues/today")["tasks"]] == []
    assert street.look_around(second)["offered_to_me"] is True
    street.act(second, "accept", {})
    world.later(days=2)  # due today by now: on her list for today
    assert [t["id"] for t in street.get("/api/v1/queues/today")["tasks"]] == [second]
    street.act(second, "complete", {"minutes": 90, "note": None})

    # The worker's view: the case's history names each step's actor.
    lead = api.as_("jb-lead")
    history = ok(lead.get(f"/api/v1/cases/{song}/history"))["items"]
    steps = [(item["type"], item["actor"]["username"]) for item in history
             if item["type"].startswith("task") or item["type"] == "service_logged"]
    assert steps == [
        ("task_created", "jb-wang"), ("task_offered", "jb-wang"), ("task_accepted", NEAR),
        ("task_completed", NEAR), ("service_logged", NEAR), ("task_created", NEAR),
        ("task_accepted", NEAR), ("task_handed_over", NEAR), ("task_accepted", STREET),
        ("task_completed", STREET), ("service_logged", STREET), ("task_created", STREET),
        ("task_accepted", STREET)]
    services = ok(worker.get(f"/api/v1/cases/{song}"))["services"]
    assert [(s["by"], s["minutes"], s["kind"]) for s in services] == [
        (str(cast[NEAR]), 120, "delivery"), (str(cast[STREET]), 90, "delivery")]

    # Hours: each volunteer their own; the supervisor the team's.
    assert near.get("/api/v1/reports/volunteer-hours", **{"from": "2022-04-01"})["minutes"] \
        == 120
    team = ok(lead.get("/api/v1/reports/volunteer-hours", params={"from": "2022-04-01"}))
    assert (team["minutes"], team["tasks"]) == (210, 2)
    assert {h["key"]: h["minutes"] for h in team["by_month"]} == {"2022-04": 120,
                                                                  "2022-05": 90}
    assert [h["key"] for h in team["by_street"]] == ["观音桥街道"]
    assert team["by_kind"] == [{"key": "delivery", "name": None, "minutes": 210,
                                "hours": 3.5, "tasks": 2}]

    # Nothing of the case ever reached a volunteer; her phone and address only while
    # the errand was theirs (on the task itself, once accepted).
    for volunteer in (near, street):
        assert not [secret for secret in SECRETS if any(secret in s for s in volunteer.seen)]
        assert str(song) not in "".join(volunteer.seen)
        shown = [s for s in volunteer.seen if any(c in s for c in CONTACT_ONLY)]
        assert shown
        assert all('"status":"accepted"' in s or "'status': 'accepted'" in s for s in shown)


@SQLITE_ONLY  # input and authorization: not the store's concern
@pytest.mark.parametrize("path", [
    "/api/v1/cases", "/api/v1/cases/{case}", "/api/v1/cases/{case}/history",
    "/api/v1/cases/{case}/check-ins", "/api/v1/cases/{case}/access-log",
    "/api/v1/queues/intake", "/api/v1/queues/caseload", "/api/v1/referrals",
    "/api/v1/dashboard", "/api/v1/referrals/outcomes", "/api/v1/exports/cases",
])
def test_a_volunteer_reads_no_case_no_queue_no_case_report(api: Api, song: UUID,
                                                           path: str) -> None:
    volunteers(api)
    response = api.as_(NEAR).get(path.replace("{case}", str(song)))
    assert response.status_code in (403, 404), response.text
    assert "宋" not in response.text
