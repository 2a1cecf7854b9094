"""The intake queue of a team and the caseload of a worker (docs/domain.md §3), read from the
views on SQLite and PostgreSQL: who is in them, their order, deadline states computed
at read time, paging and who may read which."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import InvalidInput, NotFound, NotPermitted
from domain.vocabulary import ClosureOutcome, Risk, Status
from projections.interfaces import CaseQuery
from service.queries import Listing
from service.results import QueueItem
from tests.integration.conftest import World
from tests.integration.views_support import project


def queue_items(listing: Listing) -> list[QueueItem]:
    items = listing.items
    assert all(isinstance(item, QueueItem) for item in items)
    return [item for item in items if isinstance(item, QueueItem)]


def ids(listing: Listing) -> list[UUID]:
    return [item.case_id for item in queue_items(listing)]


class TestIntakeQueue:
    def test_only_unassigned_intake_and_assessed_cases_of_the_team(self, world: World) -> None:
        worker, lead = world.jb_worker, world.jb_supervisor
        waiting = world.open_case(worker).case.id
        assessed = world.assessed_case(worker, Risk.LOW).id
        world.active_case(worker, lead)
        closed = world.open_case(worker).case.id
        world.cases.close(worker, closed, ClosureOutcome.NO_LONGER_NEEDED, "Family came back")
        world.open_case(world.pd_worker)
        project(world.container)

        queue = world.container.queries.intake_queue(worker)

        assert set(ids(queue)) == {waiting, assessed}
        assert {item.status for item in queue_items(queue)} == {Status.INTAKE, Status.ASSESSED}
        assert all(item.assigned_worker_id is None and item.team == "JB"
                   for item in queue_items(queue))
        assert len(ids(world.container.queries.intake_queue(world.pd_worker))) == 1

        world.cases.claim(world.jb_colleague, assessed)
        project(world.container)
        assert ids(world.container.queries.intake_queue(worker)) == [waiting]

    def test_names_are_opened_only_for_a_reader_who_shows_them(self, world: World) -> None:
        """The web UI shows each resident's name and request line (one decryption a row);
        the API's queue answers carry neither, so their reads do not open them."""
        opened = world.open_case(world.jb_worker)
        project(world.container)
        queries = world.container.queries

        shown = queue_items(queries.intake_queue(world.jb_worker, names=True))
        plain = queue_items(queries.intake_queue(world.jb_worker))

        assert [(i.case_id, i.resident_name) for i in shown] == [
            (opened.case.id, world.intake("JB").details.name)]
        assert shown[0].request_line
        assert [(i.resident_name, i.request_line) for i in plain] == [(None, None)]

    def test_triage_order_then_longest_waiting_first(self, world: World) -> None:
        worker = world.jb_worker
        opened: dict[str, UUID] = {}
        # Interleave levels and times: within a level the earlier case must come first.
        for round_ in ("early", "late"):
            for level in ("low", "medium", "unassessed", "high", "critical"):
                world.later(minutes=7)
                if level == "unassessed":
                    opened[f"{level}-{round_}"] = world.open_case(worker).case.id
                else:
                    opened[f"{level}-{round_}"] = world.assessed_case(worker, Risk(level)).id
        project(world.container)

        queue = world.container.queries.intake_queue(worker)

        expected = [opened[f"{level}-{round_}"]
                    for level in ("critical", "unassessed", "high", "medium", "low")
                    for round_ in ("early", "late")]
        assert ids(queue) == expected
        assert [item.risk for item in queue_items(queue)][:4] == [
            Risk.CRITICAL, Risk.CRITICAL, None, None]

    def test_deadline_states_follow_the_clock_at_read_time(self, world: World) -> None:
        # Critical: 2 hours to assign; at risk within the last 30 minutes.
        case = world.assessed_case(world.jb_worker, Risk.CRITICAL).id
        project(world.container)
        queries = world.container.queries
        before = world.container.views.reader().case_row(case)

        states = []
        for minutes in (60, 35, 25, 5):  # after 60, 95, 120 and 125 minutes
            world.later(minutes=minutes)
            (item,) = queue_items(queries.intake_queue(world.jb_worker))
            states.append(item.deadline_state)

        assert states == ["on_track", "at_risk", "breached", "breached"]
        assert world.container.views.reader().case_row(case) == before
        assert item.assign_due == item.waiting_since + timedelta(hours=2)

    def test_an_unassessed_case_has_the_time_to_assign_of_high(self, world: World) -> None:
        world.open_case(world.jb_worker)
        project(world.container)
        world.later(hours=17)
        (item,) = queue_items(world.container.queries.intake_queue(world.jb_worker))
        assert item.deadline_state == "on_track"
        world.later(hours=2)  # 19 of 24 hours: inside the last quarter
        (item,) = queue_items(world.container.queries.intake_queue(world.jb_worker))
        assert item.deadline_state == "at_risk"

    def test_pages_cover_every_item_once_in_order(self, world: World) -> None:
        for index in range(7):
            world.later(minutes=1)
            world.assessed_case(world.jb_worker, (Risk.LOW, Risk.CRITICAL)[index % 2])
        project(world.container)
        queries = world.container.queries
        whole = ids(queries.intake_queue(world.jb_worker))

        pages: list[list[UUID]] = []
        cursor: str | None = None
        while True:
            page = queries.intake_queue(world.jb_worker, limit=3, cursor=cursor)
            pages.append(ids(page))
            cursor = page.next_cursor
            if cursor is None:
                break

        assert [len(p) for p in pages] == [3, 3, 1]
        assert [case for page in pages for case in page] == whole
        assert len(set(whole)) == 7

    def test_a_cursor_or_limit_it_did_not_give_out_is_refused(self, world: World) -> None:
        queries = world.container.queries
        world.open_case(world.jb_worker)
        world.open_case(world.jb_worker)
        project(world.container)
        other_list = queries.search(world.jb_worker, CaseQuery(), limit=1).next_cursor
        assert other_list is not None
        # "W10" is `[]`; "WyJpbnRha2UiLC0xXQ" is `["intake",-1]`.
        for cursor in ("not-a-cursor", "W10", "WyJpbnRha2UiLC0xXQ", other_list):
            with pytest.raises(InvalidInput) as refused:
                queries.intake_queue(world.jb_worker, cursor=cursor)
            assert refused.value.field == "cursor"
        for limit in (0, 201):
            with pytest.raises(InvalidInput) as refused:
                queries.intake_queue(world.jb_worker, limit=limit)
            assert refused.value.field == "limit"
        assert len(ids(queries.intake_queue(world.jb_worker, limit=200))) == 2

    def test_only_the_case_side_has_an_intake_queue(self, world: World) -> None:
        for actor in (world.partner, world.auditor, world.admin):
            with pytest.raises(NotPermitted):
                world.container.queries.intake_queue(actor)


