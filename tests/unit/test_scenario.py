"""The given/when/then helper itself: it must fail when the domain misbehaves."""

from __future__ import annotations

import pytest

from domain.case import Case
from domain.errors import NotFound, RuleViolated
from domain.vocabulary import Risk, Status
from tests.unit.facts import API, NOW, OTHER_WORKER, WORKER, WORKER_2, history, opened
from tests.unit.scenario import event, given


def test_given_rebuilds_the_case_from_its_events_alone() -> None:
    scenario = given(*history(Status.ACTIVE))
    assert [type(e).__name__ for e in scenario.events] == ["Opened", "Assessed", "Assigned"]
    assert scenario.case.version == 3
    assert scenario.case.assigned_worker_id == WORKER.id


def test_then_fails_on_other_events_or_field_values() -> None:
    outcome = given(opened(risk=Risk.HIGH)).when(
        lambda case: case.claim(actor=WORKER, via=API, at=NOW))
    with pytest.raises(AssertionError, match="expected"):
        outcome.then(Case.Assigned)
    with pytest.raises(AssertionError, match="worker_id"):
        outcome.then(event(Case.Claimed, worker_id=WORKER_2.id))


def test_then_fails_when_the_command_was_refused() -> None:
    outcome = given(opened()).when(lambda case: case.claim(actor=WORKER, via=API, at=NOW))
    with pytest.raises(AssertionError, match="refused"):
        outcome.then(Case.Claimed)


def test_then_raises_fails_on_acceptance_another_error_or_another_rule() -> None:
    accepted = given(opened(risk=Risk.HIGH)).when(
        lambda case: case.claim(actor=WORKER, via=API, at=NOW))
    with pytest.raises(AssertionError, match="accepted"):
        accepted.then_raises(RuleViolated)
    out_of_scope = given(opened(risk=Risk.HIGH)).when(
        lambda case: case.claim(actor=OTHER_WORKER, via=API, at=NOW))
    with pytest.raises(AssertionError, match="NotFound"):
        out_of_scope.then_raises(RuleViolated)
    out_of_scope.then_raises(NotFound)
    wrong_status = given(opened()).when(lambda case: case.claim(actor=WORKER, via=API, at=NOW))
    with pytest.raises(AssertionError, match="rule"):
        wrong_status.then_raises(RuleViolated, rule="already_assigned")
