"""Each account's chosen language, in the views database beside the sessions (a setting of
the web UI, not case data: outside the rebuildable view tables)."""

from __future__ import annotations

from uuid import UUID

from adapters.storage.sql import Database

TABLE = "cw_user_languages"


class SqlUserLanguages:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} "
                       "(user_id TEXT PRIMARY KEY, lang TEXT NOT NULL)")

    def get(self, user_id: UUID) -> str | None:
        rows = self.db.fetchall(f"SELECT lang FROM {TABLE} WHERE user_id = ?",
                                (str(user_id),))
        return str(rows[0][0]) if rows else None

    def set(self, user_id: UUID, lang: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"INSERT INTO {TABLE} (user_id, lang) VALUES (?, ?) "
                       "ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang",
                       (str(user_id), lang))
