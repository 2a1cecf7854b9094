"""Who is told what: each case event that someone must act on → its recipients, and
nobody else (never the actor); deadlines at risk → the supervisors or the worker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, timedelta
from uuid import UUID

from domain.values import SYSTEM_ACTOR
from domain.vocabulary import Risk
from projections.notifications import (
    Kind,
    NotificationProjection,
    NotificationRow,
    deadline_notifications,
)
from projections.rows import CaseRow
from tests.unit.facts import (
    API,
    ORG,
    OTHER_ORG,
    OTHER_SUPERVISOR,
    OTHER_TEAM,
    PARTNER,
    REFERRAL,
    SUPERVISOR,
    SUPERVISOR_2,
    TEAM,
    WORKER,
    WORKER_2,
    accepted,
    assigned,
    at,
    claimed,
    closed,
    completed,
    declined,
    opened,
    referred,
    transfer_requested,
)
from tests.unit.scenario import Past, Step, given, recorded, replay

PARTNER_2 = UUID(int=11)
OTHER_ORG_PARTNER = UUID(int=12)


class Directory:
    """Two supervisors of JB, one of PD; two partners of ORG, one of OTHER_ORG."""

    def supervisors(self, team: str) -> Sequence[UUID]:
        return {TEAM: [SUPERVISOR.id, SUPERVISOR_2.id],
                OTHER_TEAM: [OTHER_SUPERVISOR.id]}.get(team, [])

    def partners(self, organisation_id: UUID) -> Sequence[UUID]:
        return {ORG: [PARTNER.id, PARTNER_2], OTHER_ORG: [OTHER_ORG_PARTNER]}.get(
            organisation_id, [])


def told(past: tuple[Past, ...], step: Step) -> list[NotificationRow]:
    """The notifications the events of `step` make, applied as the projection applies
    them (each on the case with that event)."""
    events = given(*past).events
    case = replay(events)
    step(case)
    projection = NotificationProjection(Directory())
    rows: list[NotificationRow] = []
    history = list(events)
    for new in recorded(case):
        history.append(new)
        rows.extend(projection.rows(new, replay(history)))
    return rows


def recipients(rows: list[NotificationRow], kind: Kind) -> set[UUID]:
    assert {row.kind for row in rows} == {kind}
    return {row.user_id for row in rows}


class TestCaseAssigned:
    def test_the_worker_it_was_assigned_to_is_told_and_nobody_else(self) -> None:
        rows = told((opened(risk=Risk.MEDIUM),), assigned(WORKER_2))
        assert recipients(rows, Kind.CASE_ASSIGNED) == {WORKER_2.id}
        assert rows[0].reference == "JB-2026-00001"

    def test_a_supervisor_assigning_a_case_to_themselves_is_not_told(self) -> None:
        rows = told((opened(risk=Risk.MEDIUM),),
                    lambda case: case.assign(SUPERVISOR, None, actor=SUPERVISOR, via=API,
                                             at=at(hours=1)))
        assert rows == []

    def test_claiming_a_case_tells_nobody(self) -> None:
        assert told((opened(risk=Risk.MEDIUM),), claimed(WORKER)) == []


class TestReferralReceived:
    def test_every_partner_of_the_organisation_is_told_and_no_other_organisation(
            self) -> None:
        rows = told((opened(risk=Risk.MEDIUM), assigned()), referred())
        assert recipients(rows, Kind.REFERRAL_RECEIVED) == {PARTNER.id, PARTNER_2}
        assert {row.referral_id for row in rows} == {REFERRAL}

    def test_the_row_holds_no_resident_data(self) -> None:
        rows = told((opened(risk=Risk.MEDIUM), assigned()), referred())
        text = " ".join(str(value) for row in rows for value in vars(row).values())
        assert "Test Resident" not in text
        assert "138" not in text


class TestReferralAnswered:
    def test_accepting_tells_the_worker_who_referred(self) -> None:
        past = (opened(risk=Risk.MEDIUM), assigned(), referred(by=WORKER))
        rows = told(past, accepted())
        assert recipients(rows, Kind.REFERRAL_ANSWERED) == {WORKER.id}
        assert rows[0].detail == "accepted"

    def test_declining_and_completing_tell_the_worker_who_referred(self) -> None:
        past = (opened(risk=Risk.MEDIUM), assigned(WORKER_2), referred(by=WORKER))
        declined_rows = told(past, declined())
        assert recipients(declined_rows, Kind.REFERRAL_ANSWERED) == {WORKER.id}
        assert declined_rows[0].detail == "declined"
        completed_rows = told((*past, accepted()), completed())
        assert recipients(completed_rows, Kind.REFERRAL_ANSWERED) == {WORKER.id}
        assert completed_rows[0].detail == "completed"

    def test_expiry_tells_the_worker_who_referred(self) -> None:
        past = (opened(risk=Risk.MEDIUM), assigned(), referred(by=WORKER))
        rows = told(past, lambda case: case.expire_referral(
            REFERRAL, actor=SYSTEM_ACTOR, via=API, at=at(days=4)))
        assert recipients(rows, Kind.REFERRAL_ANSWERED) == {WORKER.id}
        assert rows[0].detail == "expired"


class TestClosurePending:
    def test_the_teams_supervisors_are_told_of_a_closure_to_approve(self) -> None:
        rows = told((opened(risk=Risk.HIGH), assigned()), closed(by=WORKER))
        assert recipients(rows, Kind.CLOSURE_PENDING) == {SUPERVISOR.id, SUPERVISOR_2.id}

    def test_a_closure_without_approval_tells_nobody(self) -> None:
        assert told((opened(risk=Risk.MEDIUM), assigned()), closed(by=WORKER)) == []


class TestTransferIncoming:
    def test_the_receiving_teams_supervisors_are_told_not_the_sending_team(self) -> None:
        rows = told((opened(risk=Risk.MEDIUM),), transfer_requested(OTHER_TEAM))
        assert recipients(rows, Kind.TRANSFER_INCOMING) == {OTHER_SUPERVISOR.id}
        assert rows[0].detail == OTHER_TEAM


class TestCaseRouted:
    def test_the_supervisors_of_the_team_below_are_told_where_it_came_from(self) -> None:
        route = (lambda case: case.request_transfer(  # noqa: E731 - a one-line step
            OTHER_TEAM, "就近服务", actor=SUPERVISOR, via=API, at=at(hours=2),
            in_actor_scope=True))
        rows = told((opened(risk=Risk.MEDIUM),), route)
        assert recipients(rows, Kind.CASE_ROUTED) == {OTHER_SUPERVISOR.id}
        assert rows[0].detail == TEAM


class TestOtherEvents:
    def test_intake_notes_and_assessments_tell_nobody(self) -> None:
        events = given(opened(risk=Risk.MEDIUM)).events
        projection = NotificationProjection(Directory())
        assert all(projection.rows(e, replay(events[:i + 1])) == []
                   for i, e in enumerate(events))


class TestIds:
    def test_the_same_event_always_makes_the_same_ids(self) -> None:
        first = told((opened(risk=Risk.MEDIUM), assigned()), referred())
        again = told((opened(risk=Risk.MEDIUM), assigned()), referred())
        assert [r.notification_id for r in first] == [r.notification_id for r in again]
        assert len({r.notification_id for r in first}) == len(first)


def _row(**changes: object) -> CaseRow:
    case = given(opened(risk=Risk.CRITICAL)).case
    base = CaseRow(case_id=case.id, reference=case.reference, team=TEAM, status=case.status,
                   channel=case.channel, opened_at=at(), waiting_since=at(),
                   version=case.version, updated_at=at(), risk=Risk.CRITICAL,
                   assign_due=at(hours=2))
    return replace(base, **changes)  # type: ignore[arg-type]


class TestDeadlines:
    def test_an_unassigned_case_at_risk_tells_its_teams_supervisors(self) -> None:
        # Two hours to assign: at risk in the last 30 minutes.
        rows = deadline_notifications([_row()], at(hours=1, minutes=40), UTC,
                                      Directory())
        assert recipients(rows, Kind.DEADLINE_ASSIGN) == {SUPERVISOR.id, SUPERVISOR_2.id}
        assert rows[0].detail == "at_risk"

    def test_a_case_on_track_tells_nobody(self) -> None:
        assert deadline_notifications([_row()], at(minutes=30), UTC,
                                      Directory()) == []

    def test_a_follow_up_at_risk_tells_the_assigned_worker_only(self) -> None:
        row = _row(assigned_worker_id=WORKER_2.id, follow_up_due=at().date(),
                   follow_up_set_at=at() - timedelta(days=1))
        rows = deadline_notifications([row], at(hours=14), UTC,
                                      Directory())
        assert recipients(rows, Kind.DEADLINE_FOLLOW_UP) == {WORKER_2.id}

    def test_one_deadline_is_one_notification_whatever_its_state(self) -> None:
        at_risk = deadline_notifications([_row()], at(hours=1, minutes=40), UTC,
                                         Directory())
        breached = deadline_notifications([_row()], at(hours=3), UTC,
                                          Directory())
        assert {r.notification_id for r in at_risk} == {r.notification_id for r in breached}
