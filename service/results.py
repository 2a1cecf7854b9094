"""What the queue and dashboard reads answer: computed by service/queries.py at read time
from the views' rows (deadline states, overdue marks, counts per worker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.vocabulary import Need, Risk, Status, Vulnerability
from projections.rows import DailyCount, TeamCounts


@dataclass(slots=True)
class QueueItem:
    case_id: UUID
    reference: str
    status: Status
    risk: Risk | None
    needs: tuple[Need, ...]
    vulnerabilities: tuple[Vulnerability, ...]
    opened_at: datetime
    follow_up_due: date | None
    overdue: bool
    assigned_worker_id: UUID | None
    team: str
    waiting_since: datetime
    assign_due: datetime | None
    deadline_state: str | None
    duplicates: tuple[tuple[UUID, str], ...] = ()
    version: int = 0  # the case's, for a command given from the queue (assign)
    # The resident's name and the request's first line (None: not in the views yet;
    # domain.values.ERASED: erased). The web UI shows them; the API's queue items do not.
    resident_name: str | None = None
    request_line: str | None = None
    overdue_tasks: int = 0  # open tasks of the case whose due time has passed


@dataclass
class WorkerLoad:
    worker_id: UUID
    open_cases: int
    overdue: int


@dataclass
class Rollup:
    """A team and the teams below it (decision 0030): each one's own figures, the team's
    first, then the tree's order; and their sum."""

    teams: list[TeamCounts]
    total: TeamCounts


@dataclass
class Dashboard:
    team: str | None
    workers: list[WorkerLoad]
    unassigned_by_risk: dict[str, int]
    per_day: list[DailyCount]
    overdue_total: int = 0
    breached_unassigned: int = 0
    # Open cases counted by street, community, vulnerability, need and channel: each
    # `{value: count}`, largest first (a case with two needs counts under each).
    breakdowns: dict[str, dict[str, int]] = field(default_factory=dict)
    # The team's figures rolled up with the teams' below it (None: no team named).
    rollup: Rollup | None = None
