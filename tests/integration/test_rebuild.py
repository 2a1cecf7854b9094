"""Rebuilding the read models from the events (docs/domain.md §3, DESIGN: read models are
rebuilt at any time), on SQLite and PostgreSQL: the rebuilt views equal the ones built
event by event, also while commands keep coming in and the live runner keeps following,
and the queries keep answering throughout."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest

from adapters.projection.rebuild import rebuild
from adapters.storage.sql import Tx
from adapters.storage.view_tables import PREFIXES, Tables
from domain.vocabulary import Risk
from projections.interfaces import CaseQuery
from tests.integration.conftest import World
from tests.integration.views_support import (
    EVERY_CASE_EVENT,
    dump_views,
    fresh_projection,
    mixed_history,
    project,
    project_from_scratch,
    recorded_event_types,
    view_table_names,
)


def rebuild_views(world: World, progress: Callable[[int], None] | None = None,
                  batch_size: int = 2000) -> str:
    """Rebuild the views as `casework rebuild-projections` does; the new tables' prefix."""
    container = world.container
    result = rebuild(container.cases_app, container.views,
                     lambda: fresh_projection(container), progress, batch_size=batch_size)
    return result.tables


class TestRebuild:
    def test_the_rebuilt_views_equal_the_incremental_ones(self, world: World) -> None:
        container = world.container
        container.runner.batch_size = 1  # one event per transaction, as a busy service
        case_ids = mixed_history(world)
        assert recorded_event_types(container) == EVERY_CASE_EVENT
        project(container)
        incremental = dump_views(container.views)
        queue_before = container.queries.intake_queue(world.pd_supervisor).items
        assert len(incremental.cases) == len(case_ids)
        assert (len(incremental.referrals), incremental.closed_total) == (5, 2)

        applied: list[int] = []
        tables = rebuild_views(world, applied.append, batch_size=7)

        assert tables == PREFIXES[1]
        assert dump_views(container.views) == incremental
        assert sum(applied) == world.stored_position()
        rebuildable = [name for name in view_table_names(container.views.db)
                       if name.startswith(PREFIXES)]
        assert rebuildable == sorted(Tables(PREFIXES[1]).all())  # the old set is gone
        assert container.queries.intake_queue(world.pd_supervisor).items == queue_before

        # And back to the first set of tables; the runner follows whichever is live.
        assert rebuild_views(world) == PREFIXES[0]
        assert dump_views(container.views) == incremental
        world.cases.assess(world.jb_worker, case_ids[0], world.assessment(Risk.LOW))
        assert project(container) > 0
        assert dump_views(container.views).position == world.stored_position()

    def test_a_read_that_began_before_the_switch_still_answers(
            self, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
        container = world.container
        case = world.assessed_case(world.jb_worker, Risk.HIGH)
        project(container)
        store = container.views
        read_live_tables = store.tables_in
        rebuilt: list[str] = []

        def rebuild_right_after(tx: Tx) -> Tables:
            # The reader has read the pointer; now a rebuild switches it and drops
            # the tables it points to, before the reader reads them.
            tables = read_live_tables(tx)
            if not rebuilt:
                thread = threading.Thread(target=lambda: rebuilt.append(rebuild_views(world)))
                thread.start()
                thread.join(timeout=30)
                assert rebuilt
            return tables

        monkeypatch.setattr(store, "tables_in", rebuild_right_after)
        row = container.views.reader().case_row(case.id)

        assert row is not None
        assert row.risk is Risk.HIGH
        assert rebuilt == [PREFIXES[1]]

    def test_rebuilding_while_commands_come_in_and_the_runner_follows(
            self, world: World, tmp_path: Path) -> None:
        container, queries, worker = world.container, world.container.queries, world.jb_worker
        mixed_history(world)
        project(container)
        assert container.start_projections()
        stop = threading.Event()
        errors: list[BaseException] = []
        answers: list[int] = []

        def keep_writing() -> None:
            try:
                while not stop.is_set():
                    case = world.assessed_case(worker, Risk.MEDIUM)
                    world.cases.claim(worker, case.id)
            except BaseException as error:
                errors.append(error)

        def keep_reading() -> None:
            try:
                while not stop.is_set():
                    listing = queries.search(world.auditor, CaseQuery(), limit=200)
                    queries.intake_queue(world.pd_supervisor)
                    queries.dashboard(world.jb_supervisor)
                    answers.append(len(listing.items))
            except BaseException as error:
                errors.append(error)

        during: list[UUID] = []

        def progress(_: int) -> None:
            # Deterministic writes in the middle of the rebuild, besides the writer's.
            if not during:
                during.append(world.open_case(worker).case.id)
                during.append(world.assessed_case(worker, Risk.CRITICAL).id)

        threads = [threading.Thread(target=keep_writing), threading.Thread(target=keep_reading)]
        for thread in threads:
            thread.start()
        try:
            until_written = world.stored_position() + 20
            while world.stored_position() < until_written and not errors:
                threading.Event().wait(0.01)
            rebuild_views(world, progress, batch_size=10)
            threading.Event().wait(0.2)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)

        assert errors == []
        assert answers
        assert min(answers) >= 5
        assert queries.wait(world.stored_position())
        container.runner.stop()
        live = dump_views(container.views)
        assert live.position == world.stored_position()
        assert {row[0] for row in live.cases} >= {str(case_id) for case_id in during}
        assert live == project_from_scratch(container, tmp_path / "reference.sqlite")
