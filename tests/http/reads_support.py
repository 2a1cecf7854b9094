"""Helpers for the HTTP read tests: projecting the views, a resident with distinctive
personal data, and a marker that keeps a test class on SQLite only.

Most read tests run on SQLite (`@SQLITE_ONLY` on the class); the few that exercise the
stores end to end leave the `settings` fixture's own two parameters in place.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.values import ResidentDetails
from tests.http.conftest import Api
from tests.integration.conftest import World

SQLITE_ONLY = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)

DETAILS = ResidentDetails(
    name="欧阳秀英", phone="138 0013 8000", id_number="31011519420315002X",
    address_detail="金杨新村 12号楼 502室", emergency_contact_name="李建国",
    emergency_contact_phone="139 0177 2244", emergency_contact_relation="son")
REQUEST = ("Insulin for 欧阳秀英; call 138 0013 8000 or her son 李建国 on 139 0177 2244 "
           "before coming up to 金杨新村 12号楼 502室")
PERSONAL = ["欧阳秀英", "138 0013 8000", "13800138000", "0013 8000", "31011519420315002X",
            "金杨新村 12号楼 502室", "12号楼", "李建国", "139 0177 2244", "0177 2244"]


def project(world: World) -> int:
    """Wait until the projection runner (started by the `api` fixture) has applied every
    stored event to the views; the position it reached."""
    position = world.stored_position()
    assert world.container.runner.wait_for(position, timeout=10), "the views fell behind"
    return position


def leaks(text: str) -> list[str]:
    """The resident's personal values found in a response text."""
    return [value for value in PERSONAL if value in text]


def ok(response: Any, status: int = 200) -> Any:
    """The JSON body of a response that must have the given status."""
    assert response.status_code == status, response.text
    return response.json()


def ids(body: dict[str, Any], key: str = "id") -> list[Any]:
    return [item[key] for item in body["items"]]


def every_page(api: Api, username: str, path: str, limit: int,
               params: dict[str, Any] | None = None, key: str = "id") -> list[list[Any]]:
    """The ids on each page of a collection, following `next_cursor` to the end."""
    pages: list[list[Any]] = []
    cursor: str | None = None
    while True:
        query: dict[str, Any] = {**(params or {}), "limit": limit}
        if cursor is not None:
            query["cursor"] = cursor
        body = ok(api.as_(username).get(path, params=query))
        pages.append(ids(body, key))
        cursor = body["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 50, "the cursor never ends"


def s(value: UUID) -> str:
    return str(value)
