"""Benchmark of the work queues (issue 8): one page of 50 of a team's intake queue and
of a worker's caseload at 2,000 / 10,000 / 20,000 cases in one team.

    uv run --frozen python -m tests.benchmarks.bench_queue_reads [--store both]
        [--sizes 2000,10000,20000] [--reads 300]

The views are filled directly through the view store's session (tests/benchmarks/
queue_seed.py: half the cases wait in the intake queue, half are one worker's caseload,
a third of those overdue; another worker has a caseload of 40, as most have). Each
figure is the median wall time of one read in ms, and beside it this process's CPU time
per read (PostgreSQL's own work is not in the latter); the reads take turns, round by
round, so that other work on the machine weighs on all of them alike. A read is the
service call (SQL, decoding, deadline states, cursor) plus the JSON body as the API
encodes it, unless named `SQL only` (the statements and fetching their rows, nothing
else).

Printed beside the new reads, in the same run:
- `old`: the SQL text the queues used before issue 8 (statuses bound as parameters,
  OFFSET paging, every column decoded through `case_from`), kept below;
- `deep`: the page starting 5,000 rows into the queue (the keyset cursor versus OFFSET);
- `floor`: a plain `SELECT` of the same columns by primary key, `LIMIT 51`, through the
  same decoding and encoding: what a CRUD table read of 50 rows costs here; and its
  `SQL only` beside the queues' own.
It asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec

from adapters.bootstrap import Container
from adapters.http.render import queue_item
from adapters.http.schemas.responses import QueuePageOut
from adapters.logging import configure_logging
from adapters.storage import queue_reads
from adapters.storage.views import _CASE_SELECT, case_from
from domain.values import Actor
from domain.vocabulary import Role
from service.clock import FixedClock
from service.queries import Listing
from service.results import QueueItem
from tests.benchmarks.queue_http import HttpReads
from tests.benchmarks.queue_plans import print_buffers, print_plans
from tests.benchmarks.queue_seed import (
    SMALL,
    SMALL_WORKER,
    START,
    container_for,
    drop_schema,
    fill,
    fill_small,
    settle,
)

LIMIT = 50
DEEP = 5000
WARM_UP = 20
OLD_INTAKE = ("SELECT {cols} FROM {table} WHERE team = ? AND status IN (?, ?) "
              "AND assigned_worker_id IS NULL "
              "ORDER BY triage_rank, waiting_since, case_id LIMIT ? OFFSET ?")
_OVERDUE = "(follow_up_due IS NOT NULL AND follow_up_due < ?)"
OLD_CASELOAD = ("SELECT {cols} FROM {table} WHERE assigned_worker_id = ? AND status IN (?, ?) "
                f"ORDER BY CASE WHEN {_OVERDUE} THEN 0 ELSE 1 END, "
                f"CASE WHEN {_OVERDUE} THEN follow_up_due ELSE '' END, "
                "risk_rank DESC, COALESCE(follow_up_due, '9999-12-31'), opened_at, case_id "
                "LIMIT ? OFFSET ?")
FLOOR = "SELECT {cols} FROM {table} WHERE case_id > ? ORDER BY case_id LIMIT ?"
SMALL_ACTOR = Actor(id=SMALL_WORKER, role=Role.WORKER, team="JB")


def encode(listing: Listing) -> bytes:
    items: list[QueueItem] = listing.items  # type: ignore[assignment]
    return msgspec.json.encode(QueuePageOut(items=[queue_item(i) for i in items],
                                            next_cursor=listing.next_cursor))


class Reads:
    """The reads compared, on one container."""

    def __init__(self, container: Container, worker: Actor) -> None:
        self.container = container
        self.worker = worker
        self.queries = container.queries
        self.store = container.views

    def _fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with self.store.db.read() as tx:
            table = self.store.tables_in(tx).cases
            return tx.fetchall(sql.format(cols=_CASE_SELECT, table=table), params)

    def old_page(self, sql: str, params: list[Any], kind: str) -> bytes:
        """The old way: every column, `dict(zip())` decoding, the old queue item."""
        rows = [case_from(r) for r in self._fetch(sql, params)]
        now, today = self.queries.clock.now(), self.queries.today()
        items = [self.queries.queue_item(row, now, today)  # type: ignore[arg-type]
                 for row in rows[:LIMIT]]
        return encode(Listing(items, kind if len(rows) > LIMIT else None))

    def old_intake(self, offset: int = 0) -> bytes:
        return self.old_page(OLD_INTAKE, ["JB", "intake", "assessed", LIMIT + 1, offset],
                             "intake")

    def old_caseload(self, offset: int = 0, worker: UUID | None = None) -> bytes:
        day = self.queries.today().isoformat()
        params = [str(worker or self.worker.id), "active", "pending_closure", day, day,
                  LIMIT + 1, offset]
        return self.old_page(OLD_CASELOAD, params, "caseload")

    def intake(self, cursor: str | None = None) -> bytes:
        return encode(self.queries.intake_queue(self.worker, limit=LIMIT, cursor=cursor))

    def caseload(self, cursor: str | None = None, actor: Actor | None = None) -> bytes:
        return encode(self.queries.caseload(actor or self.worker, limit=LIMIT, cursor=cursor))

    def floor_sql(self) -> list[tuple[Any, ...]]:
        with self.store.db.read() as tx:
            table = self.store.tables_in(tx).cases
            return tx.fetchall(FLOOR.format(cols=queue_reads.SELECT, table=table),
                               ["", LIMIT + 1])

    def intake_sql(self) -> list[tuple[Any, ...]]:
        with self.store.db.read() as tx:
            table = self.store.tables_in(tx).cases
            return tx.fetchall(*queue_reads.intake_sql(table, "JB", None, LIMIT + 1))

    def caseload_sql(self) -> list[tuple[Any, ...]]:
        with self.store.db.read() as tx:
            table = self.store.tables_in(tx).cases
            return queue_reads.caseload_rows(tx.fetchall, table, str(self.worker.id),
                                             self.queries.today(), None, LIMIT + 1)

    def floor(self) -> bytes:
        raw = self.floor_sql()
        rows = queue_reads.queue_rows(raw, queue_reads.intake_position)
        now, today = self.queries.clock.now(), self.queries.today()
        items = [self.queries.queue_item(row, now, today) for row in rows[:LIMIT]]
        return encode(Listing(items, None))

    def cursor_at(self, read: Callable[[str | None], Listing], depth: int) -> str | None:
        """The cursor `depth` rows into a queue, read 200 at a time."""
        cursor = None
        for _ in range(depth // 200):
            cursor = read(cursor).next_cursor
            assert cursor is not None, "the queue is shorter than the depth asked for"
        return cursor


def timed(cases: dict[str, Callable[[], object]],
          reads: int) -> dict[str, tuple[float, float]]:
    """Per read: the median wall ms, and the mean CPU ms of this process. The reads take
    turns (one of each, `reads` rounds), so a busy moment of the machine falls on all of
    them alike rather than on one."""
    for read in cases.values():
        for _ in range(WARM_UP):  # statements prepared, pages cached
            read()
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu = dict.fromkeys(cases, 0.0)
    for _ in range(reads):
        for name, read in cases.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            read()
            wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name] += time.process_time() - started_cpu
    return {name: (statistics.median(wall[name]), cpu[name] * 1000 / reads)
            for name in cases}


def measure(container: Container, http: HttpReads, reads: int,
            deep: int) -> dict[str, tuple[float, float]]:
    r = Reads(container, http.worker)
    q = container.queries

    def page_of(kind: str) -> Callable[[str | None], Listing]:
        if kind == "intake":
            return lambda cur: q.intake_queue(r.worker, limit=200, cursor=cur)
        return lambda cur: q.caseload(r.worker, limit=200, cursor=cur)

    deep_intake = r.cursor_at(page_of("intake"), deep)
    deep_caseload = r.cursor_at(page_of("caseload"), deep)
    cases: dict[str, Callable[[], object]] = {
        "intake": r.intake, "intake old": r.old_intake,
        "intake deep": lambda: r.intake(deep_intake),
        "intake deep old": lambda: r.old_intake(deep),
        "caseload": r.caseload, "caseload old": r.old_caseload,
        "caseload deep": lambda: r.caseload(deep_caseload),
        "caseload deep old": lambda: r.old_caseload(deep),
        f"caseload of {SMALL}": lambda: r.caseload(actor=SMALL_ACTOR),
        f"caseload of {SMALL} old": lambda: r.old_caseload(worker=SMALL_WORKER),
        "floor": r.floor,
        "intake SQL only": r.intake_sql, "caseload SQL only": r.caseload_sql,
        "floor SQL only": r.floor_sql,
        "GET intake (HTTP)": http.intake, "GET caseload (HTTP)": http.caseload,
        "GET /api/v1/me (HTTP)": http.me,
    }
    return timed(cases, reads)


def run(store: str, sizes: list[int], reads: int) -> None:
    clock = FixedClock(START.replace(hour=3))
    container = container_for(store, clock)
    try:
        fill_small(container.views)
        with HttpReads(container) as http:
            filled = 0
            for size in sizes:
                fill(container.views, filled, size, http.worker.id)
                filled = size
                settle(container)
                deep = min(DEEP, size // 4 // 200 * 200)
                report(store, size, deep, measure(container, http, reads, deep))
                if container.views.db.dialect == "postgres":
                    print_buffers(container, http.worker, OLD_INTAKE, OLD_CASELOAD)
            print_plans(container, http.worker)
    finally:
        container.close()
        drop_schema(container)


def report(store: str, size: int, deep: int,
           figures: dict[str, tuple[float, float]]) -> None:
    print(f"\n{store}, {size:,} cases in team JB, deep = {deep:,} rows in "
          "(wall median ms / CPU ms per read)")
    for name, (wall, cpu) in figures.items():
        print(f"  {name:<20} {wall:7.3f} / {cpu:7.3f}")


def main() -> None:
    configure_logging("warning")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sizes", default="2000,10000,20000")
    parser.add_argument("--reads", type=int, default=300)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    for store in ["sqlite", "postgres"] if args.store == "both" else [args.store]:
        run(store, sizes, args.reads)


if __name__ == "__main__":
    main()
