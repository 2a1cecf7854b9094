"""`POST /api/v1/cases/{id}/erase` (SPEC §4): a supervisor erases; afterwards no route
answers the resident's personal data, and the case still lists its history."""

from __future__ import annotations

from typing import Any

from domain.values import ResidentDetails
from tests.http.conftest import Api
from tests.http.spec_client import body_of, caseworker
from tests.integration.views_support import project

NAME = "欧阳秀英"
PHONE = "139 1234 5678"
NOTE = "Daughter works nights at the Lujiazui depot"
SERVICE = "Insulin pens for Qiu Yue"
PLAIN = [NAME, PHONE, "7-1-803", NOTE, SERVICE]


def resident_case(api: Api) -> Any:
    world = api.world
    case = world.open_case(world.jb_worker, details=ResidentDetails(
        name=NAME, phone=PHONE, address_detail="7-1-803"),
        assessment=world.assessment(notes=NOTE)).case
    world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
    world.cases.add_note(world.jb_worker, case.id, NOTE)
    world.cases.send_referral(world.jb_worker, case.id, world.foundation, SERVICE, NOTE)
    return case


def answers(api: Api, case_id: Any) -> str:
    """What the API answers about the case to its supervisor and to the partner."""
    lead = api.as_("jb-lead")
    partner = api.as_("bright-light")
    texts = [lead.get(f"/api/v1/cases/{case_id}").text,
             lead.get(f"/api/v1/cases/{case_id}/history").text,
             lead.get("/api/v1/cases", params={"q": PHONE}).text,
             partner.get("/api/v1/referrals").text]
    return "\n".join(texts)


class TestErase:
    def test_a_supervisor_erases_and_nothing_personal_is_answered(self, api: Api) -> None:
        case = resident_case(api)
        project(api.world.container)
        assert NAME in answers(api, case.id)
        body = body_of(caseworker(api, "jb-lead").erase(case.id, "The resident asked"))
        assert body["resident"]["name"] == "[erased]"
        project(api.world.container)
        answered = answers(api, case.id)
        assert [text for text in PLAIN if text in answered] == []
        history = body_of(api.as_("jb-lead").get(f"/api/v1/cases/{case.id}/history"))
        assert history["items"][-1]["type"] == "erased"
        assert len(history["items"]) > 4  # the case still lists its history

    def test_only_a_supervisor_erases_and_a_reason_is_required(self, api: Api) -> None:
        case = resident_case(api)
        assert caseworker(api, "jb-wang").erase(case.id, "asked").status_code == 403
        assert caseworker(api, "jb-lead").erase(case.id, "").status_code == 400
        assert caseworker(api, "pd-lead").erase(case.id, "asked").status_code == 404
