"""Task rows on SQLite and PostgreSQL (decision 0032): how a TaskRow is stored and read,
and the task reads' SQL.

The texts a volunteer needs (description, place, the resident as 宋老师) are personal
data: the `summary` column holds them sealed under the case's own key, bound to the task
(deterministic, so a rebuilt view holds the same bytes); an erased case's rows hold ERASED.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from adapters.storage import codec as c
from adapters.storage.sql import Tx
from adapters.storage.summary import TextSeal
from adapters.storage.view_tables import (
    DONE_TASK_WHERE,
    OPEN_TASK_WHERE,
    TASK_COLUMNS,
    Tables,
)
from domain.checkins import Every
from domain.values import ERASED
from domain.vocabulary import TaskKind, TaskStatus
from projections.interfaces import HoursLine, TaskQuery
from projections.rows import TaskRow

TASK_SELECT = ", ".join(TASK_COLUMNS)
Texts = tuple[str | None, str | None, str | None]  # description, place, resident
# Cases named in one look-up of overdue counts (a caseload page is at most 200).
MARKS_MAX = 500


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def summary_text(row: TaskRow, seal: TextSeal | None) -> str:
    if row.description == ERASED:
        return ERASED
    plain = msgspec.json.encode([row.description, row.place, row.resident]).decode()
    return plain if seal is None else seal.seal(row.case_id, row.task_id, plain)


def texts_from(case_id: UUID, task_id: UUID, text: str, seal: TextSeal | None,
               open_sealed: bool) -> Texts:
    if not text:
        return None, None, None
    if text == ERASED:
        return ERASED, ERASED, ERASED
    if not text.startswith("["):
        if seal is None or not open_sealed:
            return None, None, None
        text = seal.open(case_id, task_id, text)
        if text == ERASED:  # the key is gone: erased since the row was written
            return ERASED, ERASED, ERASED
    decoded = msgspec.json.decode(text, type=tuple[str | None, str | None, str | None])
    return decoded


def task_values(row: TaskRow, seal: TextSeal | None = None) -> tuple[Any, ...]:
    return (
        str(row.task_id), str(row.case_id), row.reference, row.team, row.version,
        row.kind.value, row.status.value, c.t(row.due_by),
        row.repeat.value if row.repeat else None, c.t(row.created_at), str(row.created_by),
        c.u(row.offered_to), 1 if row.pool else 0, c.u(row.volunteer_id), c.t(row.offered_at),
        c.t(row.accepted_at), c.t(row.completed_at), c.t(row.done_at), row.done_month,
        row.minutes, c.u(row.previous_id), row.district, row.street, row.community,
        summary_text(row, seal),
    )


def task_from(values: Sequence[Any], seal: TextSeal | None = None, *,
              texts: bool = True) -> TaskRow:
    v = dict(zip(TASK_COLUMNS, values, strict=True))
    case_id, task_id = UUID(v["case_id"]), UUID(v["task_id"])
    description, place, resident = texts_from(case_id, task_id, v["summary"], seal, texts)
    return TaskRow(
        task_id=task_id, case_id=case_id, reference=v["reference"], team=v["team"],
        version=int(v["version"]), kind=TaskKind(v["kind"]), status=TaskStatus(v["status"]),
        due_by=c.must_t(v["due_by"]), repeat=Every(v["repeat"]) if v["repeat"] else None,
        created_at=c.must_t(v["created_at"]), created_by=UUID(v["created_by"]),
        offered_to=c.from_u(v["offered_to"]), pool=bool(v["pool"]),
        volunteer_id=c.from_u(v["volunteer_id"]), offered_at=c.from_t(v["offered_at"]),
        accepted_at=c.from_t(v["accepted_at"]), completed_at=c.from_t(v["completed_at"]),
        done_at=c.from_t(v["done_at"]), done_month=v["done_month"],
        minutes=v["minutes"], previous_id=c.from_u(v["previous_id"]),
        district=v["district"], street=v["street"], community=v["community"],
        description=description, place=place, resident=resident,
    )


def tasks_sql(t: Tables, query: TaskQuery, limit: int,
              after: tuple[str, str] | None) -> tuple[str, list[Any]]:
    """A page of tasks by due time. A volunteer's scope is three branches (theirs,
    offered to them, their teams' pools), each an index range; the case side's a team
    range, or the cases of a worker's caseload through the cases view."""
    where: list[str] = []
    params: list[Any] = []
    if query.volunteer_id is not None:
        me = str(query.volunteer_id)
        branches = ["volunteer_id = ?", "(offered_to = ? AND status = 'offered')"]
        params.extend([me, me])
        if query.pool_teams:
            branches.append(f"(pool = 1 AND status = 'offered' AND team IN "
                            f"({_marks(query.pool_teams)}))")
            params.extend(query.pool_teams)
        where.append("(" + " OR ".join(branches) + ")")
    if query.teams is not None:
        where.append(f"team IN ({_marks(query.teams)})" if query.teams else "1 = 0")
        params.extend(query.teams)
    if query.worker_id is not None:
        where.append(f"case_id IN (SELECT case_id FROM {t.cases} WHERE assigned_worker_id = ? "
                     "AND status IN ('active', 'pending_closure'))")
        params.append(str(query.worker_id))
    if query.status:
        where.append(f"status IN ({_marks(query.status)})")
        params.extend(s.value for s in query.status)
    if query.case_id is not None:
        where.append("case_id = ?")
        params.append(str(query.case_id))
    if query.due_before is not None:
        where.append("due_by < ?")
        params.append(c.t(query.due_before))
    if after is not None:
        where.append("(due_by > ? OR (due_by = ? AND task_id > ?))")
        params.extend([after[0], after[0], after[1]])
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    return (f"SELECT {TASK_SELECT} FROM {t.tasks} {clause} ORDER BY due_by, task_id LIMIT ?",
            [*params, limit])


