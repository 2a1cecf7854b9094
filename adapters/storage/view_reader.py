"""Queries over the views, in the orders of docs/domain.md §3."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from adapters.storage import codec as c
from adapters.storage import queue_reads as queue
from adapters.storage import task_rows as tasks
from adapters.storage.sql import Tx
from adapters.storage.view_tables import (
    CASELOAD_WHERE,
    INTAKE_WHERE,
    TRACKING_NAME,
    Tables,
)
from adapters.storage.views import (
    _CASE_SELECT,
    _REFERRAL_SELECT,
    case_from,
    ids_with_tokens,
    open_cases_with_tokens,
    referral_from,
)
from domain.vocabulary import OPEN_STATUSES, Channel, Need, Vulnerability
from projections.interfaces import (
    AssignLimit,
    CaseQuery,
    HoursLine,
    OpenProfile,
    Position,
    ReferralQuery,
    TaskQuery,
    ViewReader,
)
from projections.rows import CaseRow, DailyCount, QueueRow, ReferralRow, TaskRow, TeamCounts

if TYPE_CHECKING:
    from adapters.storage.views import SqlViewStore

# A read that found the live pointer just before a rebuild switched it may find those
# tables dropped by the time it reads them (PostgreSQL reads see each statement's latest
# commit); it then reads again, from the new live tables.
READ_ATTEMPTS = 3
T = TypeVar("T")


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _where(conditions: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""


def _keyset(where: list[str], params: list[Any], after: tuple[str, str] | None,
            time_column: str, id_column: str) -> None:
    """Newest-first keyset paging: rows strictly after the cursor's (time, id)."""
    if after is not None:
        where.append(f"({time_column} < ? OR ({time_column} = ? AND {id_column} < ?))")
        params.extend([after[0], after[0], after[1]])


def _assign_limits(limits: Sequence[AssignLimit], where: list[str], params: list[Any]) -> None:
    """Waiting to be assigned past any of the limits (each team's, by risk)."""
    named = sorted({limit.team for limit in limits if limit.team is not None})
    parts: list[str] = []
    for limit in limits:
        if limit.team is not None:
            team = "team = ? AND "
            params.append(limit.team)
        elif named:
            team = f"team NOT IN ({_marks(named)}) AND "
            params.extend(named)
        else:
            team = ""
        if limit.risk is not None:
            parts.append(f"({team}risk = ? AND waiting_since <= ?)")
            params.append(limit.risk.value)
        else:
            parts.append(f"({team}risk IS NULL AND waiting_since <= ?)")
        params.append(c.t(limit.waiting_before))
    where.append(f"assign_due IS NOT NULL AND ({' OR '.join(parts)})")


