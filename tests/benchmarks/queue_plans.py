"""What the queue statements do in the database, for the queue-read benchmark: their
plans, and on PostgreSQL the buffers one page touches (EXPLAIN ANALYZE), a count that
the load of a shared machine does not move."""

from __future__ import annotations

import re
from typing import Any

from adapters.bootstrap import Container
from adapters.storage import queue_reads
from adapters.storage.views import _CASE_SELECT
from domain.values import Actor

LIMIT = 51


def _statements(container: Container, worker: Actor, table: str) -> list[tuple[str, Any]]:
    today = container.queries.today()
    return [queue_reads.intake_sql(table, "JB", None, LIMIT),
            *queue_reads.caseload_sql(table, str(worker.id), today, None, LIMIT)]


def print_plans(container: Container, worker: Actor) -> None:
    db = container.views.db
    explain = "EXPLAIN QUERY PLAN " if db.dialect == "sqlite" else "EXPLAIN "
    print(f"\nplans on {db.dialect} (the intake page, then each range of the caseload):")
    with db.read() as tx:
        for sql, params in _statements(container, worker, container.views.tables_in(tx).cases):
            print("  WHERE " + sql.split(" WHERE ", 1)[1][:100] + " ...")
            for row in tx.fetchall(explain + sql, params):
                print("     ", row[-1])


def _buffers(tx: Any, sql: str, params: Any) -> int:
    """Shared buffers (hit and read) of the statement's top plan node."""
    plan = [str(row[0]) for row in tx.fetchall("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)]
    found = next(line for line in plan if "Buffers:" in line)
    return sum(int(n) for n in re.findall(r"(?:hit|read)=(\d+)", found))


def print_buffers(container: Container, worker: Actor, old_intake: str,
                  old_caseload: str) -> None:
    """Buffers of one first page of 50: the new intake statement, the caseload's
    statements as far as the reader runs them here (the odd rows' range and the overdue
    range, which fills the page), and the old statements."""
    db = container.views.db
    day = container.queries.today().isoformat()
    with db.read() as tx:
        table = container.views.tables_in(tx).cases
        intake, odd, overdue, *_ = _statements(container, worker, table)
        old = {"intake": (old_intake, ["JB", "intake", "assessed", LIMIT, 0]),
               "caseload": (old_caseload, [str(worker.id), "active", "pending_closure", day,
                                           day, LIMIT, 0])}
        figures = {
            "intake": _buffers(tx, *intake),
            "caseload": _buffers(tx, *odd) + _buffers(tx, *overdue),
            **{f"{name} old": _buffers(tx, sql.format(cols=_CASE_SELECT, table=table),
                                       params) for name, (sql, params) in old.items()},
        }
    print("  PostgreSQL buffers per page: " + ", ".join(
        f"{name} {count}" for name, count in figures.items()))
