"""The installed `casework` command, run as a user runs it: help, errors in one line,
bootstrap accounts, demo data and a real server process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from adapters.bootstrap import build
from adapters.demo.password import demo_password, demo_password_file
from adapters.demo.people import USERS, VOLUNTEERS
from adapters.demo.residents import RESIDENTS
from adapters.settings import Settings
from tests.conftest import PostgresSchema
from tests.http.spec_client import intake

CASEWORK = Path(sys.executable).parent / "casework"
SERVER_START_SECONDS = 90
ERROR = "casework: error: "


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        """The error messages on stderr (the rest of stderr is log lines)."""
        return [line for line in self.stderr.splitlines() if line.startswith(ERROR)]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def env(data_dir: Path) -> dict[str, str]:
    """The caller's environment with an embedded store in a temporary directory."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    return {**clean, "CASEWORK_DATA_DIR": str(data_dir)}


def casework(env: dict[str, str], *args: str, stdin: str = "") -> Run:
    assert CASEWORK.exists(), f"the casework command is not installed at {CASEWORK}"
    done = subprocess.run([str(CASEWORK), *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def assert_no_resident_data(text: str) -> None:
    for resident in RESIDENTS.values():
        for value in (resident.name, resident.phone, resident.phone.replace(" ", ""),
                      resident.address_detail, resident.contact_name, resident.contact_phone):
            if value:
                assert value not in text


def assert_one_error_line(run: Run, *words: str) -> None:
    """A non-zero exit, and one error line that ends stderr and names the problem."""
    assert run.code != 0
    assert len(run.error_lines) == 1, run.stderr
    assert run.stderr.splitlines()[-1] == run.error_lines[0]
    assert "Traceback" not in run.stderr
    for word in words:
        assert word in run.error_lines[0]


def users_in(data_dir: Path) -> dict[str, str]:
    """username → role of the users stored in the embedded store."""
    container = build(Settings(data_dir=data_dir))
    try:
        return {u.username: u.role.value for u in container.identity.users()}
    finally:
        container.close()


class TestHelp:
    @pytest.mark.parametrize(("command", "options"), [
        ([], ["serve", "admin", "demo"]),
        (["serve"], ["--host", "--port", "--workers"]),
        (["admin"], ["create-user"]),
        (["admin", "create-user"], ["--role", "--team", "--organisation", "--display-name",
                                    "--password-stdin"]),
        (["demo"], ["empty store"]),
        (["backup"], ["DEST", "--keys", "--no-keys"]),
        (["restore"], ["SRC", "--keys", "empty"]),
    ], ids=["casework", "serve", "admin", "create-user", "demo", "backup", "restore"])
    def test_every_command_explains_itself(self, env: dict[str, str], command: list[str],
                                           options: list[str]) -> None:
        run = casework(env, *command, "--help")
        assert run.code == 0
        assert run.stdout.startswith(f"Usage: {' '.join(['casework', *command])}")
        assert all(option in run.stdout for option in options)


class TestErrorsAreOneLine:
    @pytest.mark.parametrize("command", [
        ["demo"], ["serve", "--port", "1"],
        ["admin", "create-user", "someone", "--role", "admin", "--password-stdin"],
    ], ids=["demo", "serve", "create-user"])
    def test_a_bad_setting_stops_every_command(self, env: dict[str, str],
                                               command: list[str]) -> None:
        run = casework({**env, "CASEWORK_DATABASE_URL": "mysql://db/casework"}, *command,
                       stdin="long enough password")
        assert_one_error_line(run, "CASEWORK_DATABASE_URL")

    @pytest.mark.parametrize(("command", "word"), [
        (["rebuild-everything"], "No such command"), (["serve", "--port", "70000"], "--port"),
    ], ids=["unknown-command", "port-out-of-range"])
    def test_a_usage_mistake(self, env: dict[str, str], command: list[str], word: str) -> None:
        assert_one_error_line(casework(env, *command), word)

    def test_a_restore_of_what_is_not_a_backup(self, env: dict[str, str],
                                               tmp_path: Path) -> None:
        (tmp_path / "not-a-backup").mkdir()
        run = casework(env, "restore", str(tmp_path / "not-a-backup"))
        assert_one_error_line(run, "restore failed", "not a casework backup")


class TestCreateUser:
    def test_creates_a_user_with_the_password_from_stdin(self, env: dict[str, str],
                                                         data_dir: Path) -> None:
        run = casework(env, "admin", "create-user", "ops.admin", "--role", "admin",
                       "--display-name", "值班管理员", "--password-stdin",
                       stdin="s3cret-from-stdin\n")
        assert run.code == 0, run.stderr
        new_id = UUID(run.stdout.strip())
        container = build(Settings(data_dir=data_dir))
        try:
            user = container.identity.authenticate("ops.admin", "s3cret-from-stdin")
            assert user is not None
            assert (user.id, user.role, user.display_name) == (new_id, "admin", "值班管理员")
        finally:
            container.close()

    def test_the_same_username_twice_fails_in_one_line(self, env: dict[str, str],
                                                       data_dir: Path) -> None:
        first = casework(env, "admin", "create-user", "ops.admin", "--role", "admin",
                         "--password-stdin", stdin="first password")
        assert first.code == 0, first.stderr
        second = casework(env, "admin", "create-user", "OPS.admin", "--role", "auditor",
                          "--password-stdin", stdin="second password")
        assert_one_error_line(second, "taken")
        assert second.stdout == ""
        assert users_in(data_dir) == {"ops.admin": "admin"}

    def test_without_password_stdin_nothing_is_created(self, env: dict[str, str],
                                                       data_dir: Path) -> None:
        run = casework(env, "admin", "create-user", "ops.admin", "--role", "admin",
                       stdin="a password on stdin")
        assert_one_error_line(run, "--password-stdin")
        assert users_in(data_dir) == {}

    @pytest.mark.parametrize(("args", "password", "word"), [
        (["--role", "worker", "--team", "ZZ"], "long enough password", "there is no team ZZ"),
        (["--role", "worker"], "long enough password", "team"),
        (["--role", "overlord"], "long enough password", "--role"),
        (["--role", "admin"], "short\n", "password"),
    ], ids=["unknown-team", "worker-without-team", "unknown-role", "short-password"])
    def test_refusals_name_the_problem(self, env: dict[str, str], data_dir: Path,
                                       args: list[str], password: str, word: str) -> None:
        run = casework(env, "admin", "create-user", "someone", *args, "--password-stdin",
                       stdin=password)
        assert_one_error_line(run, word)
        assert users_in(data_dir) == {}


class TestDemo:
    def test_loads_into_an_empty_store_then_refuses(self, env: dict[str, str],
                                                    data_dir: Path) -> None:
        first = casework(env, "demo")
        assert first.code == 0, first.stderr
        for user in (*USERS, *VOLUNTEERS):
            assert user.username in first.stdout
        assert demo_password(data_dir) in first.stdout
        assert str(demo_password_file(data_dir)) in first.stdout
        assert_no_resident_data(first.stdout + first.stderr)

        second = casework(env, "demo")
        assert_one_error_line(second, "empty store")
        assert len(users_in(data_dir)) == len(USERS) + len(VOLUNTEERS)

    def test_refuses_a_store_with_an_account(self, env: dict[str, str],
                                             data_dir: Path) -> None:
        created = casework(env, "admin", "create-user", "ops.admin", "--role", "admin",
                           "--password-stdin", stdin="long enough password")
        assert created.code == 0, created.stderr
        assert_one_error_line(casework(env, "demo"), "empty store")
        assert users_in(data_dir) == {"ops.admin": "admin"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text() + self.stderr.read_text()


StartServer = Callable[..., Server]


@pytest.fixture
def start_server(env: dict[str, str], tmp_path: Path) -> Iterator[StartServer]:
    """Start `casework serve` on a free port; every server started is stopped after."""
    started: list[Server] = []

    def start(**extra_env: str) -> Server:
        port = free_port()
        out, err = tmp_path / "serve.out", tmp_path / "serve.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [str(CASEWORK), "serve", "--host", "127.0.0.1", "--port", str(port)],
                stdout=stdout, stderr=stderr, env={**env, **extra_env})
        server = Server(process, f"http://127.0.0.1:{port}", out, err)
        started.append(server)
        return server

    yield start
    for server in started:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def wait_for_health(server: Server) -> httpx.Response:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited with {server.process.returncode}: "
                        f"{server.output()}")
        try:
            return httpx.get(f"{server.url}/healthz", timeout=2)
        except httpx.TransportError:
            time.sleep(0.25)
    pytest.fail(f"the server did not answer within {SERVER_START_SECONDS} s")


class TestServe:
    def test_first_start_loads_the_demo_and_answers_health(
            self, start_server: StartServer, data_dir: Path) -> None:
        server = start_server()
        health = wait_for_health(server)
        assert (health.status_code, health.json()["status"]) == (200, "ok")
        server.process.terminate()
        assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Application shutdown complete" in server.stderr.read_text()
        stdout = server.stdout.read_text()
        assert f"log in at {server.url}/" in stdout
        for user in USERS:
            assert user.username in stdout
        assert demo_password(data_dir) in stdout
        assert_no_resident_data(server.output())
        assert len(users_in(data_dir)) == len(USERS) + len(VOLUNTEERS)

    def test_without_demo_starts_empty(
            self, start_server: StartServer, data_dir: Path) -> None:
        server = start_server(CASEWORK_DEMO="0")
        assert wait_for_health(server).status_code == 200
        stdout = server.stdout.read_text()
        assert f"log in at {server.url}/" in stdout
        assert not demo_password_file(data_dir).exists()
        assert "create-user" in stdout
        assert users_in(data_dir) == {}


def children_of(pid: int) -> dict[int, str]:
    """A process's children and their command lines (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(
                    b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.postgres
class TestServeOnPostgres:
    def test_the_projections_run_in_a_process_of_their_own(
            self, start_server: StartServer, postgres_schema: PostgresSchema,
            data_dir: Path) -> None:
        server = start_server(CASEWORK_DATABASE_URL=postgres_schema.url,
                              CASEWORK_DATABASE_SCHEMA=postgres_schema.schema)
        assert wait_for_health(server).status_code == 200
        projectors = [pid for pid, command in children_of(server.process.pid).items()
                      if "projector" in command]
        assert len(projectors) == 1

        token = httpx.post(f"{server.url}/api/v1/auth/login", timeout=10, json={
            "username": "jb.worker1",
            "password": demo_password(data_dir)}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        opened = httpx.post(f"{server.url}/api/v1/cases", headers=auth, json=intake("JB"),
                            timeout=10)
        assert opened.status_code == 201
        queue = httpx.get(f"{server.url}/api/v1/queues/intake", headers=auth, timeout=10,
                          params={"min_position": opened.headers["x-position"], "limit": 200})
        assert queue.json()["fresh"] is True
        assert opened.json()["id"] in {item["case_id"] for item in queue.json()["items"]}

        server.process.terminate()
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while Path(f"/proc/{projectors[0]}").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not Path(f"/proc/{projectors[0]}").exists(), "the projector outlived serve"
