"""The CRUD twin's SQLite store: one row per case, updated in place.

WAL and synchronous=FULL (every commit durable, as Casework's event store), a users table
looked up per request, a reference counter per team and year, a notes table.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from domain.deadlines import assign_due
from domain.vocabulary import Risk
from service.identity import password_hasher
from tests.benchmarks.surge import residents as r
from tests.benchmarks.surge.twin_reads import QUEUE_INDEX

TRIAGE = {Risk.CRITICAL.value: 0, None: 1, Risk.HIGH.value: 2, Risk.MEDIUM.value: 3,
          Risk.LOW.value: 4}
CASE_COLUMNS = (
    "id", "reference", "version", "team", "status", "channel", "name", "phone", "id_number",
    "resident", "vulnerabilities", "needs", "request", "consent", "risk", "triage_rank",
    "plan", "follow_up_due", "assigned_worker_id", "opened_at", "waiting_since",
    "assign_due", "updated_at")
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL, role TEXT NOT NULL, team TEXT, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (team TEXT NOT NULL, year INTEGER NOT NULL,
    last INTEGER NOT NULL, PRIMARY KEY (team, year));
CREATE TABLE IF NOT EXISTS cases (id TEXT PRIMARY KEY, reference TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL, team TEXT NOT NULL, status TEXT NOT NULL,
    channel TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL, id_number TEXT,
    resident TEXT NOT NULL, vulnerabilities TEXT NOT NULL, needs TEXT NOT NULL,
    request TEXT NOT NULL, consent TEXT NOT NULL, risk TEXT, triage_rank INTEGER NOT NULL,
    plan TEXT, follow_up_due TEXT, assigned_worker_id TEXT, opened_at TEXT NOT NULL,
    waiting_since TEXT NOT NULL, assign_due TEXT, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cases_phone ON cases (team, phone);
CREATE INDEX IF NOT EXISTS cases_name ON cases (team, name);
CREATE INDEX IF NOT EXISTS cases_id_number ON cases (team, id_number);
CREATE INDEX IF NOT EXISTS cases_opened ON cases (team, opened_at);
CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, case_id TEXT NOT NULL,
    text TEXT NOT NULL, actor_id TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS notes_case ON notes (case_id);
""" + QUEUE_INDEX + ";\n"


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.row_factory = sqlite3.Row
    return db


class TwinStore:
    """One connection per thread (Litestar runs sync handlers in a thread pool)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path)
            self._local.db = db
        return db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        db = self.db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def t(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def case_values(case_id: UUID, reference: str, i: int, opened_at: datetime,
                risk: str | None, worker_id: str | None) -> tuple[object, ...]:
    person = r.resident(i)
    resident = {"name": person.name, "phone": person.phone, "id_number": person.id_number,
                "birth_year": person.birth_year, "gender": "female",
                "address": {"district": "测试区", "street": "测试街道", "community": "测试社区",
                            "detail": None}, "lives_alone": i % 3 == 0}
    status = "active" if worker_id else ("assessed" if risk else "intake")
    due = None if worker_id else t(assign_due(opened_at, Risk(risk) if risk else None))
    return (str(case_id), reference, 1 + (risk is not None) + (worker_id is not None),
            r.TEAM, status, "hotline", person.name, person.phone, person.id_number,
            json.dumps(resident), json.dumps([v.value for v in r.VULNERABILITIES]),
            json.dumps([n.value for n in r.NEEDS]), r.REQUEST,
            json.dumps({"given": True, "method": "verbal"}), risk, TRIAGE[risk],
            "送药送菜" if risk else None,
            r.follow_up(opened_at).isoformat() if risk else None, worker_id, t(opened_at),
            t(opened_at), due, t(opened_at))


def preload(path: Path, case_ids: list[UUID], now: datetime) -> None:
    """The same users and the same cases (ids, residents, states) as Casework's load."""
    db = connect(path)
    try:
        db.executescript(SCHEMA)
        hashed = password_hasher().hash(r.PASSWORD)
        users = [(r.SUPERVISOR, "supervisor"), *((w, "worker") for w in r.WORKERS)]
        worker_ids = {}
        db.execute("BEGIN")
        for n, (username, role) in enumerate(users):
            user_id = str(UUID(int=n + 1))
            worker_ids[username] = user_id
            db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, 1)",
                       (user_id, username, hashed, role, r.TEAM))
        year = now.year
        rows = []
        for i, case_id in enumerate(case_ids):
            shape = r.shape(i, len(case_ids), now)
            worker = (worker_ids[r.WORKERS[shape.claimed_by]]
                      if shape.claimed_by is not None else None)
            rows.append(case_values(case_id, f"{r.TEAM}-{year}-{i + 1:05d}", i,
                                    shape.opened_at, shape.risk.value if shape.risk else None,
                                    worker))
        marks = ", ".join("?" for _ in CASE_COLUMNS)
        db.executemany(f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({marks})",
                       rows)
        db.execute("INSERT INTO counters VALUES (?, ?, ?)", (r.TEAM, year, len(case_ids)))
        db.execute("COMMIT")
        db.execute("ANALYZE")  # what a competent deployment does after a bulk load
    finally:
        db.close()

