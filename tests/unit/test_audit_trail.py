"""Every event records who did it, when and how; resident data lives only in `personal`."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from decimal import Decimal

from domain.case import Case
from domain.values import SYSTEM_ACTOR, ActorRef
from domain.vocabulary import (
    ClosureOutcome,
    ConsentMethod,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    Role,
    ServiceKind,
    Status,
    Via,
)
from tests.unit.facts import (
    DETAILS,
    ORG,
    OTHER_ORG,
    OTHER_SUPERVISOR,
    OTHER_TEAM,
    PARTNER,
    REFERRAL,
    REFERRAL_2,
    REQUEST,
    SUPERVISOR,
    T0,
    TEAM,
    WORKER,
    assessment,
    at,
    open_case,
)
from tests.unit.scenario import recorded, replay

SECRET_TEXTS = [DETAILS.name, DETAILS.phone, REQUEST, "Room 101", "Daughter says she fell",
                "Fell on the stairs", "Escorted by taxi", "Outside our district"]


def lifecycle() -> list[tuple[Case.Event, ActorRef, Via]]:
    """A case through most of its life, each command by a known actor through a known way."""
    expected: list[tuple[ActorRef, Via]] = []
    case = open_case(by=WORKER, via=Via.IMPORT)
    expected.append((WORKER.ref, Via.IMPORT))

    def step(actor_ref: ActorRef, via: Via) -> None:
        expected.append((actor_ref, via))

    case.assess(assessment(Risk.HIGH, notes="Daughter says she fell"), actor=WORKER,
                via=Via.UI, at=at(hours=1))
    step(WORKER.ref, Via.UI)
    case.claim(actor=WORKER, via=Via.API, at=at(hours=2))
    step(WORKER.ref, Via.API)
    case.add_note("Daughter says she fell", actor=WORKER, via=Via.UI, at=at(hours=3))
    step(WORKER.ref, Via.UI)
    case.log_service(ServiceKind.HOME_VISIT, "Escorted by taxi", at(hours=3), 90,
                     actor=WORKER, via=Via.UI, at=at(hours=4))
    step(WORKER.ref, Via.UI)
    case.send_referral(REFERRAL, ORG, "Home care", "Room 101",
                       actor=WORKER, via=Via.API, at=at(hours=5))
    step(WORKER.ref, Via.API)
    case.send_referral(REFERRAL_2, OTHER_ORG, "Food", None, actor=WORKER, via=Via.API,
                       at=at(hours=5))
    step(WORKER.ref, Via.API)
    case.accept_referral(REFERRAL, actor=PARTNER, via=Via.API, at=at(hours=6))
    step(PARTNER.ref, Via.API)
    case.complete_referral(REFERRAL, ReferralOutcome.SERVICE_PROVIDED, "Fell on the stairs",
                           Decimal("80"), 1, actor=PARTNER, via=Via.API, at=at(hours=7))
    step(PARTNER.ref, Via.API)
    case.expire_referral(REFERRAL_2, actor=SYSTEM_ACTOR, via=Via.SYSTEM, at=at(days=4))
    step(SYSTEM_ACTOR.ref, Via.SYSTEM)
    case.assign(SUPERVISOR, "Takes it over", actor=SUPERVISOR, via=Via.UI, at=at(days=4))
    step(SUPERVISOR.ref, Via.UI)
    case.record_consent(False, None, actor=SUPERVISOR, via=Via.UI, at=at(days=4))
    step(SUPERVISOR.ref, Via.UI)
    case.record_consent(True, ConsentMethod.WRITTEN, actor=SUPERVISOR, via=Via.UI,
                        at=at(days=4))
    step(SUPERVISOR.ref, Via.UI)
    case.request_transfer(OTHER_TEAM, "Moved", actor=SUPERVISOR, via=Via.UI, at=at(days=5))
    step(SUPERVISOR.ref, Via.UI)
    case.decide_transfer(False, "Outside our district", actor=OTHER_SUPERVISOR, via=Via.UI,
                         at=at(days=5))
    step(OTHER_SUPERVISOR.ref, Via.UI)
    case.close(ClosureOutcome.RESOLVED, "Fell on the stairs", actor=SUPERVISOR, via=Via.API,
               at=at(days=6))
    step(SUPERVISOR.ref, Via.API)
    case.reopen("Daughter says she fell", actor=SUPERVISOR, via=Via.UI, at=at(days=7))
    step(SUPERVISOR.ref, Via.UI)
    events = recorded(case)
    assert len(events) == len(expected)
    return [(e, actor_ref, via) for e, (actor_ref, via) in zip(events, expected, strict=True)]


class TestAuditTrail:
    def test_every_event_records_the_actors_id_and_role_and_the_way_it_came_in(self) -> None:
        for recorded_event, actor_ref, via in lifecycle():
            name = type(recorded_event).__name__
            assert (name, recorded_event.actor, recorded_event.via) == (name, actor_ref, via)

    def test_every_event_records_when_it_happened(self) -> None:
        times = [e.timestamp for e, _, _ in lifecycle()]
        assert times[0] == T0
        assert times[-1] == at(days=7)
        assert times == sorted(times)

    def test_the_system_is_recorded_as_the_system(self) -> None:
        expired = [e for e, _, _ in lifecycle() if isinstance(e, Case.ReferralExpired)]
        assert [(e.actor.role, e.via) for e in expired] == [(Role.SYSTEM, Via.SYSTEM)]

    def test_the_history_alone_rebuilds_the_case(self) -> None:
        case = replay([e for e, _, _ in lifecycle()])
        assert case.version == 17
        assert (case.status, case.assigned_worker_id, case.team) == (
            Status.ACTIVE, SUPERVISOR.id, TEAM)
        assert [r.status for r in case.referrals.values()] == [
            ReferralStatus.COMPLETED, ReferralStatus.EXPIRED]
        assert (case.opened_at, case.closed_at, case.outcome) == (T0, None, None)


class TestPersonalData:
    def test_resident_data_and_free_text_live_only_in_the_personal_field(self) -> None:
        for recorded_event, _, _ in lifecycle():
            for name, value in vars(recorded_event).items():
                if name == "personal":
                    continue
                text = _flatten(value)
                leaked = [s for s in SECRET_TEXTS if s in text]
                assert not leaked, f"{type(recorded_event).__name__}.{name} holds {leaked}"

    def test_the_personal_field_holds_them(self) -> None:
        personal = " ".join(
            _flatten(getattr(e, "personal", {})) for e, _, _ in lifecycle()
        )
        assert all(s in personal for s in SECRET_TEXTS)


def _flatten(value: object) -> str:
    if is_dataclass(value) and not isinstance(value, type):
        return " ".join(_flatten(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, dict):
        return " ".join(_flatten(k) + " " + _flatten(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return " ".join(_flatten(v) for v in value)
    return str(value)
