"""The abstract views the projections write to and the queries read from.

Concrete SQLite and PostgreSQL implementations live in adapters/storage/.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from domain.vocabulary import (
    Channel,
    Need,
    ReferralStatus,
    Risk,
    Status,
    TaskStatus,
    Vulnerability,
)
from projections.notifications import NotificationRow
from projections.rows import CaseRow, DailyCount, QueueRow, ReferralRow, TaskRow, TeamCounts

# A row's place in a queue's order (`QueueRow.position`); a reader given one reads on
# from just after it. Each slot is one of the types listed, in this order.
Position = tuple[int | str | None, ...]
INTAKE_POSITION: tuple[tuple[type, ...], ...] = (
    (int,), (str,), (str,))  # triage rank, waiting since, case id
CASELOAD_POSITION: tuple[tuple[type, ...], ...] = (
    (str, type(None)), (int,), (str,), (str,))  # follow-up due, risk rank, opened at, case id


class Tokenizer(Protocol):
    """Keyed hashes for searching personal values that the views never hold in plain."""

    def name_tokens(self, name: str) -> tuple[str, ...]: ...

    def phone_tokens(self, phone: str) -> tuple[str, ...]: ...

    def id_tokens(self, id_number: str) -> tuple[str, ...]: ...

    def query_tokens(self, q: str) -> tuple[str, ...]: ...

    def match_tokens(self, phone: str | None, id_number: str | None) -> tuple[str, ...]: ...


class ViewSession(ABC):
    """Writes of one transaction: rows and the tracking position commit together."""

    @abstractmethod
    def position(self) -> int: ...

    @abstractmethod
    def set_position(self, position: int) -> None: ...

    @abstractmethod
    def flush(self) -> None:
        """Write the rows held so far (a session may keep them to write in batches); the
        runner flushes before it sets the position, all in the one transaction."""

    @abstractmethod
    def get_case(self, case_id: UUID) -> CaseRow | None: ...

    @abstractmethod
    def put_case(self, row: CaseRow) -> None: ...

    @abstractmethod
    def put_referral(self, row: ReferralRow) -> None: ...

    @abstractmethod
    def put_notification(self, row: NotificationRow) -> None: ...

    @abstractmethod
    def put_task(self, row: TaskRow) -> None: ...

    @abstractmethod
    def add_daily(self, team: str, day: date, *, opened: int = 0, closed: int = 0) -> None: ...

    @abstractmethod
    def open_cases_with_tokens(self, team: str, tokens: tuple[str, ...],
                               limit: int) -> list[CaseRow]:
        """Open cases of the team holding any of these tokens, this session's own
        writes included; the newest `limit` of those stored."""


@dataclass(frozen=True)
class AssignLimit:
    """Cases waiting to be assigned since `waiting_before` or earlier, at `risk` (None:
    not yet assessed), in `team` (None: in any team no other limit names)."""

    team: str | None
    risk: Risk | None
    waiting_before: datetime


@dataclass(frozen=True)
class CaseQuery:
    """Filters of the case list; every given filter must hold."""

    q: str | None = None
    tokens: tuple[str, ...] = ()
    status: tuple[Status, ...] = ()
    risk: tuple[Risk, ...] = ()
    need: tuple[Need, ...] = ()
    vulnerability: tuple[Vulnerability, ...] = ()
    worker_id: UUID | None = None
    team: str | None = None
    teams: tuple[str, ...] | None = None  # scope: None means every team
    pending_transfer_to: str | None = None  # cases waiting to join this team
    # The dashboard's tiles and breakdowns, each a filter the case list takes too.
    channel: tuple[Channel, ...] = ()
    street: str | None = None
    community: str | None = None
    assigned: bool | None = None  # True: a worker holds it; False: none does
    unassessed: bool = False  # no risk level yet
    assign_due_by: datetime | None = None  # its time to assign ended by then (breached)
    # The same by the teams' deadlines (the service fills them in from `assign_due_by`).
    assign_limits: tuple[AssignLimit, ...] = ()
    follow_up_before: date | None = None  # its follow-up was due before that day (overdue)


@dataclass(frozen=True)
class OpenProfile:
    """An open case as the dashboard's breakdowns count it."""

    channel: Channel
    street: str
    community: str
    needs: tuple[Need, ...]
    vulnerabilities: tuple[Vulnerability, ...]


@dataclass(frozen=True)
class ReferralQuery:
    organisation_id: UUID | None = None
    team: str | None = None
    teams: tuple[str, ...] | None = None  # scope: None means every team
    status: tuple[ReferralStatus, ...] = ()
    sent_from: datetime | None = None
    sent_to: datetime | None = None


@dataclass(frozen=True)
class TaskQuery:
    """Filters of a task list (decision 0032); every given filter must hold. A volunteer's
    scope is `volunteer_id` with `pool_teams`: the tasks offered to them or theirs, and
    the tasks offered to the pools of their teams."""

    teams: tuple[str, ...] | None = None  # the case side's scope: None means every team
    volunteer_id: UUID | None = None
    pool_teams: tuple[str, ...] = ()
    status: tuple[TaskStatus, ...] = ()
    case_id: UUID | None = None
    worker_id: UUID | None = None  # tasks of the cases this worker holds (their caseload)
    due_before: datetime | None = None  # due before then


