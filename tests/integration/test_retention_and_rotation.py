"""`casework retention` erases cases closed longer ago than the retention period;
`casework rotate-master-key` re-wraps the case keys without touching the events."""

from __future__ import annotations

import stat
from dataclasses import replace

import pytest
from click.testing import CliRunner, Result

from adapters.bootstrap import Container, build, case_keys, retention_due, run_retention
from adapters.cli import cli
from adapters.security.case_keys import MasterKey, new_master_key_text
from adapters.settings import Settings
from domain.values import ERASED
from domain.vocabulary import ClosureOutcome
from service.clock import FixedClock
from tests.integration.conftest import CHEAP_HASHER, World, make_world
from tests.integration.views_support import project


class TestRetention:
    def test_a_case_closed_longer_ago_than_the_period_is_erased(self, world: World) -> None:
        container = world.container
        old = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.close(world.jb_supervisor, old.id, ClosureOutcome.RESOLVED, "Done")
        world.later(days=20)
        recent = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.close(world.jb_supervisor, recent.id, ClosureOutcome.RESOLVED, "Done")
        still_open = world.active_case(world.jb_worker, world.jb_supervisor)
        world.later(days=5)
        project(container)
        settings = replace(container.settings, retention_days=10)
        args = (container.cases, container.queries, container.clock, settings)

        assert [d.case_id for d in retention_due(*args)] == [old.id]  # the dry run
        assert [d.case_id for d in run_retention(*args)] == [old.id]
        project(container)

        assert world.cases.get_case(world.jb_supervisor, old.id).personal["name"] == ERASED
        for kept in (recent.id, still_open.id):
            assert world.cases.get_case(world.jb_supervisor, kept).personal["name"] == "宋老师"
        assert retention_due(*args) == []


