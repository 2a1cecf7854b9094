"""Case commands as data: one small frozen class per command, in the domain's words.

An adapter (API, web UI, import, CLI) translates its request into one of these and hands
it to `CaseService.handle(command, context)` with a `CommandContext`: who acts, through
which channel, the version the client saw, and the idempotency key's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.case import Assessment
from domain.checkins import Every
from domain.values import Actor
from domain.vocabulary import (
    ClosureOutcome,
    ConsentMethod,
    ReferralOutcome,
    ServiceKind,
    TaskKind,
    Via,
)
from service.idempotency import Idempotency
from service.intake import OpenCase


@dataclass(frozen=True)
class CommandContext:
    """How a command came in. `expected_version` is the client's If-Match (None: any);
    `idempotency` records the command's answer with its events."""

    actor: Actor
    via: Via = Via.API
    expected_version: int | None = None
    idempotency: Idempotency | None = None

    def by(self, at: datetime) -> dict[str, Any]:
        """The keywords every aggregate command takes: who, through which channel, when."""
        return {"actor": self.actor, "via": self.via, "at": at}


@dataclass(frozen=True)
class Assess:
    case_id: UUID
    assessment: Assessment


@dataclass(frozen=True)
class Assign:
    case_id: UUID
    worker_id: UUID
    reason: str | None


@dataclass(frozen=True)
class Claim:
    case_id: UUID


@dataclass(frozen=True)
class AddNote:
    case_id: UUID
    text: str


@dataclass(frozen=True)
class MarkFollowUpDone:
    case_id: UUID
    next_follow_up_due: date
    note: str | None


@dataclass(frozen=True)
class SetFollowUpPlan:
    """Recurring check-ins (decision 0028); `every=None` stops the plan."""

    case_id: UUID
    every: Every | None
    at: time | None = None
    day_of_month: int | None = None
    until: date | None = None
    starts: date | None = None


@dataclass(frozen=True)
class CheckInDone:
    case_id: UUID
    due_on: date
    note: str | None


@dataclass(frozen=True)
class SkipCheckIn:
    case_id: UUID
    due_on: date
    reason: str


@dataclass(frozen=True)
class RescheduleCheckIn:
    case_id: UUID
    due_on: date
    to: datetime


@dataclass(frozen=True)
class LogService:
    case_id: UUID
    kind: ServiceKind
    description: str
    delivered_at: datetime
    minutes: int


@dataclass(frozen=True)
class RecordConsent:
    case_id: UUID
    given: bool
    method: ConsentMethod | None


@dataclass(frozen=True)
class Close:
    case_id: UUID
    outcome: ClosureOutcome
    summary: str
    duplicate_of: UUID | None = None


@dataclass(frozen=True)
class DecideClosure:
    case_id: UUID
    approve: bool
    comment: str | None


@dataclass(frozen=True)
class Reopen:
    case_id: UUID
    reason: str


@dataclass(frozen=True)
class RequestTransfer:
    case_id: UUID
    to_team: str
    reason: str


@dataclass(frozen=True)
class DecideTransfer:
    case_id: UUID
    accept: bool
    comment: str | None


@dataclass(frozen=True)
class SendReferral:
    case_id: UUID
    organisation_id: UUID
    service: str
    note: str | None
    # Its own reply time (issue 14); None: the team's (domain/deadline_policy.py).
    respond_within: timedelta | None = None


@dataclass(frozen=True)
class AcceptReferral:
    referral_id: UUID


@dataclass(frozen=True)
class DeclineReferral:
    referral_id: UUID
    reason: str


@dataclass(frozen=True)
class CompleteReferral:
    referral_id: UUID
    outcome: ReferralOutcome
    delivered: str
    value_cny: Decimal
    people_helped: int


@dataclass(frozen=True)
class WithdrawReferral:
    referral_id: UUID
    reason: str


@dataclass(frozen=True)
class EraseCase:
    """Erase the resident's personal data (crypto-shredding: the case's key goes)."""

    case_id: UUID
    reason: str


@dataclass(frozen=True)
class ExpireReferral:
    referral_id: UUID


# tasks (decision 0032) -----------------------------------------------------------
@dataclass(frozen=True)
class CreateTask:
    case_id: UUID
    kind: TaskKind
    description: str
    due_by: datetime
    place: str | None = None
    repeat: Every | None = None


@dataclass(frozen=True)
class OfferTask:
    """To one volunteer, or (`volunteer_id=None`) to the team's pool."""

    task_id: UUID
    volunteer_id: UUID | None


@dataclass(frozen=True)
class AcceptTask:
    task_id: UUID


@dataclass(frozen=True)
class DeclineTask:
    task_id: UUID
    reason: str | None = None


@dataclass(frozen=True)
class HandOverTask:
    """To another volunteer, or (`to_volunteer_id=None`) back to the team's pool."""

    task_id: UUID
    to_volunteer_id: UUID | None
    reason: str


@dataclass(frozen=True)
class CompleteTask:
    task_id: UUID
    minutes: int
    note: str | None = None
    done_at: datetime | None = None  # when it was done; None: now


@dataclass(frozen=True)
class CancelTask:
    task_id: UUID
    reason: str


OnCase = (Assess | Assign | Claim | AddNote | LogService | RecordConsent | Close
          | DecideClosure | Reopen | RequestTransfer | DecideTransfer | SendReferral
          | MarkFollowUpDone | EraseCase | SetFollowUpPlan | CheckInDone | SkipCheckIn
          | RescheduleCheckIn)
OnReferral = (AcceptReferral | DeclineReferral | CompleteReferral | WithdrawReferral
              | ExpireReferral)
OnTask = OfferTask | AcceptTask | DeclineTask | HandOverTask | CompleteTask | CancelTask
TaskCommand = CreateTask | OnTask  # answered with the task, as the caller may see it
CaseCommand = OpenCase | OnCase | OnReferral | TaskCommand

__all__ = ["CaseCommand", "CommandContext", "OnCase", "OnReferral", "OnTask", "OpenCase",
           "TaskCommand"]
