"""`casework serve` turns Nagle's algorithm off on every connection, also with several
processes, where uvicorn's own listening socket leaves it on (a ~40 ms stall per
response on a kept-alive connection: adapters/http/nodelay.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from adapters import cli
from adapters.http.nodelay import PROTOCOL, no_delay


class Transport:
    def __init__(self, sock: socket.socket | None) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> Any:
        return self.sock if name == "socket" else None


@pytest.fixture
def accepted() -> Iterator[socket.socket]:
    """A connection accepted on a socket bound as uvicorn binds it for --workers > 1."""
    listener = socket.socket(socket.AF_INET)  # proto 0: asyncio leaves Nagle on
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    yield conn
    for s in (conn, client, listener):
        s.close()


def test_no_delay_turns_nagle_off_on_a_connection_that_had_it(
        accepted: socket.socket) -> None:
    assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
    assert no_delay(Transport(accepted))  # type: ignore[arg-type]
    assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_no_socket_no_harm() -> None:
    assert not no_delay(Transport(None))  # type: ignore[arg-type]


def test_serve_runs_uvicorn_with_that_protocol(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Any) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(cli.uvicorn, "run", lambda *a, **kw: seen.update(kw))
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CASEWORK_DEMO", "0")
    done = CliRunner().invoke(cli.cli, ["serve", "--workers", "2"])
    assert done.exit_code == 0, done.output
    assert seen["http"] == PROTOCOL
    assert seen["loop"] == "uvloop"
    assert seen["workers"] == 2


def test_the_protocol_path_names_the_class() -> None:
    from uvicorn.importer import import_from_string

    from adapters.http.nodelay import NoDelayHttpToolsProtocol

    assert import_from_string(PROTOCOL) is NoDelayHttpToolsProtocol
