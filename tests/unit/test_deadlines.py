"""Deadlines: time to assign by risk, deadline states, overdue follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.deadlines import assign_due, deadline_state, follow_up_overdue, follow_up_state
from domain.vocabulary import ClosureOutcome, DeadlineState, Risk, Status
from tests.unit.facts import (
    NOW,
    OTHER_SUPERVISOR,
    STEP_AT,
    T0,
    WORKER,
    assessed,
    assigned,
    at,
    claimed,
    closed,
    day,
    history,
    opened,
    reopened,
    transfer_accepted,
    transfer_requested,
)
from tests.unit.scenario import given


class TestTimeToAssign:
    @pytest.mark.parametrize(("risk", "span"), [
        (Risk.CRITICAL, timedelta(hours=2)),
        (Risk.HIGH, timedelta(hours=24)),
        (Risk.MEDIUM, timedelta(hours=72)),
        (Risk.LOW, timedelta(days=7)),
    ], ids=str)
    def test_each_risk_level_has_its_time_to_assign(self, risk: Risk, span: timedelta) -> None:
        assert assign_due(T0, risk) == T0 + span

    def test_a_case_not_yet_assessed_is_treated_like_high_risk(self) -> None:
        assert assign_due(T0, None) == T0 + timedelta(hours=24)

    def test_an_unassessed_case_is_due_a_day_after_opening(self) -> None:
        assert given(opened()).case.assign_due == T0 + timedelta(hours=24)

    def test_the_clock_runs_from_opening_not_from_the_assessment(self) -> None:
        case = given(opened(), assessed(Risk.CRITICAL, when=at(hours=1))).case
        assert case.assign_due == T0 + timedelta(hours=2)

    def test_an_assigned_case_has_no_assignment_deadline(self) -> None:
        assert given(*history(Status.ACTIVE)).case.assign_due is None

    def test_a_claimed_case_has_no_assignment_deadline(self) -> None:
        assert given(opened(risk=Risk.CRITICAL), claimed()).case.assign_due is None

    def test_a_closed_case_has_no_assignment_deadline(self) -> None:
        case = given(opened(), closed(ClosureOutcome.UNREACHABLE, by=WORKER)).case
        assert case.assign_due is None

    def test_a_reopened_unassigned_case_waits_anew_from_its_reopening(self) -> None:
        case = given(opened(risk=Risk.MEDIUM), closed(ClosureOutcome.DECLINED_SERVICE),
                     reopened(when=at(days=10))).case
        assert case.assign_due == at(days=10) + timedelta(hours=72)

    def test_a_transferred_case_waits_anew_in_its_new_team(self) -> None:
        case = given(opened(risk=Risk.HIGH), assigned(), transfer_requested(),
                     transfer_accepted(by=OTHER_SUPERVISOR, when=at(days=1))).case
        assert case.assign_due == at(days=1) + timedelta(hours=24)


class TestDeadlineState:
    START = T0
    DUE = T0 + timedelta(hours=8)  # the last quarter begins 2 hours before

    def test_on_track_before_the_last_quarter(self) -> None:
        assert deadline_state(self.START, self.DUE, self.START) is DeadlineState.ON_TRACK
        assert deadline_state(
            self.START, self.DUE, self.DUE - timedelta(hours=2, seconds=1)
        ) is DeadlineState.ON_TRACK

    def test_at_risk_within_the_last_quarter(self) -> None:
        assert deadline_state(
            self.START, self.DUE, self.DUE - timedelta(hours=2)
        ) is DeadlineState.AT_RISK
        assert deadline_state(
            self.START, self.DUE, self.DUE - timedelta(seconds=1)
        ) is DeadlineState.AT_RISK

    def test_breached_from_the_deadline_on(self) -> None:
        assert deadline_state(self.START, self.DUE, self.DUE) is DeadlineState.BREACHED
        assert deadline_state(
            self.START, self.DUE, self.DUE + timedelta(days=3)
        ) is DeadlineState.BREACHED

    def test_a_critical_case_is_at_risk_after_90_minutes_unassigned(self) -> None:
        case = given(opened(risk=Risk.CRITICAL)).case
        assert case.assign_due is not None
        state = deadline_state(case.waiting_since, case.assign_due, T0 + timedelta(minutes=90))
        assert state is DeadlineState.AT_RISK


class TestFollowUp:
    def test_a_follow_up_due_before_today_is_overdue(self) -> None:
        assert follow_up_overdue(day(2), day(3)) is True

    def test_a_follow_up_due_today_is_not_yet_overdue(self) -> None:
        assert follow_up_overdue(day(2), day(2)) is False

    def test_a_case_without_a_follow_up_date_is_never_overdue(self) -> None:
        assert follow_up_overdue(None, day(100)) is False

    def test_the_assessment_sets_the_follow_up_that_becomes_overdue(self) -> None:
        case = given(opened(risk=Risk.MEDIUM)).case  # the triage assessment says day(2)
        assert not follow_up_overdue(case.follow_up_due, (NOW + timedelta(days=2)).date())
        assert follow_up_overdue(case.follow_up_due, (STEP_AT + timedelta(days=3)).date())


class TestFollowUpDeadline:
    """A follow-up is due by the end of its day (local time); it is at risk in the last
    quarter of the time from the assessment that set it (docs/domain.md §2), breached after."""

    SHANGHAI = ZoneInfo("Asia/Shanghai")
    SET_AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)       # 09:00 in Shanghai on 2 March

    def state(self, due_in_days: int, now: datetime) -> DeadlineState:
        due = self.SET_AT.astimezone(self.SHANGHAI).date() + timedelta(days=due_in_days)
        return follow_up_state(self.SET_AT, due, now, self.SHANGHAI)

    def test_a_follow_up_in_30_days_warns_a_week_ahead(self) -> None:
        # due by 1 April 00:00 Shanghai: 30 days 15 hours away; last quarter ~7.6 days
        end = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
        assert self.state(29, end - timedelta(days=8)) is DeadlineState.ON_TRACK
        assert self.state(29, end - timedelta(days=7)) is DeadlineState.AT_RISK
        assert self.state(29, end) is DeadlineState.BREACHED

    def test_a_follow_up_tomorrow_is_at_risk_from_the_afternoon_of_its_day(self) -> None:
        # set 09:00 on the 2nd, due by 00:00 on the 4th (39 hours): at risk 9.75 hours before
        end = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)
        assert self.state(1, end - timedelta(hours=10)) is DeadlineState.ON_TRACK
        assert self.state(1, end - timedelta(hours=9)) is DeadlineState.AT_RISK
        assert self.state(1, end - timedelta(seconds=1)) is DeadlineState.AT_RISK
        assert self.state(1, end) is DeadlineState.BREACHED

    def test_breached_exactly_when_the_follow_up_becomes_overdue(self) -> None:
        due = day(1)
        for now in (datetime(2026, 3, 3, 15, 59, tzinfo=UTC),
                    datetime(2026, 3, 3, 16, 0, tzinfo=UTC)):
            breached = follow_up_state(T0, due, now, self.SHANGHAI) is DeadlineState.BREACHED
            assert breached == follow_up_overdue(due, now.astimezone(self.SHANGHAI).date())

    def test_the_latest_assessment_sets_the_follow_up_and_starts_its_span(self) -> None:
        case = given(opened(risk=Risk.MEDIUM)).case
        assert case.assessed_at is not None
        assert case.follow_up_due is not None
