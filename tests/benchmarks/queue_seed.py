"""The stores of the queue-read benchmark: a container on SQLite or in a fresh
PostgreSQL schema, and its case view filled directly with queue-shaped rows: one team
`JB` whose intake queue and one worker's caseload each hold about half of the cases,
written through the view store's own session (no events, no service)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import psycopg

from adapters.bootstrap import Container, build
from adapters.settings import Settings
from adapters.storage.views import SqlViewStore
from domain.deadlines import assign_due
from domain.vocabulary import Channel, Need, Risk, Status, Vulnerability
from projections.rows import CaseRow
from service.clock import FixedClock

START = datetime(2022, 4, 10, 1, 0, tzinfo=UTC)
SMALL_WORKER = UUID("00000000-0000-4000-8000-00000000c0c0")  # a caseload of 40
SMALL = 40
RISKS: tuple[Risk | None, ...] = (None, Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL)
BATCH = 2000
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def case_row(number: int, worker: UUID) -> CaseRow:
    """Case `number`: even numbers wait in the intake queue, odd ones are the worker's."""
    opened = START - timedelta(minutes=3 * number)
    risk = RISKS[number % len(RISKS)]
    waiting = number % 2 == 0
    if not waiting and risk is None:
        risk = Risk.MEDIUM
    due = (START + timedelta(days=number % 21 - 7)).date() if risk is not None else None
    return CaseRow(
        case_id=uuid4(), reference=f"JB-2022-{number:06d}", team="JB",
        status=(Status.ASSESSED if risk else Status.INTAKE) if waiting else Status.ACTIVE,
        channel=Channel.HOTLINE, opened_at=opened, waiting_since=opened, version=3,
        updated_at=opened, risk=risk, needs=(Need.FOOD, Need.MEDICATION),
        vulnerabilities=(Vulnerability.OLDER_PERSON, Vulnerability.LIVES_ALONE),
        assigned_worker_id=None if waiting else worker, follow_up_due=due,
        follow_up_set_at=opened if due else None,
        assign_due=assign_due(opened, risk) if waiting else None,
        district="江北区", birth_year=1950,
    )


def fill(store: SqlViewStore, first: int, last: int, worker: UUID) -> None:
    """Write cases numbered `first` up to (not including) `last`."""
    for start in range(first, last, BATCH):
        with store.session() as session:
            for number in range(start, min(start + BATCH, last)):
                session.put_case(case_row(number, worker))


def fill_small(store: SqlViewStore) -> None:
    """A second worker of the team with a caseload of `SMALL`, as most workers have."""
    with store.session() as session:
        for number in range(1, 2 * SMALL, 2):
            row = case_row(number, SMALL_WORKER)
            row.reference = f"JB-2022-S{number:05d}"
            session.put_case(row)


def container_for(store: str, clock: FixedClock) -> Container:
    directory = Path(tempfile.mkdtemp(prefix="casework-bench-queues-"))
    if store == "postgres":
        schema = f"bench_queues_{uuid4().hex[:12]}"
        return build(Settings(data_dir=directory, database_url=PG_URL,
                              database_schema=schema, demo=False), clock)
    return build(Settings(data_dir=directory, demo=False), clock)


def settle(container: Container) -> None:
    """On PostgreSQL, VACUUM ANALYZE the case view, as autovacuum soon would: figures of
    a steady store, not of one that autovacuum is busy with meanwhile."""
    schema = container.settings.database_schema
    if schema:
        table = container.views.live_tables().cases
        with psycopg.connect(PG_URL, autocommit=True) as connection:
            connection.execute(f'VACUUM ANALYZE "{schema}".{table}')


def drop_schema(container: Container) -> None:
    schema = container.settings.database_schema
    if schema:
        with psycopg.connect(PG_URL, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
