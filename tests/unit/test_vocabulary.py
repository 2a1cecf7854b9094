"""The stored identifiers are the ones docs/domain.md §2 lists, and never change."""

from __future__ import annotations

from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    Need,
    ReferralOutcome,
    Risk,
    ServiceKind,
    Vulnerability,
)


class TestVocabularies:
    def test_vulnerabilities(self) -> None:
        assert [v.value for v in Vulnerability] == [
            "older_person", "lives_alone", "visual_impairment", "hearing_impairment",
            "physical_disability", "intellectual_disability", "chronic_illness",
            "mental_health", "pregnant", "child", "low_income", "in_quarantine",
        ]

    def test_needs(self) -> None:
        assert [n.value for n in Need] == [
            "medication", "medical_escort", "food", "daily_supplies", "protective_supplies",
            "psychological_support", "home_care", "transport", "financial_aid",
            "information", "other",
        ]

    def test_channels(self) -> None:
        assert [c.value for c in Channel] == [
            "hotline", "online_platform", "wechat_group", "community_committee", "walk_in",
            "partner_referral", "outreach",
        ]

    def test_risk_levels_lowest_to_highest(self) -> None:
        assert [r.value for r in sorted(Risk, key=lambda r: r.rank)] == [
            "low", "medium", "high", "critical",
        ]

    def test_service_kinds(self) -> None:
        assert [k.value for k in ServiceKind] == [
            "phone_follow_up", "home_visit", "delivery", "medical_escort", "counselling",
            "purchase_on_behalf", "other",
        ]

    def test_closure_outcomes(self) -> None:
        assert [o.value for o in ClosureOutcome] == [
            "resolved", "referred_out", "no_longer_needed", "unreachable",
            "declined_service", "duplicate", "deceased", "other",
        ]

    def test_referral_outcomes(self) -> None:
        assert [o.value for o in ReferralOutcome] == [
            "service_provided", "partially_provided", "client_no_show", "client_declined",
            "not_eligible", "no_capacity",
        ]
