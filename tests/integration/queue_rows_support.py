"""Queue-shaped case rows written straight into the views, and the queues' orders as
the reference SQL before issue 8 sorted them (every matching row, then ORDER BY), so
that paged keyset reads can be compared with the whole order on both stores."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from adapters.bootstrap import Container
from domain.deadlines import assign_due
from domain.vocabulary import Channel, Need, Risk, Status, Vulnerability
from projections.rows import CaseRow

RISKS: tuple[Risk | None, ...] = (Risk.CRITICAL, None, Risk.HIGH, Risk.MEDIUM, Risk.LOW)
REFERENCE_INTAKE = (
    "SELECT case_id FROM {table} WHERE team = ? AND status IN ('intake', 'assessed') "
    "AND assigned_worker_id IS NULL ORDER BY triage_rank, waiting_since, case_id")
_OVERDUE = "(follow_up_due IS NOT NULL AND follow_up_due < ?)"
REFERENCE_CASELOAD = (
    "SELECT case_id FROM {table} WHERE assigned_worker_id = ? "
    "AND status IN ('active', 'pending_closure') "
    f"ORDER BY CASE WHEN {_OVERDUE} THEN 0 ELSE 1 END, "
    f"CASE WHEN {_OVERDUE} THEN follow_up_due ELSE '' END, "
    "risk_rank DESC, COALESCE(follow_up_due, '9999-12-31'), opened_at, case_id")


def waiting_row(team: str, risk: Risk | None, waiting_since: datetime) -> CaseRow:
    """A case in the team's intake queue: `assessed` with a risk, else `intake`."""
    return CaseRow(
        case_id=uuid4(), reference=f"{team}-2022-{uuid4().hex[:8]}", team=team,
        status=Status.ASSESSED if risk else Status.INTAKE, channel=Channel.HOTLINE,
        opened_at=waiting_since, waiting_since=waiting_since, version=2,
        updated_at=waiting_since, risk=risk, needs=(Need.FOOD,),
        vulnerabilities=(Vulnerability.OLDER_PERSON,),
        assign_due=assign_due(waiting_since, risk), district="江北区")


def caseload_row(team: str, worker: UUID, risk: Risk | None, due: date | None,
                 opened_at: datetime, status: Status = Status.ACTIVE) -> CaseRow:
    """A case in the worker's caseload."""
    return CaseRow(
        case_id=uuid4(), reference=f"{team}-2022-{uuid4().hex[:8]}", team=team,
        status=status, channel=Channel.HOTLINE, opened_at=opened_at,
        waiting_since=opened_at, version=4, updated_at=opened_at, risk=risk,
        needs=(Need.MEDICATION,), assigned_worker_id=worker, follow_up_due=due,
        follow_up_set_at=opened_at - timedelta(days=1) if due else None,
        district="江北区")


def put(container: Container, rows: list[CaseRow]) -> None:
    with container.views.session() as session:
        for row in rows:
            session.put_case(row)


def reference_order(container: Container, sql: str, params: list[Any]) -> list[UUID]:
    """The case ids in the order the reference SQL sorts them."""
    store = container.views
    with store.db.read() as tx:
        rows = tx.fetchall(sql.format(table=store.tables_in(tx).cases), params)
    return [UUID(row[0]) for row in rows]
