"""A break of the hash chain found by the projector (decision 0019), kept in the views'
database so that every API process's /readyz reports it, wherever the projector runs."""

from __future__ import annotations

from datetime import datetime

from adapters.storage import codec as c
from adapters.storage.sql import Database

TABLE = "cw_chain_break"


class ChainStatus:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
                store TEXT PRIMARY KEY, position BIGINT NOT NULL, reason TEXT NOT NULL,
                at TEXT NOT NULL)""")

    def record(self, store: str, position: int, reason: str, at: datetime) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"INSERT INTO {TABLE} (store, position, reason, at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (store) DO UPDATE SET position = excluded.position, "
                       "reason = excluded.reason, at = excluded.at",
                       (store, position, reason, c.t(at)))

    def clear(self, store: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"DELETE FROM {TABLE} WHERE store = ?", (store,))

    def current(self, store: str) -> str | None:
        """The break last found in `store`, in words, if it still stands."""
        with self.db.read() as tx:
            row = tx.fetchone(f"SELECT position, reason FROM {TABLE} WHERE store = ?", (store,))
        return f"position {row[0]}: {row[1]}" if row is not None else None
