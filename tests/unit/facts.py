"""The cast, the clock and the past steps that unit scenarios are built from.

Times are fixed (T0 is a Monday morning, UTC); people are fixed actors of team JB,
of another team PD, of two partner organisations, plus an auditor and an admin.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from domain.case import Assessment, Case
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    ConsentMethod,
    Gender,
    Need,
    ReferralOutcome,
    Risk,
    Role,
    Status,
    Via,
    Vulnerability,
)
from tests.unit.scenario import Past, Step

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
API = Via.API


def at(*, days: int = 0, hours: float = 0, minutes: int = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours, minutes=minutes)


def day(offset: int) -> date:
    """The date `offset` days after T0."""
    return (T0 + timedelta(days=offset)).date()


TEAM = "JB"
OTHER_TEAM = "PD"
ORG = UUID("0000000a-0000-0000-0000-00000000000a")
OTHER_ORG = UUID("0000000b-0000-0000-0000-00000000000b")

WORKER = Actor(UUID(int=1), Role.WORKER, team=TEAM)
WORKER_2 = Actor(UUID(int=2), Role.WORKER, team=TEAM)
SUPERVISOR = Actor(UUID(int=3), Role.SUPERVISOR, team=TEAM)
SUPERVISOR_2 = Actor(UUID(int=4), Role.SUPERVISOR, team=TEAM)
OTHER_WORKER = Actor(UUID(int=5), Role.WORKER, team=OTHER_TEAM)
OTHER_SUPERVISOR = Actor(UUID(int=6), Role.SUPERVISOR, team=OTHER_TEAM)
AUDITOR = Actor(UUID(int=7), Role.AUDITOR)
ADMIN = Actor(UUID(int=8), Role.ADMIN)
PARTNER = Actor(UUID(int=9), Role.PARTNER, organisation_id=ORG)
OTHER_PARTNER = Actor(UUID(int=10), Role.PARTNER, organisation_id=OTHER_ORG)

CASE_ID = UUID(int=100)
OTHER_CASE_ID = UUID(int=101)
REFERRAL = UUID(int=200)
REFERRAL_2 = UUID(int=201)

PROFILE = ResidentProfile(
    birth_year=1948, gender=Gender.FEMALE, district="Pudong", street="Jinyang",
    community="Block 3", lives_alone=True,
)
DETAILS = ResidentDetails(name="Test Resident", phone="13800000000",
                          address_detail="Room 101")
REQUEST = "Needs her Parkinson's prescription fetched from the hospital"


def assessment(risk: Risk = Risk.MEDIUM, *, needs: tuple[Need, ...] = (Need.MEDICATION,),
               plan: str = "Fetch the prescription", follow_up_due: date | None = None,
               notes: str | None = None) -> Assessment:
    return Assessment(risk=risk, needs=needs, notes=notes, plan=plan,
                      follow_up_due=follow_up_due or day(2))


CONSENT = Consent(True, ConsentMethod.VERBAL)
NO_CONSENT = Consent(False)


def open_case(*, risk: Risk | None = None, by: Actor = WORKER, at: datetime = T0,
              case_id: UUID = CASE_ID, team: str = TEAM, consent: Consent = CONSENT,
              profile: ResidentProfile = PROFILE, details: ResidentDetails = DETAILS,
              request: str = REQUEST,
              vulnerabilities: tuple[Vulnerability, ...] = (Vulnerability.OLDER_PERSON,),
              needs: tuple[Need, ...] = (Need.MEDICATION,), via: Via = API) -> Case:
    """Runs the intake command (with a triage assessment when `risk` is given)."""
    return Case.open(
        case_id=case_id, reference="JB-2026-00001", team=team, channel=Channel.HOTLINE,
        profile=profile, details=details, request=request, vulnerabilities=vulnerabilities,
        needs=needs, consent=consent,
        assessment=assessment(risk) if risk is not None else None,
        actor=by, via=via, at=at,
    )


def opened(*, risk: Risk | None = None, by: Actor = WORKER, at: datetime = T0,
           consent: bool = True, case_id: UUID = CASE_ID) -> list[Case.Event]:
    """The events of an intake (Opened, and Assessed when `risk` is given)."""
    case = open_case(risk=risk, by=by, at=at, consent=CONSENT if consent else NO_CONSENT,
                     case_id=case_id)
    return [e for e in case.collect_events() if isinstance(e, Case.Event)]


# ----------------------------------------------------------------- past steps
STEP_AT = at(hours=1)


def assessed(risk: Risk = Risk.MEDIUM, *, by: Actor = WORKER, when: datetime = STEP_AT) -> Step:
    return lambda case: case.assess(assessment(risk), actor=by, via=API, at=when)


def assigned(worker: Actor = WORKER, *, by: Actor = SUPERVISOR, reason: str | None = None,
             when: datetime = STEP_AT) -> Step:
    return lambda case: case.assign(worker, reason, actor=by, via=API, at=when)


def claimed(by: Actor = WORKER, *, when: datetime = STEP_AT) -> Step:
    return lambda case: case.claim(actor=by, via=API, at=when)


def referred(referral_id: UUID = REFERRAL, organisation_id: UUID = ORG, *,
             by: Actor = WORKER, when: datetime = STEP_AT) -> Step:
    return lambda case: case.send_referral(referral_id, organisation_id, "Home care visits",
                                           "Prefers mornings", actor=by, via=API, at=when)


def accepted(referral_id: UUID = REFERRAL, *, by: Actor = PARTNER,
             when: datetime = STEP_AT) -> Step:
    return lambda case: case.accept_referral(referral_id, actor=by, via=API, at=when)


def declined(referral_id: UUID = REFERRAL, *, by: Actor = PARTNER,
             when: datetime = STEP_AT) -> Step:
    return lambda case: case.decline_referral(referral_id, "No capacity this week",
                                              actor=by, via=API, at=when)


def completed(referral_id: UUID = REFERRAL, *, by: Actor = PARTNER,
              when: datetime = STEP_AT) -> Step:
    return lambda case: case.complete_referral(
        referral_id, ReferralOutcome.SERVICE_PROVIDED, "Two home care visits",
        Decimal("500.00"), 1, actor=by, via=API, at=when)


def withdrawn(referral_id: UUID = REFERRAL, *, by: Actor = WORKER,
              when: datetime = STEP_AT) -> Step:
    return lambda case: case.withdraw_referral(referral_id, "Family took over",
                                               actor=by, via=API, at=when)


def consent_withdrawn(*, by: Actor = WORKER, when: datetime = STEP_AT) -> Step:
    return lambda case: case.record_consent(False, None, actor=by, via=API, at=when)


def closed(outcome: ClosureOutcome = ClosureOutcome.RESOLVED, *, by: Actor = SUPERVISOR,
           duplicate_of: UUID | None = None, when: datetime = STEP_AT) -> Step:
    """A closure; by a worker on a high or critical case this is a closure request."""
    return lambda case: case.close(outcome, "Prescription delivered", actor=by, via=API,
                                   at=when, duplicate_of=duplicate_of)


def closure_rejected(*, by: Actor = SUPERVISOR, when: datetime = STEP_AT) -> Step:
    return lambda case: case.decide_closure(False, "Call her once more", actor=by, via=API,
                                            at=when)


def reopened(*, by: Actor = SUPERVISOR, when: datetime = STEP_AT) -> Step:
    return lambda case: case.reopen("She called again", actor=by, via=API, at=when)


def transfer_requested(to_team: str = OTHER_TEAM, *, by: Actor = SUPERVISOR,
                       when: datetime = STEP_AT) -> Step:
    return lambda case: case.request_transfer(to_team, "Lives in their area", actor=by,
                                              via=API, at=when)


def transfer_accepted(*, by: Actor = OTHER_SUPERVISOR, when: datetime = STEP_AT) -> Step:
    return lambda case: case.decide_transfer(True, None, actor=by, via=API, at=when)


NOW = at(hours=2)  # when the command under test runs, after every default past step


def history(status: Status) -> tuple[Past, ...]:
    """A plain past that leaves the case in `status` (medium risk; high when pending)."""
    if status is Status.INTAKE:
        return (opened(),)
    if status is Status.ASSESSED:
        return (opened(risk=Risk.MEDIUM),)
    if status is Status.ACTIVE:
        return (opened(risk=Risk.MEDIUM), assigned())
    if status is Status.PENDING_CLOSURE:
        return (opened(risk=Risk.HIGH), assigned(), closed(by=WORKER))
    return (opened(risk=Risk.MEDIUM), assigned(), closed())


def closure_approved(*, by: Actor = SUPERVISOR, when: datetime = STEP_AT) -> Step:
    return lambda case: case.decide_closure(True, None, actor=by, via=API, at=when)
