"""Demo stories 1 and 2 (docs/domain.md §6) lived through the HTTP API only, on both stores.

A worker, their supervisor and a foundation's partner drive each case from intake to
closure with the client of spec_client.py. Every case answer must carry the case's
version as its ETag and the store position as X-Position; reads given that position
see the command at once (read-your-writes); each supervisor decision is sent with
If-Match from the ETag the supervisor last saw.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.http.conftest import Api
from tests.http.spec_client import (
    Caseworker,
    assessment,
    body_of,
    caseworker,
    etag_version,
    if_match,
    intake,
    start_projections,
)

RESIDENT_2 = {"name": "周明", "phone": "139 1234 5678", "birth_year": 1968, "gender": "male",
              "address": {"district": "浦东新区", "street": "金杨新村街道",
                          "community": "金杨社区", "detail": "12-502"},
              "lives_alone": True}


@pytest.fixture
def api(api: Api) -> Api:
    return start_projections(api)


class Story:
    """Checks every answer of a story against the store: version, ETag, position."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.position = api.world.stored_position()

    def case(self, response: Any, status: int = 200) -> dict[str, Any]:
        body: dict[str, Any] = body_of(response, status)
        assert etag_version(response) == body["version"]
        self.moved(response)
        return body

    def moved(self, response: Any) -> int:
        """The answer's position: past the previous one, and the store's head."""
        position = int(response.headers["x-position"])
        assert position > self.position
        assert position == self.api.world.stored_position()
        self.position = position
        return position

    def read(self, who: Caseworker, path: str, **params: Any) -> Any:
        return body_of(who.session.get(path, params={**params,
                                                     "min_position": self.position}))


def test_story_1_the_prescription(api: Api) -> None:
    """Jiangbei: intake by a worker, high risk, assigned, a two-hour medical escort,
    closure requested by the worker and approved by the supervisor, then reopened."""
    world = api.world
    story = Story(api)
    wang, lead = caseworker(api, "jb-wang"), caseworker(api, "jb-lead")

    opened = story.case(wang.open_case(intake(
        "JB", vulnerabilities=["older_person", "chronic_illness"], needs=["medication"],
        request="Parkinson's; alone with her 4-year-old granddaughter in a sealed compound; "
                "her monthly special prescription is at the neurology clinic")), 201)
    case_id = opened["id"]
    assert (opened["status"], opened["team"], opened["channel"]) == (
        "intake", "JB", "community_committee")
    assert opened["reference"].startswith("JB-2022-")
    queue = story.read(wang, "/api/v1/queues/intake")
    assert [item["case_id"] for item in queue["items"]] == [case_id]

    assessed = story.case(wang.assess(case_id, assessment(
        "high", world.today() + timedelta(days=1),
        plan="Fetch the prescription with her; escort to the clinic tomorrow morning")))
    assert (assessed["status"], assessed["risk"]) == ("assessed", "high")
    assert assessed["needs"] == ["medication", "medical_escort"]

    assigned = story.case(lead.assign(case_id, world.jb_worker.id,
                                      headers=if_match(assessed["version"])))
    assert (assigned["status"], assigned["assigned_worker_id"]) == (
        "active", str(world.jb_worker.id))
    caseload = story.read(wang, "/api/v1/queues/caseload")
    assert [item["case_id"] for item in caseload["items"]] == [case_id]

    world.later(hours=3)
    escorted = story.case(wang.log_service(
        case_id, "medical_escort", "Queued two hours at the neurology clinic for her "
        "special prescription", world.clock.now() - timedelta(minutes=30), 120))
    assert escorted["services"][0]["kind"] == "medical_escort"
    assert escorted["services"][0]["minutes"] == 120

    requested = story.case(wang.close(case_id, "resolved", "Prescription fetched"))
    assert requested["status"] == "pending_closure"
    assert requested["pending_closure"]["requested_by"] == str(world.jb_worker.id)
    refused = wang.decide_closure(case_id, True)
    assert refused.status_code == 403

    approved = story.case(lead.decide_closure(case_id, True, "Well done",
                                              headers=if_match(requested["version"])))
    assert (approved["status"], approved["outcome"]) == ("closed", "resolved")
    assert approved["closed_at"] is not None

    world.later(days=2)
    reopened = story.case(lead.reopen(case_id, "Her next monthly prescription is due",
                                      headers=if_match(approved["version"])))
    assert reopened["status"] == "active"
    assert reopened["assigned_worker_id"] == str(world.jb_worker.id)

    history = body_of(lead.session.get(f"/api/v1/cases/{case_id}/history"))
    assert [item["type"] for item in history["items"]] == [
        "opened", "assessed", "assigned", "service_logged", "closure_requested",
        "closure_approved", "reopened"]
    assert [item["actor"]["username"] for item in history["items"]] == [
        "jb-wang", "jb-wang", "jb-lead", "jb-wang", "jb-wang", "jb-lead", "jb-lead"]


def test_story_2_the_blind_reader(api: Api) -> None:
    """Pudong: triage at intake (medium), claimed by a worker, referred to a foundation,
    accepted, support delivered (500 CNY, one person), closed."""
    world = api.world
    story = Story(api)
    zhao, partner = caseworker(api, "pd-zhao"), caseworker(api, "bright-light")

    opened = story.case(zhao.open_case(intake(
        "PD", channel="online_platform", resident=RESIDENT_2,
        vulnerabilities=["visual_impairment", "lives_alone"], needs=["daily_supplies"],
        request="An online reading service for visually impaired people says their user "
                "Zhou Ming, 139 1234 5678, has run out of supplies",
        assessment=assessment("medium", world.today() + timedelta(days=2),
                              needs=["daily_supplies", "psychological_support"]))), 201)
    case_id = opened["id"]
    assert (opened["status"], opened["risk"]) == ("assessed", "medium")

    claimed = story.case(zhao.claim(case_id, headers=if_match(opened["version"])))
    assert claimed["assigned_worker_id"] == str(world.pd_worker.id)

    referred = story.case(zhao.refer(case_id, world.foundation,
                                     "Needs assessment and directed support",
                                     "Prefers phone calls in the afternoon"), 201)
    referral_id = referred["referral_id"]
    assert referred["referrals"][0]["status"] == "sent"

    seen = partner.session.get(f"/api/v1/referrals/{referral_id}",
                               params={"min_position": story.position})
    before = body_of(seen)
    assert before["status"] == "sent"
    assert before["contact"] is None
    for personal in ("周明", "1234 5678", "12-502"):
        assert personal not in seen.text

    world.later(hours=5)
    accepted = partner.accept(referral_id)
    story.moved(accepted)
    assert body_of(accepted)["status"] == "accepted"
    assert body_of(accepted)["contact"]["phone"] == "13912345678"

    world.later(days=1)
    completed = partner.complete(referral_id, "service_provided",
                                 "Needs assessment; reading device and supplies delivered",
                                 "500.00", 1)
    story.moved(completed)
    done = body_of(completed)
    assert (done["status"], done["outcome"], done["value_cny"], done["people_helped"]) == (
        "completed", "service_provided", "500.00", 1)
    assert done["contact"] is None  # access lapsed with the completion

    closed = story.case(zhao.close(case_id, "resolved", "Supplies and support in place"))
    assert (closed["status"], closed["outcome"]) == ("closed", "resolved")
    assert closed["referrals"][0]["status"] == "completed"

    report = story.read(partner, "/api/v1/referrals/outcomes")
    assert report["total"]["value_delivered_cny"] == "500.00"
    assert report["total"]["people_helped"] == 1
    assert report["total"]["outcomes"]["service_provided"] == 1
