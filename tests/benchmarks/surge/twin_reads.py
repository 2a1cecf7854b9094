"""The CRUD twin's reads: the intake queue and search, each over an index made for it.

Queue: one partial index holds exactly the queue's rows (no worker, `intake` or `assessed`)
in the queue's order (docs/domain.md §3: triage rank, then longest waiting), so `ORDER BY ... LIMIT
50` walks the first 50 entries of it, no sort. The query repeats the index's predicate
literally: SQLite uses a partial index only when the query's WHERE implies it term by term.
Each item carries what Casework's queue item carries: needs, vulnerabilities, channel, the
assignment deadline and its state, follow-up overdue, and the open cases of the team with
the same phone or ID number (one batched look-up for the page).

Search: reference, phone, name or ID number, one indexed look-up each, joined with UNION
(an OR across columns lets the planner scan the team instead), newest first.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from typing import Any

from domain.deadlines import deadline_state, follow_up_overdue

QUEUE_WHERE = "assigned_worker_id IS NULL AND status IN ('intake', 'assessed')"
QUEUE_INDEX = (f"CREATE INDEX IF NOT EXISTS cases_intake_queue ON cases "
               f"(team, triage_rank, waiting_since, id) WHERE {QUEUE_WHERE}")
QUEUE_SQL = (
    "SELECT id AS case_id, reference, status, risk, needs, vulnerabilities, channel, "
    "opened_at, waiting_since, follow_up_due, assign_due, assigned_worker_id, phone, "
    f"id_number FROM cases WHERE team = ? AND {QUEUE_WHERE} "
    "ORDER BY triage_rank, waiting_since, id LIMIT ?")
SEARCH_SQL = (
    "SELECT * FROM cases WHERE id IN ("
    "SELECT id FROM cases WHERE reference = ? AND team = ? UNION "
    "SELECT id FROM cases WHERE team = ? AND phone = ? UNION "
    "SELECT id FROM cases WHERE team = ? AND name = ? UNION "
    "SELECT id FROM cases WHERE team = ? AND id_number = ?) "
    "ORDER BY opened_at DESC, id DESC LIMIT ?")
LIST_SQL = "SELECT * FROM cases WHERE team = ? ORDER BY opened_at DESC, id DESC LIMIT ?"
# Open cases of the team with the same phone or ID number as any of the given cases.
SAME_RESIDENT_SQL = (
    "SELECT c.id AS of, d.id, d.reference FROM cases c JOIN cases d "
    "ON d.team = c.team AND d.phone = c.phone AND d.id != c.id AND d.status != 'closed' "
    "WHERE c.id IN ({marks}) UNION "
    "SELECT c.id AS of, d.id, d.reference FROM cases c JOIN cases d "
    "ON d.team = c.team AND d.id_number = c.id_number AND d.id != c.id "
    "AND d.status != 'closed' WHERE c.id IN ({marks})")
DUPLICATES_SQL = (
    "SELECT id, reference FROM cases WHERE team = ? AND phone = ? AND id != ? "
    "AND status != 'closed' UNION "
    "SELECT id, reference FROM cases WHERE team = ? AND id_number = ? AND id != ? "
    "AND status != 'closed' LIMIT 20")
JSON_FIELDS = ("resident", "vulnerabilities", "needs", "consent")


def case_out(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for name in JSON_FIELDS:
        out[name] = json.loads(out[name])
    return out


def duplicates(db: sqlite3.Connection, team: str, phone: str, id_number: str | None,
               case_id: str) -> list[dict[str, Any]]:
    """What Casework's intake answers in `possible_duplicates`."""
    rows = db.execute(DUPLICATES_SQL, (team, phone, case_id, team, id_number, case_id))
    return [dict(row) for row in rows]


def intake_queue(db: sqlite3.Connection, team: str, size: int, at: datetime
                 ) -> dict[str, Any]:
    rows = db.execute(QUEUE_SQL, (team, size + 1)).fetchall()
    page = rows[:size]
    ids = [row["case_id"] for row in page]
    same: dict[str, list[dict[str, str]]] = {}
    if ids:
        marks = ", ".join("?" for _ in ids)
        for found in db.execute(SAME_RESIDENT_SQL.format(marks=marks), (*ids, *ids)):
            same.setdefault(found["of"], []).append(
                {"id": found["id"], "reference": found["reference"]})
    items = []
    for row in page:
        item = dict(row)
        del item["phone"], item["id_number"]
        item["needs"] = json.loads(item["needs"])
        item["vulnerabilities"] = json.loads(item["vulnerabilities"])
        due = item["assign_due"]
        item["deadline_state"] = deadline_state(
            _dt(item["waiting_since"]), _dt(due), at).value if due else None
        follow_up = item["follow_up_due"]
        item["overdue"] = follow_up_overdue(
            date.fromisoformat(follow_up), at.date()) if follow_up else False
        item["possible_duplicates"] = same.get(item["case_id"], [])
        items.append(item)
    return {"items": items, "next_cursor": str(size) if len(rows) > size else None,
            "fresh": True}


def search(db: sqlite3.Connection, team: str, q: str | None, size: int) -> dict[str, Any]:
    if q:
        said = q.strip()
        rows = db.execute(SEARCH_SQL, (said.upper(), team, team, said, team, said, team,
                                       said, size)).fetchall()
    else:
        rows = db.execute(LIST_SQL, (team, size)).fetchall()
    return {"items": [case_out(row) for row in rows], "next_cursor": None, "fresh": True}


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)
