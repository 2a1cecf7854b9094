"""A follow-up marked done: the case's side records that the planned follow-up took place
and sets the next one (an assessed or active case)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case import Case
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import Status, Via
from tests.unit.facts import AUDITOR, NOW, OTHER_WORKER, SUPERVISOR, WORKER, day, history
from tests.unit.scenario import Step, event, given

NEXT = day(9)


def follow_up_done(next_due: date = NEXT, *, by: Actor = WORKER,
                   note: str | None = "She is well") -> Step:
    return lambda case: case.mark_follow_up_done(next_due, note, actor=by, via=Via.UI, at=NOW)


class TestMarkFollowUpDone:
    @pytest.mark.parametrize("status", [Status.ASSESSED, Status.ACTIVE], ids=str)
    def test_the_next_follow_up_is_set(self, status: Status) -> None:
        due = given(*history(status)).case.follow_up_due
        case = given(*history(status)).when(follow_up_done()).then(
            event(Case.FollowUpDone, follow_up_due=due, next_follow_up_due=NEXT,
                  personal={"text": "She is well"}, actor=WORKER.ref, via=Via.UI))
        assert (case.status, case.follow_up_due) == (status, NEXT)

    def test_a_supervisor_may_mark_it_done_and_the_note_is_optional(self) -> None:
        given(*history(Status.ACTIVE)).when(follow_up_done(by=SUPERVISOR, note=None)).then(
            event(Case.FollowUpDone, personal={"text": None}, actor=SUPERVISOR.ref))

    @pytest.mark.parametrize("status", [Status.INTAKE, Status.PENDING_CLOSURE], ids=str)
    def test_a_case_not_being_followed_up_is_refused(self, status: Status) -> None:
        given(*history(status)).when(follow_up_done()).then_raises(RuleViolated,
                                                                    rule="status")

    def test_a_closed_case_is_refused(self) -> None:
        given(*history(Status.CLOSED)).when(follow_up_done()).then_raises(
            RuleViolated, rule="closed_case")

    def test_the_next_follow_up_is_not_in_the_past(self) -> None:
        given(*history(Status.ACTIVE)).when(follow_up_done(day(-3))).then_raises(
            InvalidInput, field="next_follow_up_due")

    def test_the_next_follow_up_is_within_a_year(self) -> None:
        given(*history(Status.ACTIVE)).when(follow_up_done(day(400))).then_raises(
            InvalidInput, field="next_follow_up_due")

    def test_an_auditor_may_not(self) -> None:
        given(*history(Status.ACTIVE)).when(follow_up_done(by=AUDITOR)).then_raises(
            NotPermitted)

    def test_another_team_learns_nothing(self) -> None:
        given(*history(Status.ACTIVE)).when(follow_up_done(by=OTHER_WORKER)).then_raises(
            NotFound)
