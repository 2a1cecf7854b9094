"""Tasks (decision 0032): made and offered by the case's side, accepted, declined, handed
over and completed by volunteers, inside the case's stream."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.case import Case
from domain.checkins import Every
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.task import Volunteer, honorific, next_due
from domain.values import ERASED, Actor
from domain.vocabulary import (
    ClosureOutcome,
    Risk,
    Role,
    ServiceKind,
    Status,
    TaskKind,
    TaskStatus,
)
from tests.unit.facts import (
    API,
    AUDITOR,
    NOW,
    OTHER_SUPERVISOR,
    OTHER_TEAM,
    STEP_AT,
    SUPERVISOR,
    TEAM,
    WORKER,
    assigned,
    closed,
    history,
    opened,
    transfer_accepted,
    transfer_requested,
)
from tests.unit.scenario import Step, event, given

TASK = UUID(int=300)
NEXT = UUID(int=301)
SONG = Actor(UUID(int=20), Role.VOLUNTEER, team=TEAM, teams=(TEAM,))
LI = Actor(UUID(int=21), Role.VOLUNTEER, team=TEAM, teams=(OTHER_TEAM, TEAM))
FAR = Actor(UUID(int=22), Role.VOLUNTEER, team=OTHER_TEAM, teams=(OTHER_TEAM,))
DUE = STEP_AT + timedelta(days=3)


def facts(volunteer: Actor, *, available: bool = True) -> Volunteer:
    return Volunteer(volunteer.id, volunteer.teams, available)


def made(*, repeat: Every | None = None, by: Actor = WORKER) -> Step:
    return lambda case: case.create_task(TASK, TaskKind.DELIVERY, "Fetch 特病药 from the clinic",
                                         DUE, "Neurology clinic", repeat, actor=by, via=API,
                                         at=STEP_AT)


def offered(to: Actor | None = SONG) -> Step:
    return lambda case: case.offer_task(TASK, facts(to) if to else None, pool=to is None,
                                        actor=WORKER, via=API, at=STEP_AT)


def took(by: Actor = SONG) -> Step:
    return lambda case: case.accept_task(TASK, facts(by), actor=by, via=API, at=STEP_AT)


def complete(by: Actor = SONG, minutes: int = 120) -> Step:
    return lambda case: case.complete_task(TASK, minutes, "Queued two hours", None,
                                           next_task_id=NEXT, actor=by, via=API, at=NOW)


def working() -> tuple[object, ...]:
    return history(Status.ACTIVE)


class TestWords:
    @pytest.mark.parametrize(("name", "called"), [
        ("宋兰芬", "宋老师"), ("欧阳秀英", "欧阳老师"), ("Song Lan", "Song 老师"),
        ("", "老师"), (ERASED, ERASED)])
    def test_a_volunteer_calls_the_resident_by_surname_and_laoshi(
            self, name: str, called: str) -> None:
        assert honorific(name) == called

    def test_a_month_later_is_the_same_day_or_the_months_last(self) -> None:
        jan31 = datetime(2026, 1, 31, 1, 0, tzinfo=UTC)
        assert next_due(jan31, Every.MONTH) == datetime(2026, 2, 28, 1, 0, tzinfo=UTC)
        assert next_due(datetime(2026, 12, 15, tzinfo=UTC), Every.MONTH) == datetime(
            2027, 1, 15, tzinfo=UTC)
        assert next_due(jan31, Every.WEEK) == jan31 + timedelta(days=7)


class TestMakingATask:
    @pytest.mark.parametrize("status", [Status.ASSESSED, Status.ACTIVE], ids=str)
    def test_the_case_side_makes_a_task_on_a_case_being_worked(self, status: Status) -> None:
        case = given(*history(status)).when(made()).then(event(
            Case.TaskCreated, task_id=TASK, kind=TaskKind.DELIVERY, due_by=DUE, repeat=None,
            personal={"description": "Fetch 特病药 from the clinic",
                      "place": "Neurology clinic"}))
        assert case.tasks[TASK].status is TaskStatus.OPEN

    @pytest.mark.parametrize("status", [Status.INTAKE, Status.PENDING_CLOSURE, Status.CLOSED],
                             ids=str)
    def test_not_on_a_case_in_intake_pending_or_closed(self, status: Status) -> None:
        given(*history(status)).when(made()).then_raises(RuleViolated)

    def test_a_volunteer_or_auditor_makes_none(self) -> None:
        given(*working()).when(made(by=SONG)).then_raises(NotFound)
        given(*working()).when(made(by=AUDITOR)).then_raises(NotPermitted)

    def test_it_is_due_in_the_future(self) -> None:
        given(*working()).when(lambda case: case.create_task(
            TASK, TaskKind.DELIVERY, "Fetch", STEP_AT - timedelta(hours=1), None, None,
            actor=WORKER, via=API, at=STEP_AT)).then_raises(InvalidInput, field="due_by")


class TestOffering:
    def test_offered_to_a_volunteer_of_the_team(self) -> None:
        case = given(*working(), made()).when(offered()).then(
            event(Case.TaskOffered, task_id=TASK, volunteer_id=SONG.id))
        assert (case.tasks[TASK].status, case.tasks[TASK].offered_to) == (
            TaskStatus.OFFERED, SONG.id)

    def test_offered_to_the_pool(self) -> None:
        case = given(*working(), made()).when(offered(None)).then(
            event(Case.TaskOffered, volunteer_id=None))
        assert case.tasks[TASK].pool

    def test_not_to_a_volunteer_of_another_team(self) -> None:
        given(*working(), made()).when(offered(FAR)).then_raises(
            InvalidInput, field="volunteer_id", code="unknown_volunteer")

    def test_not_to_a_paused_volunteer(self) -> None:
        given(*working(), made()).when(lambda case: case.offer_task(
            TASK, facts(SONG, available=False), pool=False, actor=WORKER, via=API,
            at=NOW)).then_raises(RuleViolated, rule="volunteer_paused")

    def test_an_unknown_task_is_not_found(self) -> None:
        given(*working()).when(offered()).then_raises(NotFound)


class TestAnswering:
    def test_the_volunteer_offered_it_accepts(self) -> None:
        case = given(*working(), made(), offered()).when(took()).then(
            event(Case.TaskAccepted, task_id=TASK, volunteer_id=SONG.id, actor=SONG.ref))
        assert case.tasks[TASK].volunteer_id == SONG.id

    def test_another_volunteer_does_not_see_it(self) -> None:
        given(*working(), made(), offered()).when(took(LI)).then_raises(NotFound)

    def test_a_worker_does_not_accept(self) -> None:
        given(*working(), made(), offered()).when(lambda case: case.accept_task(
            TASK, facts(SONG), actor=WORKER, via=API, at=NOW)).then_raises(NotPermitted)

    def test_a_pool_task_goes_to_the_first_who_accepts(self) -> None:
        given(*working(), made(), offered(None), took(LI)).when(took(SONG)).then_raises(
            RuleViolated, rule="task_status")

    def test_a_volunteer_of_another_team_does_not_see_the_pool(self) -> None:
        given(*working(), made(), offered(None)).when(took(FAR)).then_raises(NotFound)

    def test_declined_goes_back_to_the_case_side_offered_to_nobody(self) -> None:
        case = given(*working(), made(), offered()).when(lambda case: case.decline_task(
            TASK, "Away this week", actor=SONG, via=API, at=NOW)).then(event(
                Case.TaskDeclined, volunteer_id=SONG.id, personal={"reason": "Away this week"}))
        task = case.tasks[TASK]
        assert (task.status, task.offered_to, task.pool) == (TaskStatus.OPEN, None, False)

    def test_a_pool_task_is_not_declined(self) -> None:
        given(*working(), made(), offered(None)).when(lambda case: case.decline_task(
            TASK, None, actor=SONG, via=API, at=NOW)).then_raises(
                RuleViolated, rule="task_in_pool")


class TestHandingOver:
    def test_to_another_volunteer_with_a_reason(self) -> None:
        case = given(*working(), made(), offered(), took()).when(lambda case: case
            .hand_over_task(TASK, facts(LI), "Ill this week", pool=False, actor=SONG,
                            via=API, at=NOW)).then(event(
                Case.TaskHandedOver, from_volunteer_id=SONG.id, to_volunteer_id=LI.id,
                personal={"reason": "Ill this week"}))
        task = case.tasks[TASK]
        assert (task.status, task.offered_to, task.volunteer_id) == (
            TaskStatus.OFFERED, LI.id, None)

    def test_back_to_the_pool(self) -> None:
        case = given(*working(), made(), offered(), took()).when(lambda case: case
            .hand_over_task(TASK, None, "Ill", pool=True, actor=SONG, via=API,
                            at=NOW)).then(event(Case.TaskHandedOver, to_volunteer_id=None))
        assert case.tasks[TASK].pool

    def test_a_reason_is_required(self) -> None:
        given(*working(), made(), offered(), took()).when(lambda case: case.hand_over_task(
            TASK, facts(LI), " ", pool=False, actor=SONG, via=API, at=NOW)).then_raises(
                InvalidInput, field="reason")

    def test_only_by_the_one_who_accepted(self) -> None:
        given(*working(), made(), offered(None), took(LI)).when(lambda case: case
            .hand_over_task(TASK, None, "Ill", pool=True, actor=SONG, via=API,
                            at=NOW)).then_raises(RuleViolated, rule="task_taken")


class TestCompleting:
    def test_completion_records_the_service_with_the_volunteer_as_deliverer(self) -> None:
        case = given(*working(), made(), offered(), took()).when(complete()).then(
            event(Case.TaskCompleted, volunteer_id=SONG.id, minutes=120, done_at=NOW,
                  personal={"note": "Queued two hours"}),
            event(Case.ServiceLogged, actor=SONG.ref, kind=ServiceKind.DELIVERY, minutes=120,
                  delivered_at=NOW, personal={
                      "description": "Fetch 特病药 from the clinic\nQueued two hours"}))
        assert case.services[-1].by == SONG.id
        assert case.tasks[TASK].status is TaskStatus.COMPLETED

    def test_a_monthly_task_opens_next_month_kept_by_the_same_volunteer(self) -> None:
        case = given(*working(), made(repeat=Every.MONTH), offered(), took()).when(
            complete()).then(
                Case.TaskCompleted, Case.ServiceLogged,
                event(Case.TaskCreated, task_id=NEXT, due_by=next_due(DUE, Every.MONTH),
                      repeat=Every.MONTH, previous_task_id=TASK),
                event(Case.TaskAccepted, task_id=NEXT, volunteer_id=SONG.id))
        assert case.tasks[NEXT].status is TaskStatus.ACCEPTED

    def test_minutes_are_bounded(self) -> None:
        given(*working(), made(), offered(), took()).when(complete(minutes=1441)).then_raises(
            InvalidInput, field="minutes")

    def test_only_the_one_who_accepted_completes(self) -> None:
        given(*working(), made(), offered(None), took(LI)).when(complete(SONG)).then_raises(
            RuleViolated, rule="task_taken")

    def test_an_offered_task_is_not_completed(self) -> None:
        given(*working(), made(), offered()).when(complete()).then_raises(
            RuleViolated, rule="task_status")


class TestEnding:
    def test_the_case_side_cancels_with_a_reason(self) -> None:
        case = given(*working(), made(), offered()).when(lambda case: case.cancel_task(
            TASK, "Family will go", actor=WORKER, via=API, at=NOW)).then(
                event(Case.TaskCancelled, personal={"reason": "Family will go"}))
        assert case.tasks[TASK].status is TaskStatus.CANCELLED

    def test_closing_the_case_cancels_its_open_tasks(self) -> None:
        given(*working(), made(), offered(), took()).when(closed()).then(
            Case.Closed, event(Case.TaskCancelled, task_id=TASK))

    def test_a_completed_task_is_not_cancelled_by_closing(self) -> None:
        given(*working(), made(), offered(), took(), complete()).when(
            closed(ClosureOutcome.RESOLVED)).then(Case.Closed)

    def test_a_closure_awaiting_approval_lets_the_errand_finish_without_a_next_one(
            self) -> None:
        given(opened(risk=Risk.HIGH), assigned(), made(repeat=Every.MONTH), offered(), took(),
              closed(by=WORKER)).when(complete()).then(Case.TaskCompleted, Case.ServiceLogged)

    def test_approving_the_closure_cancels_what_is_left(self) -> None:
        given(opened(risk=Risk.HIGH), assigned(), made(), offered(), closed(by=WORKER)).when(
            lambda case: case.decide_closure(True, None, actor=SUPERVISOR, via=API, at=NOW)
        ).then(Case.ClosureApproved, Case.TaskCancelled)

    def test_a_transfer_cancels_the_open_tasks(self) -> None:
        given(opened(risk=Risk.MEDIUM), made(), transfer_requested()).when(
            transfer_accepted(by=OTHER_SUPERVISOR)).then(Case.TransferAccepted,
                                                         Case.TaskCancelled)

    def test_routing_down_cancels_the_open_tasks_too(self) -> None:  # decision 0030
        given(opened(risk=Risk.MEDIUM), made()).when(lambda case: case.request_transfer(
            "CB", "就近服务", actor=SUPERVISOR, via=API, at=NOW, in_actor_scope=True)).then(
                Case.Routed, Case.TaskCancelled)

    def test_erasure_makes_the_task_text_unreadable(self) -> None:
        case = given(*working(), made(), offered(), took(), complete()).when(
            lambda case: case.erase("Asked", actor=SUPERVISOR, via=API, at=NOW)).then(
                Case.Erased)
        assert set(case.tasks[TASK].personal.values()) == {ERASED}
