"""Keyset paging of the intake queue and the caseload (issue 8), on SQLite and
PostgreSQL: long queues read page by page give every case once, in the order the
reference SQL sorts them, for any page size; a page starts right after the last row of
the page before, in the queue's order as it stands when the page is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from adapters.bootstrap import Container
from domain.errors import InvalidInput
from domain.values import Actor
from domain.vocabulary import Risk, Role, Status
from projections.rows import CaseRow
from service import paging
from service.clock import FixedClock
from service.queries import Listing
from service.results import QueueItem
from tests.integration.queue_rows_support import (
    REFERENCE_CASELOAD,
    REFERENCE_INTAKE,
    RISKS,
    caseload_row,
    put,
    reference_order,
    waiting_row,
)

WORKER = Actor(id=uuid4(), role=Role.WORKER, team="JB")
COLLEAGUE = uuid4()
Read = Callable[[str | None], Listing]


def ids(listing: Listing) -> list[UUID]:
    return [item.case_id for item in listing.items if isinstance(item, QueueItem)]


def every_page(read: Read) -> list[list[UUID]]:
    pages, cursor = [], None
    while True:
        listing = read(cursor)
        pages.append(ids(listing))
        cursor = listing.next_cursor
        if cursor is None:
            return pages


def intake(container: Container, limit: int) -> Read:
    return lambda cursor: container.queries.intake_queue(WORKER, limit=limit, cursor=cursor)


def caseload(container: Container, limit: int) -> Read:
    return lambda cursor: container.queries.caseload(WORKER, limit=limit, cursor=cursor)


def intake_rows(container: Container, clock: FixedClock, count: int) -> list[CaseRow]:
    """`count` waiting cases of JB over every level; four share each waiting time, so
    the case id settles ties. One PD case beside them."""
    now = clock.now()
    rows = [waiting_row("JB", RISKS[i % 5], now - timedelta(minutes=i // 4))
            for i in range(count)]
    put(container, [*rows, waiting_row("PD", Risk.CRITICAL, now)])
    return rows


def today_order(container: Container, clock: FixedClock) -> list[UUID]:
    day = clock.now().astimezone(container.settings.tz).date().isoformat()
    return reference_order(container, REFERENCE_CASELOAD, [str(WORKER.id), day, day])


class TestIntakeQueuePaging:
    def test_120_cases_in_pages_of_50_come_once_each_in_spec_order(
            self, container: Container, clock: FixedClock) -> None:
        intake_rows(container, clock, 120)

        pages = every_page(intake(container, 50))

        assert [len(page) for page in pages] == [50, 50, 20]
        read = [case for page in pages for case in page]
        assert read == reference_order(container, REFERENCE_INTAKE, ["JB"])
        assert len(set(read)) == 120
        items = container.queries.intake_queue(WORKER, limit=200).items
        levels = [RISKS.index(item.risk) for item in items if isinstance(item, QueueItem)]
        assert levels == sorted(levels)  # critical, unassessed, high, medium, low

    @pytest.mark.parametrize("limit", [1, 7, 49, 200])
    def test_any_page_size_gives_the_same_order(self, container: Container,
                                                clock: FixedClock, limit: int) -> None:
        intake_rows(container, clock, 60)
        read = [case for page in every_page(intake(container, limit)) for case in page]
        assert read == reference_order(container, REFERENCE_INTAKE, ["JB"])

    def test_cases_claimed_from_a_read_page_make_the_next_page_skip_nothing(
            self, container: Container, clock: FixedClock) -> None:
        rows = {row.case_id: row for row in intake_rows(container, clock, 60)}
        order = reference_order(container, REFERENCE_INTAKE, ["JB"])
        first = container.queries.intake_queue(WORKER, limit=20)
        put(container, [replace(rows[case], status=Status.ACTIVE,
                                assigned_worker_id=COLLEAGUE) for case in order[:10]])

        second = container.queries.intake_queue(WORKER, limit=20, cursor=first.next_cursor)

        assert ids(second) == order[20:40]  # an offset of 20 would now skip ten

    def test_a_page_starts_after_the_last_row_read_in_the_order_as_it_now_stands(
            self, container: Container, clock: FixedClock) -> None:
        rows = {row.case_id: row for row in intake_rows(container, clock, 60)}
        before = reference_order(container, REFERENCE_INTAKE, ["JB"])
        first = container.queries.intake_queue(WORKER, limit=20)
        raised, lowered = before[50], before[5]  # re-assessed between the pages
        put(container, [replace(rows[raised], risk=Risk.CRITICAL, status=Status.ASSESSED),
                        replace(rows[lowered], risk=Risk.LOW, status=Status.ASSESSED)])
        now = reference_order(container, REFERENCE_INTAKE, ["JB"])

        rest = [case for page in every_page(
            lambda cursor: container.queries.intake_queue(
                WORKER, limit=20, cursor=cursor or first.next_cursor)) for case in page]

        assert rest == now[now.index(before[19]) + 1:]
        assert raised not in rest  # now among the first rows: the next refresh shows it
        assert rest.count(lowered) == 1  # shown again, once, where it now stands


class TestCaseloadPaging:
    @pytest.fixture
    def caseload_rows(self, container: Container, clock: FixedClock) -> list[CaseRow]:
        """120 cases of the worker: overdue, due today and later, every risk, ties on
        due date, risk and opening time; a few with no risk or no follow-up date (none
        the domain makes); a colleague's and closed cases beside them."""
        now = clock.now()
        today = now.astimezone(container.settings.tz).date()
        rows = [caseload_row("JB", WORKER.id, (Risk.LOW, Risk.MEDIUM, Risk.HIGH,
                                               Risk.CRITICAL)[i % 4],
                             today + timedelta(days=i % 9 - 4), now - timedelta(hours=i // 3),
                             Status.PENDING_CLOSURE if i % 10 == 0 else Status.ACTIVE)
                for i in range(116)]
        rows += [caseload_row("JB", WORKER.id, None, today - timedelta(days=2), now),
                 caseload_row("JB", WORKER.id, None, None, now),
                 caseload_row("JB", WORKER.id, Risk.HIGH, None, now),
                 caseload_row("JB", WORKER.id, Risk.LOW, None, now - timedelta(days=3))]
        others = [caseload_row("JB", COLLEAGUE, Risk.HIGH, today, now),
                  caseload_row("JB", WORKER.id, Risk.HIGH, today, now, Status.CLOSED)]
        put(container, rows + others)
        return rows

    @pytest.mark.parametrize("limit", [50, 7, 1])
    def test_every_case_once_in_spec_order(self, container: Container, clock: FixedClock,
                                           caseload_rows: list[CaseRow], limit: int) -> None:
        pages = every_page(caseload(container, limit))

        read = [case for page in pages for case in page]
        assert read == today_order(container, clock)
        assert len(set(read)) == len(caseload_rows) == 120
        if limit == 50:
            assert [len(page) for page in pages] == [50, 50, 20]

    def test_a_day_passing_between_pages_moves_the_order_not_the_cursor(
            self, container: Container, clock: FixedClock,
            caseload_rows: list[CaseRow]) -> None:
        first = container.queries.caseload(WORKER, limit=45)
        last = ids(first)[-1]
        clock.advance(timedelta(days=2))  # more cases are overdue now: they move ahead
        now = today_order(container, clock)

        rest = [case for page in every_page(
            lambda cursor: container.queries.caseload(
                WORKER, limit=30, cursor=cursor or first.next_cursor)) for case in page]

        assert rest == now[now.index(last) + 1:]
        assert len(set(rest)) == len(rest)


class TestForgedPositions:
    @pytest.mark.parametrize("value", [
        [], [0, "a"], [0, "a", "b", "c"], [True, "a", "b"], [1.5, "a", "b"],
        [2**40, "a", "b"], ["0", "a", "b"], [0, None, "b"], [0, "a" * 65, "b"],
        [0, "a\n", "b"], [0, ["a"], "b"], {"0": 1}, 3,
    ])
    def test_an_intake_position_not_given_out_is_refused(self, container: Container,
                                                         value: object) -> None:
        with pytest.raises(InvalidInput) as refused:
            container.queries.intake_queue(WORKER, cursor=paging.encode_cursor("intake", value))
        assert refused.value.field == "cursor"

    @pytest.mark.parametrize("value", [
        [None, 1, "a"], [1, 1, "a", "b"], ["2022-04-10", "1", "a", "b"],
        ["2022-04-10", 1, "a", None], [None, -(2**40), "a", "b"],
    ])
    def test_a_caseload_position_not_given_out_is_refused(self, container: Container,
                                                          value: object) -> None:
        cursor = paging.encode_cursor("caseload", value)
        with pytest.raises(InvalidInput):
            container.queries.caseload(WORKER, cursor=cursor)

    def test_a_cursor_of_the_other_queue_is_refused(self, container: Container,
                                                    clock: FixedClock) -> None:
        intake_rows(container, clock, 3)
        cursor = container.queries.intake_queue(WORKER, limit=1).next_cursor
        with pytest.raises(InvalidInput):
            container.queries.caseload(WORKER, cursor=cursor)

    def test_a_well_formed_position_of_no_row_reads_on_from_there(
            self, container: Container, clock: FixedClock) -> None:
        intake_rows(container, clock, 10)  # levels 0-4, two of each
        cursor = paging.encode_cursor("intake", [2, "", ""])  # before every `high` case
        assert len(ids(container.queries.intake_queue(WORKER, cursor=cursor))) == 6
