"""Safe by default (issue 10): the data directory and every file in it are the owner's
only, whatever the umask; the demo accounts' password is made per data directory; a
server bound beyond loopback does not load the demo data unless told to."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from adapters.bootstrap import build
from adapters.cli import cli, is_loopback
from adapters.demo.password import demo_password, demo_password_file
from adapters.settings import Settings
from service.identity import OPERATOR
from tests.integration.conftest import CHEAP_HASHER


@contextmanager
def umask(value: int) -> Iterator[None]:
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


def modes(data_dir: Path) -> dict[str, str]:
    """Every path under `data_dir` (itself included) → its permissions, in octal."""
    found = {".": oct(stat.S_IMODE(data_dir.stat().st_mode))}
    for path in data_dir.rglob("*"):
        found[str(path.relative_to(data_dir))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def assert_private(data_dir: Path) -> None:
    for name, mode in modes(data_dir).items():
        expected = "0o700" if (data_dir / name).is_dir() else "0o600"
        assert mode == expected, f"{name} is {mode}"


class TestPrivateFiles:
    def test_a_new_embedded_store_is_the_owners_only_under_umask_022(
            self, tmp_path: Path) -> None:
        data_dir = tmp_path / "var"
        with umask(0o022):
            container = build(Settings(data_dir=data_dir, demo=False), hasher=CHEAP_HASHER)
            try:
                container.start_projections()  # the projector's lock file
                container.identity.create_team(OPERATOR, "JB", "Jiangbei", "江北区")
                demo_password(data_dir)
                names = set(modes(data_dir))
                # While the stores are open, SQLite's write-ahead logs are there too.
                assert {"cases.sqlite-wal", "identity.sqlite-shm", "views.sqlite-wal",
                        "projector.lock", "keys/search.key", "demo-password"} <= names
                assert_private(data_dir)
            finally:
                container.close()
        assert_private(data_dir)

    def test_a_store_made_before_is_restricted_on_the_next_start(self, tmp_path: Path) -> None:
        data_dir = tmp_path / "var"
        build(Settings(data_dir=data_dir, demo=False), hasher=CHEAP_HASHER).close()
        data_dir.chmod(0o755)
        for path in data_dir.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        build(Settings(data_dir=data_dir, demo=False), hasher=CHEAP_HASHER).close()
        assert_private(data_dir)


class TestDemoPassword:
    def test_each_data_directory_has_its_own_random_password(self, tmp_path: Path) -> None:
        first, second = demo_password(tmp_path / "a"), demo_password(tmp_path / "b")
        assert first != second
        assert len(first) >= 16
        assert demo_password(tmp_path / "a") == first  # kept, not made again
        assert oct(stat.S_IMODE(demo_password_file(tmp_path / "a").stat().st_mode)) == "0o600"


class TestDemoBeyondLoopback:
    @pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
    def test_loopback_addresses(self, host: str) -> None:
        assert is_loopback(host)

    @pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "casework.local"])  # noqa: S104
    def test_other_addresses(self, host: str) -> None:
        assert not is_loopback(host)

    def test_serve_refuses_to_load_the_demo_on_every_address(self, tmp_path: Path) -> None:
        env = {"CASEWORK_DATA_DIR": str(tmp_path / "var"), "CASEWORK_LOG_LEVEL": "warning"}
        result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"], env=env)  # noqa: S104
        assert result.exit_code == 1
        assert "refusing to load the demo data" in result.output
        assert "CASEWORK_DEMO=1" in result.output
        assert not demo_password_file(tmp_path / "var").exists()

    def test_only_an_explicit_demo_setting_allows_it(self) -> None:
        assert not Settings.from_env({}).demo_explicit
        assert Settings.from_env({}).demo
        assert Settings.from_env({"CASEWORK_DEMO": "1"}).demo_explicit
        assert not Settings.from_env({"CASEWORK_DEMO": "0"}).demo_explicit
