"""The status table of docs/domain.md §2.1, cell by cell: what each status allows, and the
rule that refuses."""

from __future__ import annotations

import pytest

from domain.case import Case
from domain.errors import RuleViolated
from domain.vocabulary import ClosureOutcome, ServiceKind, Status
from tests.unit.facts import (
    API,
    NOW,
    ORG,
    REFERRAL,
    SUPERVISOR,
    WORKER,
    WORKER_2,
    assessment,
    at,
    history,
)
from tests.unit.scenario import Step, given

COMMANDS: dict[str, Step] = {
    "assess": lambda case: case.assess(assessment(), actor=WORKER, via=API, at=NOW),
    "assign": lambda case: case.assign(WORKER_2, "cover", actor=SUPERVISOR, via=API, at=NOW),
    "claim": lambda case: case.claim(actor=WORKER_2, via=API, at=NOW),
    "note": lambda case: case.add_note("Called her", actor=WORKER, via=API, at=NOW),
    "log service": lambda case: case.log_service(
        ServiceKind.PHONE_FOLLOW_UP, "Weekly call", at(hours=1), 15,
        actor=WORKER, via=API, at=NOW),
    "refer": lambda case: case.send_referral(
        REFERRAL, ORG, "Home care", None, actor=WORKER, via=API, at=NOW),
    "close": lambda case: case.close(
        ClosureOutcome.NO_LONGER_NEEDED, "Family came back", actor=SUPERVISOR, via=API, at=NOW),
    "decide closure": lambda case: case.decide_closure(
        True, None, actor=SUPERVISOR, via=API, at=NOW),
    "reopen": lambda case: case.reopen("Called again", actor=SUPERVISOR, via=API, at=NOW),
}

RECORDS: dict[str, type[Case.Event]] = {
    "assess": Case.Assessed,
    "assign": Case.Assigned,
    "claim": Case.Claimed,
    "note": Case.NoteAdded,
    "log service": Case.ServiceLogged,
    "refer": Case.ReferralSent,
    "close": Case.Closed,
    "decide closure": Case.ClosureApproved,
    "reopen": Case.Reopened,
}

ALLOWED: dict[Status, set[str]] = {
    Status.INTAKE: {"assess", "note", "close"},
    Status.ASSESSED: {"assess", "assign", "claim", "refer", "note", "close"},
    Status.ACTIVE: {"assess", "assign", "note", "log service", "refer", "close"},
    Status.PENDING_CLOSURE: {"decide closure", "note"},
    Status.CLOSED: {"reopen"},
}

CELLS = [(status, name) for status in Status for name in COMMANDS]


def _id(cell: tuple[Status, str]) -> str:
    return f"{cell[0]}-{cell[1]}"


@pytest.mark.parametrize(
    ("status", "command"), [c for c in CELLS if c[1] in ALLOWED[c[0]]],
    ids=[_id(c) for c in CELLS if c[1] in ALLOWED[c[0]]],
)
def test_the_status_allows_the_command(status: Status, command: str) -> None:
    given(*history(status)).when(COMMANDS[command]).then(RECORDS[command])


@pytest.mark.parametrize(
    ("status", "command"), [c for c in CELLS if c[1] not in ALLOWED[c[0]]],
    ids=[_id(c) for c in CELLS if c[1] not in ALLOWED[c[0]]],
)
def test_the_status_refuses_the_command_naming_the_rule(status: Status, command: str) -> None:
    rule = "closed_case" if status is Status.CLOSED else "status"
    error = given(*history(status)).when(COMMANDS[command]).then_raises(RuleViolated, rule=rule)
    assert error.message  # said in words

