"""Opening cases: a reference from the team's sequence, saved in the same write.

Intakes of one team take numbers from one sequence, so they cannot be saved side by
side. Those that arrive while one is being saved are saved together instead: one write
holds the sequence's new numbers, every new case and every idempotency record, and
each intake answers after that write. If it is refused (another process took numbers
meanwhile, or a retried key's first request won), each intake is saved again on its own,
with the usual retries, so each succeeds or fails for its own reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.case import Assessment, Case
from domain.errors import DomainError
from domain.sequence import ReferenceSequence, sequence_id
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import Channel, Need, Via, Vulnerability
from service.applications import CasesApplication, find, position_of, save_with_retry
from service.batches import Batcher
from service.idempotency import Idempotency, IdempotencyRecord, raise_if_recorded


@dataclass(frozen=True)
class OpenCase:
    team: str
    channel: Channel
    profile: ResidentProfile
    details: ResidentDetails
    request: str
    vulnerabilities: tuple[Vulnerability, ...]
    needs: tuple[Need, ...]
    consent: Consent
    assessment: Assessment | None = None


@dataclass(frozen=True)
class Intake:
    """One intake waiting to be saved."""

    case_id: UUID
    command: OpenCase
    actor: Actor
    via: Via
    at: datetime
    year: int
    idempotency: Idempotency | None


@dataclass(frozen=True)
class Opened:
    case: Case
    position: int


class Intakes:
    def __init__(self, app: CasesApplication, timezone: tzinfo) -> None:
        self.app = app
        self.timezone = timezone
        self._batcher: Batcher[Intake, Opened] = Batcher(self._save_batch)

    def open(self, intake: Intake) -> Opened:
        return self._batcher.submit((intake.command.team, intake.year), intake)

    def _save_batch(self, intakes: list[Intake]) -> list[Opened | BaseException]:
        if len(intakes) > 1:
            try:
                return self._save_together(intakes)
            except IntegrityError:
                pass  # each on its own, below
        return [self._save_alone(intake) for intake in intakes]

    def _save_together(self, intakes: list[Intake]) -> list[Opened | BaseException]:
        refused: dict[int, BaseException] = {}
        while True:
            sequence = self._sequence(intakes[0])
            built: dict[int, list[Case | IdempotencyRecord]] = {}
            for n, intake in enumerate(intakes):
                if n in refused:
                    continue
                try:
                    built[n] = _open(intake, sequence)
                except DomainError as error:
                    refused[n] = error
                    break
            else:
                break  # every intake left was built on this sequence
        saved = [obj for objs in built.values() for obj in objs]
        position = position_of(self.app.save(sequence, *saved)) if saved else 0
        return [refused[n] if n in refused else Opened(_case(built[n]), position)
                for n in range(len(intakes))]

    def _save_alone(self, intake: Intake) -> Opened | BaseException:
        objs: list[Case | IdempotencyRecord] = []

        def attempt() -> list[ReferenceSequence | Case | IdempotencyRecord]:
            if objs and intake.idempotency is not None:  # a retry: was it the same key?
                raise_if_recorded(self.app, intake.idempotency)
            sequence = self._sequence(intake)
            objs[:] = _open(intake, sequence)
            return [sequence, *objs]

        try:
            recordings = save_with_retry(self.app, attempt)
        except Exception as error:
            return error
        return Opened(_case(objs), position_of(recordings))

    def _sequence(self, intake: Intake) -> ReferenceSequence:
        team, year = intake.command.team, intake.year
        sequence = find(self.app, sequence_id(team, year), ReferenceSequence)
        return sequence or ReferenceSequence.start(team, year, at=intake.at)


def _open(intake: Intake, sequence: ReferenceSequence) -> list[Case | IdempotencyRecord]:
    command = intake.command
    reference = sequence.issue(intake.case_id, at=intake.at)
    case = Case.open(
        case_id=intake.case_id, reference=reference, team=command.team,
        channel=command.channel, profile=command.profile, details=command.details,
        request=command.request, vulnerabilities=command.vulnerabilities,
        needs=command.needs, consent=command.consent, assessment=command.assessment,
        actor=intake.actor, via=intake.via, at=intake.at)
    if intake.idempotency is None:
        return [case]
    return [case, IdempotencyRecord.of_command(intake.idempotency, case_id=case.id,
                                               version=case.version, referral_id=None,
                                               at=intake.at)]


def _case(objs: list[Case | IdempotencyRecord]) -> Case:
    case = objs[0]
    assert isinstance(case, Case)
    return case
