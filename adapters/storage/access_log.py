"""The access log table: append-only, in the views database, outside the rebuildable
view tables (a rebuild never loses it)."""

from __future__ import annotations

from uuid import UUID

from adapters.storage import codec as c
from adapters.storage.sql import Database
from domain.vocabulary import Role
from service.audit import AccessEntry

TABLE = "cw_access_log"


class SqlAccessLog:
    def __init__(self, db: Database) -> None:
        self.db = db
        serial = "INTEGER PRIMARY KEY AUTOINCREMENT" if db.dialect == "sqlite" else \
            "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        with db.transaction() as tx:
            tx.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
                id {serial}, case_id TEXT NOT NULL, at TEXT NOT NULL,
                actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, what TEXT NOT NULL)""")
            tx.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_case ON {TABLE} (case_id, id)")

    def record(self, entry: AccessEntry) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"INSERT INTO {TABLE} (case_id, at, actor_id, actor_role, what) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (str(entry.case_id), c.t(entry.at), str(entry.actor_id),
                        entry.actor_role.value, entry.what))

    def entries(self, case_id: UUID, limit: int, before: tuple[str, int] | None
                ) -> list[tuple[AccessEntry, tuple[str, int]]]:
        """Newest first; `before` is the (at, id) of the last entry of the previous page."""
        params: list[object] = [str(case_id)]
        clause = ""
        if before is not None:
            clause = " AND id < ?"
            params.append(before[1])
        rows = self.db.fetchall(
            f"SELECT id, case_id, at, actor_id, actor_role, what FROM {TABLE} "
            f"WHERE case_id = ?{clause} ORDER BY id DESC LIMIT ?", (*params, limit))
        return [(AccessEntry(UUID(r[1]), c.must_t(r[2]), UUID(r[3]), Role(r[4]), r[5]),
                 (r[2], int(r[0]))) for r in rows]
