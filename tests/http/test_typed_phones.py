"""Phones as people type them, through the API (decision 0022): full-width digits from
the Chinese IME, landlines with the area code in brackets and an extension are accepted,
stored in one canonical form, and matched for duplicates and search."""

from __future__ import annotations

from typing import Any

import pytest

from tests.http.conftest import Api
from tests.http.spec_client import SQLITE_ONLY, body_of, caseworker, intake, start_projections

pytestmark = SQLITE_ONLY


@pytest.fixture
def api(api: Api) -> Api:
    return start_projections(api)


class TestPhonesAsTyped:
    def test_a_full_width_mobile_is_stored_canonical_and_finds_the_earlier_case(
            self, api: Api) -> None:
        worker = caseworker(api, "jb-wang")
        earlier = body_of(worker.open_case(intake("JB")), 201)  # typed "138 0000 0001"

        answer = body_of(worker.open_case(intake("JB", resident={
            "phone": "＋８６　１３８－００００－０００１"})), 201)

        assert answer["resident"]["phone"] == "13800000001"
        assert answer["possible_duplicates"] == [
            {"id": earlier["id"], "reference": earlier["reference"]}]

    def test_a_landline_with_area_code_and_extension_is_accepted_and_searchable(
            self, api: Api) -> None:
        worker = caseworker(api, "jb-wang")
        opened = worker.open_case(intake("JB", resident={
            "phone": "（０２１）６８８８ １２３４ 转 8012"}))
        case: dict[str, Any] = body_of(opened, 201)
        assert case["resident"]["phone"] == "021-68881234-8012"

        found = api.as_("jb-wang").client.get(
            "/api/v1/cases",
            params={"q": "021-6888 1234", "min_position": opened.headers["x-position"]},
            headers=api.as_("jb-wang").headers)
        assert [item["id"] for item in body_of(found)["items"]] == [case["id"]]

    def test_a_mobile_with_an_extension_is_refused_naming_the_field(self, api: Api) -> None:
        refused = caseworker(api, "jb-wang").open_case(intake("JB", resident={
            "phone": "138 0000 0001 转 8012"}))
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "resident.phone"

    def test_a_reference_typed_in_full_width_finds_the_case(self, api: Api) -> None:
        opened = caseworker(api, "jb-wang").open_case(intake("JB"))
        case = body_of(opened, 201)
        full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in case["reference"])  # ＪＢ－…
        caller = api.as_("jb-wang")
        found = caller.client.get("/api/v1/cases", headers=caller.headers, params={
            "q": full_width, "min_position": opened.headers["x-position"]})
        assert [item["id"] for item in body_of(found)["items"]] == [case["id"]]