@dataclass(frozen=True)
class HoursLine:
    """Completed tasks' minutes of one volunteer, team, street, local month and kind."""

    volunteer_id: UUID
    team: str
    street: str
    month: str
    kind: str
    minutes: int
    tasks: int


class ViewReader(ABC):
    """Queries over the views, in the orders of docs/domain.md §3."""

    @abstractmethod
    def position(self) -> int: ...

    @abstractmethod
    def case_row(self, case_id: UUID) -> CaseRow | None: ...

    @abstractmethod
    def intake_queue(self, team: str, limit: int, after: Position | None, *,
                     names: bool = False) -> list[QueueRow]:
        """The team's intake queue in docs/domain.md §3 order, from just after `after`;
        with `names`, each resident's name and request line opened (one decryption a
        row: only for a reader who shows them)."""

    @abstractmethod
    def caseload(self, worker_id: UUID, today: date, limit: int, after: Position | None, *,
                 names: bool = False) -> list[QueueRow]:
        """The worker's caseload in docs/domain.md §3 order as of `today`, from just after
        `after`; `names` as for the intake queue."""

    @abstractmethod
    def cases(self, query: CaseQuery, limit: int,
              after: tuple[str, str] | None) -> list[CaseRow]:
        """Newest first (opened_at, case_id descending), after a keyset cursor."""

    @abstractmethod
    def open_cases_with_tokens(self, team: str, tokens: tuple[str, ...],
                               limit: int) -> list[CaseRow]:
        """Open cases of the team holding any of these tokens, newest first: an index
        look-up, whatever the team's size."""

    @abstractmethod
    def open_assigned(self, team: str | None) -> list[CaseRow]: ...

    def open_caseload_counts(self, team: str) -> dict[UUID, int]:
        """How many open cases (a caseload's: active or pending closure) each worker of
        the team holds."""
        counts: dict[UUID, int] = {}
        for row in self.open_assigned(team):
            if row.assigned_worker_id is not None:
                counts[row.assigned_worker_id] = counts.get(row.assigned_worker_id, 0) + 1
        return counts

    @abstractmethod
    def unassigned(self, team: str | None) -> list[CaseRow]: ...

    @abstractmethod
    def daily(self, team: str | None, since: date) -> list[DailyCount]: ...

    @abstractmethod
    def team_counts(self, teams: tuple[str, ...], today: date, since: date,
                    breached: tuple[AssignLimit, ...]) -> dict[str, TeamCounts]:
        """Each team's roll-up figures (decision 0030): a few grouped counts over all the
        teams, never a dashboard read per team. An unassigned case past any of the
        `breached` limits (each team's time to assign, by risk) counts as breached."""

    @abstractmethod
    def open_profile(self, team: str | None) -> Iterator[OpenProfile]:
        """What the dashboard's breakdowns count of each open case of the team (every
        team's for None)."""

    @abstractmethod
    def referrals(self, query: ReferralQuery, limit: int,
                  after: tuple[str, str] | None) -> list[ReferralRow]:
        """Newest first (sent_at, referral_id descending), after a keyset cursor."""

    @abstractmethod
    def referral_rows(self, query: ReferralQuery) -> Iterator[ReferralRow]: ...

    @abstractmethod
    def referral_row(self, referral_id: UUID) -> ReferralRow | None: ...

    # tasks (decision 0032) -------------------------------------------------------
    @abstractmethod
    def tasks(self, query: TaskQuery, limit: int, after: tuple[str, str] | None, *,
              texts: bool = True) -> list[TaskRow]:
        """By due time (due_by, task_id ascending), after a keyset cursor; `texts`: the
        sealed texts opened (one decryption a row)."""

    @abstractmethod
    def task_row(self, task_id: UUID) -> TaskRow | None: ...

    @abstractmethod
    def open_task_overdue_counts(self, case_ids: list[UUID], now: datetime) -> dict[UUID, int]:
        """How many open tasks of each case were due before `now` (cases with none are
        left out): one grouped look-up over the tasks' case index."""

    @abstractmethod
    def task_hours(self, teams: tuple[str, ...] | None, volunteer_id: UUID | None,
                   done_from: datetime | None, done_to: datetime | None) -> list[HoursLine]:
        """Completed tasks done in [from, to), grouped in the store by volunteer, team,
        street, month and kind: a range of one partial index."""


class ViewStore(ABC):
    """Opens write sessions and readers over one set of view tables."""

    @abstractmethod
    def session(self) -> AbstractContextManager[ViewSession]: ...

    @abstractmethod
    def reader(self) -> ViewReader: ...

    @abstractmethod
    def refresh_statistics(self) -> None:
        """Keep the store's query plans fit as the views grow (the runner asks now and then)."""