def overdue_counts(tx: Tx, t: Tables, case_ids: list[UUID], now: datetime) -> dict[UUID, int]:
    found: dict[UUID, int] = {}
    ids = [str(case_id) for case_id in case_ids]
    for start in range(0, len(ids), MARKS_MAX):
        chunk = ids[start:start + MARKS_MAX]
        for r in tx.fetchall(
                f"SELECT case_id, COUNT(*) FROM {t.tasks} WHERE case_id IN ({_marks(chunk)}) "
                f"AND {OPEN_TASK_WHERE} AND due_by < ? GROUP BY case_id",
                [*chunk, c.t(now)]):
            found[UUID(r[0])] = int(r[1])
    return found


def hours(tx: Tx, t: Tables, teams: tuple[str, ...] | None, volunteer_id: UUID | None,
          done_from: datetime | None, done_to: datetime | None) -> list[HoursLine]:
    where = [DONE_TASK_WHERE]
    params: list[Any] = []
    if volunteer_id is not None:
        where.append("volunteer_id = ?")
        params.append(str(volunteer_id))
    if teams is not None:
        if not teams:
            return []
        where.append(f"team IN ({_marks(teams)})")
        params.extend(teams)
    if done_from is not None:
        where.append("done_at >= ?")
        params.append(c.t(done_from))
    if done_to is not None:
        where.append("done_at < ?")
        params.append(c.t(done_to))
    rows = tx.fetchall(
        "SELECT volunteer_id, team, street, done_month, kind, SUM(minutes), COUNT(*) "
        f"FROM {t.tasks} WHERE {' AND '.join(where)} "
        "GROUP BY volunteer_id, team, street, done_month, kind", params)
    return [HoursLine(UUID(r[0]), r[1], r[2] or "", r[3] or "", r[4], int(r[5] or 0),
                      int(r[6])) for r in rows]
