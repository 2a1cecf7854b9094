"""problem+json names why a field is refused with a stable code and its params, beside
the English message SPEC §4 promises: `errors: [{field, message, code, params}]`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.http.conftest import Api
from tests.http.spec_client import caseworker, intake

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


class TestInvalidInputCarriesItsCode:
    def test_a_birth_year_in_the_future_names_the_code_and_the_range(self, api: Api) -> None:
        body = problem(caseworker(api, "jb-wang").open_case(
            intake("JB", resident={"birth_year": 2090})), 422)

        assert body["type"].endswith("/invalid-input")
        assert body["errors"] == [{
            "field": "resident.birth_year", "message": "must be a year between 1892 and 2022",
            "code": "invalid_birth_year", "params": {"min": 1892, "max": 2022}}]
        assert body["detail"] == "resident.birth_year: must be a year between 1892 and 2022"

    def test_a_reassignment_without_a_reason_has_a_code_and_no_params(self, api: Api) -> None:
        world = api.world
        case = world.active_case(world.jb_worker, world.jb_supervisor)

        body = problem(caseworker(api, "jb-lead").assign(case.id, world.jb_colleague.id), 422)

        assert body["errors"] == [{"field": "reason",
                                   "message": "a reassignment must name a reason",
                                   "code": "reassignment_reason_required", "params": {}}]


class TestEveryRefusedValueAtOnce:
    def test_an_intake_names_each_field_it_refuses(self, api: Api) -> None:
        body = problem(caseworker(api, "jb-wang").open_case(intake(
            "JB", request="  ", resident={"name": " ", "birth_year": 2090})), 422)

        assert [(e["field"], e["code"]) for e in body["errors"]] == [
            ("resident.name", "required"), ("request", "required"),
            ("resident.birth_year", "invalid_birth_year")]
        assert body["detail"].startswith("resident.name: must not be empty; request: ")


class TestABodyOutsideTheSchemaCarriesACode:
    def test_a_value_of_the_wrong_shape(self, api: Api) -> None:
        body = problem(caseworker(api, "jb-wang").open_case(
            intake("JB", resident={"phone": "call me"})), 400)

        assert [e["code"] for e in body["errors"]] == ["does_not_match_schema"]
        assert body["errors"][0]["field"] == "resident.phone"

    def test_an_unknown_field(self, api: Api) -> None:
        body = problem(caseworker(api, "jb-wang").open_case(
            {**intake("JB"), "favourite_colour": "blue"}), 400)

        assert [(e["field"], e["code"]) for e in body["errors"]] == [
            ("favourite_colour", "unknown_field")]
