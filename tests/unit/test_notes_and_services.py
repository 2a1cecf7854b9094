"""Notes (any open case) and services delivered (only an active case)."""

from __future__ import annotations

import pytest

from domain.case import Case, ServiceRecord
from domain.errors import NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import ServiceKind, Status, Via
from tests.unit.facts import (
    API,
    AUDITOR,
    NOW,
    OTHER_WORKER,
    PARTNER,
    SUPERVISOR,
    WORKER,
    WORKER_2,
    at,
    history,
)
from tests.unit.scenario import event, given

OPEN = [Status.INTAKE, Status.ASSESSED, Status.ACTIVE, Status.PENDING_CLOSURE]


class TestAddNote:
    @pytest.mark.parametrize("status", OPEN, ids=str)
    def test_a_note_is_added_to_any_open_case(self, status: Status) -> None:
        case = given(*history(status)).when(
            lambda case: case.add_note("Called, no answer", actor=WORKER, via=Via.UI, at=NOW)
        ).then(event(Case.NoteAdded, personal={"text": "Called, no answer"},
                     actor=WORKER.ref, via=Via.UI))
        assert case.status is status
        assert case.notes_count == 1

    def test_a_closed_case_takes_no_notes(self) -> None:
        given(*history(Status.CLOSED)).when(
            lambda case: case.add_note("One more thing", actor=WORKER, via=API, at=NOW)
        ).then_raises(RuleViolated, rule="closed_case")

    def test_any_worker_of_the_team_may_add_a_note(self) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("Covering for Wang", actor=WORKER_2, via=API, at=NOW)
        ).then(event(Case.NoteAdded, actor=WORKER_2.ref))

    @pytest.mark.parametrize("actor", [OTHER_WORKER, PARTNER], ids=["other team", "partner"])
    def test_someone_outside_the_team_finds_no_such_case(self, actor: Actor) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("Hello", actor=actor, via=API, at=NOW)
        ).then_raises(NotFound)

    def test_an_auditor_may_not_add_a_note(self) -> None:
        given(*history(Status.ACTIVE)).when(
            lambda case: case.add_note("Checked", actor=AUDITOR, via=API, at=NOW)
        ).then_raises(NotPermitted)


class TestLogService:
    def test_a_service_is_logged_on_an_active_case(self) -> None:
        delivered = at(hours=1, minutes=30)
        case = given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.MEDICAL_ESCORT, "Escorted to Renji hospital", delivered, 150,
            actor=WORKER, via=API, at=NOW,
        )).then(event(Case.ServiceLogged, kind=ServiceKind.MEDICAL_ESCORT,
                      delivered_at=delivered, minutes=150,
                      personal={"description": "Escorted to Renji hospital"}))
        assert case.services == [
            ServiceRecord(ServiceKind.MEDICAL_ESCORT, delivered, 150, WORKER.id)
        ]

    def test_a_supervisor_may_log_a_service(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.PHONE_FOLLOW_UP, "Weekly call", at(hours=1), 10,
            actor=SUPERVISOR, via=API, at=NOW,
        )).then(event(Case.ServiceLogged, actor=SUPERVISOR.ref))

    @pytest.mark.parametrize(
        "status", [Status.INTAKE, Status.ASSESSED, Status.PENDING_CLOSURE], ids=str
    )
    def test_services_are_logged_only_on_an_active_case(self, status: Status) -> None:
        given(*history(status)).when(lambda case: case.log_service(
            ServiceKind.DELIVERY, "Food parcel", at(hours=1), 30,
            actor=WORKER, via=API, at=NOW,
        )).then_raises(RuleViolated, rule="status")

    def test_a_closed_case_takes_no_service_records(self) -> None:
        given(*history(Status.CLOSED)).when(lambda case: case.log_service(
            ServiceKind.DELIVERY, "Food parcel", at(hours=1), 30,
            actor=WORKER, via=API, at=NOW,
        )).then_raises(RuleViolated, rule="closed_case")

    def test_a_partner_finds_no_such_case(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.DELIVERY, "Food parcel", at(hours=1), 30,
            actor=PARTNER, via=API, at=NOW,
        )).then_raises(NotFound)

    def test_an_auditor_may_not_log_a_service(self) -> None:
        given(*history(Status.ACTIVE)).when(lambda case: case.log_service(
            ServiceKind.DELIVERY, "Food parcel", at(hours=1), 30,
            actor=AUDITOR, via=API, at=NOW,
        )).then_raises(NotPermitted)
