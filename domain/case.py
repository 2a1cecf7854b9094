"""The Case aggregate: one assistance case, one event stream (docs/domain.md §2).

Events are nested past-tense classes and a durable stored format: never rename or
reshape one in place; add a class version and an upcaster instead. Every event records
the actor (id, role) and how the command came in (`via`). Every value that identifies
or describes the resident lives in the event's `personal` field and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import policy, validation
from domain.actions import ALLOWED_IN, CaseAction, closure_needs_approval
from domain.checkins import Every, FollowUpPlan, Moved, Settled, next_open_day, plan_from
from domain.deadline_policy import DEFAULT_POLICY, DeadlinePolicy
from domain.deadlines import REFERRAL_REPLY_TIME, assign_due
from domain.errors import InvalidInput, NotPermitted, RuleViolated
from domain.referral import Referral, find_referral
from domain.refusals import Problems
from domain.task import Task
from domain.task_commands import TASK_CLOSED_REASON, TASK_TRANSFERRED_REASON, TaskCommands
from domain.values import (
    ERASED,
    Actor,
    ActorRef,
    Consent,
    Personal,
    ResidentDetails,
    ResidentProfile,
)
from domain.vocabulary import (
    CASE_SIDE_ROLES,
    INTAKE_CLOSURE_OUTCOMES,
    Channel,
    ClosureOutcome,
    ConsentMethod,
    Need,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    Role,
    ServiceKind,
    Status,
    TaskKind,
    TaskStatus,
    Via,
    Vulnerability,
)

FOLLOW_UP_HORIZON = timedelta(days=366)


@dataclass(frozen=True)
class Assessment:
    """What an assessment decides (the input of `assess`)."""

    risk: Risk
    needs: tuple[Need, ...]
    notes: str | None
    plan: str
    follow_up_due: date


@dataclass(frozen=True)
class ServiceRecord:
    kind: ServiceKind
    delivered_at: datetime
    minutes: int
    by: UUID


@dataclass(frozen=True)
class ClosureRequest:
    outcome: ClosureOutcome
    duplicate_of: UUID | None
    requested_by: UUID
    requested_at: datetime


@dataclass(frozen=True)
class TransferRequest:
    to_team: str
    requested_by: UUID
    requested_at: datetime


class Case(TaskCommands, Aggregate):
    # ---------------------------------------------------------------- events
    class Event(Aggregate.Event):
        actor: ActorRef
        via: Via

    class Opened(Event, Aggregate.Created):
        reference: str
        team: str
        channel: Channel
        profile: ResidentProfile
        vulnerabilities: tuple[Vulnerability, ...]
        needs: tuple[Need, ...]
        consent: Consent
        personal: Personal  # name, phone, id_number, address_detail, emergency_contact_*, request

    class Assessed(Event):
        risk: Risk
        needs: tuple[Need, ...]
        follow_up_due: date
        personal: Personal  # notes, plan

        def apply(self, case: Case) -> None:
            case.risk = self.risk
            case.needs = self.needs
            case.set_follow_up_due(self.follow_up_due)
            case.assessment_personal = dict(self.personal)
            case.assessed_at = self.timestamp
            if case.status is Status.INTAKE:
                case.status = Status.ASSESSED

    class Assigned(Event):
        worker_id: UUID
        previous_worker_id: UUID | None
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            case.assigned_worker_id = self.worker_id
            case.status = Status.ACTIVE
            case.assigned_at = self.timestamp

    class Claimed(Event):
        worker_id: UUID

        def apply(self, case: Case) -> None:
            case.assigned_worker_id = self.worker_id
            case.status = Status.ACTIVE
            case.assigned_at = self.timestamp

    class NoteAdded(Event):
        personal: Personal  # text

        def apply(self, case: Case) -> None:
            case.notes_count += 1

    class FollowUpDone(Event):
        follow_up_due: date  # the follow-up that took place
        next_follow_up_due: date
        personal: Personal  # text (a note on the follow-up)

        def apply(self, case: Case) -> None:
            case.set_follow_up_due(self.next_follow_up_due)

    class FollowUpPlanSet(Event):
        """Recurring check-ins (decision 0028): replaces any plan before it."""

        every: Every
        time_of_day: time  # local time
        first: date  # the first check-in's day
        until: date | None
        day_of_month: int | None

        def apply(self, case: Case) -> None:
            case.follow_up_plan = FollowUpPlan(self.every, self.time_of_day, self.first, self.until,
                                               self.day_of_month)
            case.check_ins_settled = {}
            case.check_ins_moved = {}
            case.follow_up_changed()

    class FollowUpPlanStopped(Event):
        def apply(self, case: Case) -> None:
            case.end_follow_up_plan()

    class CheckInDone(Event):
        due_on: date  # the check-in's day in the plan
        personal: Personal  # text (a note on the check-in, optional)

        def apply(self, case: Case) -> None:
            case.check_ins_settled[self.due_on] = Settled(True, self.timestamp)
            case.follow_up_changed()

    class CheckInSkipped(Event):
        due_on: date
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            case.check_ins_settled[self.due_on] = Settled(False, self.timestamp)
            case.follow_up_changed()

    class CheckInRescheduled(Event):
        due_on: date
        to: datetime  # its new time
        to_on: date  # the new time's day, local time

        def apply(self, case: Case) -> None:
            case.check_ins_moved[self.due_on] = Moved(self.to, self.to_on)
            case.follow_up_changed()

    class ServiceLogged(Event):
        kind: ServiceKind
        delivered_at: datetime
        minutes: int
        personal: Personal  # description

        def apply(self, case: Case) -> None:
            case.services.append(
                ServiceRecord(self.kind, self.delivered_at, self.minutes, self.actor.id)
            )

    class ConsentRecorded(Event):
        method: ConsentMethod

        def apply(self, case: Case) -> None:
            case.consent = Consent(given=True, method=self.method)

    class ConsentWithdrawn(Event):
        method: ConsentMethod | None

        def apply(self, case: Case) -> None:
            case.consent = Consent(given=False, method=self.method)

    class ReferralSent(Event):
        # v2: the service text moved into `personal` (workers type names and addresses
        # into it; issue 10), so erasure takes it too.
        class_version = 2
        referral_id: UUID
        organisation_id: UUID
        respond_by: datetime
        personal: Personal  # service, note

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["personal"] = {"service": state.pop("service"), **state["personal"]}

        def apply(self, case: Case) -> None:
            personal = dict(self.personal)
            case.referrals[self.referral_id] = Referral(
                id=self.referral_id,
                organisation_id=self.organisation_id,
                service=personal.pop("service") or "",
                sent_at=self.timestamp,
                respond_by=self.respond_by,
                sent_by=self.actor.id,
                personal=personal,
            )

    class ReferralAccepted(Event):
        referral_id: UUID

        def apply(self, case: Case) -> None:
            referral = case.referrals[self.referral_id]
            referral.status = ReferralStatus.ACCEPTED
            referral.answered_at = self.timestamp
            referral.accepted_at = self.timestamp

    class ReferralDeclined(Event):
        referral_id: UUID
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            referral = case.referrals[self.referral_id]
            referral.status = ReferralStatus.DECLINED
            referral.answered_at = self.timestamp
            referral.personal.update(self.personal)

    class ReferralExpired(Event):
        referral_id: UUID

        def apply(self, case: Case) -> None:
            case.referrals[self.referral_id].status = ReferralStatus.EXPIRED

    class ReferralCompleted(Event):
        referral_id: UUID
        outcome: ReferralOutcome
        value_cny: Decimal
        people_helped: int
        personal: Personal  # delivered

        def apply(self, case: Case) -> None:
            referral = case.referrals[self.referral_id]
            referral.status = ReferralStatus.COMPLETED
            referral.completed_at = self.timestamp
            referral.outcome = self.outcome
            referral.value_cny = self.value_cny
            referral.people_helped = self.people_helped
            referral.personal.update(self.personal)

    class ReferralWithdrawn(Event):
        referral_id: UUID
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            referral = case.referrals[self.referral_id]
            referral.status = ReferralStatus.WITHDRAWN
            referral.personal.update(self.personal)

    class ClosureRequested(Event):
        outcome: ClosureOutcome
        duplicate_of: UUID | None
        personal: Personal  # summary

        def apply(self, case: Case) -> None:
            case.status = Status.PENDING_CLOSURE
            case.pending_closure = ClosureRequest(
                self.outcome, self.duplicate_of, self.actor.id, self.timestamp
            )
            case.closure_personal = dict(self.personal)
            case.pending_transfer = None  # closing withdraws a transfer not yet decided

    class ClosureApproved(Event):
        personal: Personal  # comment

        def apply(self, case: Case) -> None:
            request = case.pending_closure
            assert request is not None
            case.status = Status.CLOSED
            case.outcome = request.outcome
            case.duplicate_of = request.duplicate_of
            case.closed_at = self.timestamp
            case.pending_closure = None
            case.end_follow_up_plan()  # a plan runs until the case closes

    class ClosureRejected(Event):
        personal: Personal  # comment

        def apply(self, case: Case) -> None:
            # Back to work: `active` with its worker; an unassigned case waits in `assessed`.
            case.status = case.status_when_open()
            case.pending_closure = None

    class Closed(Event):
        outcome: ClosureOutcome
        duplicate_of: UUID | None
        personal: Personal  # summary

        def apply(self, case: Case) -> None:
            case.status = Status.CLOSED
            case.outcome = self.outcome
            case.duplicate_of = self.duplicate_of
            case.closed_at = self.timestamp
            case.closure_personal = dict(self.personal)
            case.pending_transfer = None  # closing withdraws a transfer not yet decided
            case.end_follow_up_plan()  # a plan runs until the case closes

    class Reopened(Event):
        class_version = 2

        personal: Personal  # reason
        worker_gone: bool  # new in v2: the worker it had is no longer active

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["worker_gone"] = False  # v1 reopened with the worker it had

        def apply(self, case: Case) -> None:
            if self.worker_gone:
                case.assigned_worker_id = None
                case.assigned_at = None
            case.status = case.status_when_open()
            case.outcome = None
            case.duplicate_of = None
            case.closed_at = None
            if case.status is not Status.ACTIVE:
                case.waiting_since = self.timestamp

    class TransferRequested(Event):
        to_team: str
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            case.pending_transfer = TransferRequest(self.to_team, self.actor.id, self.timestamp)
            case.transfer_personal = dict(self.personal)

    class TransferAccepted(Event):
        from_team: str
        to_team: str
        personal: Personal  # comment

        def apply(self, case: Case) -> None:
            case.join_team(self.to_team, self.timestamp)

    class TransferDeclined(Event):
        personal: Personal  # comment

        def apply(self, case: Case) -> None:
            case.pending_transfer = None

    class Routed(Event):
        """A supervisor moved the case within their own part of the team tree (to their
        team or one below it, decision 0030): routed down (下派) at once, no acceptance."""

        from_team: str
        to_team: str
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            case.join_team(self.to_team, self.timestamp)

    # tasks (decision 0032) ---------------------------------------------------
    class TaskCreated(Event):
        task_id: UUID
        kind: TaskKind
        due_by: datetime
        repeat: Every | None  # a repeating errand opens its next occurrence when done
        previous_task_id: UUID | None  # the occurrence this one follows
        personal: Personal  # description, place

        def apply(self, case: Case) -> None:
            case.tasks[self.task_id] = Task(
                id=self.task_id, kind=self.kind, due_by=self.due_by, repeat=self.repeat,
                created_at=self.timestamp, created_by=self.actor.id,
                personal=dict(self.personal), previous_id=self.previous_task_id)

    class TaskOffered(Event):
        task_id: UUID
        volunteer_id: UUID | None  # None: the team's pool

        def apply(self, case: Case) -> None:
            task = case.tasks[self.task_id]
            task.status = TaskStatus.OFFERED
            task.offered_to = self.volunteer_id
            task.pool = self.volunteer_id is None
            task.offered_at = self.timestamp

    class TaskAccepted(Event):
        task_id: UUID
        volunteer_id: UUID

        def apply(self, case: Case) -> None:
            task = case.tasks[self.task_id]
            task.status = TaskStatus.ACCEPTED
            task.volunteer_id = self.volunteer_id
            task.offered_to = self.volunteer_id
            task.accepted_at = self.timestamp

    class TaskDeclined(Event):
        task_id: UUID
        volunteer_id: UUID
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            task = case.tasks[self.task_id]
            task.status = TaskStatus.OPEN  # back to the case's side, offered to nobody
            task.offered_to = None
            task.pool = False
            task.personal.update(self.personal)

    class TaskHandedOver(Event):
        task_id: UUID
        from_volunteer_id: UUID
        to_volunteer_id: UUID | None  # None: back to the team's pool
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            task = case.tasks[self.task_id]
            task.status = TaskStatus.OFFERED
            task.volunteer_id = None
            task.accepted_at = None
            task.offered_to = self.to_volunteer_id
            task.pool = self.to_volunteer_id is None
            task.offered_at = self.timestamp
            task.personal.update(self.personal)

    class TaskCompleted(Event):
        task_id: UUID
        volunteer_id: UUID
        minutes: int
        done_at: datetime
        personal: Personal  # note

        def apply(self, case: Case) -> None:
            task = case.tasks[self.task_id]
            task.status = TaskStatus.COMPLETED
            task.completed_at = self.timestamp
            task.done_at = self.done_at
            task.minutes = self.minutes
            task.personal.update(self.personal)

    class TaskCancelled(Event):
        task_id: UUID
        personal: Personal  # reason

        def apply(self, case: Case) -> None:
            task = case.tasks[self.task_id]
            task.status = TaskStatus.CANCELLED
            task.personal.update(self.personal)

    class Erased(Event):
        """The resident's personal data is erased (its key destroyed by the adapters).
        `reason` says why in words that never name the resident; no personal part."""

        reason: str

        def apply(self, case: Case) -> None:
            # A case folded before its key went (another process's cache) forgets too.
            case.erased = True
            case.personal = _erased(case.personal)
            case.assessment_personal = _erased(case.assessment_personal)
            case.closure_personal = _erased(case.closure_personal)
            case.transfer_personal = _erased(case.transfer_personal)
            for referral in case.referrals.values():
                referral.service = ERASED
                referral.personal = _erased(referral.personal)
            for task in case.tasks.values():
                task.personal = _erased(task.personal)

    # ----------------------------------------------------------------- state
    def __init__(
        self,
        *,
        reference: str,
        team: str,
        channel: Channel,
        profile: ResidentProfile,
        vulnerabilities: tuple[Vulnerability, ...],
        needs: tuple[Need, ...],
        consent: Consent,
        personal: Personal,
        actor: ActorRef,
        via: Via,
    ) -> None:
        self.reference = reference
        self.team = team
        self.channel = channel
        self.profile = profile
        self.vulnerabilities = vulnerabilities
        self.needs = needs
        self.consent = consent
        self.personal: Personal = dict(personal)
        self.opened_by = actor.id
        self.status = Status.INTAKE
        self.risk: Risk | None = None
        self.assessment_personal: Personal = {}
        self.assessed_at: datetime | None = None
        self.follow_up_due: date | None = None
        self.single_follow_up_due: date | None = None  # set by assessment or follow-up
        self.follow_up_plan: FollowUpPlan | None = None
        self.check_ins_settled: dict[date, Settled] = {}
        self.check_ins_moved: dict[date, Moved] = {}
        self.assigned_worker_id: UUID | None = None
        self.assigned_at: datetime | None = None
        self.waiting_since: datetime = self.created_on
        self.notes_count = 0
        self.services: list[ServiceRecord] = []
        self.referrals: dict[UUID, Referral] = {}
        self.tasks: dict[UUID, Task] = {}
        self.pending_closure: ClosureRequest | None = None
        self.closure_personal: Personal = {}
        self.transfer_personal: Personal = {}  # the reason of the pending transfer
        self.outcome: ClosureOutcome | None = None
        self.duplicate_of: UUID | None = None
        self.closed_at: datetime | None = None
        self.pending_transfer: TransferRequest | None = None
        self.erased = False

    @property
    def opened_at(self) -> datetime:
        return self.created_on

    @property
    def assign_due(self) -> datetime | None:
        """When an unassigned case should be assigned by under the SPEC's defaults; None
        once it has a worker. Readers use `assign_due_under` with the team's policy."""
        return self.assign_due_under(DEFAULT_POLICY)

    def assign_due_under(self, policy: DeadlinePolicy) -> datetime | None:
        """When an unassigned case should be assigned by under `policy`."""
        if self.status not in (Status.INTAKE, Status.ASSESSED) or self.assigned_worker_id:
            return None
        return assign_due(self.waiting_since, self.risk, policy)

    def join_team(self, team: str, at: datetime) -> None:
        """The case joins `team` unassigned, in its intake queue."""
        self.team = team
        self.assigned_worker_id = None
        self.assigned_at = None
        self.pending_transfer = None
        self.waiting_since = at
        if self.status is Status.ACTIVE:
            self.status = Status.ASSESSED

    def set_follow_up_due(self, due: date) -> None:
        self.single_follow_up_due = due
        self.follow_up_changed()

    def end_follow_up_plan(self) -> None:
        self.follow_up_plan = None
        self.check_ins_settled = {}
        self.check_ins_moved = {}
        self.follow_up_changed()

    def follow_up_changed(self) -> None:
        """The next follow-up date: the earliest open check-in's day while a plan runs
        (the caseload orders and marks overdue by it), else the one the assessment or the
        last follow-up set."""
        plan = self.follow_up_plan
        if plan is None:
            self.follow_up_due = self.single_follow_up_due
        else:
            self.follow_up_due = next_open_day(plan, self.check_ins_settled,
                                               self.check_ins_moved)

    def status_when_open(self) -> Status:
        if self.assigned_worker_id is not None:
            return Status.ACTIVE
        if self.risk is not None:
            return Status.ASSESSED
        return Status.INTAKE

    def open_referrals(self) -> list[Referral]:
        return [r for r in self.referrals.values() if r.is_open]

    # -------------------------------------------------------------- commands
    @classmethod
    def open(
        cls,
        *,
        case_id: UUID,
        reference: str,
        team: str,
        channel: Channel,
        profile: ResidentProfile,
        details: ResidentDetails,
        request: str,
        vulnerabilities: tuple[Vulnerability, ...],
        needs: tuple[Need, ...],
        consent: Consent,
        assessment: Assessment | None,
        actor: Actor,
        via: Via,
        at: datetime,
    ) -> Case:
        policy.require_can_open(actor, team)
        validation.aware("at", at)
        found = Problems()
        personal, profile = _opening_values(found, details, profile, request, consent,
                                            assessment, at)
        found.refuse()
        case = cls._create(
            cls.Opened,
            id=case_id,
            timestamp=at,
            actor=actor.ref,
            via=via,
            reference=reference,
            team=team,
            channel=channel,
            profile=profile,
            vulnerabilities=validation.distinct("vulnerabilities", vulnerabilities),
            needs=validation.distinct("needs", needs),
            consent=consent,
            personal=personal,
        )
        if assessment is not None:
            case.assess(assessment, actor=actor, via=via, at=at)
        return case

    def _event(self, event_class: type[Case.Event], actor: Actor, via: Via, at: datetime,
               **kwargs: Any) -> None:
        validation.aware("at", at)
        if self.erased:
            raise RuleViolated("erased", "an erased case accepts no more commands")
        self.trigger_event(event_class, timestamp=at, actor=actor.ref, via=via, **kwargs)

    def _require_status(self, command: CaseAction, action: str) -> None:
        """Refuse a command its status does not allow (`ALLOWED_IN`); `action` says it."""
        allowed = ALLOWED_IN[command]
        if self.status is Status.CLOSED and Status.CLOSED not in allowed:
            raise RuleViolated("closed_case", "a closed case accepts nothing but a reopening; "
                                              f"it cannot be {action}")
        if self.status not in allowed:
            raise RuleViolated(
                "status", f"a case that is {self.status.value} cannot be {action}"
            )

    def assess(self, assessment: Assessment, *, actor: Actor, via: Via, at: datetime) -> None:
        policy.require_case_side(actor, self.team, "assess a case")
        self._require_status(CaseAction.ASSESS, "assessed")
        found = Problems()
        needs, personal = _assessment_values(found, assessment, at)
        found.refuse()
        self._event(
            self.Assessed, actor, via, at,
            risk=assessment.risk,
            needs=needs,
            follow_up_due=assessment.follow_up_due,
            personal=personal,
        )

    def assign(self, worker: Actor, reason: str | None, *, actor: Actor, via: Via,
               at: datetime) -> None:
        policy.require_supervisor_over(actor, self.team, "assign or reassign a case")
        self._require_status(CaseAction.ASSIGN, "assigned")
        _require_team_member(worker, self.team)
        previous = self.assigned_worker_id
        if previous == worker.id:
            raise RuleViolated("already_assigned", "the case is already assigned to this worker")
        checked_reason = validation.optional_text("reason", reason)
        if previous is not None and checked_reason is None:
            raise InvalidInput("reason", "reassignment_reason_required")
        self._event(self.Assigned, actor, via, at, worker_id=worker.id,
                    previous_worker_id=previous, personal={"reason": checked_reason})

    def claim(self, *, actor: Actor, via: Via, at: datetime) -> None:
        policy.require_case_side(actor, self.team, "claim a case")
        self._require_status(CaseAction.CLAIM, "claimed")
        if self.assigned_worker_id is not None:
            raise RuleViolated("already_assigned", "only an unassigned case can be claimed")
        self._event(self.Claimed, actor, via, at, worker_id=actor.id)

    def add_note(self, text: str, *, actor: Actor, via: Via, at: datetime) -> None:
        policy.require_case_side(actor, self.team, "add a note")
        self._require_status(CaseAction.NOTE, "noted")
        self._event(self.NoteAdded, actor, via, at,
                    personal={"text": validation.text("text", text)})

    def mark_follow_up_done(self, next_follow_up_due: date, note: str | None, *, actor: Actor,
                            via: Via, at: datetime) -> None:
        """The planned follow-up took place; the next one is due on `next_follow_up_due`."""
        policy.require_case_side(actor, self.team, "mark a follow-up done")
        self._require_status(CaseAction.FOLLOW_UP_DONE, "followed up")
        if self.follow_up_plan is not None:
            raise RuleViolated("follow_up_plan", "the case follows a check-in plan: mark "
                                                 "its check-ins done instead")
        if self.follow_up_due is None:
            raise RuleViolated("no_follow_up", "the case has no follow-up planned")
        _check_follow_up("next_follow_up_due", next_follow_up_due, at)
        self._event(self.FollowUpDone, actor, via, at, follow_up_due=self.follow_up_due,
                    next_follow_up_due=next_follow_up_due,
                    personal={"text": validation.optional_text("note", note)})

    # recurring check-ins (decision 0028) --------------------------------------
    def set_follow_up_plan(self, every: Every, at_time: time | None, day_of_month: int | None,
                           until: date | None, starts: date | None, *, tz: tzinfo,
                           actor: Actor, via: Via, at: datetime) -> None:
        """Check in every day, week or month from `starts` (default today) until `until`
        or the case closes; replaces the plan before it."""
        policy.require_case_side(actor, self.team, "plan check-ins")
        self._require_status(CaseAction.FOLLOW_UP_PLAN, "given a check-in plan")
        validation.aware("at", at)
        plan = plan_from(every, at_time, day_of_month, until, starts, now=at, tz=tz)
        self._event(self.FollowUpPlanSet, actor, via, at, every=plan.every, time_of_day=plan.at,
                    first=plan.first, until=plan.until, day_of_month=plan.day_of_month)

    def stop_follow_up_plan(self, *, actor: Actor, via: Via, at: datetime) -> None:
        policy.require_case_side(actor, self.team, "stop check-ins")
        self._require_status(CaseAction.FOLLOW_UP_PLAN, "given a check-in plan")
        if self.follow_up_plan is None:
            raise RuleViolated("no_follow_up_plan", "the case has no check-in plan")
        self._event(self.FollowUpPlanStopped, actor, via, at)

    def _open_check_in(self, due_on: date) -> FollowUpPlan:
        plan = self.follow_up_plan
        if plan is None:
            raise RuleViolated("no_follow_up_plan", "the case has no check-in plan")
        if not plan.occurs_on(due_on):
            raise RuleViolated("no_such_check_in", "the plan has no check-in on that day")
        if due_on in self.check_ins_settled:
            raise RuleViolated("check_in_settled", "that check-in is already done or skipped")
        return plan

    def check_in_done(self, due_on: date, note: str | None, *, tz: tzinfo, actor: Actor,
                      via: Via, at: datetime) -> None:
        """A check-in took place: once its day (or its new time's day) has come."""
        policy.require_case_side(actor, self.team, "record a check-in")
        self._require_status(CaseAction.CHECK_IN, "checked in on")
        self._open_check_in(due_on)
        moved = self.check_ins_moved.get(due_on)
        day = moved.to_on if moved is not None else due_on
        if day > at.astimezone(tz).date():
            raise RuleViolated("check_in_not_due", "a check-in is done on its day, not before")
        self._event(self.CheckInDone, actor, via, at, due_on=due_on,
                    personal={"text": validation.optional_text("note", note)})

    def skip_check_in(self, due_on: date, reason: str, *, actor: Actor, via: Via,
                      at: datetime) -> None:
        policy.require_case_side(actor, self.team, "skip a check-in")
        self._require_status(CaseAction.CHECK_IN, "checked in on")
        self._open_check_in(due_on)
        self._event(self.CheckInSkipped, actor, via, at, due_on=due_on,
                    personal={"reason": validation.text("reason", reason)})

    def reschedule_check_in(self, due_on: date, to: datetime, *, tz: tzinfo, actor: Actor,
                            via: Via, at: datetime) -> None:
        policy.require_case_side(actor, self.team, "reschedule a check-in")
        self._require_status(CaseAction.CHECK_IN, "checked in on")
        self._open_check_in(due_on)
        validation.aware("to", to)
        if to <= at:
            raise InvalidInput("to", "not_in_future")
        if to > at + FOLLOW_UP_HORIZON:
            raise InvalidInput("to", "beyond_a_year")
        self._event(self.CheckInRescheduled, actor, via, at, due_on=due_on, to=to,
                    to_on=to.astimezone(tz).date())

    def log_service(self, kind: ServiceKind, description: str, delivered_at: datetime,
                    minutes: int, *, actor: Actor, via: Via, at: datetime) -> None:
        policy.require_case_side(actor, self.team, "log a service")
        self._require_status(CaseAction.SERVICE, "given a service record")
        validation.aware("delivered_at", delivered_at)
        if delivered_at > at + validation.CLOCK_TOLERANCE:
            raise InvalidInput("delivered_at", "service_in_future")
        self._event(self.ServiceLogged, actor, via, at, kind=kind, delivered_at=delivered_at,
                    minutes=validation.minutes("minutes", minutes),
                    personal={"description": validation.text("description", description)})

    def record_consent(self, given: bool, method: ConsentMethod | None, *, actor: Actor,
                       via: Via, at: datetime) -> None:
        policy.require_case_side(actor, self.team, "record consent")
        if given:
            self._require_status(CaseAction.RECORD_CONSENT, "given a consent record")
        else:
            # The resident may withdraw consent at any time, also after closure: a case
            # closed as referred_out may still share contact details with a partner.
            self._require_status(CaseAction.WITHDRAW_CONSENT, "given a consent record")
        if given:
            if method is None:
                raise InvalidInput("method", "consent_method_required")
            if self.consent.given:
                raise RuleViolated("consent_already_given", "consent is already recorded")
            self._event(self.ConsentRecorded, actor, via, at, method=method)
            return
        if not self.consent.given:
            raise RuleViolated("no_consent", "there is no consent to withdraw")
        self._event(self.ConsentWithdrawn, actor, via, at, method=method)
        for referral in self.open_referrals():
            self._event(self.ReferralWithdrawn, actor, via, at, referral_id=referral.id,
                        personal={"reason": "consent withdrawn"})

    # referrals -------------------------------------------------------------
    def send_referral(self, referral_id: UUID, organisation_id: UUID, service: str,
                      note: str | None, *, actor: Actor, via: Via, at: datetime,
                      respond_by: datetime | None = None) -> None:
        policy.require_case_side(actor, self.team, "refer a case")
        self._require_status(CaseAction.REFER, "referred")
        if not self.consent.given:
            raise RuleViolated(
                "consent_required",
                "a referral can only be sent while the resident's consent to share stands",
            )
        if any(r.organisation_id == organisation_id for r in self.open_referrals()):
            raise RuleViolated("referral_open",
                               "a referral to this organisation is already open")
        if referral_id in self.referrals:
            raise RuleViolated("referral_exists", "this referral was already sent")
        deadline = respond_by or at + REFERRAL_REPLY_TIME
        validation.aware("respond_by", deadline)
        if deadline <= at:
            raise InvalidInput("respond_by", "not_in_future")
        self._event(self.ReferralSent, actor, via, at, referral_id=referral_id,
                    organisation_id=organisation_id, respond_by=deadline,
                    personal={"service": validation.text("service", service,
                                                         max_len=validation.SHORT_TEXT_MAX),
                              "note": validation.optional_text("note", note)})

    def accept_referral(self, referral_id: UUID, *, actor: Actor, via: Via,
                        at: datetime) -> None:
        referral = find_referral(self.referrals, referral_id)
        policy.require_receiving_organisation(actor, referral.organisation_id)
        referral.require(ReferralStatus.SENT, action="accepted")
        referral.require_not_past_reply_time(at)
        self._event(self.ReferralAccepted, actor, via, at, referral_id=referral_id)

    def decline_referral(self, referral_id: UUID, reason: str, *, actor: Actor, via: Via,
                         at: datetime) -> None:
        referral = find_referral(self.referrals, referral_id)
        policy.require_receiving_organisation(actor, referral.organisation_id)
        referral.require(ReferralStatus.SENT, action="declined")
        self._event(self.ReferralDeclined, actor, via, at, referral_id=referral_id,
                    personal={"reason": validation.text("reason", reason)})

    def complete_referral(self, referral_id: UUID, outcome: ReferralOutcome, delivered: str,
                          value_cny: Decimal, people_helped: int, *, actor: Actor, via: Via,
                          at: datetime) -> None:
        referral = find_referral(self.referrals, referral_id)
        policy.require_receiving_organisation(actor, referral.organisation_id)
        referral.require(ReferralStatus.ACCEPTED, action="completed")
        self._event(self.ReferralCompleted, actor, via, at, referral_id=referral_id,
                    outcome=outcome, value_cny=validation.money("value_cny", value_cny),
                    people_helped=validation.count("people_helped", people_helped),
                    personal={"delivered": validation.text("delivered", delivered)})

    def withdraw_referral(self, referral_id: UUID, reason: str, *, actor: Actor, via: Via,
                          at: datetime) -> None:
        policy.require_case_side(actor, self.team, "withdraw a referral")
        self._require_status(CaseAction.WITHDRAW_REFERRAL, "have a referral withdrawn")
        referral = find_referral(self.referrals, referral_id)
        referral.require(ReferralStatus.SENT, ReferralStatus.ACCEPTED, action="withdrawn")
        self._event(self.ReferralWithdrawn, actor, via, at, referral_id=referral_id,
                    personal={"reason": validation.text("reason", reason)})

    def expire_referral(self, referral_id: UUID, *, actor: Actor, via: Via,
                        at: datetime) -> None:
        policy.require_system_or_case_side(actor, self.team, "expire a referral")
        referral = find_referral(self.referrals, referral_id)
        referral.require(ReferralStatus.SENT, action="expired")
        if at <= referral.respond_by:
            raise RuleViolated("referral_not_due", "the referral's time to reply has not passed")
        self._event(self.ReferralExpired, actor, via, at, referral_id=referral_id)

    # closure ---------------------------------------------------------------
    def close(self, outcome: ClosureOutcome, summary: str, *, actor: Actor, via: Via,
              at: datetime, duplicate_of: UUID | None = None) -> None:
        policy.require_case_side(actor, self.team, "close a case")
        self._require_status(CaseAction.CLOSE, "closed")
        if self.status is Status.INTAKE and outcome not in INTAKE_CLOSURE_OUTCOMES:
            raise RuleViolated(
                "intake_closure_outcome",
                "a case not yet assessed can only be closed as duplicate, "
                "no_longer_needed or unreachable",
            )
        if outcome is ClosureOutcome.DUPLICATE:
            if duplicate_of is None:
                raise InvalidInput("duplicate_of", "duplicate_link_required")
            if duplicate_of == self.id:
                raise InvalidInput("duplicate_of", "duplicate_of_itself")
        elif duplicate_of is not None:
            raise InvalidInput("duplicate_of", "link_without_duplicate")
        self._require_no_open_referrals(outcome)
        personal = {"summary": validation.text("summary", summary)}
        if closure_needs_approval(self.risk, actor.role):
            self._event(self.ClosureRequested, actor, via, at, outcome=outcome,
                        duplicate_of=duplicate_of, personal=personal)
        else:
            self._event(self.Closed, actor, via, at, outcome=outcome,
                        duplicate_of=duplicate_of, personal=personal)
            self._cancel_open_tasks(TASK_CLOSED_REASON, actor, via, at)

    def _require_no_open_referrals(self, outcome: ClosureOutcome) -> None:
        if outcome is not ClosureOutcome.REFERRED_OUT and self.open_referrals():
            raise RuleViolated(
                "open_referrals",
                "a case cannot close while a referral awaits a reply or is accepted and "
                "not completed, unless the outcome is referred_out",
            )

    def decide_closure(self, approve: bool, comment: str | None, *, actor: Actor, via: Via,
                       at: datetime) -> None:
        policy.require_supervisor(actor, self.team, "approve or reject a closure")
        self._require_status(CaseAction.DECIDE_CLOSURE, "given a closure decision")
        request = self.pending_closure
        assert request is not None
        if request.requested_by == actor.id:
            raise RuleViolated("own_request", "nobody approves their own request")
        personal = {"comment": validation.optional_text("comment", comment)}
        if approve:
            self._require_no_open_referrals(request.outcome)
            self._event(self.ClosureApproved, actor, via, at, personal=personal)
            self._cancel_open_tasks(TASK_CLOSED_REASON, actor, via, at)
        else:
            self._event(self.ClosureRejected, actor, via, at, personal=personal)

    def reopen(self, reason: str, *, actor: Actor, via: Via, at: datetime,
               worker_gone: bool = False) -> None:
        """Back to work: `active` with its worker; without one (or when that worker is
        gone: `worker_gone`) in the intake queue, `assessed` or `intake`."""
        policy.require_supervisor(actor, self.team, "reopen a case")
        self._require_status(CaseAction.REOPEN, "reopened")
        self._event(self.Reopened, actor, via, at,
                    personal={"reason": validation.text("reason", reason)},
                    worker_gone=worker_gone and self.assigned_worker_id is not None)

    # transfer --------------------------------------------------------------
    def request_transfer(self, to_team: str, reason: str, *, actor: Actor, via: Via,
                         at: datetime, in_actor_scope: bool = False) -> None:
        """A transfer to another team, which that team's supervisor decides; with
        `in_actor_scope` (the receiving team is the actor's own or below it, as the
        service's team tree says) the case is routed there at once (decision 0030)."""
        policy.require_supervisor_over(actor, self.team, "transfer a case")
        self._require_status(CaseAction.TRANSFER, "transferred")
        if to_team == self.team:
            raise RuleViolated("same_team", "a case can only be transferred to another team")
        if self.pending_transfer is not None:
            raise RuleViolated("transfer_pending", "a transfer of this case is already pending")
        personal = {"reason": validation.text("reason", reason)}
        if in_actor_scope:
            self._event(self.Routed, actor, via, at, from_team=self.team, to_team=to_team,
                        personal=personal)
            self._cancel_open_tasks(TASK_TRANSFERRED_REASON, actor, via, at)
        else:
            self._event(self.TransferRequested, actor, via, at, to_team=to_team,
                        personal=personal)

    def decide_transfer(self, accept: bool, comment: str | None, *, actor: Actor, via: Via,
                        at: datetime) -> None:
        request = self.pending_transfer
        if request is None:
            policy.require_case_in_scope(actor, self.team)
            raise RuleViolated("no_transfer_pending", "no transfer of this case is pending")
        if actor.role is Role.AUDITOR or actor.team != request.to_team:
            policy.require_case_in_scope(actor, self.team)
            raise NotPermitted("only a supervisor of the receiving team decides a transfer")
        if actor.role is not Role.SUPERVISOR:
            policy.require_case_in_scope(actor, self.team)  # not theirs yet: no leak
            raise NotPermitted("only a supervisor of the receiving team decides a transfer")
        if request.requested_by == actor.id:
            raise RuleViolated("own_request", "nobody approves their own request")
        self._require_status(CaseAction.DECIDE_TRANSFER, "transferred")
        personal = {"comment": validation.optional_text("comment", comment)}
        if accept:
            self._event(self.TransferAccepted, actor, via, at, from_team=self.team,
                        to_team=request.to_team, personal=personal)
            self._cancel_open_tasks(TASK_TRANSFERRED_REASON, actor, via, at)
        else:
            self._event(self.TransferDeclined, actor, via, at, personal=personal)

    @property
    def personal_unreadable(self) -> bool:
        """Every personal value reads as ERASED: the case's data key is gone."""
        return bool(self.personal) and all(v == ERASED for v in self.personal.values())

    def erase(self, reason: str, *, actor: Actor, via: Via, at: datetime) -> None:
        """Erase the resident's personal data: a supervisor of the team, any status; the
        retention job (the system actor) a closed case only, or any case whose personal
        data is unreadable already (its key destroyed after a backup that was restored:
        the erasure is recorded so that the case takes no new data)."""
        if actor.role is Role.SYSTEM:
            if self.status is not Status.CLOSED and not self.personal_unreadable:
                raise RuleViolated("status", "retention erases closed cases only")
        else:
            policy.require_supervisor(actor, self.team, "erase a case")
        self._require_status(CaseAction.ERASE, "erased")
        self._event(self.Erased, actor, via, at, reason=validation.text("reason", reason))


