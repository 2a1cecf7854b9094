"""The queues' indexes (issue 8), on SQLite and PostgreSQL: created with the view
tables, on both table sets of a rebuild and on a store made before them; and the
queue statements read through them, never sorting the team's or the worker's cases."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from adapters.bootstrap import Container
from adapters.projection.rebuild import rebuild
from adapters.storage import queue_reads
from adapters.storage.sql import Database
from adapters.storage.view_tables import Tables
from adapters.storage.views import SqlViewStore
from domain.vocabulary import Risk
from service.clock import FixedClock
from tests.integration.queue_rows_support import caseload_row, put, waiting_row
from tests.integration.views_support import fresh_projection

QUEUE_INDEXES = ("cases_intake", "cases_overdue", "cases_caseload", "cases_caseload_odd")
WORKER = uuid4()


def index_names(db: Database) -> set[str]:
    if db.dialect == "sqlite":
        rows = db.fetchall("SELECT name FROM sqlite_master WHERE type = 'index'")
    else:
        rows = db.fetchall("SELECT indexname FROM pg_indexes "
                           "WHERE schemaname = current_schema()")
    return {str(row[0]) for row in rows}


def queue_indexes(tables: Tables) -> set[str]:
    return {tables.prefix + name for name in QUEUE_INDEXES}


def plan(db: Database, sql: str, params: list[object]) -> str:
    with db.transaction() as tx:
        if db.dialect == "sqlite":
            rows = tx.fetchall("EXPLAIN QUERY PLAN " + sql, params)
        else:  # a small table: make the planner show what it does at scale
            tx.execute("SET LOCAL enable_seqscan = off")
            tx.execute("SET LOCAL enable_bitmapscan = off")
            rows = tx.fetchall("EXPLAIN " + sql, params)
    return "\n".join(str(row[-1]) for row in rows)


class TestQueueIndexes:
    def test_they_come_with_the_tables_on_both_sets_and_on_older_stores(
            self, container: Container) -> None:
        store = container.views
        live = store.live_tables()
        assert queue_indexes(live) <= index_names(store.db)
        with store.db.transaction() as tx:  # a store made before issue 8
            for name in queue_indexes(live):
                tx.execute(f"DROP INDEX {name}")
        assert not queue_indexes(live) & index_names(store.db)

        SqlViewStore(store.db)  # as a start of the service does
        assert queue_indexes(live) <= index_names(store.db)

        result = rebuild(container.cases_app, store, lambda: fresh_projection(container))
        assert queue_indexes(Tables(result.tables)) <= index_names(store.db)

    def test_the_queue_statements_read_in_index_order(self, container: Container,
                                                      clock: FixedClock) -> None:
        now = clock.now()
        today = now.astimezone(container.settings.tz).date()
        put(container, [waiting_row("JB", Risk.HIGH, now - timedelta(minutes=i))
                        for i in range(300)])
        put(container, [caseload_row("JB", WORKER, Risk.LOW, today + timedelta(days=i % 9 - 4),
                                     now) for i in range(300)])
        db, cases = container.views.db, container.views.live_tables().cases
        p = container.views.live_tables().prefix
        if db.dialect == "postgres":  # as autovacuum does after the rows came in
            with db.transaction() as tx:
                tx.execute(f"ANALYZE {cases}")
        after_intake = (2, now.isoformat(), "")
        for after in (None, after_intake):
            found = plan(db, *queue_reads.intake_sql(cases, "JB", after, 51))
            assert f"{p}cases_intake" in found, found
            assert _no_sort(found), found
        for after in (None, (str(today - timedelta(days=2)), 1, "", ""),
                      (str(today + timedelta(days=2)), 2, "", ""), (None, 1, "", "")):
            odd, *ranges = queue_reads.caseload_sql(cases, str(WORKER), today, after, 51)
            assert f"{p}cases_caseload_odd" in plan(db, *odd)
            for sql, params in ranges:
                found = plan(db, sql, params)
                assert any(f"{p}{name} " in found + " "
                           for name in ("cases_caseload", "cases_overdue")), found
                assert _no_sort(found), found

    def test_a_page_reads_at_most_its_ranges(self, container: Container) -> None:
        after = (str(date(2022, 4, 9)), 2, "", "")  # overdue, high: 3 + 4 ranges
        statements = queue_reads.caseload_sql("t", "w", date(2022, 4, 10), after, 51)
        assert len(statements) == 1 + 3 + 4


def _no_sort(plan_text: str) -> bool:
    return "TEMP B-TREE" not in plan_text and "Sort" not in plan_text
