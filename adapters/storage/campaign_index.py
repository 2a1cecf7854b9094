"""Campaigns and their contacts' state in the views database (decision 0029): what
`next` picks from and the report counts. No personal data: ids, states, times, outcomes.
A row is replaced only by a later version of its contact, so writes racing from several
callers leave the newest."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from adapters.storage.sql import Database
from domain.campaign import CallOutcome, CampaignStatus, ContactState
from service.campaigns import CallRow, CampaignRow, ContactRow

CAMPAIGNS = "cw_campaigns"
CONTACTS = "cw_campaign_contacts"
CALLS = "cw_campaign_calls"


def _t(value: datetime | None) -> str | None:
    """Times are kept as UTC ISO text, so that they compare as text."""
    return None if value is None else value.astimezone(UTC).isoformat()


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _id(value: str | None) -> UUID | None:
    return None if value is None else UUID(value)


class SqlCampaignIndex:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(f"CREATE TABLE IF NOT EXISTS {CAMPAIGNS} (id TEXT PRIMARY KEY, "
                       "team TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, "
                       "status TEXT NOT NULL, created_at TEXT NOT NULL, closed_at TEXT)")
            tx.execute(f"CREATE TABLE IF NOT EXISTS {CONTACTS} (id TEXT PRIMARY KEY, "
                       "campaign_id TEXT NOT NULL, version INTEGER NOT NULL, "
                       "state TEXT NOT NULL, tries INTEGER NOT NULL, due_at TEXT, "
                       "held_by TEXT, held_until TEXT, case_id TEXT, erased INTEGER NOT NULL, "
                       "row_order INTEGER NOT NULL)")
            tx.execute(f"CREATE INDEX IF NOT EXISTS {CONTACTS}_campaign ON {CONTACTS} "
                       "(campaign_id, state, due_at)")
            tx.execute(f"CREATE TABLE IF NOT EXISTS {CALLS} (contact_id TEXT NOT NULL, "
                       "version INTEGER NOT NULL, campaign_id TEXT NOT NULL, "
                       "worker_id TEXT NOT NULL, day TEXT NOT NULL, outcome TEXT NOT NULL, "
                       "PRIMARY KEY (contact_id, version))")
            tx.execute(f"CREATE INDEX IF NOT EXISTS {CALLS}_campaign ON {CALLS} (campaign_id)")

    def put_campaign(self, row: CampaignRow) -> None:
        with self.db.transaction() as tx:
            tx.execute(f"INSERT INTO {CAMPAIGNS} (id, team, title, description, status, "
                       "created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) "
                       "DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at",
                       (str(row.id), row.team, row.title, row.description, row.status.value,
                        _t(row.created_at), _t(row.closed_at)))

    def _campaigns(self, where: str, params: tuple[str, ...]) -> list[CampaignRow]:
        rows = self.db.fetchall(f"SELECT id, team, title, description, status, created_at, "
                                f"closed_at FROM {CAMPAIGNS} WHERE {where} "
                                "ORDER BY created_at DESC", params)
        return [CampaignRow(UUID(r[0]), r[1], r[2], r[3], CampaignStatus(r[4]),
                            datetime.fromisoformat(r[5]), _dt(r[6])) for r in rows]

    def campaign(self, campaign_id: UUID) -> CampaignRow | None:
        found = self._campaigns("id = ?", (str(campaign_id),))
        return found[0] if found else None

    def campaigns(self, team: str) -> list[CampaignRow]:
        return self._campaigns("team = ?", (team,))

    def closed_before(self, at: datetime) -> list[CampaignRow]:
        return self._campaigns("status = ? AND closed_at < ?",
                               (CampaignStatus.CLOSED.value, _t(at) or ""))

    def put_contacts(self, rows: list[ContactRow], calls: list[CallRow]) -> None:
        with self.db.transaction() as tx:
            tx.executemany(
                f"INSERT INTO {CONTACTS} (id, campaign_id, version, state, tries, due_at, "
                "held_by, held_until, case_id, erased, row_order) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "version = excluded.version, state = excluded.state, tries = excluded.tries, "
                "due_at = excluded.due_at, held_by = excluded.held_by, "
                "held_until = excluded.held_until, case_id = excluded.case_id, "
                f"erased = excluded.erased WHERE excluded.version > {CONTACTS}.version",
                [(str(r.id), str(r.campaign_id), r.version, r.state.value, r.tries,
                  _t(r.due_at), str(r.held_by) if r.held_by else None, _t(r.held_until),
                  str(r.case_id) if r.case_id else None, int(r.erased), r.row) for r in rows])
            tx.executemany(
                f"INSERT INTO {CALLS} (contact_id, version, campaign_id, worker_id, day, "
                "outcome) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (contact_id, version) "
                "DO NOTHING",
                [(str(c.contact_id), c.version, str(c.campaign_id), str(c.worker_id),
                  c.day.isoformat(), c.outcome.value) for c in calls])

    def contacts(self, campaign_id: UUID) -> list[ContactRow]:
        rows = self.db.fetchall(
            f"SELECT id, campaign_id, version, state, tries, due_at, held_by, held_until, "
            f"case_id, erased, row_order FROM {CONTACTS} WHERE campaign_id = ? ORDER BY row_order",
            (str(campaign_id),))
        return [ContactRow(UUID(r[0]), UUID(r[1]), r[2], ContactState(r[3]), r[4], _dt(r[5]),
                           _id(r[6]), _dt(r[7]), _id(r[8]), bool(r[9]), r[10]) for r in rows]

    def candidates(self, campaign_id: UUID, caller: UUID, at: datetime, limit: int,
                   skip: set[UUID]) -> list[UUID]:
        """Due contacts not held by another caller: the caller's own first, then the
        longest due."""
        now = _t(at)
        rows = self.db.fetchall(
            f"SELECT id FROM {CONTACTS} WHERE campaign_id = ? AND state = ? "
            "AND (due_at IS NULL OR due_at <= ?) "
            "AND (held_by IS NULL OR held_by = ? OR held_until <= ?) "
            "ORDER BY CASE WHEN held_by = ? THEN 0 ELSE 1 END, COALESCE(due_at, ''), row_order "
            "LIMIT ?",
            (str(campaign_id), ContactState.DUE.value, now, str(caller), now, str(caller),
             limit + len(skip)))
        return [UUID(r[0]) for r in rows if UUID(r[0]) not in skip][:limit]

    def calls(self, campaign_id: UUID) -> list[CallRow]:
        rows = self.db.fetchall(f"SELECT contact_id, version, campaign_id, worker_id, day, "
                                f"outcome FROM {CALLS} WHERE campaign_id = ?",
                                (str(campaign_id),))
        return [CallRow(UUID(r[0]), r[1], UUID(r[2]), UUID(r[3]), date.fromisoformat(r[4]),
                        CallOutcome(r[5])) for r in rows]
