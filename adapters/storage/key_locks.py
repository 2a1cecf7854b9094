"""The in-flight guard (service/key_lock.py) for each store.

The embedded SQLite store serves one process: a key held in this process is all there
is. On PostgreSQL several API processes share the store: a key is also held as a
session-level advisory lock for as long as its request runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import psycopg

from service.idempotency import in_progress
from service.key_lock import KeyLock, LocalKeyLock


def key_lock(database_url: str | None, scope: str) -> KeyLock:
    """The guard for the configured store: the embedded store serves one process, so
    the keys held in this process are all there is."""
    if database_url is None:
        return LocalKeyLock()
    return PostgresKeyLock(database_url, scope)


class PostgresKeyLock:
    """Keys held in this process, and an advisory lock per key across processes."""

    def __init__(self, database_url: str, scope: str) -> None:
        self.database_url = database_url
        self.scope = scope
        self.local = LocalKeyLock()

    @contextmanager
    def holding(self, key: UUID) -> Iterator[None]:
        with self.local.holding(key), self._across_processes(key):
            yield

    @contextmanager
    def _across_processes(self, key: UUID) -> Iterator[None]:
        digest = hashlib.sha256(f"casework-idempotency:{self.scope}:{key}".encode()).digest()
        lock = int.from_bytes(digest[:8], "big", signed=True)
        with psycopg.connect(self.database_url, autocommit=True, connect_timeout=5) as conn:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock,)).fetchone()
            if not row or not row[0]:
                raise in_progress()
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (lock,))
