"""Has the identity store changed? A cheaper question than the recorder's own `max`
query, asked before every account look-up (service/user_cache.py, decision 0014).

- SQLite: `PRAGMA data_version` on a connection of its own to identity.sqlite. Its value
  changes whenever another connection (of this process or any other) has committed to
  the file since the last time this connection asked; this connection never writes.
  It reads the WAL index in shared memory: microseconds, no query of the table.
- PostgreSQL: `max(notification_id)` of the identity events table, on a connection of
  its own (the recorder's pool pings each connection it lends: two round trips). The
  library inserts under a table lock, so ids are committed in order and a change is
  always a new, higher maximum.

Both answer for all threads of the process, one at a time.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Protocol

import psycopg
from psycopg import sql


class StoreProbe(Protocol):
    def __call__(self) -> int: ...

    def close(self) -> None: ...


class SqliteDataVersion:
    def __init__(self, path: Path) -> None:
        # Autocommit: each PRAGMA is its own short read; no snapshot stays open to hold
        # back the WAL's checkpoints.
        self._connection = sqlite3.connect(path, check_same_thread=False,
                                           isolation_level=None)
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            rows = self._connection.execute("PRAGMA data_version").fetchall()
        return int(rows[0][0])

    def close(self) -> None:
        with self._lock:
            self._connection.close()


class PostgresMaxPosition:
    def __init__(self, url: str, schema: str, table: str, connect_timeout: int = 5) -> None:
        self._url = url
        self._connect_timeout = connect_timeout
        self._query = sql.SQL("SELECT max(notification_id) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table))
        self._lock = threading.Lock()
        self._connection: psycopg.Connection[tuple[int | None]] | None = None

    def __call__(self) -> int:
        with self._lock:
            for attempt in (1, 2):  # a dropped connection is opened again once
                try:
                    return self._ask()
                except psycopg.OperationalError:
                    self._drop()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def _ask(self) -> int:
        if self._connection is None:
            self._connection = psycopg.connect(self._url, autocommit=True,
                                               connect_timeout=self._connect_timeout)
        row = self._connection.execute(self._query, prepare=True).fetchone()
        return int(row[0] or 0) if row is not None else 0

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    def close(self) -> None:
        with self._lock:
            self._drop()
