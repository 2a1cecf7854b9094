"""The deployment's deadlines (issue 14): CASEWORK_DEADLINES as an operator types it,
and a bad value stops the service with one clear line."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.settings import Settings, SettingsError
from domain.deadline_policy import DEFAULT_POLICY
from tests.integration.test_cli import assert_one_error_line, casework


def deadlines(spec: str) -> Settings:
    return Settings.from_env({"CASEWORK_DEADLINES": spec})


class TestTheDeploymentsDeadlines:
    def test_unset_they_are_the_specs(self) -> None:
        assert Settings.from_env({}).deadlines == DEFAULT_POLICY
        assert deadlines("").deadlines == DEFAULT_POLICY

    def test_only_the_values_named_change(self) -> None:
        policy = deadlines("assign_critical=1h, assign_low=3d referral_reply=90m").deadlines
        assert (policy.assign_critical, policy.assign_low, policy.referral_reply) == (
            timedelta(hours=1), timedelta(days=3), timedelta(minutes=90))
        assert policy.assign_high == DEFAULT_POLICY.assign_high

    def test_the_follow_up_warning_in_hours_or_the_quarter(self) -> None:
        assert deadlines("follow_up_warning=12h").deadlines.follow_up_warning == timedelta(
            hours=12)
        assert deadlines("follow_up_warning=quarter").deadlines.follow_up_warning is None

    @pytest.mark.parametrize(("spec", "words"), [
        ("assign_soon=1h", "'assign_soon' is not one of"),
        ("assign_critical=2 hours", "not a span such as 30m, 2h or 7d"),
        ("assign_critical=", "not a span"),
        ("assign_critical=5m", "assign_critical must be between 10 and 129600 minutes"),
        ("referral_reply=31d", "referral_reply must be between 60 and 43200 minutes"),
    ], ids=str)
    def test_a_bad_value_is_refused_by_name(self, spec: str, words: str) -> None:
        with pytest.raises(SettingsError) as refused:
            deadlines(spec)
        assert str(refused.value).startswith("CASEWORK_DEADLINES: ")
        assert words in str(refused.value)


def test_the_service_refuses_to_start_with_one_line(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    env = {**clean, "CASEWORK_DATA_DIR": str(tmp_path / "var"),
           "CASEWORK_DEADLINES": "assign_critical=0m"}
    assert_one_error_line(casework(env, "serve", "--port", "1"), "CASEWORK_DEADLINES",
                          "assign_critical")
