"""The work queues' reads (docs/domain.md §3): each page is read by index range scans in the
queue's exact order, from a keyset position, and decoded positionally.

Intake queue: one range of the `cases_intake` index (team, triage rank, waiting since,
case id), after the last row's (triage rank, waiting since, case id).

Caseload: its order depends on today (overdue follow-ups first), which no index can
hold. As of today it splits into ranges, each read in its index's order and each at most
a page long, run one after another until the page is full: the overdue rows by (due,
risk descending, opened, id) from `cases_overdue`, then each risk level's other rows by
(due, opened, id) from `cases_caseload`. Rows with no risk or no follow-up date (none
the domain makes) come from `cases_caseload_odd`, sorted by the whole old sort key
(CASELOAD_KEY) and merged in. See docs/decisions/0015.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from adapters.storage import codec as c
from adapters.storage.summary import TextSeal, summary_from
from adapters.storage.view_tables import CASELOAD_ODD, CASELOAD_WHERE, INTAKE_WHERE
from adapters.storage.views import duplicates_from
from domain.vocabulary import Need, Risk, Status, Vulnerability
from projections.interfaces import Position
from projections.rows import QueueRow

QUEUE_COLUMNS = (
    "case_id", "reference", "team", "status", "risk", "needs", "vulnerabilities",
    "opened_at", "waiting_since", "follow_up_due", "follow_up_set_at", "assign_due",
    "assigned_worker_id", "triage_rank", "risk_rank", "duplicates", "version", "summary",
)
SELECT = ", ".join(QUEUE_COLUMNS)
RISK_LEVELS = (3, 2, 1, 0)  # risk_rank of critical, high, medium, low
NO_DUE = "9999-12-31"
# The caseload's order (docs/domain.md §3), as one sort key of six parts; `?` twice is today.
CASELOAD_KEY = (
    "CASE WHEN follow_up_due < ? THEN 0 ELSE 1 END",
    "CASE WHEN follow_up_due < ? THEN follow_up_due ELSE '' END",
    "-risk_rank", f"COALESCE(follow_up_due, '{NO_DUE}')", "opened_at", "case_id",
)
CASELOAD_ORDER = ", ".join(CASELOAD_KEY)
_OVERDUE_ORDER = "follow_up_due, risk_rank DESC, opened_at, case_id"
_LEVEL_ORDER = "follow_up_due, opened_at, case_id"
_DAY_ORDER = "opened_at, case_id"

Sql = tuple[str, list[Any]]


def intake_sql(table: str, team: str, after: Position | None, limit: int) -> Sql:
    params: list[Any] = [team]
    keyset = ""
    if after is not None:
        keyset = "AND (triage_rank, waiting_since, case_id) > (?, ?, ?) "
        params.extend(after)
    params.append(limit)
    return (f"SELECT {SELECT} FROM {table} WHERE team = ? AND {INTAKE_WHERE} {keyset}"
            "ORDER BY triage_rank, waiting_since, case_id LIMIT ?", params)


def intake_position(row: tuple[Any, ...]) -> Position:
    return (row[13], row[8], row[0])  # triage rank, waiting since, case id


def caseload_position(row: tuple[Any, ...]) -> Position:
    return (row[9], row[14], row[7], row[0])  # due, risk rank, opened at, case id


@dataclass(frozen=True)
class Range:
    """One index range of the caseload: `condition` after the worker and status terms,
    read in `order` (the index's own)."""

    condition: str
    values: list[Any]
    order: str
    order_values: tuple[Any, ...] = ()


Fetch = Callable[[str, list[Any]], list[tuple[Any, ...]]]


def caseload_rows(fetch: Fetch, table: str, worker: str, today: date,
                  after: Position | None, limit: int) -> list[tuple[Any, ...]]:
    """The caseload's next `limit` rows: the ranges read one after another, in the
    caseload's order, until the page is full; the odd rows (read first, almost always
    none) merged in by the same sort key."""
    day = today.isoformat()
    odd = fetch(*range_sql(table, worker, _odd_range(after, day), limit))
    rows: list[tuple[Any, ...]] = []
    for part in (*_overdue_ranges(after, day), *_level_ranges(after, day)):
        rows.extend(fetch(*range_sql(table, worker, part, limit - len(rows))))
        if len(rows) >= limit:
            break
    if odd:
        rows = sorted(rows + odd, key=lambda row: caseload_key(caseload_position(row), day))
    return rows[:limit]


def range_sql(table: str, worker: str, part: Range, limit: int) -> Sql:
    return (f"SELECT {SELECT} FROM {table} WHERE assigned_worker_id = ? AND {CASELOAD_WHERE} "
            f"AND {part.condition} ORDER BY {part.order} LIMIT ?",
            [worker, *part.values, *part.order_values, limit])


def caseload_sql(table: str, worker: str, today: date, after: Position | None,
                 limit: int) -> list[Sql]:
    """Every statement a caseload page may run, for looking at their plans."""
    day = today.isoformat()
    return [range_sql(table, worker, part, limit) for part in (
        _odd_range(after, day), *_overdue_ranges(after, day), *_level_ranges(after, day))]


def caseload_key(position: Position, day: str) -> tuple[Any, ...]:
    """The caseload's sort key (CASELOAD_KEY) of a row at `position`, as of `day`."""
    due, rank, opened, case_id = position
    assert isinstance(rank, int)
    overdue = _is_overdue(due, day)
    return (0 if overdue else 1, due if overdue else "", -rank,
            due if due is not None else NO_DUE, opened, case_id)


def _is_overdue(due: object, day: str) -> bool:
    return isinstance(due, str) and due < day


def _odd_range(after: Position | None, day: str) -> Range:
    """Rows with no risk or no follow-up date, sorted by the whole key (they are few)."""
    condition = CASELOAD_ODD
    values: list[Any] = []
    if after is not None:
        condition += f" AND ({CASELOAD_ORDER}) > (?, ?, ?, ?, ?, ?)"
        values = [day, day, *caseload_key(after, day)]
    return Range(condition, values, CASELOAD_ORDER, (day, day))


def _overdue_ranges(after: Position | None, day: str) -> list[Range]:
    """Overdue rows after `after`, in (due, risk descending, opened, id) order."""
    if after is None:
        return [Range("follow_up_due < ? AND risk_rank >= 0", [day], _OVERDUE_ORDER)]
    due, rank, opened, case_id = after
    if not _is_overdue(due, day):
        return []  # the cursor is past every overdue row
    assert isinstance(rank, int)
    ranges = []
    if rank >= 0:  # the rest of the cursor's day and risk level
        ranges.append(Range("follow_up_due = ? AND risk_rank = ? AND (opened_at, case_id) "
                            "> (?, ?)", [due, rank, opened, case_id], _DAY_ORDER))
    if rank > 0:  # the lower levels of the cursor's day
        ranges.append(Range("follow_up_due = ? AND risk_rank < ? AND risk_rank >= 0",
                            [due, rank], "risk_rank DESC, opened_at, case_id"))
    ranges.append(Range("follow_up_due > ? AND follow_up_due < ? AND risk_rank >= 0",
                        [due, day], _OVERDUE_ORDER))
    return ranges


def _level_ranges(after: Position | None, day: str) -> list[Range]:
    """Rows not overdue after `after`: each risk level in (due, opened, id) order."""
    cursor_level: int | None = None
    if after is not None and not _is_overdue(after[0], day):
        assert isinstance(after[1], int)
        cursor_level = after[1]
    ranges = []
    for level in RISK_LEVELS:
        if cursor_level is None or level < cursor_level:
            ranges.append(Range("risk_rank = ? AND follow_up_due >= ?", [level, day],
                                _LEVEL_ORDER))
        elif level == cursor_level and after is not None and after[0] is not None:
            ranges.append(Range("risk_rank = ? AND (follow_up_due, opened_at, case_id) "
                                "> (?, ?, ?)", [level, *after[0:1], *after[2:]],
                                _LEVEL_ORDER))
    return ranges


# Decoding: one pass over positional rows; enums, enum sets, dates and worker ids from
# small caches, the case ids by one msgspec call (about 8x quicker than UUID() each).
CACHE_LIMIT = 4096
_STATUS = {status.value: status for status in Status}
_RISK: dict[str | None, Risk | None] = {None: None, **{risk.value: risk for risk in Risk}}
_NEEDS: dict[str, tuple[Need, ...]] = {}
_VULNERABILITIES: dict[str, tuple[Vulnerability, ...]] = {}
_DATES: dict[str | None, date | None] = {None: None}
_WORKERS: dict[str | None, UUID | None] = {None: None}


def _learn(cache: dict[Any, Any], value: Any, made: Any) -> Any:
    if len(cache) < CACHE_LIMIT:
        cache[value] = made
    return made


def queue_rows(rows: list[tuple[Any, ...]],
               position: Callable[[tuple[Any, ...]], Position],
               seal: TextSeal | None = None) -> list[QueueRow]:
    """The rows decoded; each resident's name and request line opened (one decryption
    a row: only the page's rows are read)."""
    ids = msgspec.convert([row[0] for row in rows], list[UUID])
    when = datetime.fromisoformat
    status, risk = _STATUS, _RISK
    needs, vulnerabilities, dates, workers = _NEEDS, _VULNERABILITIES, _DATES, _WORKERS
    decoded = []
    for case_id, row in zip(ids, rows, strict=True):
        (_, reference, team, status_text, risk_text, needs_text, vulnerabilities_text,
         opened_at, waiting_since, due, set_at, assign_due, worker) = row[:13]
        row_needs = needs.get(needs_text)
        if row_needs is None:
            row_needs = _learn(needs, needs_text, c.from_enums(Need, needs_text))
        row_vulnerabilities = vulnerabilities.get(vulnerabilities_text)
        if row_vulnerabilities is None:
            row_vulnerabilities = _learn(vulnerabilities, vulnerabilities_text,
                                         c.from_enums(Vulnerability, vulnerabilities_text))
        due_date = dates[due] if due in dates else _learn(dates, due, date.fromisoformat(due))
        worker_id = (workers[worker] if worker in workers
                     else _learn(workers, worker, UUID(worker)))
        name, line = summary_from(case_id, row[17], seal)
        decoded.append(QueueRow(
            case_id, reference, team, status[status_text], risk[risk_text], row_needs,
            row_vulnerabilities, when(opened_at), when(waiting_since), due_date,
            when(set_at) if set_at else None, when(assign_due) if assign_due else None,
            worker_id, position(row), duplicates_from(row[15]) if row[15] else (),
            row[16], name, line))
    return decoded
