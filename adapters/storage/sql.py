"""A small database wrapper over sqlite3 and psycopg, so the views share their SQL.

SQL is written with `?` placeholders; the PostgreSQL database rewrites them to `%s`.
Write transactions on SQLite begin IMMEDIATE, so two writers queue instead of failing.
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

Params = Sequence[Any]


class Tx(ABC):
    """One open transaction."""

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> None: ...

    @abstractmethod
    def fetchall(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Params]) -> None: ...

    def fetchone(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None


class Database(ABC):
    dialect: str

    @abstractmethod
    def transaction(self, *, durable: bool = True) -> Any:
        """A context manager yielding a Tx; commits on success, rolls back on error.

        `durable=False`: the commit does not wait for the disk. A crash of the machine
        (not of the process) may lose the last such transactions, never corrupt them:
        for what can be made again from the events, as the views (their rows and their
        tracking position commit together, so lost rows are simply applied again)."""

    @abstractmethod
    def read(self) -> Any:
        """A context manager yielding a Tx for reading one consistent snapshot."""

    @abstractmethod
    def close(self) -> None: ...

    def is_busy(self, error: BaseException) -> bool:
        """Whether `error` says another writer held a lock past the lock timeout."""
        return False

    @abstractmethod
    def is_missing_table(self, error: BaseException) -> bool:
        """Whether `error` says a table the statement named does not exist (any more)."""

    def fetchall(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self.transaction() as tx:
            rows: list[tuple[Any, ...]] = tx.fetchall(sql, params)
            return rows


class _SqliteTx(Tx):
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, params: Params = ()) -> None:
        self.connection.execute(sql, tuple(params))

    def fetchall(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(sql, tuple(params)).fetchall())

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        self.connection.executemany(sql, [tuple(row) for row in rows])


class SqliteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: Path, lock_timeout: float = 5.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, timeout=self.lock_timeout, isolation_level=None,
                check_same_thread=False,
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute(f"PRAGMA busy_timeout={int(self.lock_timeout * 1000)}")
            self._local.connection = connection
            with self._lock:
                self._all.append(connection)
        return connection

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Tx]:
        connection = self._connection()
        if not durable:  # WAL mode: NORMAL syncs at checkpoints, not at every commit
            connection.execute("PRAGMA synchronous=NORMAL")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            if not durable:
                connection.execute("PRAGMA synchronous=FULL")

    @contextmanager
    def read(self) -> Iterator[Tx]:
        connection = self._connection()
        connection.execute("BEGIN")
        try:
            yield _SqliteTx(connection)
        finally:
            connection.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()
        self._local = threading.local()

    def is_missing_table(self, error: BaseException) -> bool:
        return isinstance(error, sqlite3.OperationalError) and "no such table" in str(error)

    def is_busy(self, error: BaseException) -> bool:
        return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


# Held (for its transaction) by whatever creates or alters tables on PostgreSQL: the
# server's processes and the projector start together, and two catalog changes to one
# table at once fail ("tuple concurrently updated") where one after the other is a no-op.
SCHEMA_CHANGE_LOCK = 0x63617365776F726B  # "casework"
_SCHEMA_CHANGES = ("CREATE ", "ALTER ", "DROP ")


class _PostgresTx(Tx):
    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection
        self._schema_locked = False

    def execute(self, sql: str, params: Params = ()) -> None:
        # Only the statement's first word is looked at (reads and writes pass at the
        # cost of a short slice).
        if not self._schema_locked and sql[:40].lstrip().upper().startswith(_SCHEMA_CHANGES):
            self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_CHANGE_LOCK,))
            self._schema_locked = True
        self.connection.execute(sql.replace("?", "%s"), tuple(params))

    def fetchall(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.execute(sql.replace("?", "%s"), tuple(params))
        return list(cursor.fetchall())

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), [tuple(row) for row in rows])


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, url: str, schema: str | None = None, lock_timeout: int = 5,
                 pool_size: int = 5) -> None:
        self.url = url
        self.schema = schema
        options = f"-c lock_timeout={lock_timeout * 1000} "
        options += f"-c idle_in_transaction_session_timeout={lock_timeout * 2000}"
        if schema:
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute(
                    psycopg.sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                        psycopg.sql.Identifier(schema)))
            options += f" -c search_path={schema}"
        self.pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url, min_size=1, max_size=pool_size, open=True,
            kwargs={"options": options, "connect_timeout": lock_timeout},
            check=ConnectionPool.check_connection,
        )

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Tx]:
        with self.pool.connection() as connection, connection.transaction():
            if not durable:  # the commit does not wait for the WAL flush
                connection.execute("SET LOCAL synchronous_commit TO OFF")
            yield _PostgresTx(connection)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.pool.connection() as connection, connection.transaction():
            yield _PostgresTx(connection)

    def close(self) -> None:
        self.pool.close()

    def is_missing_table(self, error: BaseException) -> bool:
        return isinstance(error, psycopg.errors.UndefinedTable)
