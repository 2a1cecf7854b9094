"""Case commands: load the case, run one command, save. One method per command."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any
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
from domain.sequence import ReferralLink
from domain.values import Actor
from domain.vocabulary import (
    ClosureOutcome,
    ConsentMethod,
    ReferralOutcome,
    Role,
    ServiceKind,
    Via,
)
from service import audit
from service.applications import CasesApplication, find, load, position_of
from service.audit import AccessEntry, AccessLog, AccessPage, NoAccessLog
from service.clock import Clock
from service.idempotency import (
    AlreadyRecorded,
    Idempotency,
    IdempotencyRecord,
    raise_if_recorded,
)
from service.identity import IdentityService
from service.intake import Intake, Intakes, OpenCase
from service.locks import KeyedLocks

# A writer that lost a race reloads and retries; with N writers on one case it can lose
# N-1 times, so allow as many rounds as save_with_retry does.
CONFLICT_RETRIES = 60


@dataclass(frozen=True)
class CommandResult:
    """What a command did: the case as saved and the store position of its last event."""

    case: Case
    position: int
    referral_id: UUID | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return self.case.version


class CaseService:
    def __init__(self, app: CasesApplication, identity: IdentityService, clock: Clock,
                 timezone: tzinfo, access_log: AccessLog | None = None) -> None:
        self.app = app
        self.identity = identity
        self.clock = clock
        self.timezone = timezone
        # Reads of a case's personal data are recorded here (the bootstrap wires the
        # durable log; tools that read on nobody's behalf keep the default).
        self.access_log: AccessLog = access_log if access_log is not None else NoAccessLog()
        # Commands on one case take turns in this process rather than racing to the
        # store; intakes of one team are saved together (service/intake.py).
        self.locks = KeyedLocks()
        self.intakes = Intakes(app, timezone)

    # intake --------------------------------------------------------------
    def open_case(self, actor: Actor, command: OpenCase, via: Via = Via.API, *,
                  idempotency: Idempotency | None = None) -> CommandResult:
        policy.require_can_open(actor, command.team)
        if not self.identity.team_exists(command.team):
            raise InvalidInput("team", "unknown_team", {"team": command.team})
        at = self.clock.now()
        opened = self.intakes.open(Intake(uuid4(), command, actor, via, at,
                                          at.astimezone(self.timezone).year, idempotency))
        return CommandResult(opened.case, opened.position)

    # commands on one case ------------------------------------------------
    # Each takes `expected_version` (the client's If-Match: refused with VersionConflict
    # when the case has moved on) and `idempotency` (recorded with the command's events).
    def assess(self, actor: Actor, case_id: UUID, assessment: Assessment, *,
               via: Via = Via.API, expected_version: int | None = None,
               idempotency: Idempotency | None = None) -> CommandResult:
        return self._run(case_id, expected_version,
                         lambda c, at: c.assess(assessment, actor=actor, via=via, at=at),
                         actor, idempotency=idempotency)

    def assign(self, actor: Actor, case_id: UUID, worker_id: UUID, reason: str | None, *,
               via: Via = Via.API, expected_version: int | None = None,
               idempotency: Idempotency | None = None) -> CommandResult:
        worker = self._worker(worker_id)
        return self._run(case_id, expected_version,
                         lambda c, at: c.assign(worker, reason, actor=actor, via=via, at=at),
                         actor, idempotency=idempotency)

    def claim(self, actor: Actor, case_id: UUID, *, via: Via = Via.API,
              expected_version: int | None = None,
              idempotency: Idempotency | None = None) -> CommandResult:
        return self._run(case_id, expected_version,
                         lambda c, at: c.claim(actor=actor, via=via, at=at), actor,
                         idempotency=idempotency)

    def add_note(self, actor: Actor, case_id: UUID, text: str, *, via: Via = Via.API,
                 expected_version: int | None = None,
                 idempotency: Idempotency | None = None) -> CommandResult:
        return self._run(case_id, expected_version,
                         lambda c, at: c.add_note(text, actor=actor, via=via, at=at), actor,
                         idempotency=idempotency)

    def log_service(self, actor: Actor, case_id: UUID, kind: ServiceKind, description: str,
                    delivered_at: datetime, minutes: int, *, via: Via = Via.API,
                    expected_version: int | None = None,
                    idempotency: Idempotency | None = None) -> CommandResult:
        return self._run(
            case_id, expected_version,
            lambda c, at: c.log_service(kind, description, delivered_at, minutes,
                                        actor=actor, via=via, at=at),
            actor, idempotency=idempotency)

    def record_consent(self, actor: Actor, case_id: UUID, given: bool,
                       method: ConsentMethod | None, *, via: Via = Via.API,
                       expected_version: int | None = None,
                       idempotency: Idempotency | None = None) -> CommandResult:
        return self._run(
            case_id, expected_version,
            lambda c, at: c.record_consent(given, method, actor=actor, via=via, at=at), actor,
            idempotency=idempotency)

    def close(self, actor: Actor, case_id: UUID, outcome: ClosureOutcome, summary: str, *,
              duplicate_of: UUID | None = None, via: Via = Via.API,
              expected_version: int | None = None,
              idempotency: Idempotency | None = None) -> CommandResult:
        if duplicate_of is not None:
            original = find(self.app, duplicate_of, Case)
            if original is None or not policy.can_read_case(actor, original.team):
                raise InvalidInput("duplicate_of", "unknown_case")
        return self._run(
            case_id, expected_version,
            lambda c, at: c.close(outcome, summary, actor=actor, via=via, at=at,
                                  duplicate_of=duplicate_of),
            actor, idempotency=idempotency)

    def decide_closure(self, actor: Actor, case_id: UUID, approve: bool, comment: str | None,
                       *, via: Via = Via.API, expected_version: int | None = None,
                       idempotency: Idempotency | None = None) -> CommandResult:
        return self._run(
            case_id, expected_version,
            lambda c, at: c.decide_closure(approve, comment, actor=actor, via=via, at=at), actor,
            idempotency=idempotency)

    def reopen(self, actor: Actor, case_id: UUID, reason: str, *, via: Via = Via.API,
               expected_version: int | None = None,
               idempotency: Idempotency | None = None) -> CommandResult:
        def command(case: Case, at: datetime) -> None:
            worker = case.assigned_worker_id
            gone = worker is not None and not self._still_works_on(worker, case.team)
            case.reopen(reason, actor=actor, via=via, at=at, worker_gone=gone)

        return self._run(case_id, expected_version, command, actor, idempotency=idempotency)

    def _still_works_on(self, worker_id: UUID, team: str) -> bool:
        user = self.identity.find_user(worker_id)
        return user is not None and user.active and user.team == team

    def request_transfer(self, actor: Actor, case_id: UUID, to_team: str, reason: str, *,
                         via: Via = Via.API, expected_version: int | None = None,
                         idempotency: Idempotency | None = None) -> CommandResult:
        if not self.identity.team_exists(to_team):
            raise InvalidInput("to_team", "unknown_team", {"team": to_team})
        return self._run(
            case_id, expected_version,
            lambda c, at: c.request_transfer(to_team, reason, actor=actor, via=via, at=at),
            actor, idempotency=idempotency)

    def decide_transfer(self, actor: Actor, case_id: UUID, accept: bool, comment: str | None,
                        *, via: Via = Via.API, expected_version: int | None = None,
                        idempotency: Idempotency | None = None) -> CommandResult:
        return self._run(
            case_id, expected_version,
            lambda c, at: c.decide_transfer(accept, comment, actor=actor, via=via, at=at),
            actor, receiving_team_may_see=True, idempotency=idempotency)

    def bulk_reassign(self, actor: Actor, case_ids: list[UUID], to_worker_id: UUID,
                      reason: str, *, via: Via = Via.API) -> list[CommandResult]:
        """Reassign many cases at once, with the same reason recorded on each case."""
        worker = self.bulk_reassign_worker(actor, to_worker_id, reason)
        results = []
        for case_id in dict.fromkeys(case_ids):
            results.append(self._run(
                case_id, None,
                lambda c, at: c.assign(worker, reason, actor=actor, via=via, at=at), actor))
        return results

    def reassign_each(self, actor: Actor, case_ids: list[UUID], to_worker_id: UUID,
                      reason: str, *, via: Via = Via.API,
                      idempotency: Idempotency | None = None) -> list[CaseOutcome]:
        """Reassign many cases, each on its own: one case's refusal stops no other.

        With `idempotency`, each case's reassignment is recorded under its own record
        (`Idempotency.for_case`); a case already recorded is answered from its record.
        """
        worker = self.bulk_reassign_worker(actor, to_worker_id, reason)
        outcomes = []
        for case_id in dict.fromkeys(case_ids):
            own = idempotency.for_case(case_id) if idempotency is not None else None
            recorded = find(self.app, own.record_id, IdempotencyRecord) if own else None
            if recorded is not None:
                outcomes.append(CaseOutcome(case_id, version=recorded.case_version))
                continue
            try:
                result = self._run(
                    case_id, None,
                    lambda c, at: c.assign(worker, reason, actor=actor, via=via, at=at),
                    actor, idempotency=own)
            except AlreadyRecorded as done:
                outcomes.append(CaseOutcome(case_id, version=done.record.case_version))
            except DomainError as error:
                outcomes.append(CaseOutcome(case_id, error=error))
            else:
                outcomes.append(CaseOutcome(case_id, version=result.version,
                                            position=result.position))
        return outcomes

    def bulk_reassign_worker(self, actor: Actor, to_worker_id: UUID, reason: str) -> Actor:
        """Check a bulk reassignment before any case: the caller, the reason, the worker."""
        if actor.role is not Role.SUPERVISOR:
            policy.require_supervisor(actor, actor.team or "", "reassign cases")
        if not reason or not reason.strip():
            raise InvalidInput("reason", "reassignment_reason_required")
        return self._worker(to_worker_id)

    # referrals -------------------------------------------------------------
    def send_referral(self, actor: Actor, case_id: UUID, organisation_id: UUID, service: str,
                      note: str | None, *, via: Via = Via.API,
                      expected_version: int | None = None,
                      idempotency: Idempotency | None = None) -> CommandResult:
        if find(self.identity.app, organisation_id, Organisation) is None:
            raise InvalidInput("organisation_id", "unknown_organisation")
        referral_id = uuid4()

        def command(case: Case, at: datetime) -> list[ReferralLink]:
            case.send_referral(referral_id, organisation_id, service, note,
                               actor=actor, via=via, at=at)
            return [ReferralLink.link(referral_id, case.id, organisation_id, at=at)]

        result = self._run(case_id, expected_version, command, actor, idempotency=idempotency,
                           referral_id=referral_id)
        return CommandResult(result.case, result.position, referral_id=referral_id)

    def referral_case_id(self, referral_id: UUID) -> UUID:
        return load(self.app, referral_id, ReferralLink, "referral").case_id

    def accept_referral(self, actor: Actor, referral_id: UUID, *, via: Via = Via.API,
                        expected_version: int | None = None,
                        idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_referral(actor, referral_id,
                                 lambda c, at: c.accept_referral(referral_id, actor=actor,
                                                                 via=via, at=at),
                                 expected_version, idempotency)

    def decline_referral(self, actor: Actor, referral_id: UUID, reason: str, *,
                         via: Via = Via.API, expected_version: int | None = None,
                         idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_referral(actor, referral_id,
                                 lambda c, at: c.decline_referral(referral_id, reason,
                                                                  actor=actor, via=via, at=at),
                                 expected_version, idempotency)

    def complete_referral(self, actor: Actor, referral_id: UUID, outcome: ReferralOutcome,
                          delivered: str, value_cny: Decimal, people_helped: int, *,
                          via: Via = Via.API, expected_version: int | None = None,
                          idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_referral(
            actor, referral_id,
            lambda c, at: c.complete_referral(referral_id, outcome, delivered, value_cny,
                                              people_helped, actor=actor, via=via, at=at),
            expected_version, idempotency)

    def withdraw_referral(self, actor: Actor, referral_id: UUID, reason: str, *,
                          via: Via = Via.API, expected_version: int | None = None,
                          idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_referral(actor, referral_id,
                                 lambda c, at: c.withdraw_referral(referral_id, reason,
                                                                   actor=actor, via=via, at=at),
                                 expected_version, idempotency)

    def expire_referral(self, actor: Actor, referral_id: UUID, *,
                        via: Via = Via.SYSTEM) -> CommandResult:
        return self._on_referral(actor, referral_id,
                                 lambda c, at: c.expire_referral(referral_id, actor=actor,
                                                                 via=via, at=at))

    def _on_referral(self, actor: Actor, referral_id: UUID,
                     command: Callable[[Case, datetime], Any],
                     expected_version: int | None = None,
                     idempotency: Idempotency | None = None) -> CommandResult:
        case_id = self.referral_case_id(referral_id)
        result = self._run(case_id, expected_version, command, actor, referral_side=True,
                           referral_id=referral_id, idempotency=idempotency)
        return CommandResult(result.case, result.position, referral_id=referral_id)

    # reads -----------------------------------------------------------------
    def get_case(self, actor: Actor, case_id: UUID) -> Case:
        """The case now; the read is recorded in the access log."""
        case = self._readable(actor, case_id)
        self._record_read(actor, case.id, audit.CASE)
        return case

    def case_as_of(self, actor: Actor, case_id: UUID, at: datetime) -> Case:
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
        self._record_read(actor, current.id, audit.CASE_AS_OF)
        return state

    def history(self, actor: Actor, case_id: UUID) -> list[Case.Event]:
        current = self._readable(actor, case_id)
        if actor.role not in (Role.SUPERVISOR, Role.AUDITOR):
            raise NotPermitted("only supervisors and auditors read a case's history")
        events = [e for e in self.app.events.get(current.id) if isinstance(e, Case.Event)]
        self._record_read(actor, current.id, audit.HISTORY)
        return events

    def case_with_events(self, actor: Actor, case_id: UUID) -> tuple[Case, list[Case.Event]]:
        """The case now and its events, for whoever may read the case (its team, auditors):
        the web UI's case page shows the notes, services and decisions to the people who
        work the case. One read, recorded in the access log."""
        case = self._readable(actor, case_id)
        events = [e for e in self.app.events.get(case.id) if isinstance(e, Case.Event)]
        self._record_read(actor, case.id, audit.CASE)
        return case, events

    def access_entries(self, actor: Actor, case_id: UUID, *, limit: int | None = None,
                       cursor: str | None = None) -> AccessPage:
        """Who read the case, newest first (supervisors of its team, auditors)."""
        current = self._readable(actor, case_id)
        if actor.role not in (Role.SUPERVISOR, Role.AUDITOR):
            raise NotPermitted("only supervisors and auditors read a case's access log")
        return audit.access_page(self.access_log, current.id, limit, cursor)

    def _readable(self, actor: Actor, case_id: UUID) -> Case:
        case = load(self.app, case_id, Case, "case")
        policy.require_case_in_scope(actor, case.team)
        return case

    def _record_read(self, actor: Actor, case_id: UUID, what: str) -> None:
        self.access_log.record(AccessEntry(case_id=case_id, at=self.clock.now(),
                                           actor_id=actor.id, actor_role=actor.role,
                                           what=what))

    # internals -------------------------------------------------------------
    def _worker(self, worker_id: UUID) -> Actor:
        user = self.identity.find_user(worker_id)
        if user is None or not user.active:
            raise InvalidInput("worker_id", "unknown_worker")
        return user.actor

    def _run(self, case_id: UUID, expected_version: int | None,
             command: Callable[[Case, datetime], Any], actor: Actor, *,
             referral_side: bool = False, receiving_team_may_see: bool = False,
             referral_id: UUID | None = None,
             idempotency: Idempotency | None = None) -> CommandResult:
        """Load, decide, save; retry on a concurrent write unless the client named a version.

        With `idempotency`, the key's record is saved in the same write as the events; a
        conflict caused by a concurrent request with the same key raises AlreadyRecorded.
        """
        with self.locks.holding(case_id):
            return self._run_in_turn(case_id, expected_version, command, actor,
                                     referral_side=referral_side,
                                     receiving_team_may_see=receiving_team_may_see,
                                     referral_id=referral_id, idempotency=idempotency)

    def _run_in_turn(self, case_id: UUID, expected_version: int | None,
                     command: Callable[[Case, datetime], Any], actor: Actor, *,
                     referral_side: bool, receiving_team_may_see: bool,
                     referral_id: UUID | None,
                     idempotency: Idempotency | None) -> CommandResult:
        for _ in range(CONFLICT_RETRIES):
            case = load(self.app, case_id, Case, "case")
            if referral_side:
                _require_referral_in_scope(actor, case, referral_id)
            else:
                pending = case.pending_transfer
                if not (receiving_team_may_see and pending and actor.team == pending.to_team):
                    policy.require_case_in_scope(actor, case.team)
            if expected_version is not None and case.version != expected_version:
                raise VersionConflict(case.version, expected_version)
            at = self.clock.now()
            extra = list(command(case, at) or [])
            if idempotency is not None:
                extra.append(IdempotencyRecord.of_command(
                    idempotency, case_id=case.id, version=case.version,
                    referral_id=referral_id, at=at))
            try:
                recordings = self.app.save(case, *extra)
            except IntegrityError:
                if idempotency is not None:
                    raise_if_recorded(self.app, idempotency)
                if expected_version is not None:
                    current = load(self.app, case_id, Case, "case")
                    raise VersionConflict(current.version, expected_version) from None
                continue
            return CommandResult(case, position_of(recordings))
        current = load(self.app, case_id, Case, "case")
        raise VersionConflict(current.version)


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
