"""Load Casework's store in-process, before its server starts.

The team, its users and an organisation go through the identity service. The cases are
built as `CaseService.open_case` builds them (the same `Case.open`, a reference issued
by the team's `ReferenceSequence` in the same save), then assessed and claimed through
the aggregate's own commands, and saved in batches: the store holds real cases as the
product writes them, without one HTTP request and one sequence replay per case.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from adapters.bootstrap import Container, build
from adapters.settings import Settings
from domain.case import Assessment, Case
from domain.sequence import ReferenceSequence
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import Channel, ConsentMethod, Gender, OrganisationKind, Role, Via
from service.identity import OPERATOR
from tests.benchmarks.surge import residents as r

BATCH = 250
BIG_CASE_EVENTS = 1000


@dataclass
class Loaded:
    case_ids: list[UUID]
    big_case_id: UUID
    events: int
    seconds: float
    now: datetime


def load_casework(settings: Settings, count: int,
                  progress: Callable[[str], None]) -> Loaded:
    started = time.perf_counter()
    container = build(settings)
    try:
        workers = _people(container)
        now = datetime.now(tz=UTC)
        case_ids = [uuid4() for _ in range(count)]
        sequence = ReferenceSequence.start(r.TEAM, now.astimezone(settings.tz).year, at=now)
        events = 1
        batch: list[Case] = []
        for i, case_id in enumerate(case_ids):
            case = _case(case_id, i, count, now, sequence, workers)
            events += len(case.pending_events) + 1  # and the sequence's Issued
            batch.append(case)
            if len(batch) == BATCH:
                container.cases_app.save(sequence, *batch)
                batch.clear()
            if (i + 1) % 5000 == 0:
                progress(f"  {i + 1:,} cases written")
        if batch:
            container.cases_app.save(sequence, *batch)
        big = _big_case(count, now, sequence, workers[0])
        events += len(big.pending_events) + 1
        container.cases_app.save(sequence, big)
        progress("  the read models catch up ...")
        container.runner.catch_up()
        return Loaded(case_ids, big.id, events, time.perf_counter() - started, now)
    finally:
        container.close()


def _people(container: Container) -> list[Actor]:
    identity = container.identity
    identity.create_team(OPERATOR, r.TEAM, "浪涌测试站", "测试区")
    identity.create_organisation(OPERATOR, "浪涌测试基金会", OrganisationKind.FOUNDATION)
    identity.create_user(OPERATOR, r.SUPERVISOR, r.PASSWORD, "督导", Role.SUPERVISOR,
                         team=r.TEAM)
    return [identity.create_user(OPERATOR, name, r.PASSWORD, name, Role.WORKER,
                                 team=r.TEAM).actor for name in r.WORKERS]


def _case(case_id: UUID, i: int, count: int, now: datetime, sequence: ReferenceSequence,
          workers: list[Actor]) -> Case:
    shape = r.shape(i, count, now)
    person = r.resident(i)
    at = shape.opened_at
    opener = workers[i % len(workers)]
    case = Case.open(
        case_id=case_id, reference=sequence.issue(case_id, at=at), team=r.TEAM,
        channel=Channel.HOTLINE,
        profile=ResidentProfile(birth_year=person.birth_year, gender=Gender.FEMALE,
                                district="测试区", street="测试街道", community="测试社区",
                                lives_alone=i % 3 == 0),
        details=ResidentDetails(name=person.name, phone=person.phone,
                                id_number=person.id_number),
        request=r.REQUEST, vulnerabilities=r.VULNERABILITIES, needs=r.NEEDS,
        consent=Consent(given=True, method=ConsentMethod.VERBAL), assessment=None,
        actor=opener, via=Via.API, at=at)
    if shape.risk is not None:
        case.assess(Assessment(risk=shape.risk, needs=r.NEEDS, notes=None, plan="送药送菜",
                               follow_up_due=r.follow_up(at)), actor=opener, via=Via.API,
                    at=at)
    if shape.claimed_by is not None:
        case.claim(actor=workers[shape.claimed_by], via=Via.API, at=at)
    return case


def _big_case(count: int, now: datetime, sequence: ReferenceSequence, worker: Actor) -> Case:
    """A case with 1,000 events: opened, then 999 notes."""
    case_id = uuid4()
    person = r.resident(count)
    case = Case.open(
        case_id=case_id, reference=sequence.issue(case_id, at=now), team=r.TEAM,
        channel=Channel.HOTLINE,
        profile=ResidentProfile(birth_year=person.birth_year, gender=Gender.MALE,
                                district="测试区", street="测试街道", community="测试社区",
                                lives_alone=True),
        details=ResidentDetails(name=person.name, phone=person.phone,
                                id_number=person.id_number),
        request=r.REQUEST, vulnerabilities=r.VULNERABILITIES, needs=r.NEEDS,
        consent=Consent(given=True, method=ConsentMethod.VERBAL), assessment=None,
        actor=worker, via=Via.API, at=now)
    for n in range(BIG_CASE_EVENTS - 1):
        case.add_note(f"电话回访第{n + 1}次,情况稳定", actor=worker, via=Via.API, at=now)
    return case