def _check_follow_up(field: str, due: date, at: datetime) -> None:
    if due < (at - timedelta(days=1)).date():
        raise InvalidInput(field, "in_the_past")
    if due > (at + FOLLOW_UP_HORIZON).date():
        raise InvalidInput(field, "beyond_a_year")


def check_opening(*, details: ResidentDetails, profile: ResidentProfile, request: str,
                  consent: Consent, assessment: Assessment | None, at: datetime) -> None:
    """Refuse the values of a new case with every problem they have (nothing is made):
    what `Case.open` checks, for a form that found problems of its own first."""
    found = Problems()
    _opening_values(found, details, profile, request, consent, assessment, at)
    found.refuse()


def check_assessment(assessment: Assessment, at: datetime) -> None:
    """Refuse an assessment's values with every problem they have (see check_opening)."""
    found = Problems()
    _assessment_values(found, assessment, at)
    found.refuse()


def _opening_values(found: Problems, details: ResidentDetails, profile: ResidentProfile,
                    request: str, consent: Consent, assessment: Assessment | None,
                    at: datetime) -> tuple[Personal, ResidentProfile]:
    """The checked values of a new case; what they refuse goes to `found`."""
    personal = _checked_details(found, details)
    personal["request"] = found.check(validation.text, "request", request)
    checked = _checked_profile(found, profile, at.date())
    if consent.given and consent.method is None:
        found.add(InvalidInput("consent.method", "consent_method_required"))
    if assessment is not None:
        _assessment_values(found, assessment, at)
    return personal, checked