def _dashboard_filters(query: CaseQuery, where: list[str], params: list[Any]) -> None:
    """The filters behind the dashboard's tiles and breakdowns (channel, area, assigned or
    not, not yet assessed, time to assign ended, follow-up overdue)."""
    if query.channel:
        where.append(f"channel IN ({_marks(query.channel)})")
        params.extend(v.value for v in query.channel)
    for column, value in (("street", query.street), ("community", query.community)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if query.assigned is not None:
        where.append("assigned_worker_id IS " + ("NOT NULL" if query.assigned else "NULL"))
    if query.unassessed:
        where.append("risk IS NULL")
    if query.assign_limits:
        _assign_limits(query.assign_limits, where, params)
    elif query.assign_due_by is not None:
        where.append("assign_due <= ?")
        params.append(c.t(query.assign_due_by))
    if query.follow_up_before is not None:
        where.append("follow_up_due < ?")
        params.append(c.d(query.follow_up_before))


# Cases one search word may name: a surname shared by a whole district still answers
# from the newest this many (a longer name, a phone or a reference narrows it).
SEARCH_MATCHES = 5000
_NUMBER = re.compile(r"^(?:(\d{4})-)?(\d{1,6})$")


def _reference_number(q: str) -> str | None:
    """The end of a reference a caller may say instead of the whole: its sequence number
    (zero-padded to 5 digits), with or without the year."""
    found = _NUMBER.match(q.strip())
    if found is None:
        return None
    year, number = found.groups()
    number = number.zfill(5)
    return f"{year}-{number}" if year else number


# The start of a reference, in any case: a team code and a dash, then the year and the
# number as far as typed ("NA-2026", "pd-2026-4", "JB-2026-0004").
REFERENCE_START = re.compile(r"^[A-Z][A-Z0-9]{1,9}-\d{0,4}(?:-\d{0,6})?$")
_SAID_IN_FULL = re.compile(r"^([A-Z][A-Z0-9]{1,9}-\d{4}-)(\d{1,4})$")


def reference_ranges(q: str) -> list[tuple[str, str]]:
    """Key ranges of the reference index holding the references that start with `q`
    (upper-cased): the prefix itself, and, for a number typed short ("PD-2026-4"), that
    number as stored ("PD-2026-00004"). Read as range scans of the unique index, never
    as a scan of the table; bounds that hold under any collation (a dash at the end
    is left to the LIKE beside the range)."""
    prefix = q.strip().upper()
    if not REFERENCE_START.match(prefix):
        return []
    ranges = [prefix]
    said = _SAID_IN_FULL.match(prefix)
    if said is not None:
        ranges.append(said.group(1) + said.group(2).zfill(5))
    bounded = []
    for start in ranges:
        stem = start.rstrip("-")
        bounded.append((start, stem[:-1] + chr(ord(stem[-1]) + 1)))
    return bounded


def _named_by(tx: Tx, t: Tables, q: str, tokens: Sequence[str]) -> list[str]:
    """Ids of the cases a search text may name: by reference (whole, its start in any
    case: "NA-2026", "pd-2026-4"; or the number said over the phone: "00042", "42",
    "2022-00042" of PD-2022-00042) or by a token of the resident's name, phone or ID
    number (at most SEARCH_MATCHES of each, newest first)."""
    found: dict[str, None] = {}
    for r in tx.fetchall(f"SELECT case_id FROM {t.cases} WHERE reference = ?",
                         (q.strip().upper(),)):
        found[str(r[0])] = None
    for low, high in reference_ranges(q):
        for r in tx.fetchall(
                f"SELECT case_id FROM {t.cases} WHERE reference >= ? AND reference < ? "
                "AND reference LIKE ? ORDER BY reference DESC LIMIT ?",
                (low, high, low + "%", SEARCH_MATCHES)):
            found[str(r[0])] = None
    said = _reference_number(q)
    if said is not None:  # a scan of the references: only for a number said
        for r in tx.fetchall(f"SELECT case_id FROM {t.cases} WHERE reference LIKE ?",
                             (f"%-{said}",)):
            found[str(r[0])] = None
    found.update(dict.fromkeys(ids_with_tokens(tx, t, tokens, SEARCH_MATCHES)))
    return list(found)


class SqlViewReader(ViewReader):
    def __init__(self, store: SqlViewStore) -> None:
        self.store = store

    def _read(self, build: Callable[[Tx, Tables], T]) -> T:
        db = self.store.db
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                with db.read() as tx:
                    return build(tx, self.store.tables_in(tx))
            except Exception as error:
                if attempt == READ_ATTEMPTS or not db.is_missing_table(error):
                    raise
        raise AssertionError("unreachable")

    def _cases(self, tail: str | Callable[[Tables], str],
               params: Sequence[Any], *, names: bool = False) -> list[CaseRow]:
        """Case rows: `tail` is everything after FROM <cases table> (or makes it from
        the live tables' names); `names`: the residents' names and requests opened (one
        decryption a row: only for rows a page shows)."""
        seal = self.store.text_seal
        return self._read(lambda tx, t: [case_from(r, seal, open_summary=names)
                                         for r in tx.fetchall(
            f"SELECT {_CASE_SELECT} FROM {t.cases} "
            f"{tail(t) if callable(tail) else tail}", params)])

    def _referrals(self, tail: str, params: Sequence[Any]) -> list[ReferralRow]:
        seal = self.store.text_seal
        return self._read(lambda tx, t: [referral_from(r, seal) for r in tx.fetchall(
            f"SELECT {_REFERRAL_SELECT} FROM {t.referrals} {tail}", params)])

    def position(self) -> int:
        def q(tx: Tx, t: Tables) -> int:
            row = tx.fetchone(f"SELECT position FROM {t.tracking} WHERE name = ?",
                              (TRACKING_NAME,))
            return int(row[0]) if row else 0
        return self._read(q)

    def case_row(self, case_id: UUID) -> CaseRow | None:
        rows = self._cases("WHERE case_id = ?", (str(case_id),))
        return rows[0] if rows else None

    def intake_queue(self, team: str, limit: int, after: Position | None, *,
                     names: bool = False) -> list[QueueRow]:
        seal = self.store.text_seal if names else None
        return self._read(lambda tx, t: queue.queue_rows(
            tx.fetchall(*queue.intake_sql(t.cases, team, after, limit)),
            queue.intake_position, seal))

    def caseload(self, worker_id: UUID, today: date, limit: int, after: Position | None, *,
                 names: bool = False) -> list[QueueRow]:
        seal = self.store.text_seal if names else None
        return self._read(lambda tx, t: queue.queue_rows(
            queue.caseload_rows(tx.fetchall, t.cases, str(worker_id), today, after, limit),
            queue.caseload_position, seal))

    def cases(self, query: CaseQuery, limit: int,
              after: tuple[str, str] | None) -> list[CaseRow]:
        where: list[str] = []
        params: list[Any] = []
        if query.teams is not None:
            if not query.teams:
                return []
            where.append(f"team IN ({_marks(query.teams)})")
            params.extend(query.teams)
        if query.team:
            where.append("team = ?")
            params.append(query.team)
        if query.pending_transfer_to:
            where.append("pending_transfer_to = ?")
            params.append(query.pending_transfer_to)
        for column, values in (("status", query.status), ("risk", query.risk)):
            if values:
                where.append(f"{column} IN ({_marks(values)})")
                params.extend(v.value for v in values)
        for column, members in (("needs", query.need),
                                ("vulnerabilities", query.vulnerability)):
            if members:
                where.append("(" + " OR ".join(f"{column} LIKE ?" for _ in members) + ")")
                params.extend(c.member(m) for m in members)
        if query.worker_id is not None:
            where.append("assigned_worker_id = ?")
            params.append(str(query.worker_id))
        _dashboard_filters(query, where, params)
        _keyset(where, params, after, "opened_at", "case_id")
        if query.q is None:
            return self._cases(f"{_where(where)} ORDER BY opened_at DESC, case_id DESC LIMIT ?",
                               (*params, limit), names=True)
        q = query.q

        def search(tx: Tx, t: Tables) -> list[CaseRow]:
            # The cases the words can name first, by index (reference, tokens); then the
            # filters and the order over those few, never over the whole table.
            found = _named_by(tx, t, q, query.tokens)
            if not found:
                return []
            return [case_from(r, self.store.text_seal) for r in tx.fetchall(
                f"SELECT {_CASE_SELECT} FROM {t.cases} "
                f"{_where([f'case_id IN ({_marks(found)})', *where])} "
                "ORDER BY opened_at DESC, case_id DESC LIMIT ?", (*found, *params, limit))]

        return self._read(search)

    def open_cases_with_tokens(self, team: str, tokens: tuple[str, ...],
                               limit: int) -> list[CaseRow]:
        if not tokens:
            return []
        return self._read(lambda tx, t: open_cases_with_tokens(tx, t, team, tokens, limit,
                                                               self.store.text_seal))

    def open_assigned(self, team: str | None) -> list[CaseRow]:
        team_clause = "team = ? AND " if team else ""
        return self._cases(
            f"WHERE {team_clause}{CASELOAD_WHERE} AND assigned_worker_id IS NOT NULL",
            (team,) if team else ())

    def open_caseload_counts(self, team: str) -> dict[UUID, int]:
        """One grouped count over the caseload index (cases_worker), not the rows."""
        def q(tx: Tx, t: Tables) -> dict[UUID, int]:
            return {UUID(r[0]): int(r[1]) for r in tx.fetchall(
                f"SELECT assigned_worker_id, COUNT(*) FROM {t.cases} WHERE team = ? AND "
                f"{CASELOAD_WHERE} AND assigned_worker_id IS NOT NULL "
                "GROUP BY assigned_worker_id", (team,))}
        return self._read(q)

    def unassigned(self, team: str | None) -> list[CaseRow]:
        team_clause = "team = ? AND " if team else ""
        return self._cases(f"WHERE {team_clause}{INTAKE_WHERE}", (team,) if team else ())

    def daily(self, team: str | None, since: date) -> list[DailyCount]:
        def q(tx: Tx, t: Tables) -> list[DailyCount]:
            rows = tx.fetchall(
                f"SELECT day, SUM(opened), SUM(closed) FROM {t.daily} WHERE day >= ? "
                + ("AND team = ? " if team else "") + "GROUP BY day ORDER BY day",
                (since.isoformat(), team) if team else (since.isoformat(),))
            return [DailyCount(team or "", date.fromisoformat(r[0]), int(r[1]), int(r[2]))
                    for r in rows]
        return self._read(q)

    def team_counts(self, teams: tuple[str, ...], today: date, since: date,
                    breached: tuple[AssignLimit, ...]) -> dict[str, TeamCounts]:
        """Three grouped counts over the teams' index ranges (cases_queue: team first),
        whatever the number of teams (decision 0030)."""
        if not teams:
            return {}
        marks = _marks(teams)
        past: list[str] = []
        past_params: list[Any] = []
        if breached:
            _assign_limits(breached, past, past_params)
        past_sql = past[0] if past else "1 = 0"

        def q(tx: Tx, t: Tables) -> dict[str, TeamCounts]:
            found = {team: TeamCounts(team) for team in teams}
            for team, count, overdue in tx.fetchall(
                    f"SELECT team, COUNT(*), SUM(CASE WHEN follow_up_due < ? THEN 1 ELSE 0 "
                    f"END) FROM {t.cases} WHERE team IN ({marks}) AND {CASELOAD_WHERE} "
                    "AND assigned_worker_id IS NOT NULL GROUP BY team",
                    (c.d(today), *teams)):
                found[team].open_assigned, found[team].overdue = int(count), int(overdue or 0)
            for team, risk, count, breached in tx.fetchall(
                    f"SELECT team, risk, COUNT(*), SUM(CASE WHEN {past_sql} THEN 1 ELSE 0 "
                    f"END) FROM {t.cases} WHERE team IN ({marks}) AND {INTAKE_WHERE} "
                    "GROUP BY team, risk", (*past_params, *teams)):
                found[team].unassigned_by_risk[risk or "unassessed"] += int(count)
                found[team].breached_unassigned += int(breached or 0)
            for team, opened, closed in tx.fetchall(
                    f"SELECT team, SUM(opened), SUM(closed) FROM {t.daily} WHERE day >= ? "
                    f"AND team IN ({marks}) GROUP BY team", (since.isoformat(), *teams)):
                found[team].opened, found[team].closed = int(opened or 0), int(closed or 0)
            return found
        return self._read(q)

    def open_profile(self, team: str | None) -> Iterator[OpenProfile]:
        statuses = tuple(s.value for s in OPEN_STATUSES)
        where = [f"status IN ({_marks(statuses)})"]
        params: list[Any] = list(statuses)
        if team:
            where.append("team = ?")
            params.append(team)

        def q(tx: Tx, t: Tables) -> list[OpenProfile]:
            return [OpenProfile(Channel(r[0]), r[1] or "", r[2] or "",
                                c.from_enums(Need, r[3]), c.from_enums(Vulnerability, r[4]))
                    for r in tx.fetchall(
                        f"SELECT channel, street, community, needs, vulnerabilities "
                        f"FROM {t.cases} {_where(where)}", params)]
        return iter(self._read(q))

    def _referral_where(self, query: ReferralQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if query.organisation_id is not None:
            where.append("organisation_id = ?")
            params.append(str(query.organisation_id))
        if query.team is not None:
            where.append("team = ?")
            params.append(query.team)
        if query.teams is not None:
            where.append(f"team IN ({_marks(query.teams)})" if query.teams else "1 = 0")
            params.extend(query.teams)
        if query.status:
            where.append(f"status IN ({_marks(query.status)})")
            params.extend(s.value for s in query.status)
        if query.sent_from is not None:
            where.append("sent_at >= ?")
            params.append(c.t(query.sent_from))
        if query.sent_to is not None:
            where.append("sent_at < ?")
            params.append(c.t(query.sent_to))
        return where, params

    def referrals(self, query: ReferralQuery, limit: int,
                  after: tuple[str, str] | None) -> list[ReferralRow]:
        where, params = self._referral_where(query)
        _keyset(where, params, after, "sent_at", "referral_id")
        return self._referrals(
            f"{_where(where)} ORDER BY sent_at DESC, referral_id DESC LIMIT ?",
            (*params, limit))

    def referral_rows(self, query: ReferralQuery) -> Iterator[ReferralRow]:
        where, params = self._referral_where(query)
        return iter(self._referrals(f"{_where(where)} ORDER BY sent_at", params))

    def referral_row(self, referral_id: UUID) -> ReferralRow | None:
        rows = self._referrals("WHERE referral_id = ?", (str(referral_id),))
        return rows[0] if rows else None

    # tasks (decision 0032): the SQL is in task_rows.py -------------------------------
    def tasks(self, query: TaskQuery, limit: int, after: tuple[str, str] | None, *,
              texts: bool = True) -> list[TaskRow]:
        seal = self.store.text_seal
        return self._read(lambda tx, t: [tasks.task_from(r, seal, texts=texts)
                                         for r in tx.fetchall(*tasks.tasks_sql(
                                             t, query, limit, after))])

    def task_row(self, task_id: UUID) -> TaskRow | None:
        seal = self.store.text_seal
        rows = self._read(lambda tx, t: tx.fetchall(
            f"SELECT {tasks.TASK_SELECT} FROM {t.tasks} WHERE task_id = ?", (str(task_id),)))
        return tasks.task_from(rows[0], seal) if rows else None

    def open_task_overdue_counts(self, case_ids: list[UUID], now: datetime) -> dict[UUID, int]:
        if not case_ids:
            return {}
        return self._read(lambda tx, t: tasks.overdue_counts(tx, t, case_ids, now))

    def task_hours(self, teams: tuple[str, ...] | None, volunteer_id: UUID | None,
                   done_from: datetime | None, done_to: datetime | None) -> list[HoursLine]:
        return self._read(lambda tx, t: tasks.hours(tx, t, teams, volunteer_id, done_from,
                                                    done_to))
