"""PostgreSQL restarts, fail-overs and idle-connection killers end the server's pooled
connections under it. The next command and read must still succeed: the stores retry
on a fresh connection instead of answering with an error."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from adapters.bootstrap import Container, build
from adapters.settings import Settings
from service.clock import FixedClock
from tests.conftest import PostgresSchema
from tests.integration.conftest import CHEAP_HASHER, make_world

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_container(postgres_schema: PostgresSchema, tmp_path: object,
                 clock: FixedClock) -> Iterator[Container]:
    settings = Settings(data_dir=tmp_path / "var",  # type: ignore[operator]
                        database_url=postgres_schema.url,
                        database_schema=postgres_schema.schema, demo=False)
    built = build(settings, clock=clock, hasher=CHEAP_HASHER)
    try:
        yield built
    finally:
        built.close()


def end_connections_of(schema: PostgresSchema) -> int:
    """Terminate every backend that last ran a statement naming this test's schema."""
    with psycopg.connect(schema.url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND query LIKE %s",
            (f"%{schema.schema}%",)).fetchall()
    return len(rows)


def test_commands_and_reads_go_on_after_the_database_ends_the_pooled_connections(
        pg_container: Container, postgres_schema: PostgresSchema, clock: FixedClock) -> None:
    world = make_world(pg_container, clock)
    first = world.open_case(world.jb_worker)

    assert end_connections_of(postgres_schema) >= 1

    second = world.open_case(world.jb_worker)
    noted = world.cases.add_note(world.jb_worker, first.case.id, "电话回访,情况稳定")
    assert second.case.id != first.case.id
    assert noted.case.version == first.case.version + 1
