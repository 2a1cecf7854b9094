"""What changed, over HTTP (issue 10 item 5): each history item's `changes`, the diff
between two versions, and the history exported as JSON and CSV, each export recorded in
the access log."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.vocabulary import Risk
from tests.http.conftest import Api
from tests.http.reads_support import DETAILS, SQLITE_ONLY, ok, s
from tests.integration.conftest import World


def path(case_id: UUID, tail: str) -> str:
    return f"/api/v1/cases/{case_id}/{tail}"


def reassessed_case(world: World) -> Any:
    """Opened with triage (medium), assigned, reassessed high with a later follow-up."""
    case = world.open_case(world.jb_worker, details=DETAILS,
                           assessment=world.assessment(Risk.MEDIUM)).case
    world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)
    world.later(hours=1)
    world.cases.assess(world.jb_worker, case.id, world.assessment(
        Risk.HIGH, follow_up_due=world.today() + timedelta(days=3),
        plan="Escort her every Monday"))
    return case


def by_field(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {change["field"]: change for change in changes}


@SQLITE_ONLY
class TestHistoryChanges:
    def test_each_item_says_what_its_event_changed(self, api: Api, world: World) -> None:
        case = reassessed_case(world)
        items = ok(api.as_("jb-lead").get(path(case.id, "history")))["items"]
        assigned = by_field(items[2]["changes"])
        assert assigned["status"] == {"field": "status", "from": "assessed", "to": "active"}
        assert assigned["assigned_worker_id"] == {
            "field": "assigned_worker_id", "from": None, "to": s(world.jb_worker.id),
            "to_name": "Jb-Wang"}
        reassessed = by_field(items[3]["changes"])
        assert reassessed["risk"] == {"field": "risk", "from": "medium", "to": "high"}
        assert reassessed["follow_up_due"]["from"] == (
            world.today() + timedelta(days=1)).isoformat()
        assert reassessed["follow_up_due"]["to"] == (
            world.today() + timedelta(days=3)).isoformat()
        assert reassessed["plan"]["to"] == "Escort her every Monday"
        assert by_field(items[0]["changes"])["resident.name"]["to"] == DETAILS.name

    def test_a_referral_change_names_the_referral(self, api: Api, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        referral = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                             "Insulin delivery", None).referral_id
        world.cases.accept_referral(world.partner, referral)  # type: ignore[arg-type]
        items = ok(api.as_("mca-auditor").get(path(case.id, "history")))["items"]
        assert items[-1]["changes"] == [{"field": "referrals.status", "from": "sent",
                                         "to": "accepted", "referral_id": s(referral)}]


@SQLITE_ONLY
class TestDiff:
    def test_the_difference_between_two_versions(self, api: Api, world: World) -> None:
        case = reassessed_case(world)
        body = ok(api.as_("jb-lead").get(path(case.id, "diff"),
                                         params={"from": 2, "to": 4}))
        assert (body["case_id"], body["reference"], body["from"], body["to"]) == (
            s(case.id), case.reference, 2, 4)
        changes = by_field(body["changes"])
        assert changes["status"]["from"] == "assessed"
        assert changes["status"]["to"] == "active"
        assert changes["risk"] == {"field": "risk", "from": "medium", "to": "high"}
        assert "needs" not in changes  # the same needs both times

    def test_from_zero_is_everything_the_case_was_opened_with(self, api: Api,
                                                              world: World) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        body = ok(api.as_("mca-auditor").get(path(case.id, "diff"),
                                             params={"from": 0, "to": 1}))
        changes = by_field(body["changes"])
        assert changes["status"]["to"] == "intake"
        assert changes["resident.phone"]["to"] == "13800138000"
        assert body["from_at"] is None

    @pytest.mark.parametrize(("params", "field", "bounds"), [
        ({"from": 2, "to": 2}, "from", {"min": 0, "max": 1}),
        ({"from": 3, "to": 2}, "from", {"min": 0, "max": 1}),
        ({"from": -1, "to": 2}, "from", {"min": 0, "max": 1}),
        ({"from": 0, "to": 9}, "to", {"min": 1, "max": 3}),
        ({"from": 0, "to": 0}, "to", {"min": 1, "max": 3}),
    ])
    def test_a_version_out_of_range_is_a_422_with_a_code(
            self, api: Api, world: World, params: dict[str, int], field: str,
            bounds: dict[str, int]) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        response = api.as_("jb-lead").get(path(case.id, "diff"), params=params)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        [error] = response.json()["errors"]
        assert (error["field"], error["code"], error["params"]) == (field, "out_of_range",
                                                                    bounds)

    def test_a_version_that_is_not_a_number_is_refused(self, api: Api,
                                                        world: World) -> None:
        case = world.open_case(world.jb_worker).case
        response = api.as_("jb-lead").get(path(case.id, "diff"),
                                          params={"from": "one", "to": 1})
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")

    @pytest.mark.parametrize(("username", "status"), [
        ("jb-wang", 403), ("bright-light", 403), ("sys-admin", 403), ("pd-lead", 404)])
    def test_others_may_not_compare_versions(self, api: Api, world: World, username: str,
                                             status: int) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        response = api.as_(username).get(path(case.id, "diff"), params={"from": 0, "to": 1})
        assert response.status_code == status
        assert DETAILS.name not in response.text

    def test_an_unknown_case_is_404(self, api: Api, world: World) -> None:
        response = api.as_("mca-auditor").get(path(UUID(int=42), "diff"),
                                              params={"from": 0, "to": 1})
        assert response.status_code == 404


def exports(api: Api, case_id: UUID) -> list[str]:
    body = ok(api.as_("mca-auditor").get(path(case_id, "access-log")))
    return [e["what"] for e in body["items"] if e["what"] == "history_export"]


class TestExports:
    def test_a_json_export_is_the_whole_history_as_a_file(self, api: Api,
                                                          world: World) -> None:
        case = reassessed_case(world)
        response = api.as_("jb-lead").get(path(case.id, "history.json"))
        assert response.status_code == 200
        assert response.headers["content-disposition"] == (
            f'attachment; filename="{case.reference}-history.json"')
        body = response.json()
        assert (body["case_id"], body["reference"]) == (s(case.id), case.reference)
        assert [item["version"] for item in body["items"]] == [1, 2, 3, 4]
        assert by_field(body["items"][3]["changes"])["risk"]["to"] == "high"
        log = ok(api.as_("jb-lead").get(path(case.id, "access-log")))["items"]
        assert (log[0]["actor"]["username"], log[0]["what"]) == ("jb-lead", "history_export")

    @SQLITE_ONLY
    def test_a_csv_export_opens_in_excel_with_one_row_per_event(self, api: Api,
                                                                world: World) -> None:
        case = reassessed_case(world)
        response = api.as_("mca-auditor").get(path(case.id, "history.csv"))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.headers["content-disposition"] == (
            f'attachment; filename="{case.reference}-history.csv"')
        assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [row["version"] for row in rows] == ["1", "2", "3", "4"]
        assert rows[3]["type"] == "assessed"
        assert "risk: medium → high" in rows[3]["changes"]
        assert DETAILS.name in rows[0]["data"]  # personal texts, for those who may read them
        assert exports(api, case.id) == ["history_export"]

    @SQLITE_ONLY
    def test_a_cell_never_starts_a_spreadsheet_formula(self, api: Api, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        world.cases.add_note(world.jb_worker, case.id, "=HYPERLINK(\"http://x\")")
        text = api.as_("mca-auditor").get(path(case.id, "history.csv")).content
        for row in csv.reader(io.StringIO(text.decode("utf-8-sig"))):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)

    @SQLITE_ONLY
    @pytest.mark.parametrize("file", ["history.json", "history.csv"])
    @pytest.mark.parametrize(("username", "status"), [
        ("jb-wang", 403), ("bright-light", 403), ("sys-admin", 403), ("pd-lead", 404)])
    def test_others_may_not_export(self, api: Api, world: World, file: str, username: str,
                                   status: int) -> None:
        case = world.open_case(world.jb_worker, details=DETAILS).case
        response = api.as_(username).get(path(case.id, file))
        assert response.status_code == status
        assert DETAILS.name not in response.text
        assert exports(api, case.id) == []