class TestCaseload:
    def test_active_and_pending_closure_cases_of_the_worker(self, world: World) -> None:
        worker, lead = world.jb_worker, world.jb_supervisor
        active = world.active_case(worker, lead, Risk.MEDIUM).id
        pending = world.active_case(worker, lead, Risk.HIGH).id
        world.cases.close(worker, pending, ClosureOutcome.RESOLVED, "Delivered")
        closed = world.active_case(worker, lead, Risk.LOW).id
        world.cases.close(worker, closed, ClosureOutcome.RESOLVED, "Delivered")
        world.active_case(world.jb_colleague, lead)
        world.assessed_case(worker)
        project(world.container)

        caseload = world.container.queries.caseload(worker)

        assert set(ids(caseload)) == {active, pending}
        assert {i.status for i in queue_items(caseload)} == {Status.ACTIVE,
                                                            Status.PENDING_CLOSURE}
        assert all(item.assigned_worker_id == worker.id for item in queue_items(caseload))

    def test_overdue_first_then_risk_then_follow_up_then_opening(self, world: World) -> None:
        worker, lead, cases = world.jb_worker, world.jb_supervisor, world.cases

        def active(risk: Risk, follow_up_in_days: int) -> UUID:
            world.later(minutes=5)
            case = world.assessed_case(worker, risk).id
            due = world.today() + timedelta(days=follow_up_in_days)
            cases.assess(worker, case, world.assessment(risk, follow_up_due=due))
            return cases.assign(lead, case, worker.id, None).case.id

        overdue_later = active(Risk.LOW, 2)      # overdue by 1 day on day 3
        overdue_oldest = active(Risk.LOW, 1)     # overdue by 2 days: first of all
        critical = active(Risk.CRITICAL, 30)
        high_soon = active(Risk.HIGH, 10)
        high_later = active(Risk.HIGH, 20)
        medium_first = active(Risk.MEDIUM, 10)
        medium_second = active(Risk.MEDIUM, 10)  # same risk and date: opened later
        project(world.container)
        world.later(days=3)

        caseload = world.container.queries.caseload(worker)

        assert ids(caseload) == [overdue_oldest, overdue_later, critical, high_soon,
                                 high_later, medium_first, medium_second]
        assert [i.overdue for i in queue_items(caseload)] == [True, True] + [False] * 5
        assert [i.deadline_state for i in queue_items(caseload)][:3] == [
            "breached", "breached", "on_track"]

    def test_follow_up_due_today_is_not_yet_overdue(self, world: World) -> None:
        # Assessed at 09:00 Shanghai with a follow-up tomorrow: due by midnight after
        # it, 39 hours on; at risk in the last quarter (from 14:15 tomorrow).
        world.active_case(world.jb_worker, world.jb_supervisor)
        project(world.container)
        world.later(days=1)
        (item,) = queue_items(world.container.queries.caseload(world.jb_worker))
        assert (item.overdue, item.deadline_state) == (False, "on_track")
        world.later(hours=6)
        (item,) = queue_items(world.container.queries.caseload(world.jb_worker))
        assert (item.overdue, item.deadline_state) == (False, "at_risk")
        world.later(hours=18)
        (item,) = queue_items(world.container.queries.caseload(world.jb_worker))
        assert (item.overdue, item.deadline_state) == (True, "breached")

    def test_pages_cover_every_case_once(self, world: World) -> None:
        for _ in range(5):
            world.later(minutes=3)
            world.active_case(world.jb_worker, world.jb_supervisor)
        project(world.container)
        queries = world.container.queries
        first = queries.caseload(world.jb_worker, limit=2)
        second = queries.caseload(world.jb_worker, limit=2, cursor=first.next_cursor)
        third = queries.caseload(world.jb_worker, limit=2, cursor=second.next_cursor)
        assert third.next_cursor is None
        assert ids(first) + ids(second) + ids(third) == ids(queries.caseload(world.jb_worker))
        assert len(set(ids(queries.caseload(world.jb_worker)))) == 5

    def test_a_supervisor_reads_a_team_members_caseload(self, world: World) -> None:
        case = world.active_case(world.jb_colleague, world.jb_supervisor).id
        project(world.container)
        caseload = world.container.queries.caseload(
            world.jb_supervisor, worker_id=world.jb_colleague.id, worker_team="JB")
        assert ids(caseload) == [case]

    def test_another_teams_worker_is_not_found_for_a_supervisor(self, world: World) -> None:
        world.active_case(world.pd_worker, world.pd_supervisor)
        project(world.container)
        with pytest.raises(NotFound):
            world.container.queries.caseload(world.jb_supervisor, worker_id=world.pd_worker.id,
                                             worker_team="PD")

    def test_a_worker_may_not_read_a_colleagues_caseload(self, world: World) -> None:
        world.active_case(world.jb_colleague, world.jb_supervisor)
        project(world.container)
        with pytest.raises(NotPermitted):
            world.container.queries.caseload(world.jb_worker, worker_id=world.jb_colleague.id,
                                             worker_team="JB")

    def test_an_auditor_names_the_worker_and_a_partner_reads_none(self, world: World) -> None:
        case = world.active_case(world.pd_worker, world.pd_supervisor).id
        project(world.container)
        queries = world.container.queries
        assert ids(queries.caseload(world.auditor, worker_id=world.pd_worker.id)) == [case]
        with pytest.raises(NotPermitted):
            queries.caseload(world.auditor)
        for actor in (world.partner, world.admin):
            with pytest.raises(NotPermitted):
                queries.caseload(actor, worker_id=world.jb_worker.id)
