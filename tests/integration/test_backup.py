"""`casework backup` and `casework restore` on SQLite and PostgreSQL (decision 0021):
a backup restored into a fresh place verifies and rebuilds read models equal to the
originals; restored with today's key file, a resident erased after the backup stays
erased; a backup taken while commands are written is consistent; a restore into a place
that holds data is refused and changes nothing."""

from __future__ import annotations

import json
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from adapters.bootstrap import Container, build
from adapters.cli import cli
from adapters.security.case_keys import new_master_key_text
from adapters.settings import Settings
from domain.errors import RuleViolated
from domain.values import ERASED
from projections.interfaces import CaseQuery
from service.clock import FixedClock
from tests.conftest import fresh_postgres_schema
from tests.integration.conftest import CHEAP_HASHER, World, make_world
from tests.integration.views_support import dump_views, mixed_history, open_for, project


def run(settings: Settings, *args: str) -> Result:
    env = {"CASEWORK_DATA_DIR": str(settings.data_dir),
           "CASEWORK_DATABASE_URL": settings.database_url or "",
           "CASEWORK_DATABASE_SCHEMA": settings.database_schema or "",
           "CASEWORK_MASTER_KEY": settings.master_key or "",
           "CASEWORK_LOG_LEVEL": "warning"}
    return CliRunner().invoke(cli, list(args), env=env)