def _assessment_values(found: Problems, assessment: Assessment, at: datetime
                       ) -> tuple[tuple[Need, ...], Personal]:
    found.check(_check_follow_up, "follow_up_due", assessment.follow_up_due, at)
    needs = found.check(validation.distinct, "needs", assessment.needs, required=True)
    return needs or (), {
        "notes": found.check(validation.optional_text, "notes", assessment.notes),
        "plan": found.check(validation.text, "plan", assessment.plan),
    }


def _checked_details(found: Problems, details: ResidentDetails) -> Personal:
    check = found.check
    return {
        "name": check(validation.name, "resident.name", details.name),
        "phone": check(validation.phone, "resident.phone", details.phone),
        "id_number": check(validation.id_number, "resident.id_number", details.id_number),
        "address_detail": check(validation.optional_text, "resident.address.detail",
                                details.address_detail, max_len=validation.SHORT_TEXT_MAX),
        "emergency_contact_name": check(
            validation.optional_name, "resident.emergency_contact.name",
            details.emergency_contact_name),
        "emergency_contact_phone": (
            check(validation.phone, "resident.emergency_contact.phone",
                  details.emergency_contact_phone)
            if details.emergency_contact_phone else None),
        "emergency_contact_relation": check(
            validation.optional_text, "resident.emergency_contact.relation",
            details.emergency_contact_relation, max_len=validation.NAME_MAX),
    }


def _checked_profile(found: Problems, profile: ResidentProfile, today: date
                     ) -> ResidentProfile:
    def place(field: str, value: str) -> str:
        return found.check(validation.text, f"resident.address.{field}", value,
                           max_len=validation.NAME_MAX, required=False) or ""

    return ResidentProfile(
        birth_year=found.check(validation.birth_year, "resident.birth_year",
                               profile.birth_year, today=today),
        gender=profile.gender,
        district=place("district", profile.district), street=place("street", profile.street),
        community=place("community", profile.community),
        lives_alone=profile.lives_alone,
    )


def _erased(personal: Personal) -> Personal:
    return dict.fromkeys(personal, ERASED)


def _require_team_member(worker: Actor, team: str) -> None:
    if worker.role not in CASE_SIDE_ROLES or worker.team != team:
        raise RuleViolated(
            "worker_not_in_team", "a case is assigned to a worker of its own team"
        )


# What readers of a case's history (the API, the pages) name: its events, not the aggregate.
CaseEvent = Case.Event
