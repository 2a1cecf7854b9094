"""The hash chain over the event stores (decision 0019), on SQLite and PostgreSQL:
`casework verify` passes a clean store and names the first bad position of an altered
one; signed checkpoints; the projector stops at a tampered event."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from adapters.bootstrap import Container, build
from adapters.cli import cli
from adapters.projection.chain_check import ChainBroken
from adapters.settings import Settings
from adapters.storage.chain_status import ChainStatus
from service.clock import FixedClock
from tests.integration.chain_tampering import Tamper
from tests.integration.conftest import CHEAP_HASHER, World


def run(settings: Settings, *args: str) -> Result:
    env = {"CASEWORK_DATA_DIR": str(settings.data_dir),
           "CASEWORK_DATABASE_URL": settings.database_url or "",
           "CASEWORK_DATABASE_SCHEMA": settings.database_schema or "",
           "CASEWORK_LOG_LEVEL": "warning"}
    return CliRunner().invoke(cli, list(args), env=env)


def three_cases(world: World) -> int:
    """Record a few cases; return the last position."""
    for _ in range(3):
        world.open_case(world.jb_worker)
    return world.stored_position()


class TestVerify:
    def test_a_clean_store_passes(self, world: World) -> None:
        last = three_cases(world)
        result = run(world.container.settings, "verify")
        assert result.exit_code == 0, result.output
        assert f"chain intact up to position {last}" in result.stdout
        assert "identity:" in result.stdout

    @pytest.mark.parametrize(("tamper", "named"), [
        pytest.param(lambda t: t.flip_a_byte(4), "position 4: event or link altered",
                     id="one-changed-byte"),
        pytest.param(lambda t: t.delete(5), "position 5: event is missing", id="deleted"),
        pytest.param(lambda t: t.swap(3, 6), "position 3: event or link altered",
                     id="two-swapped"),
    ])
    def test_an_altered_store_fails_naming_the_first_bad_position(
            self, world: World, tamper: Callable[[Tamper], None], named: str) -> None:
        three_cases(world)
        tamper(Tamper(world.container.settings))
        result = run(world.container.settings, "verify")
        assert result.exit_code == 1
        assert f"verify failed: cases store, {named}" in result.stderr

    def test_the_identity_store_is_chained_too(self, world: World) -> None:
        Tamper(world.container.settings, "identity").flip_a_byte(2)
        result = run(world.container.settings, "verify")
        assert result.exit_code == 1
        assert "identity store, position 2: event or link altered" in result.stderr


class TestCheckpoint:
    def test_a_checkpoint_matches_the_store_it_was_taken_of(self, world: World,
                                                            tmp_path: Path) -> None:
        three_cases(world)
        printed = run(world.container.settings, "checkpoint")
        assert printed.exit_code == 0, printed.output
        mark = tmp_path / "checkpoint.json"
        mark.write_text(printed.stdout)
        world.open_case(world.jb_worker)  # later events do not disturb an older checkpoint
        result = run(world.container.settings, "verify", "--checkpoint", str(mark))
        assert result.exit_code == 0, result.output
        assert "matches" in result.stdout

    def test_a_forged_checkpoint_fails(self, world: World, tmp_path: Path) -> None:
        three_cases(world)
        printed = run(world.container.settings, "checkpoint").stdout
        mark = tmp_path / "checkpoint.json"
        mark.write_text(printed.replace('"position": ', '"position": 1'))
        result = run(world.container.settings, "verify", "--checkpoint", str(mark))
        assert result.exit_code == 1
        assert "signature does not match" in result.stderr

    def test_a_history_rewritten_from_the_start_fails_against_the_checkpoint(
            self, world: World, tmp_path: Path) -> None:
        last = three_cases(world)
        mark = tmp_path / "checkpoint.json"
        mark.write_text(run(world.container.settings, "checkpoint").stdout)
        # The intruder also recomputes every link: the chain holds, the checkpoint not.
        Tamper(world.container.settings).flip_a_byte(2)
        _drop_links(world.container.settings)
        result = run(world.container.settings, "verify", "--checkpoint", str(mark))
        assert result.exit_code == 1
        assert f"cases store, position {last}: does not match the checkpoint" in result.stderr


def _drop_links(settings: Settings) -> None:
    """Empty the chain table: the next start computes the links again (a store made
    before the chain)."""
    import sqlite3

    import psycopg
    from psycopg import sql

    if settings.database_url is None:
        with sqlite3.connect(settings.data_dir / "cases.sqlite") as connection:
            connection.execute("DELETE FROM event_chain")
        return
    with psycopg.connect(settings.database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DELETE FROM {}.cases_chain").format(
            sql.Identifier(settings.database_schema or "public")))


class TestStoreMadeBeforeTheChain:
    def test_the_links_are_computed_once_and_verify_passes(self, world: World) -> None:
        last = three_cases(world)
        _drop_links(world.container.settings)
        result = run(world.container.settings, "verify")
        assert result.exit_code == 0, result.output
        assert f"chain intact up to position {last}" in result.stdout
        world.open_case(world.jb_worker)  # the next save links onto the computed chain
        assert run(world.container.settings, "verify").exit_code == 0


class TestProjector:
    def test_the_projector_stops_at_a_tampered_event(self, world: World) -> None:
        container: Container = world.container
        container.runner.catch_up()
        applied = container.views.reader().position()
        last = three_cases(world)
        Tamper(container.settings).flip_a_byte(applied + 2)
        with pytest.raises(ChainBroken, match=f"position {applied + 2}"):
            container.runner.catch_up()
        assert container.views.reader().position() == applied  # nothing of that batch
        assert last > applied

    def test_a_running_projector_stops_and_readyz_says_why(self, world: World) -> None:
        from litestar.testing import TestClient

        from adapters.http.app import create_app

        container = world.container
        three_cases(world)
        Tamper(container.settings).flip_a_byte(3)
        container.runner.start()
        deadline = time.monotonic() + 10
        while container.runner.chain.broken is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert container.runner.chain.broken is not None
        assert container.runner.chain.broken.startswith("position 3:")
        # Kept in the views' database for API processes whose projector runs elsewhere.
        assert ChainStatus(container.views.db).current("cases") == container.runner.chain.broken
        with TestClient(create_app(container)) as client:
            answer = client.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["event_chain"].startswith("broken at position 3:")


class TestConcurrentWriters:
    def test_two_services_writing_at_once_make_one_chain(self, world: World,
                                                         clock: FixedClock) -> None:
        """Two builds over one store stand for two processes; each saves from several
        threads (group commit): the links still follow the positions."""
        other = build(world.container.settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                saves = [pool.submit(world.open_case, world.jb_worker) for _ in range(12)]
                saves += [pool.submit(lambda: other.cases.open_case(
                    world.jb_worker, world.intake("JB"))) for _ in range(12)]
                for save in saves:
                    save.result()
        finally:
            other.close()
        result = run(world.container.settings, "verify")
        assert result.exit_code == 0, result.output
        assert f"up to position {world.stored_position()}" in result.stdout


class TestUnreadableEvent:
    def test_a_state_stored_as_text_is_named_not_a_crash(self, tmp_path: Path) -> None:
        settings = Settings(data_dir=tmp_path / "var", demo=False)
        build(settings, hasher=CHEAP_HASHER).close()  # empty stores, with their chains
        import sqlite3

        connection = sqlite3.connect(settings.data_dir / "identity.sqlite")
        try:  # a state written as TEXT where the library writes a BLOB
            connection.execute("INSERT INTO stored_events VALUES (?, 1, 'x', 'text')",
                               ("a5998428-4f62-4138-be6e-52ae834196d5".replace("-", ""),))
            connection.execute("INSERT INTO event_chain VALUES (1, zeroblob(32))")
            connection.commit()
        finally:
            connection.close()
        result = run(settings, "verify")
        assert result.exit_code == 1
        assert "identity store, position 1: event unreadable" in result.stderr
