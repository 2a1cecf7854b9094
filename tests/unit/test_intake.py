"""Intake: opening a case, with or without a hotline triage assessment."""

from __future__ import annotations

import pytest

from domain.case import Case
from domain.errors import InvalidInput, NotPermitted
from domain.values import Actor, Consent
from domain.vocabulary import ConsentMethod, Need, Risk, Status, Vulnerability
from tests.unit.facts import (
    ADMIN,
    AUDITOR,
    CASE_ID,
    DETAILS,
    OTHER_WORKER,
    PARTNER,
    REQUEST,
    SUPERVISOR,
    T0,
    TEAM,
    at,
    open_case,
)
from tests.unit.scenario import event, when_opening


class TestOpenCase:
    def test_a_case_opened_without_assessment_starts_in_intake(self) -> None:
        case = when_opening(lambda: open_case()).then(
            event(Case.Opened, originator_id=CASE_ID, reference="JB-2026-00001", team=TEAM,
                  consent=Consent(True, ConsentMethod.VERBAL))
        )
        assert case.status is Status.INTAKE
        assert case.risk is None
        assert case.assigned_worker_id is None
        assert case.opened_at == T0

    def test_a_case_opened_with_a_triage_assessment_starts_assessed(self) -> None:
        case = when_opening(lambda: open_case(risk=Risk.HIGH)).then(
            Case.Opened, event(Case.Assessed, risk=Risk.HIGH, needs=(Need.MEDICATION,))
        )
        assert case.status is Status.ASSESSED
        assert case.risk is Risk.HIGH

    def test_the_resident_and_request_are_kept_in_the_personal_part(self) -> None:
        case = when_opening(lambda: open_case()).then(Case.Opened)
        assert case.personal["name"] == DETAILS.name
        assert case.personal["phone"] == DETAILS.phone
        assert case.personal["request"] == REQUEST

    def test_repeated_vulnerabilities_and_needs_are_kept_once(self) -> None:
        when_opening(lambda: open_case(
            vulnerabilities=(Vulnerability.CHILD, Vulnerability.CHILD),
            needs=(Need.FOOD, Need.FOOD, Need.MEDICATION),
        )).then(
            event(Case.Opened, vulnerabilities=(Vulnerability.CHILD,),
                  needs=(Need.FOOD, Need.MEDICATION))
        )

    def test_a_supervisor_may_open_a_case_for_their_team(self) -> None:
        when_opening(lambda: open_case(by=SUPERVISOR)).then(
            event(Case.Opened, actor=SUPERVISOR.ref)
        )

    def test_a_worker_cannot_open_a_case_for_another_team(self) -> None:
        when_opening(lambda: open_case(by=OTHER_WORKER)).then_raises(NotPermitted)

    @pytest.mark.parametrize("actor", [PARTNER, AUDITOR, ADMIN], ids=lambda a: a.role.value)
    def test_only_workers_and_supervisors_open_cases(self, actor: Actor) -> None:
        when_opening(lambda: open_case(by=actor)).then_raises(NotPermitted)

    def test_consent_given_must_say_how_it_was_given(self) -> None:
        when_opening(lambda: open_case(consent=Consent(True))).then_raises(
            InvalidInput, field="consent.method"
        )

    def test_a_case_may_be_opened_before_consent_is_asked(self) -> None:
        case = when_opening(lambda: open_case(consent=Consent(False))).then(Case.Opened)
        assert case.consent == Consent(False)

    def test_a_time_without_a_zone_is_refused(self) -> None:
        naive = at().replace(tzinfo=None)
        when_opening(lambda: open_case(at=naive)).then_raises(InvalidInput, field="at")
