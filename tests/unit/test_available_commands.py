"""What the domain says a user may do next (domain/actions.py) is exactly what it accepts:
every status × every role × a few pasts (consent withdrawn, a referral open, a transfer
pending), every command tried with suitable input on a fresh case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, time
from uuid import UUID

import pytest

from domain.actions import CaseAction, available_commands
from domain.case import Case
from domain.checkins import Every
from domain.errors import DomainError
from domain.task import Volunteer
from domain.values import Actor
from domain.vocabulary import ClosureOutcome, ConsentMethod, ServiceKind, Status, TaskKind
from tests.unit.facts import (
    ADMIN,
    API,
    AUDITOR,
    NOW,
    OTHER_SUPERVISOR,
    OTHER_TEAM,
    OTHER_WORKER,
    PARTNER,
    REFERRAL,
    SUPERVISOR,
    WORKER,
    WORKER_2,
    assessment,
    at,
    consent_withdrawn,
    day,
    history,
    referred,
    transfer_requested,
)
from tests.unit.scenario import Past, given


def _plan_set() -> Past:
    return lambda case: case.set_follow_up_plan(Every.DAY, time(9), None, None, None, tz=UTC,
                                                actor=WORKER, via=API, at=at(hours=1))


NEW_ORG = UUID(int=300)
NEW_REFERRAL = UUID(int=301)
NEW_TASK = UUID(int=302)
ACTORS = {"worker": WORKER, "other worker of the team": WORKER_2, "supervisor": SUPERVISOR,
          "worker of another team": OTHER_WORKER,
          "supervisor of another team": OTHER_SUPERVISOR, "auditor": AUDITOR,
          "admin": ADMIN, "partner": PARTNER}
PASTS: dict[str, tuple[Past, ...]] = {"plain": (), "consent withdrawn": (consent_withdrawn(),),
                                      "referral open": (referred(),),
                                      "transfer pending": (transfer_requested(),),
                                      "check-ins planned": (_plan_set(),)}


def _close_outcome(case: Case) -> ClosureOutcome:
    return (ClosureOutcome.NO_LONGER_NEEDED if case.status is Status.INTAKE
            else ClosureOutcome.REFERRED_OUT)


def _other_worker(case: Case) -> Actor:
    return WORKER_2 if case.assigned_worker_id != WORKER_2.id else WORKER


def _open_referral(case: Case) -> UUID:
    return next((r.id for r in case.open_referrals()), REFERRAL)


TRIES: dict[CaseAction, Callable[[Case, Actor], object]] = {
    CaseAction.ASSESS: lambda c, a: c.assess(assessment(), actor=a, via=API, at=NOW),
    CaseAction.ASSIGN: lambda c, a: c.assign(_other_worker(c), "cover", actor=a, via=API,
                                             at=NOW),
    CaseAction.CLAIM: lambda c, a: c.claim(actor=a, via=API, at=NOW),
    CaseAction.NOTE: lambda c, a: c.add_note("Called her", actor=a, via=API, at=NOW),
    CaseAction.SERVICE: lambda c, a: c.log_service(ServiceKind.PHONE_FOLLOW_UP, "Weekly call",
                                                   at(hours=1), 15, actor=a, via=API, at=NOW),
    CaseAction.REFER: lambda c, a: c.send_referral(NEW_REFERRAL, NEW_ORG, "Home care", None,
                                                   actor=a, via=API, at=NOW),
    CaseAction.CLOSE: lambda c, a: c.close(_close_outcome(c), "Done", actor=a, via=API,
                                           at=NOW),
    CaseAction.DECIDE_CLOSURE: lambda c, a: c.decide_closure(False, None, actor=a, via=API,
                                                             at=NOW),
    CaseAction.REOPEN: lambda c, a: c.reopen("Called again", actor=a, via=API, at=NOW),
    CaseAction.RECORD_CONSENT: lambda c, a: c.record_consent(True, ConsentMethod.VERBAL,
                                                             actor=a, via=API, at=NOW),
    CaseAction.WITHDRAW_CONSENT: lambda c, a: c.record_consent(False, None, actor=a, via=API,
                                                               at=NOW),
    CaseAction.TRANSFER: lambda c, a: c.request_transfer(OTHER_TEAM, "Their area", actor=a,
                                                         via=API, at=NOW),
    CaseAction.DECIDE_TRANSFER: lambda c, a: c.decide_transfer(True, None, actor=a, via=API,
                                                               at=NOW),
    CaseAction.WITHDRAW_REFERRAL: lambda c, a: c.withdraw_referral(
        _open_referral(c), "Family took over", actor=a, via=API, at=NOW),
    CaseAction.FOLLOW_UP_DONE: lambda c, a: c.mark_follow_up_done(day(9), None, actor=a,
                                                                  via=API, at=NOW),
    CaseAction.FOLLOW_UP_PLAN: lambda c, a: c.set_follow_up_plan(
        Every.DAY, time(9), None, None, None, tz=UTC, actor=a, via=API, at=NOW),
    CaseAction.CHECK_IN: lambda c, a: c.skip_check_in(day(1), "In hospital", actor=a,
                                                      via=API, at=NOW),
    CaseAction.ERASE: lambda c, a: c.erase("The resident asked", actor=a, via=API, at=NOW),
    CaseAction.TASK: lambda c, a: c.create_task(NEW_TASK, TaskKind.DELIVERY, "Fetch medicine",
                                                at(days=2), None, None, actor=a, via=API,
                                                at=NOW),
    # a volunteer's, on a task offered to them: never on a case page
    CaseAction.TASK_WORK: lambda c, a: c.accept_task(
        NEW_TASK, Volunteer(a.id, a.teams, True), actor=a, via=API, at=NOW),
}


def pasts() -> list[tuple[str, tuple[Past, ...]]]:
    """Every status with every extra past that the case in that status accepts."""
    found = []
    for status in Status:
        for name, extra in PASTS.items():
            past = (*history(status), *extra)
            try:
                given(*past)
            except DomainError:
                continue
            found.append((f"{status}-{name}", past))
    return found


def accepted(past: tuple[Past, ...], action: CaseAction, actor: Actor) -> bool:
    case = given(*past).case
    try:
        TRIES[action](case, actor)
    except DomainError:
        return False
    return True


def test_every_command_is_tried() -> None:
    assert set(TRIES) == set(CaseAction)


def test_the_pasts_cover_every_status() -> None:
    assert {given(*past).case.status for _, past in pasts()} == set(Status)


@pytest.mark.parametrize(("name", "past"), pasts(), ids=[n for n, _ in pasts()])
@pytest.mark.parametrize("who", list(ACTORS))
def test_available_is_exactly_what_the_domain_accepts(name: str, past: tuple[Past, ...],
                                                      who: str) -> None:
    actor = ACTORS[who]
    available = available_commands(given(*past).case, actor)
    accepted_now = {action for action in CaseAction if accepted(past, action, actor)}
    assert available == accepted_now
