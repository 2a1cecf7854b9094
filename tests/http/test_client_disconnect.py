"""A client that goes away while its request body is still being read (a load generator
stopping, a phone losing its signal) is not a server error: no `unexpected_error`, one
quiet `client_disconnected` line with no body and no personal data."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.logging import configure_logging
from tests.http.conftest import Api
from tests.http.spec_client import SQLITE_ONLY

PHONE = "13987654321"
PARTIAL = ('{"team": "JB", "channel": "hotline", "resident": {"name": "欧阳秀英", '
           f'"phone": "{PHONE}"').encode()


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("debug", json_lines=True, stream=stream)
    yield stream
    root.handlers[:] = handlers
    root.setLevel(level)


def scope_of(path: str, token: str, length: int, content_type: str) -> dict[str, Any]:
    return {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1", "method": "POST", "scheme": "http", "path": path,
        "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", content_type.encode()),
                    (b"content-length", str(length).encode()),
                    (b"authorization", f"Bearer {token}".encode())],
    }


def send_half_then_leave(api: Api, path: str, token: str,
                         content_type: str = "application/json") -> list[dict[str, Any]]:
    """The ASGI conversation of a client that sends part of its body, then disconnects."""
    incoming: list[dict[str, Any]] = [
        {"type": "http.request", "body": PARTIAL, "more_body": True},
        {"type": "http.disconnect"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop(0)
        await asyncio.sleep(3600)  # a client that left sends nothing more
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(api.app(scope_of(path, token, 4 * len(PARTIAL), content_type), receive, send))  # type: ignore[arg-type]
    return sent


@SQLITE_ONLY
@pytest.mark.parametrize(("path", "content_type"), [
    ("/api/v1/cases", "application/json"), ("/api/v1/auth/login", "application/json"),
    ("/login", "application/x-www-form-urlencoded")])  # the UI's form: read by CSRF
def test_a_client_gone_mid_body_is_logged_quietly_not_as_a_server_error(
        api: Api, captured: io.StringIO, path: str, content_type: str) -> None:
    sent = send_half_then_leave(api, path, api.tokens["jb-wang"], content_type)

    logged = [json.loads(line) for line in captured.getvalue().splitlines() if line.strip()]
    events = [line["event"] for line in logged]
    assert "unexpected_error" not in events
    [line] = [line for line in logged if line["event"] == "client_disconnected"]
    assert line["level"] in ("info", "debug")
    assert PHONE not in captured.getvalue()
    assert "欧阳秀英" not in captured.getvalue()
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert all(m["status"] < 500 for m in starts)