class TestRotation:
    @pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
    def test_the_case_keys_are_rewrapped_and_the_case_reads_whole(
            self, settings: Settings, clock: FixedClock) -> None:
        from tests.integration.conftest import make_world

        container = build(settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            world = make_world(container, clock)
            case = world.active_case(world.jb_worker, world.jb_supervisor)
        finally:
            container.close()
        new_text = new_master_key_text()
        keys = case_keys(settings)
        try:
            assert keys.rotate(MasterKey.from_base64(new_text)) >= 1
        finally:
            keys.close()
        events_before = (settings.data_dir / "cases.sqlite").read_bytes()

        rotated = replace(settings, master_key=new_text)
        container = build(rotated, clock=clock, hasher=CHEAP_HASHER)
        try:
            detail = container.cases.get_case(world.jb_supervisor, case.id)
            assert detail.personal["name"] == "宋老师"
        finally:
            container.close()
        assert (settings.data_dir / "cases.sqlite").read_bytes() == events_before


def run(settings: Settings, *args: str, stdin: str | None = None, **extra: str) -> Result:
    env = {"CASEWORK_DATA_DIR": str(settings.data_dir),
           "CASEWORK_DATABASE_URL": settings.database_url or "",
           "CASEWORK_DATABASE_SCHEMA": settings.database_schema or "",
           "CASEWORK_MASTER_KEY": settings.master_key or "",
           "CASEWORK_LOG_LEVEL": "warning", **extra}
    return CliRunner().invoke(cli, list(args), env=env, input=stdin)


def stored_events(container: Container) -> list[tuple[int, bytes]]:
    """Every stored event of the cases store as its position and its stored bytes."""
    recorder = container.cases_app.recorder
    return [(n.id, n.state) for n in recorder.select_notifications(start=1, limit=100_000)]


class TestRotateMasterKeyCommand:
    """`casework rotate-master-key` on SQLite and PostgreSQL (the key store is a table
    in the PostgreSQL schema there)."""

    def test_the_key_file_is_replaced_and_every_case_still_reads(
            self, settings: Settings, clock: FixedClock) -> None:
        container = build(settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            world = make_world(container, clock)
            case = world.active_case(world.jb_worker, world.jb_supervisor)
            events = stored_events(container)
        finally:
            container.close()
        key_path = settings.data_dir / "keys" / "master.key"
        old_key = key_path.read_text()

        rotated = run(settings, "rotate-master-key")

        assert rotated.exit_code == 0, rotated.output
        assert "re-wrapped" in rotated.stdout
        assert str(key_path) in rotated.stdout
        assert key_path.read_text() != old_key
        assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
        container = build(settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            assert container.cases.get_case(world.jb_supervisor, case.id).personal[
                "name"] == "宋老师"
            assert stored_events(container) == events  # the events are not touched
        finally:
            container.close()

    @pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
    def test_a_key_from_the_environment_is_printed_once_and_a_bad_one_refused(
            self, settings: Settings, clock: FixedClock) -> None:
        settings = replace(settings, master_key=new_master_key_text())
        container = build(settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            world = make_world(container, clock)
            case = world.active_case(world.jb_worker, world.jb_supervisor)
        finally:
            container.close()

        bad = run(settings, "rotate-master-key", "--new-key-stdin", stdin="not a key\n")
        assert bad.exit_code == 1
        assert "base64 of 32 bytes" in bad.output
        wrong = run(replace(settings, master_key=new_master_key_text()), "rotate-master-key")
        assert wrong.exit_code == 1
        assert "does not open the case keys" in wrong.output

        chosen = new_master_key_text()
        rotated = run(settings, "rotate-master-key", "--new-key-stdin", stdin=chosen + "\n")
        assert rotated.exit_code == 0, rotated.output
        assert rotated.stdout.splitlines()[-1] == chosen
        assert not (settings.data_dir / "keys" / "master.key").exists()
        container = build(replace(settings, master_key=chosen), clock=clock,
                          hasher=CHEAP_HASHER)
        try:
            assert container.cases.get_case(world.jb_supervisor, case.id).personal[
                "name"] == "宋老师"
        finally:
            container.close()


class TestRetentionCommand:
    """`casework retention [--dry-run]` runs on today's clock: the world's cases were
    closed in April 2022, longer ago than the default three years."""

    def test_the_dry_run_lists_and_the_run_erases(self, world: World) -> None:
        closed = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.close(world.jb_supervisor, closed.id, ClosureOutcome.RESOLVED, "Done")
        still_open = world.active_case(world.jb_worker, world.jb_supervisor)
        project(world.container)
        settings = world.container.settings
        reference = world.cases.get_case(world.jb_supervisor, closed.id).reference

        dry = run(settings, "retention", "--dry-run")
        assert dry.exit_code == 0, dry.output
        assert dry.stdout.splitlines() == [
            f"{reference}  closed 2022-04-10", "1 cases would be erased (retention 1095 days)"]
        assert world.cases.get_case(world.jb_supervisor, closed.id).personal["name"] == "宋老师"
        longer = run(settings, "retention", "--dry-run", CASEWORK_RETENTION_DAYS="5000")
        assert longer.stdout.splitlines() == ["0 cases would be erased (retention 5000 days)"]

        erased = run(settings, "retention")
        assert erased.exit_code == 0, erased.output
        assert erased.stdout.splitlines()[-1] == "1 cases erased (retention 1095 days)"
        assert world.cases.get_case(world.jb_supervisor, closed.id).personal["name"] == ERASED
        assert world.cases.get_case(world.jb_supervisor, still_open.id).personal[
            "name"] == "宋老师"
        assert run(settings, "retention", "--dry-run").stdout.splitlines() == [
            "0 cases would be erased (retention 1095 days)"]

    @pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
    def test_a_bad_retention_period_stops_the_command(self, world: World) -> None:
        result = run(world.container.settings, "retention", "--dry-run",
                     CASEWORK_RETENTION_DAYS="0")
        assert result.exit_code != 0
        assert "CASEWORK_RETENTION_DAYS must be at least 1" in str(result.exception)
