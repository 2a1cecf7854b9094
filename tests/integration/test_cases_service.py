"""The case service on a real event store (SQLite and PostgreSQL): the demo stories end
to end, transfers, optimistic concurrency, scope, past views, history, referrals by id,
bulk reassignment and store positions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.case import Case
from domain.errors import NotFound, NotPermitted, RuleViolated, VersionConflict
from domain.values import SYSTEM_ACTOR, ResidentDetails, ResidentProfile
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    Gender,
    Need,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    ServiceKind,
    Status,
    Via,
    Vulnerability,
)
from service.identity import OPERATOR
from tests.integration.conftest import World
from tests.integration.views_support import project


def event_names(events: list[Case.Event]) -> list[str]:
    return [type(event).__name__ for event in events]


class TestThePrescriptionStory:
    def test_from_intake_through_approved_closure_to_reopening(self, world: World) -> None:
        cases, worker, lead = world.cases, world.jb_worker, world.jb_supervisor
        opened = world.open_case(worker, via=Via.UI)
        case_id = opened.case.id
        assert opened.case.reference == "JB-2022-00001"
        assert opened.case.status is Status.INTAKE

        world.later(minutes=20)
        assessed = cases.assess(worker, case_id, world.assessment(Risk.HIGH)).case
        assert (assessed.status, assessed.risk) == (Status.ASSESSED, Risk.HIGH)
        assert assessed.follow_up_due == date(2022, 4, 11)
        assert assessed.assign_due == opened.case.opened_at + timedelta(hours=24)

        world.later(minutes=30)
        assigned = cases.assign(lead, case_id, worker.id, None).case
        assert (assigned.status, assigned.assigned_worker_id) == (Status.ACTIVE, worker.id)

        escort_began = world.clock.now()
        world.later(hours=3)
        logged = cases.log_service(worker, case_id, ServiceKind.MEDICAL_ESCORT,
                                   "Queued two hours at the neurology clinic", escort_began,
                                   150).case
        assert [(s.kind, s.minutes, s.by) for s in logged.services] == [
            (ServiceKind.MEDICAL_ESCORT, 150, worker.id)]

        requested = cases.close(worker, case_id, ClosureOutcome.RESOLVED,
                                "Prescription delivered").case
        assert requested.status is Status.PENDING_CLOSURE
        before = world.stored_position()
        with pytest.raises(NotPermitted):
            cases.decide_closure(worker, case_id, True, None)
        assert world.stored_position() == before

        world.later(hours=1)
        approved = cases.decide_closure(lead, case_id, True, "Good work").case
        assert (approved.status, approved.outcome) == (Status.CLOSED, ClosureOutcome.RESOLVED)
        assert approved.closed_at == world.clock.now()
        with pytest.raises(RuleViolated) as refused:
            cases.add_note(worker, case_id, "One more thing")
        assert refused.value.rule == "closed_case"

        reopened = cases.reopen(lead, case_id, "Next month's prescription is due").case
        assert (reopened.status, reopened.outcome) == (Status.ACTIVE, None)
        assert reopened.assigned_worker_id == worker.id

        stored = cases.get_case(worker, case_id)
        assert (stored.status, stored.version) == (Status.ACTIVE, reopened.version)
        assert event_names(cases.history(lead, case_id)) == [
            "Opened", "Assessed", "Assigned", "ServiceLogged", "ClosureRequested",
            "ClosureApproved", "Reopened"]


class TestReopeningAfterTheWorkerLeft:
    def test_the_case_returns_to_the_intake_queue_not_to_the_leavers_caseload(
            self, world: World) -> None:
        case = world.active_case(world.jb_colleague, world.jb_supervisor)
        world.cases.close(world.jb_supervisor, case.id, ClosureOutcome.RESOLVED, "Delivered")
        world.identity.deactivate_user(OPERATOR, world.jb_colleague.id)

        reopened = world.cases.reopen(world.jb_supervisor, case.id, "She called again").case

        assert (reopened.status, reopened.assigned_worker_id) == (Status.ASSESSED, None)
        project(world.container)
        queue = world.container.queries.intake_queue(world.jb_worker).items
        assert case.id in {item.case_id for item in queue}  # type: ignore[union-attr]


class TestTheBlindReaderStory:
    def test_triage_claim_referral_with_outcome_then_close(self, world: World) -> None:
        cases, worker = world.cases, world.pd_worker
        opened = world.open_case(
            worker, channel=Channel.ONLINE_PLATFORM,
            profile=ResidentProfile(birth_year=1968, gender=Gender.MALE, district="浦东新区",
                                    street="花木街道", community="联洋社区", lives_alone=True),
            details=ResidentDetails(name="陈先生", phone="139 0000 0002"),
            request="Ran out of daily supplies; cannot read the delivery apps",
            vulnerabilities=(Vulnerability.VISUAL_IMPAIRMENT, Vulnerability.LIVES_ALONE),
            needs=(Need.DAILY_SUPPLIES,),
            assessment=world.assessment(Risk.MEDIUM, needs=(Need.DAILY_SUPPLIES,)),
        ).case
        assert (opened.reference, opened.status, opened.risk) == (
            "PD-2022-00001", Status.ASSESSED, Risk.MEDIUM)

        claimed = cases.claim(worker, opened.id).case
        assert (claimed.status, claimed.assigned_worker_id) == (Status.ACTIVE, worker.id)

        sent = cases.send_referral(worker, opened.id, world.foundation,
                                   "Needs assessment and directed support", "Call first")
        assert sent.referral_id is not None
        referral_id = sent.referral_id
        referral = sent.case.referrals[referral_id]
        assert referral.status is ReferralStatus.SENT
        assert referral.respond_by == world.clock.now() + timedelta(hours=72)

        world.later(hours=5)
        accepted = cases.accept_referral(world.partner, referral_id)
        assert accepted.case.referrals[referral_id].status is ReferralStatus.ACCEPTED
        with pytest.raises(RuleViolated) as refused:
            cases.close(worker, opened.id, ClosureOutcome.RESOLVED, "Too early")
        assert refused.value.rule == "open_referrals"

        world.later(days=2)
        cases.complete_referral(world.partner, referral_id, ReferralOutcome.SERVICE_PROVIDED,
                                "Needs assessment and a month of supplies", Decimal("500.00"), 1)
        stored = cases.get_case(world.pd_supervisor, opened.id).referrals[referral_id]
        assert (stored.status, stored.outcome) == (ReferralStatus.COMPLETED,
                                                   ReferralOutcome.SERVICE_PROVIDED)
        assert (str(stored.value_cny), stored.people_helped) == ("500.00", 1)

        closed = cases.close(worker, opened.id, ClosureOutcome.RESOLVED, "Supplies delivered")
        assert (closed.case.status, closed.case.outcome) == (Status.CLOSED,
                                                             ClosureOutcome.RESOLVED)


class TestTransfer:
    def test_accepted_transfer_moves_the_case_unassigned(self, world: World) -> None:
        cases = world.cases
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        requested = cases.request_transfer(world.jb_supervisor, case.id, "PD",
                                           "The resident lives in Pudong").case
        assert requested.pending_transfer is not None
        assert (requested.team, requested.pending_transfer.to_team) == ("JB", "PD")
        with pytest.raises(NotFound):
            cases.get_case(world.pd_supervisor, case.id)
        with pytest.raises(NotFound):
            cases.decide_transfer(world.pd_worker, case.id, True, None)

        moved = cases.decide_transfer(world.pd_supervisor, case.id, True, "We will serve her")
        assert (moved.case.team, moved.case.assigned_worker_id) == ("PD", None)
        assert (moved.case.status, moved.case.pending_transfer) == (Status.ASSESSED, None)
        assert cases.get_case(world.pd_worker, case.id).team == "PD"
        with pytest.raises(NotFound):
            cases.get_case(world.jb_worker, case.id)
        reassigned = cases.assign(world.pd_supervisor, case.id, world.pd_worker.id, None)
        assert reassigned.case.assigned_worker_id == world.pd_worker.id

    def test_declined_transfer_leaves_the_case_where_it_was(self, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.request_transfer(world.jb_supervisor, case.id, "PD", "Maybe Pudong")
        kept = world.cases.decide_transfer(world.pd_supervisor, case.id, False, "Not ours").case
        assert (kept.team, kept.assigned_worker_id) == ("JB", world.jb_worker.id)
        assert kept.pending_transfer is None


class TestExpectedVersion:
    def test_a_stale_version_is_refused_with_the_current_one(self, world: World) -> None:
        case = world.assessed_case(world.jb_worker)
        noted = world.cases.add_note(world.jb_worker, case.id, "Called her daughter",
                                     expected_version=case.version)
        before = world.stored_position()
        with pytest.raises(VersionConflict) as conflict:
            world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None,
                               expected_version=case.version)
        assert conflict.value.current_version == noted.version == case.version + 1
        assert conflict.value.expected_version == case.version
        assert world.stored_position() == before
        assert world.cases.get_case(world.jb_supervisor, case.id).assigned_worker_id is None


class TestScope:
    @pytest.mark.parametrize("reader", ["pd_worker", "pd_supervisor", "partner", "admin"])
    def test_a_case_outside_the_readers_scope_is_not_found(self, world: World,
                                                           reader: str) -> None:
        case = world.open_case(world.jb_worker).case
        with pytest.raises(NotFound):
            world.cases.get_case(getattr(world, reader), case.id)

    def test_a_command_outside_scope_is_not_found_and_stores_nothing(self,
                                                                     world: World) -> None:
        case = world.open_case(world.jb_worker).case
        before = world.stored_position()
        with pytest.raises(NotFound):
            world.cases.add_note(world.pd_worker, case.id, "Wrong team")
        with pytest.raises(NotFound):
            world.cases.get_case(world.jb_worker, uuid4())
        assert world.stored_position() == before

    def test_an_auditor_reads_every_team_and_changes_nothing(self, world: World) -> None:
        case = world.open_case(world.pd_worker).case
        assert world.cases.get_case(world.auditor, case.id).reference == case.reference
        with pytest.raises(NotPermitted):
            world.cases.add_note(world.auditor, case.id, "Auditors only read")


class TestPastAndHistory:
    def test_as_of_gives_the_case_as_it_stood(self, world: World) -> None:
        opened_at = world.clock.now()
        case = world.open_case(world.jb_worker).case
        assessed_at = world.later(hours=1)
        world.cases.assess(world.jb_worker, case.id, world.assessment(Risk.HIGH))
        world.later(hours=1)
        world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)

        then = world.cases.case_as_of(world.jb_supervisor, case.id,
                                      opened_at + timedelta(minutes=30))
        assert (then.status, then.risk, then.version) == (Status.INTAKE, None, 1)
        at_assessment = world.cases.case_as_of(world.auditor, case.id, assessed_at)
        assert (at_assessment.status, at_assessment.risk) == (Status.ASSESSED, Risk.HIGH)
        assert world.cases.get_case(world.jb_worker, case.id).status is Status.ACTIVE
        with pytest.raises(RuleViolated):
            world.cases.case_as_of(world.jb_supervisor, case.id,
                                   opened_at - timedelta(seconds=1))
        with pytest.raises(NotPermitted):
            world.cases.case_as_of(world.jb_worker, case.id, assessed_at)

    def test_history_lists_every_event_with_actor_and_channel(self, world: World) -> None:
        case = world.open_case(world.jb_worker, via=Via.UI).case
        world.cases.assess(world.jb_colleague, case.id, world.assessment(), via=Via.API)
        world.cases.add_note(world.jb_worker, case.id, "Imported from the hotline sheet",
                             via=Via.IMPORT)
        world.cases.assign(world.jb_supervisor, case.id, world.jb_worker.id, None)

        history = world.cases.history(world.jb_supervisor, case.id)
        assert [(type(e).__name__, e.actor, e.via) for e in history] == [
            ("Opened", world.jb_worker.ref, Via.UI),
            ("Assessed", world.jb_colleague.ref, Via.API),
            ("NoteAdded", world.jb_worker.ref, Via.IMPORT),
            ("Assigned", world.jb_supervisor.ref, Via.API),
        ]
        assert [e.originator_version for e in history] == [1, 2, 3, 4]
        assert event_names(world.cases.history(world.auditor, case.id)) == event_names(history)
        with pytest.raises(NotPermitted):
            world.cases.history(world.jb_worker, case.id)


class TestReferralsById:
    def test_the_partner_answers_with_the_referral_id_alone(self, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        referral_id = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                                "Groceries", None).referral_id
        assert referral_id is not None
        assert world.cases.referral_case_id(referral_id) == case.id
        before = world.stored_position()
        with pytest.raises(NotFound):
            world.cases.accept_referral(world.other_partner, referral_id)
        with pytest.raises(NotFound):
            world.cases.accept_referral(world.partner, uuid4())
        assert world.stored_position() == before

        declined = world.cases.decline_referral(world.partner, referral_id, "No capacity")
        assert declined.referral_id == referral_id
        assert declined.case.referrals[referral_id].status is ReferralStatus.DECLINED

    def test_the_case_side_withdraws_and_the_system_expires(self, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        first = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                          "Groceries", None).referral_id
        assert first is not None
        with pytest.raises(NotFound):
            world.cases.withdraw_referral(world.partner, first, "Partners cannot withdraw")
        withdrawn = world.cases.withdraw_referral(world.jb_worker, first, "Found a neighbour")
        assert withdrawn.case.referrals[first].status is ReferralStatus.WITHDRAWN

        second = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                           "Groceries again", None).referral_id
        assert second is not None
        world.later(hours=73)
        expired = world.cases.expire_referral(SYSTEM_ACTOR, second)
        assert expired.case.referrals[second].status is ReferralStatus.EXPIRED
        last = world.cases.history(world.jb_supervisor, case.id)[-1]
        assert (type(last).__name__, last.actor, last.via) == (
            "ReferralExpired", SYSTEM_ACTOR.ref, Via.SYSTEM)


class TestBulkReassign:
    def test_the_reason_is_recorded_on_each_case(self, world: World) -> None:
        ids = [world.active_case(world.jb_worker, world.jb_supervisor).id for _ in range(3)]
        outcomes = world.cases.reassign_each(world.jb_supervisor, [*ids, ids[0]],
                                             world.jb_colleague.id, "Wang is on leave")
        assert [o.case_id for o in outcomes] == ids
        assert [o.error for o in outcomes] == [None, None, None]
        for case_id in ids:
            assert world.cases.get_case(world.jb_colleague, case_id).assigned_worker_id == (
                world.jb_colleague.id)
            last = world.cases.history(world.jb_supervisor, case_id)[-1]
            assert isinstance(last, Case.Assigned)
            assert last.personal["reason"] == "Wang is on leave"
            assert (last.previous_worker_id, last.actor) == (world.jb_worker.id,
                                                             world.jb_supervisor.ref)

    def test_a_worker_cannot_reassign(self, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        with pytest.raises(NotPermitted):
            world.cases.reassign_each(world.jb_worker, [case.id], world.jb_colleague.id,
                                      "I'm busy")


class TestPositions:
    def test_each_command_returns_a_later_position(self, world: World) -> None:
        first = world.open_case(world.jb_worker)
        case_id = first.case.id
        results = [
            first,
            world.cases.assess(world.jb_worker, case_id, world.assessment()),
            world.open_case(world.pd_worker),
            world.cases.assign(world.jb_supervisor, case_id, world.jb_worker.id, None),
            world.cases.add_note(world.jb_worker, case_id, "Visited"),
        ]
        positions = [r.position for r in results]
        assert positions == sorted(set(positions))
        assert positions[0] > 0
        assert positions[-1] == world.stored_position()
