"""The logs over a whole case life through the API (issue 4, docs/domain.md §2): one JSON line per
request and one per recorded event, correlated by request id, and never a resident's
name, phone, ID number, address detail, emergency contact or free text, whatever the
request carried (bodies, search queries, refused input)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from adapters.logging import configure_logging
from tests.http.conftest import Api
from tests.http.spec_client import (
    SQLITE_ONLY,
    assessment,
    body_of,
    caseworker,
    intake,
    start_projections,
)

SECRETS = {
    "name": "欧阳秀英", "phone": "+86 139-8765-4321", "id_number": "500101194803150027",
    "detail": "幸福小区7栋3单元502", "contact_name": "欧阳建国", "contact_phone": "13600001111",
    "request": "胰岛素只剩一天的量", "note": "女儿在外地无法回来", "summary": "药已送到家中",
}
RESIDENT = {
    "name": SECRETS["name"], "phone": SECRETS["phone"], "id_number": SECRETS["id_number"],
    "address": {"district": "江北区", "street": "观音桥街道", "community": "建新社区",
                "detail": SECRETS["detail"]},
    "emergency_contact": {"name": SECRETS["contact_name"], "phone": SECRETS["contact_phone"],
                          "relation": "son"},
}


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("debug", json_lines=True, stream=stream)
    # The test's own HTTP client logs the URLs it calls: that is not the server's log.
    client_log = logging.getLogger("httpx")
    client_level = client_log.level
    client_log.setLevel(logging.WARNING)
    yield stream
    root.handlers[:] = handlers
    root.setLevel(level)
    client_log.setLevel(client_level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@SQLITE_ONLY
def test_a_case_life_logs_requests_and_events_but_no_resident_data(
        api: Api, captured: io.StringIO) -> None:
    start_projections(api)
    world = api.world
    worker, lead = caseworker(api, "jb-wang"), caseworker(api, "jb-lead")
    partner = caseworker(api, "bright-light")
    due = world.clock.now().date() + timedelta(days=1)

    opened = body_of(worker.open_case(intake("JB", resident=RESIDENT,
                                             request=SECRETS["request"])), 201)
    case_id = opened["id"]
    body_of(worker.assess(case_id, assessment("high", due, notes=SECRETS["note"])))
    body_of(worker.claim(case_id))
    body_of(worker.note(case_id, SECRETS["note"]))
    referral = body_of(worker.refer(case_id, world.foundation, "送药", SECRETS["note"]), 201)
    accepted = partner.accept(referral["referral_id"])
    body_of(accepted)
    body_of(partner.session.get(f"/api/v1/referrals/{referral['referral_id']}",
                                params={"min_position": accepted.headers["x-position"]}))
    body_of(partner.complete(referral["referral_id"], "service_provided", SECRETS["note"],
                             "80.00", 1))
    body_of(worker.close(case_id, "resolved", SECRETS["summary"]))
    body_of(lead.decide_closure(case_id, True, SECRETS["note"]))
    for q in (SECRETS["name"], SECRETS["phone"], SECRETS["id_number"]):
        body_of(worker.session.get("/api/v1/cases", params={"q": q}))
    refused = worker.open_case(intake("JB", resident={**RESIDENT, "phone": SECRETS["name"]}))
    assert refused.status_code in (400, 422)
    body_of(lead.session.get(f"/api/v1/cases/{case_id}/history"))

    text = captured.getvalue()
    for kind, secret in SECRETS.items():
        assert secret not in text, f"the {kind} was logged"
    logged = lines(captured)
    requests = [line for line in logged if line["event"] == "request"]
    assert {(r["method"], r["route"], r["status"]) for r in requests} >= {
        ("POST", "/api/v1/cases", 201), ("POST", "/api/v1/cases/{case_id}/assess", 200),
        ("GET", "/api/v1/cases", 200), ("POST", "/api/v1/cases", refused.status_code)}
    events = [line for line in logged if line["event"] == "event_recorded"]
    ours = [e for e in events if e.get("aggregate_id") == case_id]
    assert [e["type"] for e in ours][:3] == ["Case.Opened", "Case.Assessed", "Case.Claimed"]
    assert [e["version"] for e in ours] == list(range(1, len(ours) + 1))
    opening = next(r for r in requests if r["status"] == 201 and r["route"] == "/api/v1/cases")
    assert ours[0]["request_id"] == opening["request_id"]
    assert ours[0]["actor_id"] == str(world.jb_worker.id)


@SQLITE_ONLY
def test_an_unexpected_failure_is_a_generic_500_and_a_line_that_finds_the_bug(
        api: Api, captured: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"lookup failed for {SECRETS['name']}")

    monkeypatch.setattr(api.world.container.queries, "search", broken)

    answer = caseworker(api, "jb-wang").session.get("/api/v1/cases", params={"q": "x"})

    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert SECRETS["name"] not in answer.text
    assert "RuntimeError" not in answer.text
    assert problem["request_id"] == answer.headers["x-request-id"]
    assert SECRETS["name"] not in captured.getvalue()
    [line] = [e for e in lines(captured) if e["event"] == "unexpected_error"]
    assert (line["request_id"], line["error"]) == (problem["request_id"], "RuntimeError")
    assert any("test_logging.py" in frame and "broken" in frame for frame in line["where"])
