"""Imports' progress and reports in the views database, beside the sessions (every
server process answers `GET /api/v1/imports/{id}`, whichever runs the import). A report
holds row numbers, column names, codes and case references: no resident data."""

from __future__ import annotations

import json
from uuid import UUID

from adapters.storage.sql import Database
from service.imports import ImportReport

TABLE = "cw_imports"


class SqlImportJobs:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id TEXT PRIMARY KEY, "
                       "team TEXT NOT NULL, report TEXT NOT NULL)")

    def save(self, report: ImportReport) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"INSERT INTO {TABLE} (id, team, report) VALUES (?, ?, ?) "
                       "ON CONFLICT (id) DO UPDATE SET report = excluded.report",
                       (str(report.id), report.team, json.dumps(report.as_dict())))

    def get(self, import_id: UUID) -> ImportReport | None:
        rows = self.db.fetchall(f"SELECT report FROM {TABLE} WHERE id = ?", (str(import_id),))
        return ImportReport.from_dict(json.loads(rows[0][0])) if rows else None
