"""The projector's save-to-view lag, as last reported by the process that runs the
projections, in the views' database: an API process whose projections run elsewhere
(decision 0016) serves it on /metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from adapters.storage import codec as c
from adapters.storage.sql import Database

TABLE = "cw_projector_lag"


@dataclass(frozen=True)
class ReportedLag:
    p50: float
    p99: float
    at: datetime


class LagReport:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
                name TEXT PRIMARY KEY, p50 REAL NOT NULL, p99 REAL NOT NULL,
                at TEXT NOT NULL)""")

    def record(self, p50: float, p99: float, at: datetime) -> None:
        with self.db.transaction(durable=False) as tx:
            tx.execute(f"INSERT INTO {TABLE} (name, p50, p99, at) VALUES ('views', ?, ?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET p50 = excluded.p50, "
                       "p99 = excluded.p99, at = excluded.at", (p50, p99, c.t(at)))

    def latest(self) -> ReportedLag | None:
        with self.db.read() as tx:
            row = tx.fetchone(f"SELECT p50, p99, at FROM {TABLE} WHERE name = 'views'")
        if row is None:
            return None
        return ReportedLag(float(row[0]), float(row[1]), c.must_t(str(row[2])))
