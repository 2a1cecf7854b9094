"""Case commands and reads: `handle(command, context)` is the one way a command runs
(load the case, decide, save with its idempotency record); reads answer read objects
(service/case_detail.py), never the aggregate."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any, get_args
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from domain import policy
from domain.case import Assessment, Case
from domain.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolated,
    VersionConflict,
)
from domain.identity import Organisation
from domain.sequence import ReferralLink, TaskLink
from domain.task import Volunteer
from domain.values import Actor
from domain.vocabulary import (
    CASE_SIDE_ROLES,
    ClosureOutcome,
    ConsentMethod,
    ReferralOutcome,
    Role,
    ServiceKind,
    Via,
)
from projections.rows import ReferralRow
from service import audit
from service import commands as do
from service.applications import CasesApplication, find, load, position_of
from service.audit import AccessEntry, AccessFilter, AccessLog, AccessPage, NoAccessLog
from service.case_detail import CaseDetail, detail_of
from service.case_handlers import HANDLERS, Plan
from service.clock import Clock
from service.commands import CaseCommand, CommandContext, CreateTask, OnTask
from service.idempotency import (
    AlreadyRecorded,
    Idempotency,
    IdempotencyRecord,
    lookup,
    raise_if_recorded,
)
from service.identity import IdentityService
from service.intake import Intake, Intakes, OpenCase
from service.key_lock import KeyLock, LocalKeyLock
from service.locks import KeyedLocks
from service.task_views import (
    TaskView,
    VolunteerTaskView,
    contact_visible,
    seen_by,
    task_in_scope,
    task_view,
    volunteer_task_view,
)

# A writer that lost a race reloads and retries; with N writers on one case it can lose
# N-1 times, so allow as many rounds as save_with_retry does.
CONFLICT_RETRIES = 60
TASK_COMMANDS = (CreateTask, *get_args(OnTask))


@dataclass(frozen=True)
class CommandResult:
    """What a command did: the case as it left it (a read object), the store position of
    its last event, and for a referral command the referral's board row.

    A replayed answer (a retried Idempotency-Key) has the case at the recorded version,
    the store's head as its position and the first answer's status code.
    """

    case: CaseDetail
    position: int
    referral_id: UUID | None = None
    referral: ReferralRow | None = None
    replayed: bool = False
    status_code: int | None = None
    # A task command's task as the caller may see it (a volunteer: the minimum, never
    # the case; the routes answer this, not `case`).
    task: TaskView | VolunteerTaskView | None = None

    @property
    def version(self) -> int:
        return self.case.version


class CaseService:
    def __init__(self, app: CasesApplication, identity: IdentityService, clock: Clock,
                 timezone: tzinfo, access_log: AccessLog | None = None,
                 key_lock: KeyLock | None = None,
                 referral_row: Callable[[Case, UUID], ReferralRow] | None = None) -> None:
        self.app = app
        self.identity = identity
        self.clock = clock
        self.timezone = timezone
        # Reads of a case's personal data are recorded here (tools that read on nobody's
        # behalf keep the default).
        self.access_log: AccessLog = access_log if access_log is not None else NoAccessLog()
        # A keyed request still running refuses a second one with the same key.
        self.key_lock: KeyLock = key_lock if key_lock is not None else LocalKeyLock()
        self.referral_row = referral_row
        # Commands on one case take turns in this process rather than racing to the
        # store; intakes of one team are saved together (service/intake.py).
        self.locks = KeyedLocks()
        self.intakes = Intakes(app, timezone)
        # Called with a case's id once its erasure is saved: the adapters destroy its
        # data key and forget it in their caches (decision 0020).
        self.erasure_listeners: list[Callable[[UUID], None]] = []
        # A new case's id; the adapters hand out ids whose data keys are already
        # stored, made in batches (adapters/security/case_keys.py).
        self.new_case_id: Callable[[], UUID] = uuid4

    # the one entry point ----------------------------------------------------------
    def handle(self, command: CaseCommand, context: CommandContext) -> CommandResult:
        """Run one command: a retried idempotency key is answered from its record."""
        idempotency = context.idempotency
        if idempotency is None:
            return self._dispatch(command, context)
        with self.key_lock.holding(idempotency.record_id):
            record = lookup(self.app, idempotency)
            if record is None:
                try:
                    return self._dispatch(command, context)
                except AlreadyRecorded as done:  # a concurrent request with this key won
                    record = done.record
            return self._replay(record, context.actor, isinstance(command, TASK_COMMANDS))

    def _dispatch(self, command: CaseCommand, context: CommandContext) -> CommandResult:
        if isinstance(command, OpenCase):
            return self._open(command, context)
        return self._run(HANDLERS[type(command)](self, command, context), context)

    def _replay(self, record: IdempotencyRecord, actor: Actor,
                on_task: bool = False) -> CommandResult:
        """The first answer again: the case at the recorded version, the store's head.

        A replay is a read of the case: the caller must still be allowed to see it now
        (a case transferred away since answers 404, as `get_case` would), and an answer
        that shows the case to the case side is recorded in the access log like a read.
        A task command's record holds the task's id in `referral_id` (decision 0032).
        """
        assert record.case_id is not None, "a command's record names its case"
        assert record.case_version is not None
        current = load(self.app, record.case_id, Case, "case")
        if on_task:
            return self._replay_task(record, actor, current)
        if record.referral_id is not None and actor.role in (Role.PARTNER, Role.SYSTEM):
            _require_referral_in_scope(actor, current, record.referral_id)
        elif actor.role is not Role.SYSTEM:
            policy.require_case_in_scope(actor, current.team)
            self._record_read(actor, current, audit.CASE)
        case: Any = self.app.repository.get(record.case_id, version=record.case_version)
        assert isinstance(case, Case)
        head = self.app.recorder.max_notification_id() or 0
        return CommandResult(self._detail(case, actor), head, record.referral_id,
                             self._referral_of(case, record.referral_id), replayed=True,
                             status_code=record.status_code)

    def _replay_task(self, record: IdempotencyRecord, actor: Actor,
                     current: Case) -> CommandResult:
        """A task command's first answer again: the task at the recorded version, as the
        caller may see it now (a volunteer: contact details only while it is theirs)."""
        assert record.case_version is not None
        now_task = task_in_scope(actor, current, record.referral_id)
        case: Any = self.app.repository.get(current.id, version=record.case_version)
        assert isinstance(case, Case)
        then_task = case.tasks[now_task.id]
        view: TaskView | VolunteerTaskView
        if actor.role is Role.VOLUNTEER:
            view = volunteer_task_view(case, then_task, actor.id,
                                       contact=contact_visible(now_task, actor.id))
        else:
            view = task_view(case, then_task)
        head = self.app.recorder.max_notification_id() or 0
        return CommandResult(detail_of(case, None), head, replayed=True,
                             status_code=record.status_code, task=view)

    def _open(self, command: OpenCase, context: CommandContext) -> CommandResult:
        actor = context.actor
        policy.require_can_open(actor, command.team)
        self.require_team("team", command.team)
        at = self.clock.now()
        opened = self.intakes.open(Intake(self.new_case_id(), command, actor, context.via, at,
                                          at.astimezone(self.timezone).year,
                                          context.idempotency))
        return CommandResult(self._detail(opened.case, actor), opened.position)

    # convenience for tools and tests: the same path, one line each ------------------
    def open_case(self, actor: Actor, command: OpenCase, via: Via = Via.API, *,
                  idempotency: Idempotency | None = None) -> CommandResult:
        return self.handle(command, CommandContext(actor, via, None, idempotency))

    def assess(self, actor: Actor, case_id: UUID, assessment: Assessment,
               **context: Any) -> CommandResult:
        return self.handle(do.Assess(case_id, assessment), CommandContext(actor, **context))

    def assign(self, actor: Actor, case_id: UUID, worker_id: UUID, reason: str | None,
               **context: Any) -> CommandResult:
        return self.handle(do.Assign(case_id, worker_id, reason), CommandContext(actor, **context))

    def claim(self, actor: Actor, case_id: UUID, **context: Any) -> CommandResult:
        return self.handle(do.Claim(case_id), CommandContext(actor, **context))

    def add_note(self, actor: Actor, case_id: UUID, text: str,
                 **context: Any) -> CommandResult:
        return self.handle(do.AddNote(case_id, text), CommandContext(actor, **context))

    def log_service(self, actor: Actor, case_id: UUID, kind: ServiceKind, description: str,
                    delivered_at: datetime, minutes: int, **context: Any) -> CommandResult:
        return self.handle(do.LogService(case_id, kind, description, delivered_at, minutes),
                           CommandContext(actor, **context))

    def record_consent(self, actor: Actor, case_id: UUID, given: bool,
                       method: ConsentMethod | None, **context: Any) -> CommandResult:
        return self.handle(do.RecordConsent(case_id, given, method),
                           CommandContext(actor, **context))

    def close(self, actor: Actor, case_id: UUID, outcome: ClosureOutcome, summary: str, *,
              duplicate_of: UUID | None = None, **context: Any) -> CommandResult:
        return self.handle(do.Close(case_id, outcome, summary, duplicate_of),
                           CommandContext(actor, **context))

    def decide_closure(self, actor: Actor, case_id: UUID, approve: bool, comment: str | None,
                       **context: Any) -> CommandResult:
        return self.handle(do.DecideClosure(case_id, approve, comment),
                           CommandContext(actor, **context))

    def erase(self, actor: Actor, case_id: UUID, reason: str,
              **context: Any) -> CommandResult:
        return self.handle(do.EraseCase(case_id, reason), CommandContext(actor, **context))

    def reopen(self, actor: Actor, case_id: UUID, reason: str,
               **context: Any) -> CommandResult:
        return self.handle(do.Reopen(case_id, reason), CommandContext(actor, **context))

    def request_transfer(self, actor: Actor, case_id: UUID, to_team: str, reason: str,
                         **context: Any) -> CommandResult:
        return self.handle(do.RequestTransfer(case_id, to_team, reason),
                           CommandContext(actor, **context))

    def decide_transfer(self, actor: Actor, case_id: UUID, accept: bool, comment: str | None,
                        **context: Any) -> CommandResult:
        return self.handle(do.DecideTransfer(case_id, accept, comment),
                           CommandContext(actor, **context))

    def send_referral(self, actor: Actor, case_id: UUID, organisation_id: UUID, service: str,
                      note: str | None, respond_within: timedelta | None = None,
                      **context: Any) -> CommandResult:
        return self.handle(do.SendReferral(case_id, organisation_id, service, note,
                                           respond_within), CommandContext(actor, **context))

    def accept_referral(self, actor: Actor, referral_id: UUID,
                        **context: Any) -> CommandResult:
        return self.handle(do.AcceptReferral(referral_id), CommandContext(actor, **context))

    def decline_referral(self, actor: Actor, referral_id: UUID, reason: str,
                         **context: Any) -> CommandResult:
        return self.handle(do.DeclineReferral(referral_id, reason),
                           CommandContext(actor, **context))

    def complete_referral(self, actor: Actor, referral_id: UUID, outcome: ReferralOutcome,
                          delivered: str, value_cny: Decimal, people_helped: int,
                          **context: Any) -> CommandResult:
        return self.handle(do.CompleteReferral(referral_id, outcome, delivered, value_cny,
                                            people_helped), CommandContext(actor, **context))

    def withdraw_referral(self, actor: Actor, referral_id: UUID, reason: str,
                          **context: Any) -> CommandResult:
        return self.handle(do.WithdrawReferral(referral_id, reason),
                           CommandContext(actor, **context))

    def expire_referral(self, actor: Actor, referral_id: UUID, *,
                        via: Via = Via.SYSTEM) -> CommandResult:
        return self.handle(do.ExpireReferral(referral_id), CommandContext(actor, via))

    # bulk reassignment ----------------------------------------------------------
    def reassign_each(self, actor: Actor, case_ids: list[UUID], to_worker_id: UUID,
                      reason: str, *, via: Via = Via.API,
                      idempotency: Idempotency | None = None) -> list[CaseOutcome]:
        """Reassign many cases, each on its own: one case's refusal stops no other.

        With `idempotency`, each case's reassignment is recorded under its own record
        (`Idempotency.for_case`); a case already recorded is answered from its record.
        """
        self.bulk_reassign_worker(actor, to_worker_id, reason)
        outcomes = []
        for case_id in dict.fromkeys(case_ids):
            own = idempotency.for_case(case_id) if idempotency is not None else None
            try:
                result = self.handle(do.Assign(case_id, to_worker_id, reason),
                                     CommandContext(actor, via, None, own))
            except DomainError as error:
                outcomes.append(CaseOutcome(case_id, error=error))
            else:
                outcomes.append(CaseOutcome(
                    case_id, version=result.version,
                    position=None if result.replayed else result.position))
        return outcomes

    def bulk_reassign_worker(self, actor: Actor, to_worker_id: UUID, reason: str) -> None:
        """Check a bulk reassignment before any case: the caller and the reason. The
        worker is checked on each case against its team, after the caller's scope on it,
        as a single assignment does: whether the id names anyone shows nowhere."""
        if actor.role is not Role.SUPERVISOR:
            policy.require_supervisor(actor, actor.team or "", "reassign cases")
        if not reason or not reason.strip():
            raise InvalidInput("reason", "reassignment_reason_required")

    # what the handlers ask before they load the case -----------------------------
    def referral_case_id(self, referral_id: UUID) -> UUID:
        return load(self.app, referral_id, ReferralLink, "referral").case_id

    def task_case_id(self, task_id: UUID) -> UUID:
        return load(self.app, task_id, TaskLink, "task").case_id

    def volunteer(self, user_id: UUID) -> Volunteer | None:
        """What the domain needs of a volunteer account (None: no active volunteer)."""
        user = self.identity.find_user(user_id)
        if user is None or not user.active or user.volunteer is None:
            return None
        return Volunteer(user.id, user.volunteer.teams, user.volunteer.available)

    def volunteer_facts(self, actor: Actor) -> Volunteer:
        """The caller's own standing, as the identity store has it now."""
        return self.volunteer(actor.id) or Volunteer(actor.id, (), False)

    def still_works_on(self, worker_id: UUID, team: str) -> bool:
        user = self.identity.find_user(worker_id)
        return user is not None and user.active and user.team == team

    def worker(self, worker_id: UUID, team: str | None) -> Actor:
        """An active worker or supervisor of `team`. Any other id (nobody, someone of
        another team, another role) answers the same, so that the answer tells nobody
        whether an account exists (user ids derive from usernames)."""
        user = self.identity.find_user(worker_id)
        if (user is None or not user.active or user.role not in CASE_SIDE_ROLES
                or team is None or user.team != team):
            raise InvalidInput("worker_id", "unknown_worker")
        return user.actor

    def require_team(self, field: str, team: str) -> None:
        if not self.identity.team_exists(team):
            raise InvalidInput(field, "unknown_team", {"team": team})

    def require_organisation(self, organisation_id: UUID) -> None:
        if find(self.identity.app, organisation_id, Organisation) is None:
            raise InvalidInput("organisation_id", "unknown_organisation")

    def require_original(self, actor: Actor, duplicate_of: UUID | None) -> None:
        """The case a duplicate links must exist and be readable by the one closing."""
        if duplicate_of is None:
            return
        original = find(self.app, duplicate_of, Case)
        if original is None or not policy.can_read_case(actor, original.team):
            raise InvalidInput("duplicate_of", "unknown_case")

    # reads -----------------------------------------------------------------
    def _detail(self, case: Case, actor: Actor) -> CaseDetail:
        """The case as `actor` sees it, its time to assign by its team's deadlines."""
        return detail_of(case, actor, self.identity.deadline_policy(case.team))

    def get_case(self, actor: Actor, case_id: UUID) -> CaseDetail:
        """The case now; the read is recorded in the access log."""
        case = self._readable(actor, case_id)
        self._record_read(actor, case, audit.CASE)
        return self._detail(case, actor)

    def case_as_of(self, actor: Actor, case_id: UUID, at: datetime) -> CaseDetail:
        """The case as it stood at a past moment, folded from its stream."""
        current = self._readable(actor, case_id)
        if actor.role not in (Role.SUPERVISOR, Role.AUDITOR):
            raise NotPermitted("only supervisors and auditors read a case as it stood")
        state: Case | None = None
        for event in self.app.events.get(current.id):
            assert isinstance(event, Case.Event)
            if event.timestamp > at:
                break
            mutated = event.mutate(state)
            assert isinstance(mutated, Case)
            state = mutated
        if state is None:
            raise RuleViolated("before_opening", "the case did not exist at that time")
        self._record_read(actor, current, audit.CASE_AS_OF)
        return detail_of(state, None)  # a past state: nothing to do on it

    def history(self, actor: Actor, case_id: UUID, *,
                what: str = audit.HISTORY) -> list[Case.Event]:
        """Every event of the case (supervisors, auditors); the read is recorded in the
        access log as `what` (the history read, diffed or exported)."""
        current = self._readable(actor, case_id)
        if actor.role not in (Role.SUPERVISOR, Role.AUDITOR):
            raise NotPermitted("only supervisors and auditors read a case's history")
        events = [e for e in self.app.events.get(current.id) if isinstance(e, Case.Event)]
        self._record_read(actor, current, what)
        return events

    def case_with_events(self, actor: Actor, case_id: UUID, *, what: str = audit.CASE
                         ) -> tuple[CaseDetail, list[Case.Event]]:
        """The case now and its events, for whoever may read the case (its team, auditors):
        the web UI's case page shows the notes, services and decisions to the people who
        work the case. One read, recorded in the access log."""
        case = self._readable(actor, case_id)
        events = [e for e in self.app.events.get(case.id) if isinstance(e, Case.Event)]
        self._record_read(actor, case, what)
        return self._detail(case, actor), events

    def access_entries(self, actor: Actor, case_id: UUID, *, limit: int | None = None,
                       cursor: str | None = None) -> AccessPage:
        """Who read the case, newest first (supervisors of its team, auditors)."""
        current = self._readable(actor, case_id)
        if actor.role not in (Role.SUPERVISOR, Role.AUDITOR):
            raise NotPermitted("only supervisors and auditors read a case's access log")
        return audit.access_page(self.access_log, current.id, limit, cursor)

    def search_access_log(self, actor: Actor, where: AccessFilter, *,
                          limit: int | None = None, cursor: str | None = None) -> AccessPage:
        """Who read what across cases, newest first: an auditor's whole log, a
        supervisor's team's cases (entries that name the team); a case named must be
        one the reader may read (404 otherwise)."""
        if actor.role is Role.AUDITOR:
            teams: tuple[str, ...] | None = None
        elif actor.role is Role.SUPERVISOR and actor.team is not None:
            teams = tuple(sorted(actor.scope))
        else:
            raise NotPermitted("only supervisors and auditors read the access log")
        if where.case_id is not None:
            self._readable(actor, where.case_id)
        return audit.search_page(self.access_log, replace(where, teams=teams), limit, cursor)

    def _readable(self, actor: Actor, case_id: UUID) -> Case:
        case = load(self.app, case_id, Case, "case")
        policy.require_case_in_scope(actor, case.team)
        return case

    def _record_read(self, actor: Actor, case: Case, what: str) -> None:
        self.access_log.record(AccessEntry(case_id=case.id, at=self.clock.now(),
                                           actor_id=actor.id, actor_role=actor.role,
                                           what=what, team=case.team))

    # internals -------------------------------------------------------------
    def _run(self, plan: Plan, context: CommandContext) -> CommandResult:
        """Load, decide, save; retry on a concurrent write unless the client named a version.

        With `idempotency`, the key's record is saved in the same write as the events; a
        conflict caused by a concurrent request with the same key raises AlreadyRecorded.
        """
        with self.locks.holding(plan.case_id):
            return self._run_in_turn(plan, context)

    def _run_in_turn(self, plan: Plan, context: CommandContext) -> CommandResult:
        actor, expected_version = context.actor, context.expected_version
        idempotency = context.idempotency
        for _ in range(CONFLICT_RETRIES):
            case = load(self.app, plan.case_id, Case, "case")
            if plan.task_side:
                task_in_scope(actor, case, plan.task_id)
            elif plan.referral_side:
                _require_referral_in_scope(actor, case, plan.referral_id)
            elif plan.system_may and actor.role is Role.SYSTEM:
                pass  # the case decides what the system may do
            else:
                pending = case.pending_transfer
                if not (plan.receiving_team_may_see and pending
                        and actor.team == pending.to_team):
                    policy.require_case_in_scope(actor, case.team)
            if expected_version is not None and case.version != expected_version:
                raise VersionConflict(case.version, expected_version)
            at = self.clock.now()
            extra = list(plan.decide(case, at) or [])
            if idempotency is not None:
                extra.append(IdempotencyRecord.of_command(
                    idempotency, case_id=case.id, version=case.version,
                    referral_id=plan.referral_id or plan.task_id, at=at))
            try:
                recordings = self.app.save(case, *extra)
            except IntegrityError:
                if idempotency is not None:
                    raise_if_recorded(self.app, idempotency)
                if expected_version is not None:
                    current = load(self.app, plan.case_id, Case, "case")
                    raise VersionConflict(current.version, expected_version) from None
                continue
            if plan.erases:
                case = self._forget(case.id)
            task = case.tasks.get(plan.task_id) if plan.task_id is not None else None
            return CommandResult(self._detail(case, actor), position_of(recordings),
                                 plan.referral_id, self._referral_of(case, plan.referral_id),
                                 task=seen_by(actor, case, task) if task is not None else None)
        current = load(self.app, plan.case_id, Case, "case")
        raise VersionConflict(current.version)

    def _forget(self, case_id: UUID) -> Case:
        """After an erasure: the adapters destroy the key, the aggregate cache drops the
        case; the case as it now reads (personal values erased)."""
        for listener in self.erasure_listeners:
            listener(case_id)
        cache = self.app.repository.cache
        if cache is not None:
            with suppress(KeyError):
                cache.get(case_id, evict=True)
        return load(self.app, case_id, Case, "case")

    def _referral_of(self, case: Case, referral_id: UUID | None) -> ReferralRow | None:
        if referral_id is None or self.referral_row is None or referral_id not in case.referrals:
            return None
        return self.referral_row(case, referral_id)


@dataclass(frozen=True)
class CaseOutcome:
    """One case of a batch: its version after the command, or why it was refused.

    `position` is None when the case was answered from an earlier request's record.
    """

    case_id: UUID
    version: int | None = None
    position: int | None = None
    error: DomainError | None = None


def _require_referral_in_scope(actor: Actor, case: Case, referral_id: UUID | None) -> None:
    """Who may act on a referral at all: its organisation's partners and the case's side
    (each command then checks what they may do). Others learn nothing, not even a version."""
    if actor.role is Role.SYSTEM:
        return
    referral = case.referrals.get(referral_id) if referral_id is not None else None
    if actor.role is Role.PARTNER:
        if referral is None or referral.organisation_id != actor.organisation_id:
            raise NotFound("no such referral")
    elif not policy.can_read_case(actor, case.team):
        raise NotFound("no such referral")


__all__ = ["CaseOutcome", "CaseService", "CommandResult", "NotFound", "OpenCase"]
