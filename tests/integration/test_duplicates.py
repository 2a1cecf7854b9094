"""Possible duplicates (docs/domain.md §2), on SQLite and PostgreSQL: intake finds open cases of
its team with the same phone or ID number without waiting for the projections, and two
intakes that missed each other are marked by the views, on the case and in the queue."""

from __future__ import annotations

from uuid import UUID

from adapters.bootstrap import Container, build
from domain.vocabulary import ClosureOutcome
from projections.rows import CaseRow
from tests.integration.conftest import World
from tests.integration.views_support import open_for, project, resident

PHONE = "138 0013 8000"


def duplicates_for(world: World, phone: str | None, id_number: str | None = None,
                   container: Container | None = None) -> set[UUID]:
    queries = (container or world.container).queries
    return {row.case_id for row in queries.possible_duplicates(world.jb_worker, phone,
                                                                id_number)}


def row(world: World, case_id: UUID) -> CaseRow:
    found = world.container.views.reader().case_row(case_id)
    assert found is not None
    return found


class TestIntakeFindsDuplicates:
    def test_a_case_opened_a_moment_ago_is_found_before_the_views_hold_it(
            self, world: World) -> None:
        first = open_for(world, world.jb_worker, "欧阳秀英", PHONE)

        assert world.container.views.reader().case_row(first.id) is None
        assert duplicates_for(world, "+86 138-0013-8000") == {first.id}

    def test_found_through_the_views_once_they_hold_it(self, world: World) -> None:
        first = open_for(world, world.jb_worker, "欧阳秀英", PHONE, "31011519420315002X")
        for n in range(30):
            open_for(world, world.jb_worker, f"居民{n}", f"139 0000 {n:04d}")
        project(world.container)

        assert duplicates_for(world, "13800138000") == {first.id}
        assert duplicates_for(world, None, "31011519420315002x") == {first.id}

    def test_never_by_the_last_four_digits_alone(self, world: World) -> None:
        open_for(world, world.jb_worker, "欧阳秀英", PHONE)
        project(world.container)

        assert duplicates_for(world, "8000") == set()
        assert duplicates_for(world, "137 0000 8000") == set()

    def test_never_across_teams_nor_closed_cases(self, world: World) -> None:
        open_for(world, world.pd_worker, "欧阳秀英", PHONE)
        closed = open_for(world, world.jb_worker, "欧阳秀英", PHONE)
        world.cases.close(world.jb_worker, closed.id, ClosureOutcome.NO_LONGER_NEEDED,
                          "Family came back")
        project(world.container)

        assert duplicates_for(world, PHONE) == set()


class TestTheViewsMarkDuplicatesThatMissedEachOther:
    def test_two_intakes_through_two_processes_at_once_are_marked_on_both(
            self, world: World) -> None:
        other_process = build(world.container.settings, clock=world.clock)
        try:
            first = open_for(world, world.jb_worker, "欧阳秀英", PHONE)
            second = other_process.cases.open_case(
                world.jb_worker, world.intake("JB", details=resident("欧阳秀英", PHONE))).case
            # The second process knew nothing of the first intake: it missed it.
            assert duplicates_for(world, PHONE, container=other_process) == {second.id}
        finally:
            other_process.close()

        project(world.container)

        assert row(world, first.id).duplicates == ((second.id, second.reference),)
        assert row(world, second.id).duplicates == ((first.id, first.reference),)
        queue = world.container.queries.intake_queue(world.jb_supervisor)
        marked = {item.case_id: item.duplicates for item in queue.items}  # type: ignore[union-attr]
        assert marked[first.id] == ((second.id, second.reference),)

    def test_closing_one_of_them_lifts_the_mark_on_the_other(self, world: World) -> None:
        first = open_for(world, world.jb_worker, "欧阳秀英", PHONE)
        second = open_for(world, world.jb_worker, "欧阳秀英", PHONE)
        project(world.container)
        assert row(world, first.id).duplicates == ((second.id, second.reference),)

        world.cases.close(world.jb_worker, second.id, ClosureOutcome.DUPLICATE,
                          "Same request twice", duplicate_of=first.id)
        project(world.container)

        assert row(world, first.id).duplicates == ()
        assert row(world, second.id).duplicates == ()

    def test_a_phone_shared_by_many_residents_marks_a_bounded_number(
            self, world: World) -> None:
        committee = "023 6789 0000"
        opened = [open_for(world, world.jb_worker, f"居民{n}", committee) for n in range(14)]
        project(world.container)

        assert all(len(row(world, case.id).duplicates) <= 10 for case in opened)
        assert len(row(world, opened[-1].id).duplicates) == 10
