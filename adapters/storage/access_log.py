"""The access log table: append-only, in the views database, outside the rebuildable
view tables (a rebuild never loses it).

Each way it is read has its index, so that a filter answers from the newest matching
entries at hundreds of thousands of rows: a case's entries (case_id, id) and
(case_id, at, id); a person's (actor_id, at, id); a team's (team, at, id); everyone's by
time (at, id)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from adapters.storage import codec as c
from adapters.storage.sql import Database, Tx
from domain.vocabulary import Role
from service.audit import AccessEntry, AccessFilter

TABLE = "cw_access_log"
_COLUMNS = "id, case_id, at, actor_id, actor_role, what, team"
_INDEXES = {"case": "case_id, id", "case_at": "case_id, at, id", "actor": "actor_id, at, id",
            "team": "team, at, id", "at": "at, id"}


class SqlAccessLog:
    def __init__(self, db: Database) -> None:
        self.db = db
        serial = "INTEGER PRIMARY KEY AUTOINCREMENT" if db.dialect == "sqlite" else \
            "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        with db.transaction() as tx:
            tx.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
                id {serial}, case_id TEXT NOT NULL, at TEXT NOT NULL,
                actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, what TEXT NOT NULL,
                team TEXT)""")
            if "team" not in self._columns(tx):  # a log made before entries named the team
                tx.execute(f"ALTER TABLE {TABLE} ADD COLUMN team TEXT")
            for name, columns in _INDEXES.items():
                tx.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_{name} ON {TABLE} ({columns})")

    def _columns(self, tx: Tx) -> list[str]:
        if self.db.dialect == "sqlite":
            return [str(r[1]) for r in tx.fetchall(f"PRAGMA table_info({TABLE})")]
        return [str(r[0]) for r in tx.fetchall(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema()", (TABLE,))]

    def record(self, entry: AccessEntry) -> None:
        self.record_many([entry])

    def record_many(self, entries: list[AccessEntry]) -> None:
        """Entries in one write (an export records one per case it holds)."""
        if not entries:
            return
        with self.db.transaction() as tx:
            tx.executemany(f"INSERT INTO {TABLE} (case_id, at, actor_id, actor_role, what, team) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           [(str(e.case_id), c.t(e.at), str(e.actor_id), e.actor_role.value,
                             e.what, e.team) for e in entries])

    def entries(self, case_id: UUID, limit: int, before: tuple[str, int] | None
                ) -> list[tuple[AccessEntry, tuple[str, int]]]:
        """Newest first; `before` is the (at, id) of the last entry of the previous page."""
        params: list[object] = [str(case_id)]
        clause = ""
        if before is not None:
            clause = " AND id < ?"
            params.append(before[1])
        rows = self.db.fetchall(
            f"SELECT {_COLUMNS} FROM {TABLE} "
            f"WHERE case_id = ?{clause} ORDER BY id DESC LIMIT ?", (*params, limit))
        return [_entry(r) for r in rows]

    def search(self, where: AccessFilter, limit: int, before: tuple[str, int] | None
               ) -> list[tuple[AccessEntry, tuple[str, int]]]:
        """Newest first by time; every filter is a column an index leads with."""
        conditions: list[str] = []
        params: list[Any] = []
        if where.teams is not None:
            if not where.teams:
                return []
            conditions.append(f"team IN ({', '.join('?' for _ in where.teams)})")
            params.extend(where.teams)
        for column, value in (("case_id", where.case_id), ("actor_id", where.actor_id)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(str(value))
        if where.since is not None:
            conditions.append("at >= ?")
            params.append(c.t(where.since))
        if where.until is not None:
            conditions.append("at < ?")
            params.append(c.t(where.until))
        if before is not None:
            conditions.append("(at < ? OR (at = ? AND id < ?))")
            params.extend([before[0], before[0], before[1]])
        clause = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        rows = self.db.fetchall(f"SELECT {_COLUMNS} FROM {TABLE} {clause} "
                                "ORDER BY at DESC, id DESC LIMIT ?", (*params, limit))
        return [_entry(r) for r in rows]


def _entry(r: tuple[Any, ...]) -> tuple[AccessEntry, tuple[str, int]]:
    return (AccessEntry(UUID(r[1]), c.must_t(r[2]), UUID(r[3]), Role(r[4]), r[5], r[6]),
            (r[2], int(r[0])))
