"""Deadlines people can set (issue 14): a policy, a team's overrides laid over the
deployment's, the follow-up warning, and a referral's reply time."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.deadline_policy import (
    DEFAULT_POLICY,
    NO_OVERRIDES,
    DeadlineOverrides,
    DeadlinePolicy,
    respond_by,
)
from domain.deadlines import follow_up_end, follow_up_state
from domain.errors import InvalidInput
from domain.identity import Team
from domain.values import ActorRef
from domain.vocabulary import DeadlineState, Risk, Role, Status, Via
from tests.unit.facts import NOW, ORG, REFERRAL, T0, WORKER, at, claimed, day, history, opened
from tests.unit.scenario import given

ADMIN = ActorRef(UUID(int=9), Role.ADMIN)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def a_team() -> Team:
    return Team.register("JB", "金杨", "浦东新区", actor=ADMIN, via=Via.API, at=T0)


class TestTheDefaultPolicy:
    def test_it_is_the_specs(self) -> None:
        assert DEFAULT_POLICY.in_minutes() == {
            "assign_critical": 120, "assign_high": 1440, "assign_medium": 4320,
            "assign_low": 10080, "assign_unassessed": 1440, "follow_up_warning": None,
            "referral_reply": 4320}

    def test_an_unassessed_case_has_the_unassessed_time(self) -> None:
        policy = DeadlinePolicy(assign_unassessed=timedelta(hours=6))
        assert policy.assign_due(T0, None) == T0 + timedelta(hours=6)
        assert policy.assign_due(T0, Risk.HIGH) == T0 + timedelta(hours=24)

    @pytest.mark.parametrize("span", [timedelta(0), timedelta(minutes=-5),
                                      timedelta(minutes=9), timedelta(days=91)], ids=str)
    def test_a_span_out_of_bounds_is_refused(self, span: timedelta) -> None:
        with pytest.raises(InvalidInput) as refused:
            DeadlinePolicy(assign_critical=span)
        assert (refused.value.field, refused.value.code) == ("assign_critical", "out_of_range")


class TestATeamsOverrides:
    def test_given_a_team_when_its_deadlines_are_set_then_only_those_are_overridden(
            self) -> None:
        team = a_team()
        team.set_deadlines(DeadlineOverrides(assign_critical=30), actor=ADMIN, via=Via.API,
                           at=at(minutes=1))
        policy = DEFAULT_POLICY.overlay(team.deadlines)
        assert policy.assign_critical == timedelta(minutes=30)
        assert policy.assign_high == DEFAULT_POLICY.assign_high
        assert policy.referral_reply == DEFAULT_POLICY.referral_reply

    def test_the_overrides_lie_over_the_deployments_not_the_specs(self) -> None:
        deployment = DeadlinePolicy(assign_high=timedelta(hours=12))
        policy = deployment.overlay(DeadlineOverrides(referral_reply=240))
        assert (policy.assign_high, policy.referral_reply) == (
            timedelta(hours=12), timedelta(hours=4))

    def test_setting_none_clears_them(self) -> None:
        team = a_team()
        team.set_deadlines(DeadlineOverrides(assign_low=60), actor=ADMIN, via=Via.API,
                           at=at(minutes=1))
        team.set_deadlines(NO_OVERRIDES, actor=ADMIN, via=Via.API, at=at(minutes=2))
        assert DEFAULT_POLICY.overlay(team.deadlines) == DEFAULT_POLICY
        assert [type(e).__name__ for e in team.collect_events()] == [
            "Registered", "DeadlinesSet", "DeadlinesSet"]

    def test_setting_the_same_again_records_nothing(self) -> None:
        team = a_team()
        team.set_deadlines(NO_OVERRIDES, actor=ADMIN, via=Via.API, at=at(minutes=1))
        assert [type(e).__name__ for e in team.collect_events()] == ["Registered"]

    def test_a_value_out_of_bounds_is_refused_and_nothing_is_recorded(self) -> None:
        team = a_team()
        with pytest.raises(InvalidInput) as refused:
            team.set_deadlines(DeadlineOverrides(referral_reply=30), actor=ADMIN,
                               via=Via.API, at=at(minutes=1))
        assert refused.value.field == "referral_reply_minutes"
        assert refused.value.params == {"min": 60, "max": 43200}
        assert team.deadlines == NO_OVERRIDES


class TestACasesTimeToAssign:
    def test_given_a_critical_case_its_teams_policy_sets_when_it_is_due(self) -> None:
        team = DEFAULT_POLICY.overlay(DeadlineOverrides(assign_critical=30))
        case = given(opened(risk=Risk.CRITICAL)).case
        assert case.assign_due_under(team) == T0 + timedelta(minutes=30)
        assert case.assign_due == T0 + timedelta(hours=2)  # SPEC's, as the rows store it

    def test_a_claimed_case_has_none_under_any_policy(self) -> None:
        team = DEFAULT_POLICY.overlay(DeadlineOverrides(assign_critical=30))
        case = given(opened(risk=Risk.CRITICAL), claimed()).case
        assert case.assign_due_under(team) is None


class TestTheFollowUpWarning:
    def test_by_default_it_is_the_last_quarter_of_the_span(self) -> None:
        end = follow_up_end(day(4), SHANGHAI)
        quarter = (end - T0) / 4
        assert follow_up_state(T0, day(4), end - quarter - timedelta(minutes=1),
                               SHANGHAI) is DeadlineState.ON_TRACK
        assert follow_up_state(T0, day(4), end - quarter,
                               SHANGHAI) is DeadlineState.AT_RISK

    def test_given_a_warning_it_turns_at_risk_that_long_before_the_day_ends(self) -> None:
        end = follow_up_end(day(4), SHANGHAI)
        twelve = timedelta(hours=12)

        def state(now: datetime) -> DeadlineState:
            return follow_up_state(T0, day(4), now, SHANGHAI, twelve)
        assert state(end - timedelta(hours=13)) is DeadlineState.ON_TRACK
        assert state(end - twelve) is DeadlineState.AT_RISK
        assert state(end) is DeadlineState.BREACHED


class TestAReferralsReplyTime:
    def test_by_default_it_is_the_policys(self) -> None:
        assert respond_by(DEFAULT_POLICY, T0) == T0 + timedelta(hours=72)
        team = DEFAULT_POLICY.overlay(DeadlineOverrides(referral_reply=8 * 60))
        assert respond_by(team, T0) == T0 + timedelta(hours=8)

    def test_one_given_when_it_is_sent_wins(self) -> None:
        team = DEFAULT_POLICY.overlay(DeadlineOverrides(referral_reply=8 * 60))
        assert respond_by(team, T0, timedelta(hours=4)) == T0 + timedelta(hours=4)

    def test_given_a_case_when_a_referral_is_sent_with_it_then_it_is_recorded(self) -> None:
        sent_at = NOW
        deadline = respond_by(DEFAULT_POLICY, sent_at, timedelta(hours=4))
        case = given(*history(Status.ACTIVE)).case
        case.send_referral(REFERRAL, ORG, "Meals", None, actor=WORKER, via=Via.API,
                           at=sent_at, respond_by=deadline)
        assert case.referrals[REFERRAL].respond_by == sent_at + timedelta(hours=4)

    @pytest.mark.parametrize("hours", [0, 721], ids=str)
    def test_one_out_of_bounds_is_refused(self, hours: int) -> None:
        with pytest.raises(InvalidInput) as refused:
            respond_by(DEFAULT_POLICY, T0, timedelta(hours=hours))
        assert refused.value.field == "respond_within_hours"
        assert refused.value.params == {"min": 1, "max": 720}


def test_overrides_name_only_what_they_override() -> None:
    assert DeadlineOverrides(assign_low=60, referral_reply=120).items() == [
        ("assign_low", 60), ("referral_reply", 120)]
