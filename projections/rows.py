"""Rows of the read models. Plain data; no resident personal data in plain text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from domain.checkins import Every
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    Need,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    Status,
    TaskKind,
    TaskStatus,
    Vulnerability,
)


@dataclass
class CaseRow:
    """One case as the queues, lists and dashboards see it."""

    case_id: UUID
    reference: str
    team: str
    status: Status
    channel: Channel
    opened_at: datetime
    waiting_since: datetime
    version: int
    updated_at: datetime
    risk: Risk | None = None
    needs: tuple[Need, ...] = ()
    vulnerabilities: tuple[Vulnerability, ...] = ()
    assigned_worker_id: UUID | None = None
    follow_up_due: date | None = None
    follow_up_set_at: datetime | None = None  # when the assessment set it: its span
    assign_due: datetime | None = None
    closed_at: datetime | None = None
    outcome: ClosureOutcome | None = None
    pending_transfer_to: str | None = None
    district: str = ""
    street: str = ""  # the area (街道/社区) is not personal data: dashboards break down by it
    community: str = ""
    birth_year: int | None = None
    # Keyed hashes of the resident's name prefixes and phone, for search. Never plain.
    name_tokens: tuple[str, ...] = ()
    phone_tokens: tuple[str, ...] = ()
    id_tokens: tuple[str, ...] = ()
    # Open cases of the same team with the same phone or ID number, as (id, reference):
    # marked by the projection, so that two intakes that missed each other are seen.
    duplicates: tuple[tuple[UUID, str], ...] = ()
    # What the queues and lists show of the resident: the name and the request's first
    # line (shortened). Plain only in memory: the store seals them under the case's key
    # (adapters/storage/summary.py); ERASED once the case is erased; None when not read
    # (a row read without opening them, or a store not rebuilt since they were added).
    resident_name: str | None = None
    request_line: str | None = None
    summary_stored: str = ""  # the column as read, kept when the row was not opened

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset((*self.name_tokens, *self.phone_tokens, *self.id_tokens))


@dataclass
class ReferralRow:
    """One referral as its organisation's board and report see it: de-identified."""

    referral_id: UUID
    case_id: UUID
    reference: str
    organisation_id: UUID
    team: str
    status: ReferralStatus
    service: str
    sent_at: datetime
    respond_by: datetime
    district: str = ""
    age_band: str | None = None
    vulnerabilities: tuple[Vulnerability, ...] = ()
    needs: tuple[Need, ...] = ()
    accepted_at: datetime | None = None
    answered_at: datetime | None = None
    completed_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: ReferralOutcome | None = None
    value_cny: Decimal | None = None
    people_helped: int | None = None
    note: str = ""  # the worker's note to the partner, identifiers masked


@dataclass
class TaskRow:
    """One task as the task lists, today's list, the caseload's overdue count and the
    volunteer hours report see it (decision 0032). Its texts (description, place, the
    resident as 宋老师) are plain only in memory: the store seals them under the case's
    key; ERASED once the case is erased; None when read without opening them."""

    task_id: UUID
    case_id: UUID
    reference: str
    team: str
    version: int  # the case's, as of the task's last change
    kind: TaskKind
    status: TaskStatus
    due_by: datetime
    repeat: Every | None
    created_at: datetime
    created_by: UUID
    offered_to: UUID | None = None
    pool: bool = False
    volunteer_id: UUID | None = None
    offered_at: datetime | None = None
    accepted_at: datetime | None = None
    completed_at: datetime | None = None
    done_at: datetime | None = None
    done_month: str | None = None  # YYYY-MM of done_at, the deployment's local time
    minutes: int | None = None
    previous_id: UUID | None = None
    district: str = ""
    street: str = ""
    community: str = ""
    description: str | None = None
    place: str | None = None
    resident: str | None = None


@dataclass
class DailyCount:
    team: str
    day: date
    opened: int = 0
    closed: int = 0


RISK_TILES = ("critical", "high", "medium", "low", "unassessed")


@dataclass
class TeamCounts:
    """One team's figures in a dashboard's roll-up of the team tree (decision 0030): its
    open assigned cases and their overdue follow-ups, its unassigned cases by risk and
    those past their time to assign, cases opened and closed since a day."""

    team: str
    open_assigned: int = 0
    overdue: int = 0
    unassigned_by_risk: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(RISK_TILES, 0))
    breached_unassigned: int = 0
    opened: int = 0
    closed: int = 0

    def add(self, other: TeamCounts) -> None:
        self.open_assigned += other.open_assigned
        self.overdue += other.overdue
        for risk, count in other.unassigned_by_risk.items():
            self.unassigned_by_risk[risk] = self.unassigned_by_risk.get(risk, 0) + count
        self.breached_unassigned += other.breached_unassigned
        self.opened += other.opened
        self.closed += other.closed


@dataclass(slots=True)
class QueueRow:
    """What a queue shows of one case, read in the queue's order. `position` is the row's
    place in that order, as the reader takes it back to read on after the row."""

    case_id: UUID
    reference: str
    team: str
    status: Status
    risk: Risk | None
    needs: tuple[Need, ...]
    vulnerabilities: tuple[Vulnerability, ...]
    opened_at: datetime
    waiting_since: datetime
    follow_up_due: date | None
    follow_up_set_at: datetime | None
    assign_due: datetime | None
    assigned_worker_id: UUID | None
    position: tuple[int | str | None, ...]
    duplicates: tuple[tuple[UUID, str], ...] = ()
    version: int = 0
    resident_name: str | None = None  # as CaseRow's
    request_line: str | None = None
