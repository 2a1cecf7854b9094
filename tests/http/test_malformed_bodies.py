"""Never a 500 for anything a client sent (SPEC §4; issue 11, item 5): malformed JSON
bodies (nested 5,000 deep, invalid UTF-8) on every JSON route of the OpenAPI document,
the unauthenticated log-in included, answer a 4xx problem and change nothing; so do
dates beyond the calendar and a NUL in a static file's name."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.http.conftest import Api
from tests.http.reads_support import SQLITE_ONLY

MALFORMED = {
    "nested arrays": b"[" * 5000 + b"]" * 5000,
    "nested objects": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "nested in a field": b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "invalid UTF-8": b'{"username": "\xff\xfe", "password": "\xc3(", "text": "\xed\xa0\x80"}',
    "overlong UTF-8": b'{"text": "\xc0\xaf", "reason": "\xe0\x80\xaf"}',
    "truncated UTF-8": b'{"text": "\xe4\xbd", "name": "\xf0\x9f\x98"}',
    "lone surrogates": (b'{"username": "\\ud800", "password": "\\udfff", "text": "\\ud800", '
                        b'"reason": "\\udc00", "name": "\\ud800"}'),
}
PARAM = re.compile(r"\{[^}]+\}")


def json_routes(api: Api) -> list[tuple[str, str]]:
    document = api.anonymous.get("/schema/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content") or {}
            if any("json" in media for media in content):
                found.append((method.upper(), path))
    return sorted(found)


def caller_for(path: str) -> str | None:
    """A role allowed to reach the route (its guards pass), or None for the log-in."""
    if path.endswith("/auth/login"):
        return None
    if re.search(r"/api/v1/(teams|users|organisations)", path):
        return "sys-admin"
    if re.search(r"/referrals/\{[^}]+\}/(accept|decline|complete)$", path):
        return "bright-light"
    return "jb-lead"


@SQLITE_ONLY
class TestMalformedBodies:
    def test_the_document_lists_the_json_routes(self, api: Api) -> None:
        routes = json_routes(api)
        assert ("POST", "/api/v1/auth/login") in routes
        assert ("POST", "/api/v1/cases") in routes
        assert len(routes) >= 15, routes

    @pytest.mark.parametrize("kind", sorted(MALFORMED))
    def test_every_json_route_answers_a_4xx_problem_and_stores_nothing(
            self, api: Api, kind: str) -> None:
        before = api.world.stored_position()
        answers: dict[str, Any] = {}
        for method, path in json_routes(api):
            caller = caller_for(path)
            client = api.anonymous if caller is None else api.as_(caller)
            url = PARAM.sub(lambda _: str(uuid.uuid4()), path)
            response = client.client.request(
                method, url, content=MALFORMED[kind],
                headers={**client.headers, "content-type": "application/json"})
            answers[f"{method} {path}"] = (response.status_code,
                                           response.headers.get("content-type"))
        wrong = {route: answer for route, answer in answers.items()
                 if not (400 <= answer[0] < 500 and answer[1] == "application/problem+json")}
        assert wrong == {}
        assert api.world.stored_position() == before


@SQLITE_ONLY
class TestOtherClientInput:
    @pytest.mark.parametrize("query", [
        "to=9999-12-31", "from=0001-01-01", "from=0001-01-01T00:00:00%2B08:00",
        "to=9999-12-31T23:59:59-08:00"])
    def test_dates_beyond_the_calendar_are_refused_naming_the_field(
            self, api: Api, query: str) -> None:
        response = api.as_("mca-auditor").get(f"/api/v1/referrals/outcomes?{query}")
        assert response.status_code in (400, 422), response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == query.split("=")[0]

    @pytest.mark.parametrize("path", ["/static/%00", "/static/a%00b.js", "/static/%00/x"])
    def test_a_nul_in_a_static_file_name_is_not_found(self, api: Api, path: str) -> None:
        response = api.anonymous.get(path)
        assert response.status_code in (400, 404)
        assert response.headers["content-type"] == "application/problem+json"
