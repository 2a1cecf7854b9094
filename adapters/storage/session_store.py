"""Web UI sessions in the views database (SQLite or PostgreSQL): a Litestar Store, so
that sessions survive a restart and every server process shares them.

Values are kept as base64 text with an expiry time; an expired value reads as missing
and is deleted by later writes. Sessions hold who is logged in and their language,
never resident data.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from anyio import to_thread
from litestar.stores.base import Store

from adapters.storage import codec as c
from adapters.storage.sql import Database

TABLE = "cw_ui_sessions"


def _now() -> datetime:
    return datetime.now(tz=UTC)  # sessions expire on real time, not the domain's clock


def _seconds(value: int | timedelta | None) -> float | None:
    if value is None:
        return None
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class SqlSessionStore(Store):
    """A key/value store over one table; thread and process safe through the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, "
                       "data TEXT NOT NULL, expires_at TEXT)")
            tx.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_expiry ON {TABLE} (expires_at)")

    # sync implementations --------------------------------------------------
    def set_sync(self, key: str, value: str | bytes,
                 expires_in: int | timedelta | None = None) -> None:
        raw = value.encode() if isinstance(value, str) else value
        now = _now()
        seconds = _seconds(expires_in)
        expires_at = c.t(now + timedelta(seconds=seconds)) if seconds is not None else None
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE} WHERE expires_at < ?", (c.t(now),))
            tx.execute(f"INSERT INTO {TABLE} (key, data, expires_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET data = excluded.data, "
                       "expires_at = excluded.expires_at",
                       (key, base64.b64encode(raw).decode(), expires_at))

    def get_sync(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        now = _now()
        with self.db.transaction() as tx:
            row = tx.fetchone(f"SELECT data, expires_at FROM {TABLE} WHERE key = ?", (key,))
            if row is None:
                return None
            data, expires_at = row
            if expires_at is not None and c.must_t(expires_at) <= now:
                tx.execute(f"DELETE FROM {TABLE} WHERE key = ?", (key,))
                return None
            seconds = _seconds(renew_for)
            if seconds is not None and expires_at is not None:
                tx.execute(f"UPDATE {TABLE} SET expires_at = ? WHERE key = ?",
                           (c.t(now + timedelta(seconds=seconds)), key))
        return base64.b64decode(data)

    def delete_sync(self, key: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE} WHERE key = ?", (key,))

    def delete_all_sync(self) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE}")

    def expires_in_sync(self, key: str) -> int | None:
        rows = self.db.fetchall(f"SELECT expires_at FROM {TABLE} WHERE key = ?", (key,))
        if not rows or rows[0][0] is None:
            return None
        left = int((c.must_t(rows[0][0]) - _now()).total_seconds())
        return left if left > 0 else None

    # the Store interface ---------------------------------------------------
    async def set(self, key: str, value: str | bytes,
                  expires_in: int | timedelta | None = None) -> None:
        await to_thread.run_sync(self.set_sync, key, value, expires_in)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        return await to_thread.run_sync(self.get_sync, key, renew_for)

    async def delete(self, key: str) -> None:
        await to_thread.run_sync(self.delete_sync, key)

    async def delete_all(self) -> None:
        await to_thread.run_sync(self.delete_all_sync)

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        return await to_thread.run_sync(self.expires_in_sync, key)
