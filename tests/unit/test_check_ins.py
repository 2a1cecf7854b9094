"""Recurring check-ins (issue 13, decision 0028): a plan set on the case derives its
check-ins; each is done, skipped or rescheduled by an event; one missed by more than its
grace period is breached. The clock and the time zone come from outside."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from domain.actions import CaseAction, available_commands
from domain.case import Case
from domain.checkins import (
    CheckInState,
    Every,
    FollowUpPlan,
    check_in,
    check_ins,
    plan_from,
)
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import DeadlineState, Risk, Status, Via
from tests.unit.facts import (
    AUDITOR,
    NOW,
    OTHER_WORKER,
    SUPERVISOR,
    WORKER,
    assigned,
    at,
    closed,
    day,
    history,
    opened,
    reopened,
)
from tests.unit.scenario import Past, Step, event, given

TZ = UTC  # NOW is 2026-03-02 11:00, a Monday


def plan_set(every: Every = Every.DAY, at_time: time | None = time(9), *,
             day_of_month: int | None = None, until: date | None = None,
             starts: date | None = None, by: Actor = WORKER, when: datetime = NOW) -> Step:
    return lambda case: case.set_follow_up_plan(every, at_time, day_of_month, until, starts,
                                                tz=TZ, actor=by, via=Via.UI, at=when)


def done(due_on: date, *, when: datetime, note: str | None = "She is well",
         by: Actor = WORKER) -> Step:
    return lambda case: case.check_in_done(due_on, note, tz=TZ, actor=by, via=Via.UI,
                                           at=when)


def skipped(due_on: date, *, when: datetime = NOW, reason: str = "In hospital") -> Step:
    return lambda case: case.skip_check_in(due_on, reason, actor=WORKER, via=Via.UI, at=when)


def moved(due_on: date, to: datetime, *, when: datetime = NOW) -> Step:
    return lambda case: case.reschedule_check_in(due_on, to, tz=TZ, actor=WORKER,
                                                 via=Via.UI, at=when)


def active(*more: Past) -> tuple[Past, ...]:
    return (*history(Status.ACTIVE), *more)


def states(case: Case, now: datetime, upto: date) -> dict[date, CheckInState]:
    plan = case.follow_up_plan
    assert plan is not None
    return {c.due_on: c.state for c in check_ins(
        plan, case.check_ins_settled, case.check_ins_moved, now, TZ, upto=upto)}


class TestSettingAPlan:
    def test_a_daily_plan_starts_at_the_next_time_not_yet_passed(self) -> None:
        # 09:00 has passed on Monday 11:00: the first check-in is Tuesday's
        case = given(*active()).when(plan_set()).then(event(
            Case.FollowUpPlanSet, every=Every.DAY, time_of_day=time(9), first=day(1),
            until=None, day_of_month=None, actor=WORKER.ref, via=Via.UI))
        assert case.follow_up_due == day(1)
        assert not case.follow_up_plan.occurs_on(day(0))  # type: ignore[union-attr]

    def test_a_time_later_today_starts_today(self) -> None:
        case = given(*active()).when(plan_set(at_time=time(15))).then(Case.FollowUpPlanSet)
        assert case.follow_up_due == day(0)

    def test_a_weekly_plan_checks_in_on_the_weekday_it_starts(self) -> None:
        thursday = day(3)
        case = given(*active()).when(plan_set(Every.WEEK, starts=thursday)).then(
            Case.FollowUpPlanSet)
        plan = case.follow_up_plan
        assert plan is not None
        assert [d for _, d in zip(range(3), plan.dates(), strict=False)] == [
            thursday, thursday + timedelta(7), thursday + timedelta(14)]

    def test_a_monthly_plan_on_the_31st_falls_on_the_last_day_of_shorter_months(self) -> None:
        case = given(*active()).when(plan_set(Every.MONTH, day_of_month=31,
                                              until=date(2026, 7, 31))).then(
            Case.FollowUpPlanSet)
        plan = case.follow_up_plan
        assert plan is not None
        assert list(plan.dates()) == [date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
                                      date(2026, 6, 30), date(2026, 7, 31)]

    def test_february_takes_its_28th(self) -> None:
        plan = FollowUpPlan(Every.MONTH, time(9), date(2027, 1, 30), None, 30)
        assert [d for _, d in zip(range(3), plan.dates(), strict=False)] == [
            date(2027, 1, 30), date(2027, 2, 28), date(2027, 3, 30)]

    def test_a_plan_until_a_date_ends_there(self) -> None:
        case = given(*active()).when(plan_set(until=day(3))).then(Case.FollowUpPlanSet)
        plan = case.follow_up_plan
        assert plan is not None
        assert list(plan.dates()) == [day(1), day(2), day(3)]

    @pytest.mark.parametrize(("every", "dom", "until", "field", "code"), [
        (Every.MONTH, None, None, "day_of_month", "day_of_month_required"),
        (Every.MONTH, 32, None, "day_of_month", "day_of_month_range"),
        (Every.DAY, 5, None, "day_of_month", "day_of_month_monthly_only"),
        (Every.DAY, None, day(-1), "until", "until_before_start"),
        (Every.DAY, None, day(400), "until", "beyond_a_year"),
        (Every.DAY, None, day(0), "until", "no_check_in_left"),  # 09:00 today has passed
    ], ids=["no-day", "day-32", "day-not-monthly", "until-past", "until-far", "none-left"])
    def test_bad_input_is_refused_naming_the_field(self, every: Every, dom: int | None,
                                                   until: date | None, field: str,
                                                   code: str) -> None:
        given(*active()).when(plan_set(every, day_of_month=dom, until=until)).then_raises(
            InvalidInput, field=field, code=code)

    def test_a_start_in_the_past_is_refused(self) -> None:
        given(*active()).when(plan_set(starts=day(-2))).then_raises(
            InvalidInput, field="starts", code="in_the_past")

    @pytest.mark.parametrize("status", [Status.INTAKE, Status.PENDING_CLOSURE], ids=str)
    def test_only_a_case_being_worked_gets_a_plan(self, status: Status) -> None:
        given(*history(status)).when(plan_set()).then_raises(RuleViolated, rule="status")

    def test_only_the_case_side_of_its_team(self) -> None:
        given(*active()).when(plan_set(by=AUDITOR)).then_raises(NotPermitted)
        given(*active()).when(plan_set(by=OTHER_WORKER)).then_raises(NotFound)
        given(*active()).when(plan_set(by=SUPERVISOR)).then(Case.FollowUpPlanSet)

    def test_stopping_the_plan_brings_back_the_assessments_follow_up(self) -> None:
        past = active(plan_set())
        assessed_due = given(*history(Status.ACTIVE)).case.follow_up_due
        case = given(*past).when(lambda c: c.stop_follow_up_plan(
            actor=WORKER, via=Via.UI, at=NOW)).then(Case.FollowUpPlanStopped)
        assert (case.follow_up_plan, case.follow_up_due) == (None, assessed_due)

    def test_stopping_without_a_plan_is_refused(self) -> None:
        given(*active()).when(lambda c: c.stop_follow_up_plan(
            actor=WORKER, via=Via.UI, at=NOW)).then_raises(RuleViolated,
                                                          rule="no_follow_up_plan")

    def test_the_single_follow_up_is_not_marked_while_a_plan_runs(self) -> None:
        given(*active(plan_set())).when(lambda c: c.mark_follow_up_done(
            day(9), None, actor=WORKER, via=Via.UI, at=NOW)).then_raises(
            RuleViolated, rule="follow_up_plan")
        commands = available_commands(given(*active(plan_set())).case, WORKER)
        assert CaseAction.CHECK_IN in commands
        assert CaseAction.FOLLOW_UP_DONE not in commands


class TestCheckIns:
    def test_done_with_a_note_moves_the_follow_up_to_the_next_one(self) -> None:
        case = given(*active(plan_set())).when(done(day(1), when=at(days=1, hours=0.5))).then(
            event(Case.CheckInDone, due_on=day(1), personal={"text": "She is well"}))
        assert case.follow_up_due == day(2)
        assert states(case, at(days=2), day(2)) == {day(1): CheckInState.DONE,
                                                    day(2): CheckInState.DUE}

    def test_done_before_its_day_is_refused(self) -> None:
        given(*active(plan_set())).when(done(day(2), when=at(days=1))).then_raises(
            RuleViolated, rule="check_in_not_due")

    def test_skipped_with_a_reason_even_ahead(self) -> None:
        case = given(*active(plan_set())).when(skipped(day(1))).then(
            event(Case.CheckInSkipped, due_on=day(1), personal={"reason": "In hospital"}))
        assert case.follow_up_due == day(2)

    def test_a_day_the_plan_has_no_check_in_is_refused(self) -> None:
        given(*active(plan_set(Every.WEEK, starts=day(3)))).when(skipped(day(4))).then_raises(
            RuleViolated, rule="no_such_check_in")

    def test_settled_once(self) -> None:
        given(*active(plan_set(), skipped(day(1)))).when(skipped(day(1))).then_raises(
            RuleViolated, rule="check_in_settled")

    def test_a_skip_names_a_reason(self) -> None:
        given(*active(plan_set())).when(skipped(day(1), reason="  ")).then_raises(
            InvalidInput, field="reason")

    def test_rescheduled_to_a_new_time_it_is_due_then(self) -> None:
        new_time = at(days=1, hours=6)  # Tuesday 15:00 instead of 09:00
        case = given(*active(plan_set())).when(moved(day(1), new_time)).then(
            event(Case.CheckInRescheduled, due_on=day(1), to=new_time, to_on=day(1)))
        plan = case.follow_up_plan
        assert plan is not None
        item = check_in(plan, day(1), case.check_ins_settled, case.check_ins_moved,
                        at(days=1, hours=2), TZ)  # Tuesday 11:00: 09:00 + 2 h has passed
        assert (item.state, item.rescheduled, item.due_at) == (CheckInState.DUE, True,
                                                               new_time)

    def test_rescheduled_into_the_past_is_refused(self) -> None:
        given(*active(plan_set())).when(moved(day(1), at(hours=-1))).then_raises(
            InvalidInput, field="to", code="not_in_future")

    def test_a_daily_check_in_missed_by_two_hours_is_breached(self) -> None:
        case = given(*active(plan_set())).case
        plan = case.follow_up_plan
        assert plan is not None

        def state(now: datetime) -> tuple[CheckInState, DeadlineState | None]:
            item = check_in(plan, day(1), {}, {}, now, TZ)
            return item.state, item.deadline_state

        assert state(at(days=0, hours=14)) == (CheckInState.UPCOMING, None)
        assert state(at(days=1, hours=-8)) == (CheckInState.DUE, DeadlineState.ON_TRACK)
        assert state(at(days=1, hours=1)) == (CheckInState.DUE, DeadlineState.AT_RISK)
        assert state(at(days=1, hours=2, minutes=1)) == (CheckInState.BREACHED,
                                                         DeadlineState.BREACHED)

    def test_an_old_open_check_in_stays_listed_and_keeps_the_case_overdue(self) -> None:
        case = given(*active(plan_set(), done(day(2), when=at(days=2)))).case
        assert case.follow_up_due == day(1)  # Tuesday's was never made
        assert states(case, at(days=3), day(3)) == {
            day(1): CheckInState.BREACHED, day(2): CheckInState.DONE,
            day(3): CheckInState.DUE}

    @pytest.mark.parametrize("status", [Status.INTAKE, Status.ASSESSED], ids=str)
    def test_no_check_in_without_a_plan(self, status: Status) -> None:
        given(*history(status)).when(skipped(day(1))).then_raises(
            RuleViolated, rule="status" if status is Status.INTAKE else "no_follow_up_plan")


class TestClosure:
    def test_closing_the_case_stops_the_plan_and_reopening_does_not_restart_it(self) -> None:
        case = given(*active(plan_set(), closed(when=at(hours=3)))).case
        assert case.follow_up_plan is None
        reopened_case = given(*active(plan_set(), closed(when=at(hours=3)),
                                      reopened(when=at(hours=4)))).case
        assert reopened_case.follow_up_plan is None
        assert reopened_case.check_ins_settled == {}

    def test_check_ins_go_on_while_a_closure_awaits_approval(self) -> None:
        past = (opened(risk=Risk.HIGH), assigned(), plan_set(when=at(hours=1.5)),
                closed(by=WORKER, when=at(hours=1.6)))
        assert given(*past).case.status is Status.PENDING_CLOSURE
        given(*past).when(skipped(day(1))).then(Case.CheckInSkipped)


def test_plan_from_uses_the_clock_and_zone_it_is_given() -> None:
    from zoneinfo import ZoneInfo

    shanghai = ZoneInfo("Asia/Shanghai")
    now = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
    plan = plan_from(Every.DAY, time(9), None, None, None, now=now, tz=shanghai)
    assert plan.first == date(2026, 3, 2)
    later = plan_from(Every.DAY, time(9), None, None, None, now=now + timedelta(hours=1),
                      tz=shanghai)
    assert later.first == date(2026, 3, 3)