@contextmanager
def fresh_place(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """Settings of an empty place of the same kind: a new data directory and, on
    PostgreSQL, a new schema (dropped on leaving)."""
    data_dir = tmp_path / "restored"
    if settings.database_url is None:
        yield replace(settings, data_dir=data_dir)
        return
    with fresh_postgres_schema() as schema:
        yield replace(settings, data_dir=data_dir, database_schema=schema.schema)


@contextmanager
def opened(settings: Settings, clock: FixedClock) -> Iterator[Container]:
    container = build(settings, clock=clock, hasher=CHEAP_HASHER)
    try:
        project(container)
        yield container
    finally:
        container.close()


def backup(world: World, dest: Path, *extra: str) -> Result:
    result = run(world.container.settings, "backup", str(dest), *extra)
    assert result.exit_code == 0, result.output
    return result


def event_count(settings: Settings) -> int:
    container = build(settings, hasher=CHEAP_HASHER)
    try:
        return container.cases_app.recorder.max_notification_id() or 0
    finally:
        container.close()


class TestBackupAndRestore:
    def test_a_restored_backup_verifies_and_rebuilds_the_same_read_models(
            self, world: World, tmp_path: Path) -> None:
        mixed_history(world)
        read = open_for(world, world.pd_worker, "邓奶奶", "139 1111 2222")
        world.cases.get_case(world.auditor, read.id)  # a read in the access log
        original = world.container
        project(original)
        dest = tmp_path / "backups" / "monday"

        made = backup(world, dest)

        keys = dest.with_name("monday.keys")
        assert f"Keys in {keys}" in made.stdout
        # Private files; the data backup holds no key, the key file every case key.
        assert stat.S_IMODE(dest.stat().st_mode) == 0o700
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in dest.iterdir())
        assert stat.S_IMODE(keys.stat().st_mode) == 0o600
        key_file = json.loads(keys.read_text())
        assert len(key_file["case_keys"]) >= 3
        assert not any("case_keys" in p.name or p.suffix == ".key" for p in dest.iterdir())
        manifest = json.loads((dest / "manifest.json").read_text())
        assert manifest["heads"]["cases"]["last_position"] == world.stored_position()

        with fresh_place(original.settings, tmp_path) as place:
            restored = run(place, "restore", str(dest))
            assert restored.exit_code == 0, restored.output
            assert "chain intact, matches the manifest" in restored.stdout
            assert "Rebuilt the views" in restored.stdout
            assert run(place, "verify").exit_code == 0
            with opened(place, world.clock) as copy:
                assert dump_views(copy.views) == dump_views(original.views)
                reads = copy.access_log.entries(read.id, 10, None)
                assert reads == original.access_log.entries(read.id, 10, None)
                assert len(reads) == 1
                for row in dump_views(original.views).cases:
                    case_id = UUID(str(row[0]))
                    assert (copy.cases.get_case(world.auditor, case_id).personal
                            == original.cases.get_case(world.auditor, case_id).personal)
                assert len(copy.queries.search(world.pd_supervisor,
                                               CaseQuery(q="139 1111 2222")).items) == 1

    def test_a_resident_erased_after_the_backup_stays_erased_with_todays_keys(
            self, world: World, tmp_path: Path) -> None:
        kept = open_for(world, world.jb_worker, "宋老师", "138 0000 0001")
        gone = open_for(world, world.jb_worker, "邓奶奶", "139 1111 2222")
        project(world.container)
        backup(world, tmp_path / "before")
        world.cases.erase(world.jb_supervisor, gone.id, "the resident asked")
        backup(world, tmp_path / "today")  # today's key file: today.keys

        with fresh_place(world.container.settings, tmp_path) as place:
            restored = run(place, "restore", str(tmp_path / "before"),
                           "--keys", str(tmp_path / "today.keys"))
            assert restored.exit_code == 0, restored.output
            assert "1 cases had no data key" in restored.stdout
            with opened(place, world.clock) as copy:
                erased = copy.cases.get_case(world.jb_supervisor, gone.id)
                assert set(erased.personal.values()) == {ERASED}
                assert copy.cases.get_case(world.jb_supervisor, kept.id).personal[
                    "name"] == "宋老师"
                assert copy.queries.search(world.jb_supervisor,
                                           CaseQuery(q="139 1111 2222")).items == []
                with pytest.raises(RuleViolated):  # takes no new data
                    copy.cases.add_note(world.jb_worker, gone.id, "a note")
        # The old key file still holds the key: that is why it must not be kept.
        old_keys = json.loads((tmp_path / "before.keys").read_text())["case_keys"]
        assert str(gone.id) in {case_id for case_id, _ in old_keys}

    def test_a_backup_taken_while_commands_are_written_is_consistent(
            self, world: World, tmp_path: Path) -> None:
        open_for(world, world.jb_worker, "宋老师", "138 0000 0001")
        stop = threading.Event()
        failures: list[BaseException] = []

        def keep_writing() -> None:
            try:
                while not stop.is_set():
                    world.open_case(world.jb_worker)
            except BaseException as error:
                failures.append(error)

        writer = threading.Thread(target=keep_writing)
        writer.start()
        try:
            started = world.stored_position()
            backup(world, tmp_path / "busy")
            ended = world.stored_position()
        finally:
            stop.set()
            writer.join()
        assert failures == []
        assert ended > started  # commands were written while the backup ran
        copied = json.loads((tmp_path / "busy" / "manifest.json").read_text())
        assert started <= copied["heads"]["cases"]["last_position"] <= ended

        with fresh_place(world.container.settings, tmp_path) as place:
            restored = run(place, "restore", str(tmp_path / "busy"))
            assert restored.exit_code == 0, restored.output
            assert "no data key" not in restored.stdout  # every case kept its key
            assert event_count(place) == copied["heads"]["cases"]["last_position"]

    def test_a_restore_into_a_place_with_data_is_refused_and_changes_nothing(
            self, world: World, tmp_path: Path) -> None:
        open_for(world, world.jb_worker, "宋老师", "138 0000 0001")
        backup(world, tmp_path / "b")
        settings = world.container.settings
        before = event_count(settings)
        files = sorted(p.name for p in settings.data_dir.rglob("*"))

        refused = run(settings, "restore", str(tmp_path / "b"))

        assert refused.exit_code == 1
        assert "not empty" in refused.output
        assert event_count(settings) == before
        assert sorted(p.name for p in settings.data_dir.rglob("*")) == files


