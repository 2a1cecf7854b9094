"""The referral outcome report computed from referral rows (service/outcome_report.py):
quantiles, acceptance rate, value and people, and months in local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.vocabulary import ReferralOutcome, ReferralStatus
from projections.rows import ReferralRow
from service.outcome_report import Durations, outcome_report

SHANGHAI = ZoneInfo("Asia/Shanghai")
SENT = datetime(2022, 4, 10, 1, 0, tzinfo=UTC)
ORGANISATION = UUID("b0000000-0000-4000-8000-000000000001")


def row(status: ReferralStatus, *, sent: datetime = SENT, accepted_after: float | None = None,
        completed_after: float | None = None, value: str | None = None,
        people: int | None = None,
        outcome: ReferralOutcome | None = None) -> ReferralRow:
    """A referral row; times are hours after sending and after acceptance."""
    accepted_at = sent + timedelta(hours=accepted_after) if accepted_after is not None else None
    completed_at = (accepted_at + timedelta(hours=completed_after)
                    if accepted_at is not None and completed_after is not None else None)
    return ReferralRow(
        referral_id=uuid4(), case_id=uuid4(), reference="JB-2022-00001",
        organisation_id=ORGANISATION, team="JB", status=status, service="Home care",
        sent_at=sent, respond_by=sent + timedelta(hours=72), accepted_at=accepted_at,
        answered_at=accepted_at, completed_at=completed_at, outcome=outcome,
        value_cny=Decimal(value) if value is not None else None, people_helped=people)


def completed(accepted_after: float, completed_after: float, value: str = "100.00",
              people: int = 1, sent: datetime = SENT) -> ReferralRow:
    return row(ReferralStatus.COMPLETED, sent=sent, accepted_after=accepted_after,
               completed_after=completed_after, value=value, people=people,
               outcome=ReferralOutcome.SERVICE_PROVIDED)


def hours(*values: float) -> list[timedelta]:
    return [timedelta(hours=v) for v in values]


class TestQuantiles:
    @pytest.mark.parametrize(("values", "median", "p90"), [
        ([], None, None),
        ([5], 5.0, 5.0),
        ([2, 4], 3.0, 3.8),
        ([10, 2, 4], 4.0, 8.8),              # order of arrival does not matter
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9.1),
        ([1, 1, 1, 1, 100], 1.0, 60.4),      # one slow answer moves p90, not the median
    ])
    def test_linear_interpolation_between_ranks(self, values: list[float],
                                                median: float | None,
                                                p90: float | None) -> None:
        assert Durations.of(hours(*values)) == Durations(median, p90)

    def test_minutes_come_out_as_fractions_of_an_hour_rounded_to_two_places(self) -> None:
        durations = Durations.of([timedelta(minutes=20), timedelta(minutes=40)])
        assert durations == Durations(0.5, 0.63)


class TestSummary:
    def test_an_empty_report(self) -> None:
        report = outcome_report([], SHANGHAI)
        assert report.by_month == []
        assert report.total.referrals == 0
        assert report.total.acceptance_rate is None
        assert report.total.time_to_accept == Durations(None, None)
        assert report.total.value_delivered_cny == Decimal("0.00")
        assert set(report.total.by_status) == {s.value for s in ReferralStatus}

    def test_acceptance_rate_counts_answered_referrals_only(self) -> None:
        rows = [
            row(ReferralStatus.ACCEPTED, accepted_after=1),
            completed(2, 10),
            row(ReferralStatus.WITHDRAWN, accepted_after=3),  # accepted, then withdrawn
            row(ReferralStatus.DECLINED),
            row(ReferralStatus.EXPIRED),
            row(ReferralStatus.SENT),            # not answered yet
            row(ReferralStatus.WITHDRAWN),       # withdrawn before any answer
        ]
        total = outcome_report(rows, SHANGHAI).total
        assert total.referrals == 7
        assert total.acceptance_rate == 0.6  # 3 accepted of 5 answered
        assert total.by_status == {"sent": 1, "accepted": 1, "declined": 1, "expired": 1,
                                   "completed": 1, "withdrawn": 2}
        assert total.time_to_accept == Durations(2.0, 2.8)
        assert total.time_to_complete == Durations(10.0, 10.0)

    def test_value_and_people_come_from_completed_referrals(self) -> None:
        rows = [completed(1, 24, "500", 2), completed(2, 48, "120.5", 1),
                row(ReferralStatus.ACCEPTED, accepted_after=1)]
        total = outcome_report(rows, SHANGHAI).total
        assert total.value_delivered_cny == Decimal("620.50")
        assert str(total.value_delivered_cny) == "620.50"
        assert total.people_helped == 3
        assert total.outcomes["service_provided"] == 2
        assert total.time_to_complete == Durations(36.0, 45.6)


class TestMonths:
    def test_months_follow_local_time_and_come_in_order(self) -> None:
        late_april = datetime(2022, 4, 30, 15, 30, tzinfo=UTC)  # 23:30 local, 30 April
        just_may = datetime(2022, 4, 30, 16, 30, tzinfo=UTC)    # 00:30 local, 1 May
        rows = [
            completed(1, 5, sent=datetime(2022, 6, 1, 2, 0, tzinfo=UTC)),
            completed(2, 5, sent=just_may),
            completed(4, 5, sent=late_april),
            row(ReferralStatus.DECLINED, sent=late_april),
        ]
        report = outcome_report(rows, SHANGHAI)
        assert [m.month for m in report.by_month] == ["2022-04", "2022-05", "2022-06"]
        april, may, june = report.by_month
        assert (april.referrals, may.referrals, june.referrals) == (2, 1, 1)
        assert april.acceptance_rate == 0.5
        assert may.time_to_accept == Durations(2.0, 2.0)
        assert report.total.referrals == 4
        assert report.total.time_to_accept == Durations(2.0, 3.6)

    def test_a_referral_counts_in_the_month_it_was_sent(self) -> None:
        # Sent in April, accepted and completed in May: an April measure.
        late = completed(30, 24 * 5, sent=datetime(2022, 4, 29, 1, 0, tzinfo=UTC))
        (april,) = outcome_report([late], SHANGHAI).by_month
        assert april.month == "2022-04"
        assert april.time_to_complete == Durations(120.0, 120.0)

    def test_the_same_rows_in_utc_fall_into_other_months(self) -> None:
        just_may = datetime(2022, 4, 30, 16, 30, tzinfo=UTC)
        report = outcome_report([completed(1, 1, sent=just_may)], UTC)
        assert [m.month for m in report.by_month] == ["2022-04"]
