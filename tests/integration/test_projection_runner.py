"""The projection runner on SQLite and PostgreSQL: every event applied exactly once,
also across a crash and a restart; the runner thread following new writes; reads that
wait for the reader's own writes; one projector per store."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.bootstrap import Container, build
from adapters.settings import Settings
from domain.vocabulary import ClosureOutcome, Risk, Status
from projections.interfaces import CaseQuery
from projections.rows import CaseRow
from service.clock import FixedClock
from tests.integration.conftest import CHEAP_HASHER, World
from tests.integration.views_support import (
    dump_views,
    project,
    project_from_scratch,
    second_container,
    status_of,
)

__all__ = ["second_container"]  # a fixture


class Crash(Exception):
    """Stands for the process dying between the view writes and the commit."""


def crash() -> None:
    raise Crash


def until(condition: Callable[[], bool], timeout: float = 5.0) -> float:
    """Seconds it took for `condition()` to hold; fails after `timeout`."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.01)
    return time.monotonic() - started


class TestExactlyOnce:
    def test_a_crash_before_the_commit_leaves_the_views_as_they_were(
            self, world: World, tmp_path: Path) -> None:
        container, cases, worker = world.container, world.cases, world.jb_worker
        first = world.open_case(worker).case.id
        project(container)
        before = dump_views(container.views)
        cases.close(worker, first, ClosureOutcome.NO_LONGER_NEEDED, "Family came back")
        world.assessed_case(worker, Risk.HIGH)

        with pytest.raises(Crash):
            container.runner.run_batch(before_commit=crash)

        assert dump_views(container.views) == before
        assert container.runner.position == before.position
        assert status_of(container, first) is Status.INTAKE

        applied = container.runner.run_batch()

        after = dump_views(container.views)
        assert applied == world.stored_position() - before.position > 0
        assert after.position == world.stored_position()
        assert (after.opened_total, after.closed_total) == (2, 1)
        assert status_of(container, first) is Status.CLOSED
        assert after == project_from_scratch(container, tmp_path / "reference.sqlite")

    def test_crashes_in_a_row_then_success_count_each_event_once(self, world: World) -> None:
        container = world.container
        for _ in range(3):
            world.open_case(world.jb_worker)
        container.runner.batch_size = 2
        for _ in range(3):
            with pytest.raises(Crash):
                container.runner.run_batch(before_commit=crash)
        assert dump_views(container.views).opened_total == 0

        project(container)

        dump = dump_views(container.views)
        assert (dump.opened_total, len(dump.cases)) == (3, 3)
        assert project(container) == 0
        assert dump_views(container.views) == dump

    def test_a_restarted_process_resumes_from_the_tracked_position(
            self, world: World, settings: Settings, clock: FixedClock,
            tmp_path: Path) -> None:
        container = world.container
        for _ in range(4):
            world.later(hours=3)
            case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.HIGH)
        container.runner.batch_size = 5
        assert container.runner.run_batch() == 5  # part of the history, then "crash"
        container.close()

        restarted = build(settings, clock=clock, hasher=CHEAP_HASHER)
        try:
            assert restarted.queries.reader.position() == 5
            world.container = restarted
            world.cases.close(world.jb_worker, case.id, ClosureOutcome.RESOLVED, "Delivered")
            applied = project(restarted)

            dump = dump_views(restarted.views)
            assert applied == world.stored_position() - 5
            assert (dump.opened_total, len(dump.cases)) == (4, 4)
            assert status_of(restarted, case.id) is Status.PENDING_CLOSURE
            assert dump == project_from_scratch(restarted, tmp_path / "reference.sqlite")
        finally:
            restarted.close()


    def test_two_runners_on_one_store_apply_a_batch_once(
            self, world: World, settings: Settings, clock: FixedClock) -> None:
        """As when the projector lock was lost unnoticed (a dropped connection) and a
        standby took over while the old runner was mid-batch: the tracking row is the
        last line of defence, and the daily counts must not double."""
        for _ in range(3):
            world.open_case(world.jb_worker)
        other = build(settings, clock=clock, hasher=CHEAP_HASHER)
        second: list[int] = []
        try:
            def meanwhile() -> None:  # the other runner tries the same batch, then we commit
                thread = threading.Thread(target=lambda: second.append(
                    other.runner.run_batch()))
                thread.start()
                thread.join(timeout=1.0)
                threads.append(thread)

            threads: list[threading.Thread] = []
            first = world.container.runner.run_batch(before_commit=meanwhile)
            threads[0].join(timeout=10)
            assert not threads[0].is_alive()
        finally:
            other.close()

        dump = dump_views(world.container.views)
        assert first == world.stored_position()
        assert second == [0]
        assert (dump.position, dump.opened_total, len(dump.cases)) == (
            world.stored_position(), 3, 3)


