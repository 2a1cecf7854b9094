"""Where wrapped case data keys are kept: a SQLite file of their own, or a PostgreSQL table.

Deleting a key must leave no recoverable bytes: the SQLite file runs with
`secure_delete=ON` (freed pages are zeroed) and each deletion is followed by a WAL
checkpoint(TRUNCATE). On PostgreSQL the row is deleted; its old tuple stays in the
table's pages until VACUUM reclaims it (see docs/data-protection.md).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

SQLITE_FILE = "case-keys.sqlite"
POSTGRES_TABLE = "cw_case_keys"


class KeyTable(Protocol):
    def get(self, case_id: UUID) -> bytes | None: ...

    def put_if_absent(self, case_id: UUID, wrapped: bytes) -> bytes:
        """Store `wrapped` unless the case has a key already; the key the case has."""
        ...

    def put_many(self, keys: list[tuple[UUID, bytes]]) -> None:
        """Store the keys of these (new) cases in one transaction."""
        ...

    def replace_all(self, keys: list[tuple[UUID, bytes]]) -> None:
        """Replace the wrapped keys of these cases in one transaction (a rotation)."""
        ...

    def delete(self, case_id: UUID) -> None: ...

    def all(self) -> Iterator[tuple[UUID, bytes]]: ...

    def close(self) -> None: ...


def sqlite_key_path(data_dir: Path) -> Path:
    return data_dir / "keys" / SQLITE_FILE


class SqliteKeyTable:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("CREATE TABLE IF NOT EXISTS case_keys "
                         "(case_id BLOB PRIMARY KEY, wrapped BLOB NOT NULL)")

    def get(self, case_id: UUID) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT wrapped FROM case_keys WHERE case_id = ?",
                                   (case_id.bytes,)).fetchone()
        return None if row is None else bytes(row[0])

    def put_if_absent(self, case_id: UUID, wrapped: bytes) -> bytes:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO case_keys VALUES (?, ?)",
                             (case_id.bytes, wrapped))
            row = self._db.execute("SELECT wrapped FROM case_keys WHERE case_id = ?",
                                   (case_id.bytes,)).fetchone()
        return bytes(row[0])

    def put_many(self, keys: list[tuple[UUID, bytes]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT INTO case_keys VALUES (?, ?)",
                                     [(case_id.bytes, wrapped) for case_id, wrapped in keys])
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def replace_all(self, keys: list[tuple[UUID, bytes]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("UPDATE case_keys SET wrapped = ? WHERE case_id = ?",
                                     [(wrapped, case_id.bytes) for case_id, wrapped in keys])
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def delete(self, case_id: UUID) -> None:
        with self._lock:
            self._db.execute("DELETE FROM case_keys WHERE case_id = ?", (case_id.bytes,))
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def all(self) -> Iterator[tuple[UUID, bytes]]:
        with self._lock:
            rows = self._db.execute("SELECT case_id, wrapped FROM case_keys").fetchall()
        for case_id, wrapped in rows:
            yield UUID(bytes=bytes(case_id)), bytes(wrapped)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class PostgresKeyTable:
    def __init__(self, url: str, schema: str | None) -> None:
        import psycopg
        from psycopg import sql

        self._psycopg = psycopg
        self._url = url
        self._lock = threading.Lock()
        self._table = (sql.Identifier(schema, POSTGRES_TABLE) if schema
                       else sql.Identifier(POSTGRES_TABLE))
        self._sql = sql
        self._db: Any = None
        self._run("CREATE TABLE IF NOT EXISTS {} "
                  "(case_id uuid PRIMARY KEY, wrapped bytea NOT NULL)")

    def _run(self, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
        query = self._sql.SQL(statement).format(self._table)
        with self._lock:
            for attempt in (1, 2):
                if self._db is None or self._db.closed:
                    self._db = self._psycopg.connect(self._url, autocommit=True)
                try:
                    cursor = self._db.execute(query, params)
                    return cursor.fetchall() if cursor.description else []
                except self._psycopg.OperationalError:
                    self._db.close()
                    if attempt == 2:
                        raise
        return []  # pragma: no cover

    def get(self, case_id: UUID) -> bytes | None:
        rows = self._run("SELECT wrapped FROM {} WHERE case_id = %s", (case_id,))
        return bytes(rows[0][0]) if rows else None

    def put_if_absent(self, case_id: UUID, wrapped: bytes) -> bytes:
        self._run("INSERT INTO {} VALUES (%s, %s) ON CONFLICT (case_id) DO NOTHING",
                  (case_id, wrapped))
        key = self.get(case_id)
        assert key is not None
        return key

    def put_many(self, keys: list[tuple[UUID, bytes]]) -> None:
        self._many("INSERT INTO {} VALUES (%s, %s)", keys)

    def replace_all(self, keys: list[tuple[UUID, bytes]]) -> None:
        self._many("UPDATE {} SET wrapped = %s WHERE case_id = %s",
                   [(wrapped, case_id) for case_id, wrapped in keys])

    def _many(self, statement: str, rows: list[Any]) -> None:
        query = self._sql.SQL(statement).format(self._table)
        with (self._lock, self._psycopg.connect(self._url) as connection,
              connection.cursor() as cursor):  # one transaction, committed on exit
            cursor.executemany(query, rows)

    def delete(self, case_id: UUID) -> None:
        self._run("DELETE FROM {} WHERE case_id = %s", (case_id,))

    def all(self) -> Iterator[tuple[UUID, bytes]]:
        for case_id, wrapped in self._run("SELECT case_id, wrapped FROM {}"):
            yield case_id, bytes(wrapped)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
