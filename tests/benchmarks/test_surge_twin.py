"""The CRUD twin of `casework bench` is a fair one: its reads run over indexes made for
them, its queue items carry Casework's facts, its log-in hashes as Casework's does."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from argon2 import extract_parameters

from service.identity import password_hasher
from tests.benchmarks.surge import residents as r
from tests.benchmarks.surge import twin_reads as reads
from tests.benchmarks.surge.twin_store import connect, preload

CASES = 400


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = Path(tmp_path_factory.mktemp("twin")) / "twin.sqlite"
    preload(path, [uuid4() for _ in range(CASES)], datetime.now(tz=UTC))
    db = connect(path)
    yield db
    db.close()


def plan(db: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> str:
    return "\n".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_the_intake_queue_walks_its_partial_index_without_sorting(
        twin: sqlite3.Connection) -> None:
    got = plan(twin, reads.QUEUE_SQL, (r.TEAM, 51))
    assert "cases_intake_queue" in got
    assert "TEMP B-TREE" not in got


def test_the_intake_queue_is_in_the_order_of_spec_3_with_casework_s_facts(
        twin: sqlite3.Connection) -> None:
    now = datetime.now(tz=UTC)
    items = reads.intake_queue(twin, r.TEAM, 200, now)["items"]
    assert len(items) == 200
    order = {"critical": 0, None: 1, "high": 2, "medium": 3, "low": 4}
    keys = [(order[item["risk"]], item["waiting_since"]) for item in items]
    assert keys == sorted(keys)
    assert {item["status"] for item in items} <= {"intake", "assessed"}
    assert all(item["assigned_worker_id"] is None for item in items)
    first = items[0]
    assert first["needs"] == ["medication", "food"]
    assert first["vulnerabilities"] == ["older_person", "chronic_illness"]
    assert first["channel"] == "hotline"
    assert first["deadline_state"] in ("on_track", "at_risk", "breached")
    assert {"assign_due", "overdue", "possible_duplicates", "case_id"} <= set(first)


@pytest.mark.parametrize("sql", [reads.SEARCH_SQL, reads.DUPLICATES_SQL])
def test_search_and_duplicates_look_up_indexes_and_scan_nothing(
        twin: sqlite3.Connection, sql: str) -> None:
    params = tuple("x" for _ in range(sql.count("?")))
    got = plan(twin, sql, params)
    assert "SCAN" not in got.replace("SCAN CONSTANT", "")
    for index in ("cases_phone", "cases_id_number"):
        assert index in got


def test_search_finds_a_resident_by_phone_name_id_number_or_reference(
        twin: sqlite3.Connection) -> None:
    person = r.resident(7)
    for said in (person.phone, person.name, person.id_number):
        [found] = reads.search(twin, r.TEAM, said, 50)["items"]
        assert found["phone"] == person.phone
    reference = found["reference"]
    [again] = reads.search(twin, r.TEAM, reference.lower(), 50)["items"]
    assert again["id"] == found["id"]


def test_the_twin_s_password_hash_has_casework_s_argon2_parameters(
        twin: sqlite3.Connection) -> None:
    stored = twin.execute("SELECT password_hash FROM users LIMIT 1").fetchone()[0]
    assert extract_parameters(stored) == extract_parameters(
        password_hasher().hash("any password"))
