"""Concurrent writers on a real event store (SQLite and PostgreSQL): references never
repeat or skip, updates are never lost, and a stated version lets exactly one writer win.

Each thread waits at a barrier so that the commands start at the same moment.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from adapters.bootstrap import build
from domain.case import Case
from domain.errors import InvalidInput, VersionConflict
from domain.vocabulary import Status
from tests.integration.conftest import World

T = TypeVar("T")
BARRIER_TIMEOUT = 30


def at_once(count: int, action: Callable[[int], T]) -> list[T | BaseException]:
    """Run `action(i)` for i in 0..count-1 on as many threads, released together.

    Returns each thread's result or the exception it raised, in order of `i`.
    """
    barrier = threading.Barrier(count, timeout=BARRIER_TIMEOUT)

    def run(index: int) -> T | BaseException:
        barrier.wait()
        try:
            return action(index)
        except Exception as error:
            return error

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def successes(outcomes: list[T | BaseException]) -> list[T]:
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert failures == []
    return [o for o in outcomes if not isinstance(o, BaseException)]


class TestReferences:
    def test_forty_intakes_at_once_get_forty_numbers_without_gaps(self, world: World) -> None:
        intake = world.intake("JB")
        outcomes = at_once(40, lambda _: world.cases.open_case(world.jb_worker, intake))
        references = [result.case.reference for result in successes(outcomes)]

        assert all(re.fullmatch(r"JB-2022-\d{5}", ref) for ref in references)
        assert sorted(int(ref.rsplit("-", 1)[1]) for ref in references) == list(range(1, 41))
        for result in successes(outcomes):
            stored = world.cases.get_case(world.jb_supervisor, result.case.id)
            assert stored.reference == result.case.reference
        assert world.open_case(world.jb_worker).case.reference == "JB-2022-00041"


    def test_forty_intakes_at_once_through_two_processes_never_share_a_number(
            self, world: World) -> None:
        # A second container on the same store stands for a second server process: its
        # cache and its locks are its own, so the two meet only at the store.
        other = build(world.container.settings, clock=world.clock)
        try:
            world.open_case(world.jb_worker)  # both caches hold the sequence first
            other.cases.open_case(world.jb_worker, world.intake("JB"))
            services = (world.cases, other.cases)
            outcomes = at_once(40, lambda i: services[i % 2].open_case(
                world.jb_worker, world.intake("JB")))
            numbers = [int(r.case.reference.rsplit("-", 1)[1]) for r in successes(outcomes)]
        finally:
            other.close()

        assert sorted(numbers) == list(range(3, 43))
        assert world.open_case(world.jb_worker).case.reference == "JB-2022-00043"


    def test_a_refused_intake_among_many_at_once_takes_no_number(self, world: World) -> None:
        def intake(i: int) -> object:
            request = "Out of medicine\x07" if i == 7 else "Out of medicine"
            return world.cases.open_case(world.jb_worker, world.intake("JB", request=request))

        outcomes = at_once(20, intake)

        refused = [o for o in outcomes if isinstance(o, BaseException)]
        assert [type(error) for error in refused] == [InvalidInput]
        numbers = [int(o.case.reference.rsplit("-", 1)[1])  # type: ignore[union-attr]
                   for o in outcomes if not isinstance(o, BaseException)]
        assert sorted(numbers) == list(range(1, 20))


class TestConcurrentWriters:
    def test_twenty_notes_at_once_are_all_kept(self, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        outcomes = at_once(20, lambda i: world.cases.add_note(world.jb_worker, case.id,
                                                              f"Phone round {i}"))
        versions = [result.version for result in successes(outcomes)]

        assert sorted(versions) == list(range(2, 22))
        stored = world.cases.get_case(world.jb_supervisor, case.id)
        assert (stored.version, stored.notes_count) == (21, 20)
        notes = [e.personal["text"] for e in world.cases.history(world.jb_supervisor, case.id)
                 if isinstance(e, Case.NoteAdded)]
        assert len(notes) == 20
        assert set(notes) == {f"Phone round {i}" for i in range(20)}

    def test_two_assigns_with_the_same_version_one_wins(self, world: World) -> None:
        case = world.assessed_case(world.jb_worker)
        workers = [world.jb_worker, world.jb_colleague]
        outcomes = at_once(2, lambda i: world.cases.assign(
            world.jb_supervisor, case.id, workers[i].id, None, expected_version=case.version))

        winners = [o for o in outcomes if not isinstance(o, BaseException)]
        losers = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(winners) == 1
        assert len(losers) == 1
        assert isinstance(losers[0], VersionConflict)
        assert losers[0].current_version == case.version + 1
        stored = world.cases.get_case(world.jb_supervisor, case.id)
        assert stored.version == case.version + 1
        assert (stored.status, stored.assigned_worker_id) == (
            Status.ACTIVE, winners[0].case.assigned_worker_id)
