"""What may be done to a case next: the statuses each command needs, declared once.

The Case aggregate's guards read `ALLOWED_IN`; `available_commands(case, actor)` answers
what a user may do now from the same table plus the rules that need no input (consent,
an unassigned case, a pending transfer), so a page never offers what the domain refuses.
Pure: no I/O, no clock.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from domain import policy
from domain.vocabulary import CASE_SIDE_ROLES, OPEN_STATUSES, Risk, Role, Status

if TYPE_CHECKING:
    from domain.case import Case
    from domain.values import Actor


class CaseAction(StrEnum):
    """The commands a user gives on a case (a referral's partner answers are not here:
    they act on the referral, whatever the case's status, decision 0006)."""

    ASSESS = "assess"
    ASSIGN = "assign"
    CLAIM = "claim"
    NOTE = "note"
    SERVICE = "service"
    REFER = "refer"
    CLOSE = "close"
    DECIDE_CLOSURE = "decide_closure"
    REOPEN = "reopen"
    RECORD_CONSENT = "consent_record"
    WITHDRAW_CONSENT = "consent_withdraw"
    TRANSFER = "transfer"
    DECIDE_TRANSFER = "decide_transfer"
    WITHDRAW_REFERRAL = "withdraw_referral"
    FOLLOW_UP_DONE = "follow_up_done"
    FOLLOW_UP_PLAN = "follow_up_plan"
    CHECK_IN = "check_in"
    ERASE = "erase"
    TASK = "task"  # make, offer or cancel a task (decision 0032)
    TASK_WORK = "task_work"  # a volunteer accepts, declines, hands over, completes one


WORKING = frozenset({Status.INTAKE, Status.ASSESSED, Status.ACTIVE})

# SPEC §2's status table: the statuses in which each command is accepted.
ALLOWED_IN: dict[CaseAction, frozenset[Status]] = {
    CaseAction.ASSESS: WORKING,
    CaseAction.ASSIGN: frozenset({Status.ASSESSED, Status.ACTIVE}),
    CaseAction.CLAIM: frozenset({Status.ASSESSED}),
    CaseAction.NOTE: frozenset(OPEN_STATUSES),
    CaseAction.SERVICE: frozenset({Status.ACTIVE}),
    CaseAction.REFER: frozenset({Status.ASSESSED, Status.ACTIVE}),
    CaseAction.CLOSE: WORKING,
    CaseAction.DECIDE_CLOSURE: frozenset({Status.PENDING_CLOSURE}),
    CaseAction.REOPEN: frozenset({Status.CLOSED}),
    CaseAction.RECORD_CONSENT: frozenset(OPEN_STATUSES),
    # The resident may withdraw consent at any time, also after closure: a case closed
    # as referred_out may still share contact details with a partner.
    CaseAction.WITHDRAW_CONSENT: frozenset({*OPEN_STATUSES, Status.CLOSED}),
    CaseAction.TRANSFER: WORKING,
    CaseAction.DECIDE_TRANSFER: WORKING,
    CaseAction.WITHDRAW_REFERRAL: frozenset(OPEN_STATUSES),
    CaseAction.FOLLOW_UP_DONE: frozenset({Status.ASSESSED, Status.ACTIVE}),
    # Recurring check-ins (decision 0028): planned on a case being worked; its check-ins
    # go on while a closure awaits approval.
    CaseAction.FOLLOW_UP_PLAN: frozenset({Status.ASSESSED, Status.ACTIVE}),
    CaseAction.CHECK_IN: frozenset({Status.ASSESSED, Status.ACTIVE, Status.PENDING_CLOSURE}),
    # Tasks (decision 0032): made and offered on a case being worked; the volunteers'
    # errands go on while a closure awaits approval (it cancels the open ones).
    CaseAction.TASK: frozenset({Status.ASSESSED, Status.ACTIVE}),
    CaseAction.TASK_WORK: frozenset({Status.ASSESSED, Status.ACTIVE, Status.PENDING_CLOSURE}),
    # Erasure (PIPL art. 47) is possible whatever the status.
    CaseAction.ERASE: frozenset(Status),
}

# What a supervisor of a team above the case's may do on it (decision 0030).
FROM_ABOVE = frozenset({CaseAction.ASSIGN, CaseAction.TRANSFER})
SUPERVISOR_ONLY = frozenset({CaseAction.ASSIGN, CaseAction.DECIDE_CLOSURE, CaseAction.REOPEN,
                             CaseAction.TRANSFER, CaseAction.DECIDE_TRANSFER,
                             CaseAction.ERASE})


def closure_needs_approval(risk: Risk | None, role: Role) -> bool:
    """A worker closing a high or critical case asks a supervisor to approve it."""
    return risk in (Risk.HIGH, Risk.CRITICAL) and role is not Role.SUPERVISOR


def available_commands(case: Case, actor: Actor) -> frozenset[CaseAction]:
    """The commands the domain would accept from `actor` now, given suitable input."""
    if case.erased:
        return frozenset()  # an erased case accepts no more commands
    transfer = case.pending_transfer
    if (transfer is not None and actor.role is Role.SUPERVISOR
            and actor.team == transfer.to_team and transfer.requested_by != actor.id
            and case.status in ALLOWED_IN[CaseAction.DECIDE_TRANSFER]):
        return frozenset({CaseAction.DECIDE_TRANSFER})  # the receiving team's only say
    if actor.role not in CASE_SIDE_ROLES or not policy.can_read_case(actor, case.team):
        return frozenset()
    return frozenset(action for action in CaseAction
                     if case.status in ALLOWED_IN[action] and _may(action, case, actor))


def _may(action: CaseAction, case: Case, actor: Actor) -> bool:
    if action in SUPERVISOR_ONLY and actor.role is not Role.SUPERVISOR:
        return False
    if actor.team != case.team and action not in FROM_ABOVE:
        return False
    closure = case.pending_closure
    rules = {
        CaseAction.CLAIM: case.assigned_worker_id is None,
        CaseAction.REFER: case.consent.given,
        CaseAction.RECORD_CONSENT: not case.consent.given,
        CaseAction.WITHDRAW_CONSENT: case.consent.given,
        CaseAction.DECIDE_CLOSURE: closure is not None and closure.requested_by != actor.id,
        CaseAction.TRANSFER: case.pending_transfer is None,
        CaseAction.DECIDE_TRANSFER: False,  # only the receiving team, above
        CaseAction.WITHDRAW_REFERRAL: bool(case.open_referrals()),
        CaseAction.FOLLOW_UP_DONE: case.follow_up_plan is None,
        CaseAction.CHECK_IN: case.follow_up_plan is not None,
        CaseAction.TASK_WORK: False,  # the volunteers' own, on the task: never on a case page
    }
    return rules.get(action, True)
