"""The case as pages and API answers read it: a frozen copy, never the aggregate.

`CaseDetail` carries what the case holds now (or at a past version) and `available`:
the commands the reader may give next, as the domain answers it (domain/actions.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType
from uuid import UUID

from domain.actions import CaseAction, available_commands
from domain.case import Case, ClosureRequest, ServiceRecord, TransferRequest
from domain.checkins import FollowUpPlan, Moved, Settled
from domain.deadline_policy import DEFAULT_POLICY, DeadlinePolicy
from domain.referral import Referral
from domain.values import Actor, Consent, Personal, ResidentProfile
from domain.vocabulary import Channel, ClosureOutcome, Need, Risk, Status, Vulnerability
from service.task_views import TaskView, task_view


@dataclass(frozen=True)
class CaseDetail:
    id: UUID
    reference: str
    version: int
    status: Status
    team: str
    channel: Channel
    profile: ResidentProfile
    personal: Mapping[str, str | None]
    vulnerabilities: tuple[Vulnerability, ...]
    needs: tuple[Need, ...]
    consent: Consent
    risk: Risk | None
    assessment_personal: Mapping[str, str | None]
    follow_up_due: date | None
    assigned_worker_id: UUID | None
    waiting_since: datetime
    assign_due: datetime | None
    notes_count: int
    services: tuple[ServiceRecord, ...]
    referrals: Mapping[UUID, Referral]
    pending_closure: ClosureRequest | None
    closure_personal: Mapping[str, str | None]
    pending_transfer: TransferRequest | None
    transfer_personal: Mapping[str, str | None]
    opened_at: datetime
    closed_at: datetime | None
    outcome: ClosureOutcome | None
    duplicate_of: UUID | None
    available: frozenset[CaseAction]
    # recurring check-ins (decision 0028): the plan and what settled or moved them
    follow_up_plan: FollowUpPlan | None = None
    check_ins_settled: Mapping[date, Settled] = field(default_factory=dict)
    check_ins_moved: Mapping[date, Moved] = field(default_factory=dict)
    # its tasks (decision 0032), as the case's side sees them, soonest due first
    tasks: tuple[TaskView, ...] = ()

    def open_referrals(self) -> list[Referral]:
        return [r for r in self.referrals.values() if r.is_open]


def _frozen(personal: Personal) -> Mapping[str, str | None]:
    return MappingProxyType(dict(personal))


def detail_of(case: Case, reader: Actor | None,
              deadlines: DeadlinePolicy = DEFAULT_POLICY) -> CaseDetail:
    """A copy of the case as `reader` sees it (no reader: nothing available), its time
    to assign by `deadlines` (its team's)."""
    referrals = {rid: replace(r, personal=dict(r.personal)) for rid, r in case.referrals.items()}
    return CaseDetail(
        id=case.id, reference=case.reference, version=case.version, status=case.status,
        team=case.team, channel=case.channel, profile=case.profile,
        personal=_frozen(case.personal), vulnerabilities=case.vulnerabilities,
        needs=case.needs, consent=case.consent, risk=case.risk,
        assessment_personal=_frozen(case.assessment_personal),
        follow_up_due=case.follow_up_due, assigned_worker_id=case.assigned_worker_id,
        waiting_since=case.waiting_since, assign_due=case.assign_due_under(deadlines),
        notes_count=case.notes_count, services=tuple(case.services),
        referrals=MappingProxyType(referrals), pending_closure=case.pending_closure,
        closure_personal=_frozen(case.closure_personal),
        pending_transfer=case.pending_transfer,
        transfer_personal=_frozen(case.transfer_personal), opened_at=case.opened_at,
        closed_at=case.closed_at, outcome=case.outcome, duplicate_of=case.duplicate_of,
        available=available_commands(case, reader) if reader is not None else frozenset(),
        follow_up_plan=case.follow_up_plan,
        check_ins_settled=MappingProxyType(dict(case.check_ins_settled)),
        check_ins_moved=MappingProxyType(dict(case.check_ins_moved)),
        tasks=tuple(task_view(case, task) for task in sorted(
            case.tasks.values(), key=lambda t: (t.due_by, str(t.id)))),
    )
