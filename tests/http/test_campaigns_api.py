"""Outreach campaigns through the API (SPEC §6, decision 0029): each route's success, bad
input as a problem+json 4xx that changes nothing, two callers never sharing a contact, a
found need answering its outreach case, the report adding up, the unreachable CSV, and
closing. Who may call what is tests/http/test_authorization_matrix.py's table."""

from __future__ import annotations

from typing import Any

from tests.http.conftest import Api, As
from tests.http.spec_client import SQLITE_ONLY

pytestmark = SQLITE_ONLY
SHEET = ("姓名,电话,地址,备注\n"
         "宋秀兰,139 0000 0001,3-2-401,独居\n"
         "李桂芳,１３９００００0002,5-1-102,\n"
         "王,12,,\n"
         "赵建国,13900000004,7-3-301,\n").encode()


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def campaign(lead: As, title: str = "80岁以上老人电话排查") -> str:
    created = lead.post("/api/v1/campaigns", {"team": "JB", "title": title,
                                              "description": "雨花街道"})
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/api/v1/campaigns/{created.json()['id']}"
    return str(created.json()["id"])


def upload(who: As, campaign_id: str, data: bytes = SHEET, name: str = "list.csv") -> Any:
    return who.post(f"/api/v1/campaigns/{campaign_id}/contacts",
                    files={"file": (name, data, "text/csv")})


def report(who: As, campaign_id: str) -> dict[str, Any]:
    body: dict[str, Any] = who.get(f"/api/v1/campaigns/{campaign_id}/report").json()
    return body


def test_a_campaign_is_created_loaded_worked_reported_and_closed(api: Api) -> None:
    lead, wang, li = api.as_("jb-lead"), api.as_("jb-wang"), api.as_("jb-li")
    cid = campaign(lead)
    assert [c["title"] for c in wang.get("/api/v1/campaigns").json()["items"]] == [
        "80岁以上老人电话排查"]
    assert api.as_("pd-lead").get("/api/v1/campaigns").json()["items"] == []

    loaded = upload(lead, cid)
    assert loaded.status_code == 200, loaded.text
    body = loaded.json()
    assert body["loaded"] == 3
    assert [(p["row"], p["column"], p["code"]) for p in body["problems"]] == [
        (4, "电话", "invalid_phone")]
    assert body["problems"][0]["reason_zh"]

    first = wang.post(f"/api/v1/campaigns/{cid}/next", {"count": 2}).json()["items"]
    assert [c["name"] for c in first] == ["宋秀兰", "李桂芳"]
    assert first[1]["phone"] == "13900000002"  # full-width digits read
    again = wang.post(f"/api/v1/campaigns/{cid}/next", {"count": 2}).json()["items"]
    assert [c["id"] for c in again][:2] == [c["id"] for c in first]  # still theirs
    other = li.post(f"/api/v1/campaigns/{cid}/next", {"count": 5}).json()["items"]
    assert [c["name"] for c in other] == ["赵建国"]  # never a contact Wang holds

    song, gui = first
    refused = problem(li.post(f"/api/v1/contacts/{song['id']}/calls",
                              {"outcome": "no_answer", "note": None}), 409)
    assert refused["rule"] == "contact_held"
    stale = wang.post(f"/api/v1/contacts/{song['id']}/calls",
                      {"outcome": "no_answer", "note": None}, headers={"If-Match": '"1"'})
    assert problem(stale, 412)["current_version"] == song["version"]
    problem(wang.post(f"/api/v1/contacts/{song['id']}/calls",
                      {"outcome": "need_found", "note": ""}), 422)
    found = wang.post(f"/api/v1/contacts/{song['id']}/calls",
                      {"outcome": "need_found", "note": "每周代购胰岛素"},
                      headers={"If-Match": f'"{song["version"]}"'})
    assert found.status_code == 200, found.text
    case = found.json()["case"]
    assert case["channel"] == "outreach"
    assert case["team"] == "JB"
    assert found.json()["contact"]["case_id"] == case["id"]
    assert found.json()["contact"]["state"] == "reached"
    assert wang.get(f"/api/v1/cases/{case['id']}").json()["resident"]["name"] == "宋秀兰"

    no_answer = wang.post(f"/api/v1/contacts/{gui['id']}/calls",
                          {"outcome": "no_answer", "note": "无人接听"}).json()["contact"]
    assert no_answer["state"] == "due"
    assert no_answer["tries"] == 1
    assert no_answer["due_at"] is not None
    li.post(f"/api/v1/contacts/{other[0]['id']}/calls", {"outcome": "wrong_number"})

    figures = report(lead, cid)
    assert (figures["total"], figures["called"], figures["reached"],
            figures["unreachable"], figures["due"], figures["cases_opened"]) == (
        3, 3, 1, 1, 1, 1)
    assert figures["calls"]["calls"] == 3
    assert sum(w["calls"] for w in figures["by_worker"]) == 3
    assert sum(d["calls"] for d in figures["by_day"]) == 3

    csv = lead.get(f"/api/v1/campaigns/{cid}/unreachable")
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert "赵建国" in csv.text
    assert "宋秀兰" not in csv.text
    problem(wang.get(f"/api/v1/campaigns/{cid}/unreachable"), 403)

    closed = lead.post(f"/api/v1/campaigns/{cid}/close", {})
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert problem(wang.post(f"/api/v1/campaigns/{cid}/next", {"count": 1}),
                   409)["rule"] == "campaign_closed"


