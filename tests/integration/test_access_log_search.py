"""The access log's search across cases (by team, person, case and time), on SQLite and
PostgreSQL, and each filter answered from an index rather than a scan of the log."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from adapters.storage.access_log import TABLE, SqlAccessLog
from domain.vocabulary import Role
from service.audit import AccessEntry, AccessFilter
from tests.integration.conftest import START, World


def seed(log: SqlAccessLog) -> dict[str, UUID]:
    alice, bob = uuid4(), uuid4()
    one, two = uuid4(), uuid4()
    entries = [
        AccessEntry(one, START, alice, Role.WORKER, "case", "JB"),
        AccessEntry(two, START + timedelta(hours=1), bob, Role.WORKER, "case", "PD"),
        AccessEntry(one, START + timedelta(days=1), bob, Role.AUDITOR, "history", "JB"),
        AccessEntry(two, START + timedelta(days=2), alice, Role.WORKER, "case_print", "PD"),
    ]
    log.record_many(entries)
    return {"alice": alice, "bob": bob, "one": one, "two": two}


def whats(log: SqlAccessLog, where: AccessFilter, limit: int = 50) -> list[str]:
    return [entry.what for entry, _ in log.search(where, limit, None)]


class TestSearch:
    def test_each_filter_and_their_combination(self, world: World) -> None:
        log = world.container.access_log
        ids = seed(log)

        assert whats(log, AccessFilter()) == ["case_print", "history", "case", "case"]
        assert whats(log, AccessFilter(teams=("JB",))) == ["history", "case"]
        assert whats(log, AccessFilter(actor_id=ids["alice"])) == ["case_print", "case"]
        assert whats(log, AccessFilter(case_id=ids["two"])) == ["case_print", "case"]
        assert whats(log, AccessFilter(since=START + timedelta(minutes=30),
                                       until=START + timedelta(days=2))) == ["history", "case"]
        assert whats(log, AccessFilter(actor_id=ids["bob"], teams=("JB",))) == ["history"]
        assert whats(log, AccessFilter(teams=())) == []

    def test_pages_follow_on_from_the_last_entry(self, world: World) -> None:
        log = world.container.access_log
        seed(log)

        first = log.search(AccessFilter(), 3, None)
        rest = log.search(AccessFilter(), 3, first[-1][1])

        assert [e.what for e, _ in first + rest] == ["case_print", "history", "case", "case"]


# PostgreSQL's planner scans a table this small whatever its indexes: the plans are
# checked on SQLite, whose planner follows the indexes alone.
@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
class TestIndexes:
    def test_every_filter_reads_an_index_on_sqlite(self, world: World) -> None:
        log = world.container.access_log
        for where in ("team = 'JB'", "actor_id = 'x'", "case_id = 'x'",
                      "at >= '2022' AND at < '2023'", "team = 'JB' AND actor_id = 'x'"):
            plan = " ".join(str(row[-1]) for row in log.db.fetchall(
                f"EXPLAIN QUERY PLAN SELECT id FROM {TABLE} WHERE {where} "
                "ORDER BY at DESC, id DESC LIMIT 50"))
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (where, plan)
            assert "TEMP B-TREE" not in plan, (where, plan)