class TestFollowing:
    def test_the_runner_thread_applies_new_writes_at_once(self, world: World) -> None:
        container = world.container
        container.runner.poll_interval = 30.0  # only a wake-up can make it quick
        assert container.start_projections()

        opened = world.open_case(world.jb_worker)
        assert container.queries.wait(opened.position)
        assert container.views.reader().case_row(opened.case.id) is not None

        claimed = world.cases.claim(world.jb_worker, world.assessed_case(world.jb_worker).id)
        assert container.queries.wait(claimed.position)  # waits at most 2 s, not 30
        assert status_of(container, claimed.case.id) is Status.ACTIVE

    def test_a_write_of_another_process_reaches_the_projector(
            self, world: World, second_container: Container, settings: Settings) -> None:
        projector, writer = world.container, second_container
        # PostgreSQL wakes the projector by LISTEN/NOTIFY; SQLite's embedded mode has one
        # process, and another one's writes are found by polling.
        projector.runner.poll_interval = 30.0 if settings.uses_postgres else 0.2
        assert projector.start_projections()
        if projector.listener is not None:
            assert projector.listener.connected.wait(5)

        world.container = writer
        written = world.open_case(world.jb_worker)

        until(lambda: projector.runner.position >= written.position, timeout=5.0)
        assert writer.queries.wait(written.position)  # polls the shared views
        assert writer.views.reader().case_row(written.case.id) is not None

    def test_a_read_given_the_position_of_a_write_sees_it(self, world: World) -> None:
        container, queries, worker = world.container, world.container.queries, world.jb_worker
        assert container.start_projections()
        for _ in range(5):
            opened = world.open_case(worker)
            listing = queries.search(worker, CaseQuery(), min_position=opened.position)
            assert listing.fresh
            assert opened.case.id in {row.case_id for row in listing.items
                                      if isinstance(row, CaseRow)}
            claimed = world.cases.claim(worker, world.assessed_case(worker).id)
            caseload = queries.caseload(worker, min_position=claimed.position)
            assert caseload.fresh
            assert claimed.case.id in {item.case_id for item in caseload.items}

    def test_a_position_beyond_the_store_is_answered_at_once_as_not_fresh(
            self, world: World) -> None:
        """No command was given that position: waiting could not help (issue 11)."""
        container = world.container
        world.open_case(world.jb_worker)
        assert container.start_projections()
        assert container.runner.wait_for(world.stored_position(), 10)
        beyond = world.stored_position() + 1000

        started = time.monotonic()
        listing = container.queries.intake_queue(world.jb_worker, min_position=beyond)
        waited = time.monotonic() - started

        assert listing.fresh is False
        assert waited < 1.0
        assert len(listing.items) == 1  # it still answers with what it has

    def test_a_stored_position_the_views_lack_gives_up_after_about_two_seconds(
            self, world: World) -> None:
        container = world.container
        world.open_case(world.jb_worker)  # stored; no projection runs
        stored = world.stored_position()

        started = time.monotonic()
        listing = container.queries.intake_queue(world.jb_worker, min_position=stored)
        waited = time.monotonic() - started

        assert listing.fresh is False
        assert 1.9 <= waited < 4.0


class TestOneProjector:
    def test_only_one_process_gets_the_projector_lock(
            self, container: Container, second_container: Container) -> None:
        assert container.start_projections()
        assert not second_container.start_projections()
        assert second_container.projector_lock is None

        container.close()

        assert second_container.start_projections()

    def test_a_standby_server_takes_over_when_the_projector_stops(
            self, world: World, second_container: Container) -> None:
        """A server started while another process projected waits as a standby, and
        takes the lock as soon as that process is gone: the views never stop for good."""
        assert world.container.start_projections()
        second_container.projector.retry_seconds = 0.05
        assert not second_container.start_projections(standby=True)

        world.container.close()
        until(lambda: second_container.projector_lock is not None)

        opened = second_container.cases.open_case(world.jb_worker, world.intake("JB"))
        listing = second_container.queries.search(world.jb_worker, CaseQuery(),
                                                  min_position=opened.position)
        assert listing.fresh
        assert opened.case.id in {row.case_id for row in listing.items
                                  if isinstance(row, CaseRow)}