def test_bad_input_is_a_problem_and_changes_nothing(api: Api) -> None:
    lead, wang = api.as_("jb-lead"), api.as_("jb-wang")
    problem(lead.post("/api/v1/campaigns", {"team": "JB", "title": ""}), 400)
    problem(lead.post("/api/v1/campaigns", {"team": "ZZ", "title": "x"}), 422)
    problem(wang.post("/api/v1/campaigns", {"team": "JB", "title": "x"}), 403)
    assert lead.get("/api/v1/campaigns").json()["items"] == []

    cid = campaign(lead)
    problem(upload(lead, cid, b"\x00\x01\x02garbage", "list.xlsx"), 422)
    problem(upload(lead, cid, "姓名,地址\n宋,3-2\n".encode()), 422)  # no phone column
    problem(upload(wang, cid), 403)
    assert report(lead, cid)["total"] == 0

    upload(lead, cid)
    for count in (0, 51, "two"):
        problem(wang.post(f"/api/v1/campaigns/{cid}/next", {"count": count}), 400)
    contact = wang.post(f"/api/v1/campaigns/{cid}/next", {"count": 1}).json()["items"][0]
    problem(wang.post(f"/api/v1/contacts/{contact['id']}/calls", {"outcome": "hung_up"}), 400)
    problem(api.as_("jb-li").post(f"/api/v1/contacts/{contact['id']}/calls",
                                  {"outcome": "no_answer"}), 409)
    assert report(lead, cid)["calls"]["calls"] == 0

    # another team's campaign and contact are not there
    pd = api.as_("pd-zhao")
    problem(pd.post(f"/api/v1/campaigns/{cid}/next", {"count": 1}), 404)
    problem(pd.get(f"/api/v1/campaigns/{cid}/report"), 404)
    problem(pd.post(f"/api/v1/contacts/{contact['id']}/calls", {"outcome": "no_answer"}),
            404)
    problem(api.as_("pd-lead").post(f"/api/v1/campaigns/{cid}/close", {}), 404)


def test_a_retried_call_with_its_key_records_one_call_and_opens_one_case(api: Api) -> None:
    lead, wang = api.as_("jb-lead"), api.as_("jb-wang")
    cid = campaign(lead)
    upload(lead, cid)
    contact = wang.post(f"/api/v1/campaigns/{cid}/next", {"count": 1}).json()["items"][0]
    body = {"outcome": "need_found", "note": "买菜困难"}
    key = {"Idempotency-Key": "call-1"}
    first = wang.post(f"/api/v1/contacts/{contact['id']}/calls", body, headers=key)
    again = wang.post(f"/api/v1/contacts/{contact['id']}/calls", body, headers=key)
    assert first.status_code == again.status_code == 200, again.text
    assert again.json()["case"]["id"] == first.json()["case"]["id"]
    assert again.json()["contact"] == first.json()["contact"]
    assert report(lead, cid)["calls"]["calls"] == 1
    other = {"outcome": "no_answer", "note": None}
    assert problem(wang.post(f"/api/v1/contacts/{contact['id']}/calls", other, headers=key),
                   422)["errors"][0]["code"] == "key_reused"
