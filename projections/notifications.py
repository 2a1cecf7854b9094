"""In-app notifications: who is told what, as a projection of the case events.

Each case event that someone must act on becomes one row per recipient, written in the
view transaction of the event (exactly once, rebuilt with the other views). A row holds
no resident data: a kind, the case's reference and ids, and a few vocabulary values;
the words are the UI's. Nobody is told of their own action.

Deadlines about to break are time, not events: the projector's sweep finds them
(`deadline_notifications`) and writes them with ids made from the case and the
deadline, so each deadline is told once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Protocol
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.case import Case
from domain.deadline_policy import DEFAULT_POLICY, DeadlinePolicy
from domain.deadlines import deadline_state, follow_up_state
from domain.vocabulary import DeadlineState
from projections.rows import CaseRow

_NAMESPACE = uuid5(NAMESPACE_URL, "https://casework.invalid/notifications")


class Kind(StrEnum):
    CASE_ASSIGNED = "case_assigned"  # to the worker it was assigned to
    REFERRAL_RECEIVED = "referral_received"  # to the partner organisation's users
    CLOSURE_PENDING = "closure_pending"  # to the team's supervisors
    TRANSFER_INCOMING = "transfer_incoming"  # to the receiving team's supervisors
    CASE_ROUTED = "case_routed"  # routed down (0030): to the receiving team's supervisors
    REFERRAL_ANSWERED = "referral_answered"  # to the worker who referred
    DEADLINE_ASSIGN = "deadline_assign"  # an unassigned case: to the team's supervisors
    DEADLINE_FOLLOW_UP = "deadline_follow_up"  # a follow-up: to the assigned worker
    # a volunteer declined, handed over or completed a task (decision 0032): to the
    # case's worker (its maker while the case has none); never to a volunteer (a
    # notification names the case)
    TASK_ANSWERED = "task_answered"


# What a volunteer did, as a task-answered notification's `detail`.
_TASK_ANSWERS: dict[type, str] = {Case.TaskDeclined: "declined",
                                  Case.TaskHandedOver: "handed_over",
                                  Case.TaskCompleted: "completed"}


@dataclass
class NotificationRow:
    """One notification to one user. `detail` is a vocabulary value (a referral's
    status, a deadline state, a team code), never free text."""

    notification_id: UUID
    user_id: UUID
    kind: Kind
    case_id: UUID
    reference: str
    at: datetime
    team: str
    referral_id: UUID | None = None
    detail: str = ""
    read: bool = False


class Recipients(Protocol):
    """Active accounts, as the identity store has them when the event is applied."""

    def supervisors(self, team: str) -> Sequence[UUID]: ...

    def partners(self, organisation_id: UUID) -> Sequence[UUID]: ...


class NotificationSink(Protocol):
    def put_notification(self, row: NotificationRow) -> None: ...


def notification_id(*parts: object) -> UUID:
    """Deterministic: a rebuild makes the same ids, so read marks survive it."""
    return uuid5(_NAMESPACE, ":".join(str(part) for part in parts))


class NotificationProjection:
    def __init__(self, recipients: Recipients) -> None:
        self.recipients = recipients

    def process(self, event: Case.Event, case: Case, sink: NotificationSink) -> None:
        """`case` is the case with `event` applied."""
        for row in self.rows(event, case):
            sink.put_notification(row)

    def rows(self, event: Case.Event, case: Case) -> list[NotificationRow]:
        found = self._recipients(event, case)
        if found is None:
            return []
        kind, users, referral_id, detail = found
        actor = event.actor.id
        rows: list[NotificationRow] = []
        for user_id in dict.fromkeys(users):
            if user_id == actor:
                continue
            rows.append(NotificationRow(
                notification_id=notification_id(case.id, event.originator_version, kind,
                                                 user_id),
                user_id=user_id, kind=kind, case_id=case.id, reference=case.reference,
                at=event.timestamp, team=case.team, referral_id=referral_id, detail=detail))
        return rows

    def _recipients(self, event: Case.Event, case: Case
                    ) -> tuple[Kind, Iterable[UUID], UUID | None, str] | None:
        if isinstance(event, Case.Assigned):
            return Kind.CASE_ASSIGNED, (event.worker_id,), None, ""
        if isinstance(event, Case.ReferralSent):
            return (Kind.REFERRAL_RECEIVED, self.recipients.partners(event.organisation_id),
                    event.referral_id, "")
        if isinstance(event, Case.ClosureRequested):
            return Kind.CLOSURE_PENDING, self.recipients.supervisors(case.team), None, ""
        if isinstance(event, Case.TransferRequested):
            return (Kind.TRANSFER_INCOMING, self.recipients.supervisors(event.to_team), None,
                    event.to_team)
        if isinstance(event, Case.Routed):
            return (Kind.CASE_ROUTED, self.recipients.supervisors(event.to_team), None,
                    event.from_team)
        if isinstance(event, Case.ReferralAccepted | Case.ReferralDeclined
                      | Case.ReferralCompleted | Case.ReferralExpired):
            referral = case.referrals[event.referral_id]
            return (Kind.REFERRAL_ANSWERED, (referral.sent_by,), referral.id,
                    referral.status.value)
        answered = _TASK_ANSWERS.get(type(event))
        if answered is not None:
            task = case.tasks[event.task_id]  # type: ignore[attr-defined]
            return (Kind.TASK_ANSWERED, (case.assigned_worker_id or task.created_by,), None,
                    answered)
        return None


def deadline_notifications(rows: Iterable[CaseRow], now: datetime, tz: tzinfo,
                           recipients: Recipients,
                           policies: Callable[[str], DeadlinePolicy] = lambda team: DEFAULT_POLICY,
                           ) -> list[NotificationRow]:
    """Cases whose deadline is at risk or breached by their team's `policies`: an
    unassigned case's time to assign (the team's supervisors), an assigned case's
    follow-up (its worker). One row per deadline and recipient; the same deadline always
    makes the same id (a team's new time to assign is a new deadline)."""
    out: list[NotificationRow] = []
    for row in rows:
        policy = policies(row.team)
        if row.assigned_worker_id is None and row.assign_due is not None:
            assign_due = policy.assign_due(row.waiting_since, row.risk)
            state = deadline_state(row.waiting_since, assign_due, now)
            if state is DeadlineState.ON_TRACK:
                continue
            due = assign_due.isoformat()
            out.extend(_deadline(row, Kind.DEADLINE_ASSIGN, user_id, due, state, now)
                       for user_id in recipients.supervisors(row.team))
        elif row.assigned_worker_id is not None and row.follow_up_due is not None:
            state = follow_up_state(row.follow_up_set_at, row.follow_up_due, now, tz,
                                    policy.follow_up_warning)
            if state is DeadlineState.ON_TRACK:
                continue
            out.append(_deadline(row, Kind.DEADLINE_FOLLOW_UP, row.assigned_worker_id,
                                 row.follow_up_due.isoformat(), state, now))
    return out


def _deadline(row: CaseRow, kind: Kind, user_id: UUID, due: str, state: DeadlineState,
              now: datetime) -> NotificationRow:
    # One per deadline and recipient, whatever its state when first seen.
    return NotificationRow(
        notification_id=notification_id(row.case_id, kind, due, user_id), user_id=user_id,
        kind=kind, case_id=row.case_id, reference=row.reference, at=now, team=row.team,
        detail=state.value)


@dataclass(frozen=True)
class NotificationPage:
    items: list[NotificationRow]
    unread: int
    next_cursor: str | None


class NotificationStore(ABC):
    """A user's notifications: read, count, mark; and the sweep's deadline rows."""

    @abstractmethod
    def unread_count(self, user_id: UUID) -> int: ...

    @abstractmethod
    def newest(self, user_id: UUID, limit: int, after: tuple[str, str] | None,
             unread_only: bool = False) -> list[NotificationRow]:
        """Newest first (at, id descending), after a keyset cursor."""

    @abstractmethod
    def mark_read(self, user_id: UUID, notification_id: UUID) -> bool:
        """False when the user has no such notification."""

    @abstractmethod
    def mark_all_read(self, user_id: UUID) -> int: ...

    @abstractmethod
    def deadline_candidates(self, now: datetime, waiting_before: datetime) -> list[CaseRow]:
        """Open cases whose deadline may be at risk or past (a superset): the unassigned
        ones waiting since `waiting_before` or earlier, the assigned ones whose follow-up
        is within a month."""

    @abstractmethod
    def add(self, rows: Sequence[NotificationRow]) -> int:
        """Rows not already held (by id); how many were new."""
