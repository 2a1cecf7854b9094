"""One line per command: which case it acts on and what it asks of the aggregate.

`CaseService.handle` looks the command's class up in `HANDLERS`; the entry turns the
command into a `Plan` (the case, and the decision to run on it as loaded). Everything
else — scope checks, If-Match, idempotency, retries, the save — is the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from domain.case import Case
from domain.deadline_policy import respond_by
from domain.sequence import ReferralLink, TaskLink
from service.commands import (
    AcceptReferral,
    AcceptTask,
    AddNote,
    Assess,
    Assign,
    CancelTask,
    CheckInDone,
    Claim,
    Close,
    CommandContext,
    CompleteReferral,
    CompleteTask,
    CreateTask,
    DecideClosure,
    DecideTransfer,
    DeclineReferral,
    DeclineTask,
    EraseCase,
    ExpireReferral,
    HandOverTask,
    LogService,
    MarkFollowUpDone,
    OfferTask,
    RecordConsent,
    Reopen,
    RequestTransfer,
    RescheduleCheckIn,
    SendReferral,
    SetFollowUpPlan,
    SkipCheckIn,
    WithdrawReferral,
)

if TYPE_CHECKING:
    from service.cases import CaseService

# What a command does to the loaded case at time `at`; it may return more aggregates to
# save in the same write (a referral's link).
Decide = Callable[[Case, datetime], Any]


@dataclass(frozen=True)
class Plan:
    case_id: UUID
    decide: Decide
    referral_id: UUID | None = None
    referral_side: bool = False  # a partner may act: scope by the referral
    task_id: UUID | None = None
    task_side: bool = False  # a volunteer may act: scope by the task, never the case
    receiving_team_may_see: bool = False  # the receiving team decides a transfer
    erases: bool = False  # once saved, the case's personal data is destroyed
    system_may: bool = False  # the system acts on any case (the retention job)


Handler = Callable[["CaseService", Any, CommandContext], Plan]


def on_referral(service: CaseService, referral_id: UUID, decide: Decide) -> Plan:
    return Plan(service.referral_case_id(referral_id), decide, referral_id=referral_id,
                referral_side=True)


def on_task(service: CaseService, task_id: UUID, decide: Decide) -> Plan:
    return Plan(service.task_case_id(task_id), decide, task_id=task_id, task_side=True)


def create_task(service: CaseService, c: CreateTask, x: CommandContext) -> Plan:
    task_id = uuid4()

    def decide(case: Case, at: datetime) -> list[TaskLink]:
        case.create_task(task_id, c.kind, c.description, c.due_by, c.place, c.repeat,
                         **x.by(at))
        return [TaskLink.link(task_id, case.id, case.team, at=at)]

    return Plan(c.case_id, decide, task_id=task_id)


def offer_task(service: CaseService, c: OfferTask, x: CommandContext) -> Plan:
    def decide(case: Case, at: datetime) -> None:
        # Looked up once the caller's scope on the case is checked, against its team.
        volunteer = service.volunteer(c.volunteer_id) if c.volunteer_id else None
        case.offer_task(c.task_id, volunteer, pool=c.volunteer_id is None, **x.by(at))

    return on_task(service, c.task_id, decide)


def hand_over_task(service: CaseService, c: HandOverTask, x: CommandContext) -> Plan:
    def decide(case: Case, at: datetime) -> None:
        to = service.volunteer(c.to_volunteer_id) if c.to_volunteer_id else None
        case.hand_over_task(c.task_id, to, c.reason, pool=c.to_volunteer_id is None,
                            **x.by(at))

    return on_task(service, c.task_id, decide)


def complete_task(service: CaseService, c: CompleteTask, x: CommandContext) -> Plan:
    next_task_id = uuid4()

    def decide(case: Case, at: datetime) -> list[TaskLink]:
        case.complete_task(c.task_id, c.minutes, c.note, c.done_at, next_task_id=next_task_id,
                           **x.by(at))
        if next_task_id not in case.tasks:
            return []
        return [TaskLink.link(next_task_id, case.id, case.team, at=at)]

    return on_task(service, c.task_id, decide)


def send_referral(service: CaseService, c: SendReferral, x: CommandContext) -> Plan:
    service.require_organisation(c.organisation_id)
    referral_id = uuid4()

    def decide(case: Case, at: datetime) -> list[ReferralLink]:
        reply_by = respond_by(service.identity.deadline_policy(case.team), at,
                              c.respond_within)
        case.send_referral(referral_id, c.organisation_id, c.service, c.note, **x.by(at),
                           respond_by=reply_by)
        return [ReferralLink.link(referral_id, case.id, c.organisation_id, at=at)]

    return Plan(c.case_id, decide, referral_id=referral_id)


def reopen(service: CaseService, c: Reopen, x: CommandContext) -> Plan:
    def decide(case: Case, at: datetime) -> None:
        worker = case.assigned_worker_id
        gone = worker is not None and not service.still_works_on(worker, case.team)
        case.reopen(c.reason, worker_gone=gone, **x.by(at))

    return Plan(c.case_id, decide)


def assign(service: CaseService, c: Assign, x: CommandContext) -> Plan:
    def decide(case: Case, at: datetime) -> None:
        # Looked up once the caller's scope on the case is checked, against its team.
        case.assign(service.worker(c.worker_id, case.team), c.reason, **x.by(at))

    return Plan(c.case_id, decide)


def close(service: CaseService, c: Close, x: CommandContext) -> Plan:
    service.require_original(x.actor, c.duplicate_of)
    return Plan(c.case_id, lambda case, at: case.close(
        c.outcome, c.summary, duplicate_of=c.duplicate_of, **x.by(at)))


def request_transfer(service: CaseService, c: RequestTransfer, x: CommandContext) -> Plan:
    service.require_team("to_team", c.to_team)
    # The receiving team in the caller's own part of the tree: routed at once (0030).
    in_scope = c.to_team in x.actor.scope
    return Plan(c.case_id, lambda case, at: case.request_transfer(
        c.to_team, c.reason, in_actor_scope=in_scope, **x.by(at)))


def set_follow_up_plan(service: CaseService, c: SetFollowUpPlan, x: CommandContext) -> Plan:
    def decide(case: Case, at: datetime) -> None:
        if c.every is None:
            case.stop_follow_up_plan(**x.by(at))
        else:
            case.set_follow_up_plan(c.every, c.at, c.day_of_month, c.until, c.starts,
                                    tz=service.timezone, **x.by(at))

    return Plan(c.case_id, decide)


def check_in_done(service: CaseService, c: CheckInDone, x: CommandContext) -> Plan:
    tz = service.timezone
    return Plan(c.case_id, lambda case, at: case.check_in_done(c.due_on, c.note, tz=tz,
                                                               **x.by(at)))


def reschedule_check_in(service: CaseService, c: RescheduleCheckIn,
                        x: CommandContext) -> Plan:
    tz = service.timezone
    return Plan(c.case_id, lambda case, at: case.reschedule_check_in(c.due_on, c.to, tz=tz,
                                                                     **x.by(at)))


HANDLERS: dict[type[Any], Handler] = {
    Assess: lambda s, c, x: Plan(c.case_id, lambda case, at: case.assess(c.assessment,
                                                                         **x.by(at))),
    Assign: assign,
    Claim: lambda s, c, x: Plan(c.case_id, lambda case, at: case.claim(**x.by(at))),
    AddNote: lambda s, c, x: Plan(c.case_id, lambda case, at: case.add_note(c.text,
                                                                            **x.by(at))),
    LogService: lambda s, c, x: Plan(c.case_id, lambda case, at: case.log_service(
        c.kind, c.description, c.delivered_at, c.minutes, **x.by(at))),
    RecordConsent: lambda s, c, x: Plan(c.case_id, lambda case, at: case.record_consent(
        c.given, c.method, **x.by(at))),
    MarkFollowUpDone: lambda s, c, x: Plan(c.case_id, lambda case, at: case.mark_follow_up_done(
        c.next_follow_up_due, c.note, **x.by(at))),
    Close: close,
    SetFollowUpPlan: set_follow_up_plan,
    CheckInDone: check_in_done,
    SkipCheckIn: lambda s, c, x: Plan(c.case_id, lambda case, at: case.skip_check_in(
        c.due_on, c.reason, **x.by(at))),
    RescheduleCheckIn: reschedule_check_in,
    DecideClosure: lambda s, c, x: Plan(c.case_id, lambda case, at: case.decide_closure(
        c.approve, c.comment, **x.by(at))),
    Reopen: reopen,
    RequestTransfer: request_transfer,
    DecideTransfer: lambda s, c, x: Plan(c.case_id, lambda case, at: case.decide_transfer(
        c.accept, c.comment, **x.by(at)), receiving_team_may_see=True),
    SendReferral: send_referral,
    EraseCase: lambda s, c, x: Plan(c.case_id, lambda case, at: case.erase(c.reason,
                                                                           **x.by(at)),
                                    erases=True, system_may=True),
    AcceptReferral: lambda s, c, x: on_referral(s, c.referral_id, lambda case, at: case
                                                .accept_referral(c.referral_id, **x.by(at))),
    DeclineReferral: lambda s, c, x: on_referral(s, c.referral_id, lambda case, at: case
                                                 .decline_referral(c.referral_id, c.reason,
                                                                   **x.by(at))),
    CompleteReferral: lambda s, c, x: on_referral(s, c.referral_id, lambda case, at: case
                                                  .complete_referral(
        c.referral_id, c.outcome, c.delivered, c.value_cny, c.people_helped, **x.by(at))),
    WithdrawReferral: lambda s, c, x: on_referral(s, c.referral_id, lambda case, at: case
                                                  .withdraw_referral(c.referral_id, c.reason,
                                                                     **x.by(at))),
    ExpireReferral: lambda s, c, x: on_referral(s, c.referral_id, lambda case, at: case
                                                .expire_referral(c.referral_id, **x.by(at))),
    CreateTask: create_task,
    OfferTask: offer_task,
    AcceptTask: lambda s, c, x: on_task(s, c.task_id, lambda case, at: case.accept_task(
        c.task_id, s.volunteer_facts(x.actor), **x.by(at))),
    DeclineTask: lambda s, c, x: on_task(s, c.task_id, lambda case, at: case.decline_task(
        c.task_id, c.reason, **x.by(at))),
    HandOverTask: hand_over_task,
    CompleteTask: complete_task,
    CancelTask: lambda s, c, x: on_task(s, c.task_id, lambda case, at: case.cancel_task(
        c.task_id, c.reason, **x.by(at))),
}