class TestRefusals:
    @pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
    def test_a_damaged_backup_and_a_missing_key_file_are_named(
            self, world: World, tmp_path: Path) -> None:
        open_for(world, world.jb_worker, "宋老师", "138 0000 0001")
        backup(world, tmp_path / "b", "--keys", str(tmp_path / "elsewhere.keys"))
        place = replace(world.container.settings, data_dir=tmp_path / "new")

        no_keys = run(place, "restore", str(tmp_path / "b"))
        assert no_keys.exit_code == 1
        assert "give the newest one with --keys" in no_keys.output

        with (tmp_path / "b" / "cases.sqlite").open("r+b") as copy:
            copy.seek(4096)
            copy.write(b"\xff")
        damaged = run(place, "restore", str(tmp_path / "b"),
                      "--keys", str(tmp_path / "elsewhere.keys"))
        assert damaged.exit_code == 1
        assert "cases.sqlite does not match" in damaged.output
        manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
        del manifest["sha256"]["views.sqlite"]
        (tmp_path / "b" / "manifest.json").write_text(json.dumps(manifest))
        incomplete = run(place, "restore", str(tmp_path / "b"),
                         "--keys", str(tmp_path / "elsewhere.keys"))
        assert incomplete.exit_code == 1
        assert "incomplete: its manifest names no views.sqlite" in incomplete.output
        assert not place.data_dir.exists()

    @pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
    def test_a_backup_into_a_full_directory_or_with_the_keys_inside_is_refused(
            self, world: World, tmp_path: Path) -> None:
        (tmp_path / "full").mkdir()
        (tmp_path / "full" / "x").write_text("x")
        settings = world.container.settings
        assert run(settings, "backup", str(tmp_path / "full")).exit_code == 1
        inside = run(settings, "backup", str(tmp_path / "d"),
                     "--keys", str(tmp_path / "d" / "k.keys"))
        assert inside.exit_code == 1
        assert "must not be inside" in inside.output
        data_only = run(settings, "backup", str(tmp_path / "d"), "--no-keys")
        assert data_only.exit_code == 0, data_only.output
        assert "No key file written" in data_only.stdout
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("d")) == ["d"]


    @pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
    def test_a_key_file_older_than_the_backup_is_refused(
            self, world: World, tmp_path: Path) -> None:
        open_for(world, world.jb_worker, "宋老师", "138 0000 0001")
        backup(world, tmp_path / "old")
        world.later(seconds=1)
        time.sleep(1.1)  # the files are stamped to the second
        open_for(world, world.jb_worker, "邓奶奶", "139 1111 2222")
        backup(world, tmp_path / "new")
        place = replace(world.container.settings, data_dir=tmp_path / "new-place")

        refused = run(place, "restore", str(tmp_path / "new"),
                      "--keys", str(tmp_path / "old.keys"))

        assert refused.exit_code == 1
        assert "is older than the backup" in refused.output
        assert not place.data_dir.exists()



class TestMasterKeyFromTheEnvironment:
    def test_the_key_file_holds_no_master_key_and_restore_needs_the_same_one(
            self, tmp_path: Path, clock: FixedClock) -> None:
        master = new_master_key_text()
        settings = Settings(data_dir=tmp_path / "var", demo=False, master_key=master)
        container = build(settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            world = make_world(container, clock)
            case = open_for(world, world.jb_worker, "宋老师", "138 0000 0001")
            project(container)
            made = backup(world, tmp_path / "b")
        finally:
            container.close()
        assert "master key not included" in made.stdout
        assert json.loads((tmp_path / "b.keys").read_text())["master_key"] is None
        assert master not in (tmp_path / "b.keys").read_text()
        place = replace(settings, data_dir=tmp_path / "new", master_key=None)

        without = run(place, "restore", str(tmp_path / "b"))
        assert without.exit_code == 1
        assert "set CASEWORK_MASTER_KEY" in without.output
        another = run(replace(place, master_key=new_master_key_text()), "restore",
                      str(tmp_path / "b"))
        assert another.exit_code == 1
        assert "does not open" in another.output
        assert not place.data_dir.exists()

        restored = run(replace(place, master_key=master), "restore", str(tmp_path / "b"))
        assert restored.exit_code == 0, restored.output
        assert not (place.data_dir / "keys" / "master.key").exists()
        with opened(replace(place, master_key=master), clock) as copy:
            assert copy.cases.get_case(world.jb_supervisor, case.id).personal[
                "name"] == "宋老师"
