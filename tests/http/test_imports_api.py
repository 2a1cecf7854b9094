"""`POST /api/v1/imports` and `GET /api/v1/imports/{id}`: a sheet uploaded as multipart,
checked and imported in the background, its report read back; who may; bad files."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.http.conftest import ADMIN, Api, As
from tests.integration.import_sheet import HEADERS, csv_bytes, generate

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


def upload(who: As, data: bytes, *, name: str = "list.csv", team: str = "JB",
           dry_run: bool = False) -> Any:
    return who.post("/api/v1/imports", files={"file": (name, data, "text/csv")},
                    data={"team": team, "dry_run": "true" if dry_run else "false"})


def finished(who: As, import_id: str) -> dict[str, Any]:
    for _ in range(200):
        body: dict[str, Any] = who.get(f"/api/v1/imports/{import_id}").json()
        if body["state"] != "running":
            return body
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def cases_of_team(who: As) -> int:
    return len(who.get("/api/v1/cases", params={"limit": 200, "team": "JB"}).json()["items"])


class TestImportApi:
    def test_a_supervisor_uploads_a_sheet_and_reads_its_report(self, api: Api) -> None:
        lead = api.as_("jb-lead")
        rows, expected = generate(60, broken_line_at=30)
        sheet = csv_bytes(rows, broken_line_at=30)

        dry = upload(lead, sheet, dry_run=True)
        assert dry.status_code == 202
        assert dry.headers["location"] == f"/api/v1/imports/{dry.json()['id']}"
        preview = finished(lead, dry.json()["id"])
        assert preview["counts"]["would_create"] == len(expected.rows("created"))
        assert cases_of_team(lead) == 0  # a dry run changes nothing

        started = upload(lead, sheet)
        report = finished(lead, started.json()["id"])

        assert report["state"] == "finished"
        assert report["counts"]["created"] == len(expected.rows("created"))
        refused = {r["row"]: r for r in report["rows"]}
        assert sorted(refused) == sorted(r for r, s in expected.status.items() if s != "created")
        assert refused[32]["problems"][0]["code"] == "bad_encoding"
        blank_phone = refused[3]["problems"][0]
        assert (blank_phone["column"], blank_phone["code"]) == ("电话", "required")
        assert blank_phone["reason_zh"] == "不能为空"
        unknown = refused[5]["problems"][0]
        assert unknown["reason"] == "“买彩票” is not a known need"
        assert [r["status"] for r in preview["rows"]] == [r["status"] for r in report["rows"]]

    def test_only_the_teams_supervisors_import_and_read_reports(self, api: Api) -> None:
        rows, _ = generate(3, faults=False, broken_line_at=None)
        sheet = csv_bytes(rows, broken_line_at=None)
        for username in ("jb-wang", "mca-auditor", "bright-light", ADMIN):
            refused = upload(api.as_(username), sheet)
            assert refused.status_code == 403, username
            assert refused.headers["content-type"].startswith("application/problem+json")
        assert upload(api.as_("pd-lead"), sheet, team="JB").status_code == 403
        started = upload(api.as_("jb-lead"), sheet).json()
        assert api.as_("pd-lead").get(f"/api/v1/imports/{started['id']}").status_code == 404
        assert api.as_("jb-wang").get(f"/api/v1/imports/{started['id']}").status_code == 403
        assert finished(api.as_("jb-lead"), started["id"])["counts"]["created"] == 3

    @pytest.mark.parametrize(("name", "data", "code"), [
        ("empty.csv", b"", "empty_file"),
        ("header-only.csv", ",".join(HEADERS).encode("utf-8-sig") + b"\n", "empty_file"),
        ("list.pdf", b"%PDF-1.4 not a sheet", "not_a_spreadsheet"),
        ("list.xlsx", b"PK\x03\x04 truncated", "not_a_spreadsheet"),
        ("list.csv", "姓名,地址\n宋老师,3栋\n".encode(), "missing_columns"),
    ])
    def test_a_bad_file_is_a_clear_422(self, api: Api, name: str, data: bytes,
                                       code: str) -> None:
        answer = upload(api.as_("jb-lead"), data, name=name)
        assert answer.status_code == 422
        problem = answer.json()
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert problem["errors"][0]["code"] == code
        assert problem["errors"][0]["field"] == "file"

    def test_an_upload_without_a_file_is_a_400(self, api: Api) -> None:
        answer = api.as_("jb-lead").post("/api/v1/imports", data={"team": "JB"},
                                         files={"other": ("x.txt", b"x", "text/plain")})
        assert answer.status_code == 400
        assert answer.headers["content-type"].startswith("application/problem+json")
