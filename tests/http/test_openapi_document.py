"""The published OpenAPI document is valid OpenAPI 3.1 and types every body and header,
so that a client generated from it (tests/http/test_generated_client.py) can trust it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from tests.http.conftest import Api

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.fixture
def document(api: Api) -> dict[str, Any]:
    answer = api.anonymous.get("/schema/openapi.json")
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def typed(schema: dict[str, Any]) -> bool:
    """A schema a generator turns into a type: a reference, a type, or a choice of them."""
    if "$ref" in schema:
        return True
    choices = schema.get("oneOf") or schema.get("anyOf")
    if choices:
        return all(typed(choice) for choice in choices)
    return "type" in schema


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    errors = [f"{'/'.join(map(str, error.path))}: {error.message}"
              for error in OpenAPIV31SpecValidator(document).iter_errors()]

    assert document["openapi"].startswith("3.1")
    assert errors == []


def test_every_request_and_response_body_is_typed(document: dict[str, Any]) -> None:
    untyped = [
        f"{name} {where}"
        for name, operation in operations(document)
        for where, content in [
            ("request", (operation.get("requestBody") or {}).get("content") or {}),
            *((status, answer.get("content") or {})
              for status, answer in operation["responses"].items()),
        ]
        for media in content.values()
        if not typed(media.get("schema") or {})
    ]

    assert untyped == []


def test_every_response_header_has_a_schema(document: dict[str, Any]) -> None:
    headers = {
        (name, status, header): spec
        for name, operation in operations(document)
        for status, answer in operation["responses"].items()
        for header, spec in (answer.get("headers") or {}).items()
    }

    assert headers, "commands publish ETag and X-Position"
    assert [key for key, spec in headers.items() if "schema" not in spec] == []
    assert headers["POST /api/v1/cases", "201", "ETag"]["schema"]["pattern"] == '^"[0-9]+"$'


def test_log_in_answers_a_typed_token_and_caller(document: dict[str, Any]) -> None:
    login = document["paths"]["/api/v1/auth/login"]["post"]

    assert login["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LoginOut"}
    assert login["security"] == []  # no token needed: generated clients read [{}] otherwise
