"""The referral outcome report of an organisation, computed from referral rows.

Every measure is counted in the month (local time) the referral was sent, so that a
month's row follows one cohort of referrals: how many were accepted, how fast, what
was delivered. Time to accept runs from sending to acceptance; time to complete from
acceptance to completion. No resident personal data is involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from decimal import Decimal
from typing import TypeVar

from domain.vocabulary import ReferralOutcome, ReferralStatus
from projections.rows import ReferralRow


@dataclass
class Durations:
    median_hours: float | None
    p90_hours: float | None

    @classmethod
    def of(cls, values: list[timedelta]) -> Durations:
        hours = sorted(v.total_seconds() / 3600 for v in values)
        return cls(_quantile(hours, 0.5), _quantile(hours, 0.9))


@dataclass
class OutcomeSummary:
    referrals: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    acceptance_rate: float | None = None
    time_to_accept: Durations = field(default_factory=lambda: Durations(None, None))
    time_to_complete: Durations = field(default_factory=lambda: Durations(None, None))
    value_delivered_cny: Decimal = Decimal("0.00")
    people_helped: int = 0


S = TypeVar("S", bound="OutcomeSummary")


@dataclass
class MonthSummary(OutcomeSummary):
    month: str = ""


@dataclass
class OutcomeReport:
    total: OutcomeSummary
    by_month: list[MonthSummary]


def _quantile(sorted_values: list[float], q: float) -> float | None:
    """Linear-interpolation quantile (as numpy's default); None when there is nothing."""
    if not sorted_values:
        return None
    position = q * (len(sorted_values) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    value = sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)
    return round(value, 2)


def summarise(rows: list[ReferralRow], into: S) -> S:
    into.referrals = len(rows)
    into.by_status = {s.value: 0 for s in ReferralStatus}
    into.outcomes = {o.value: 0 for o in ReferralOutcome}
    accept_times: list[timedelta] = []
    complete_times: list[timedelta] = []
    answered = accepted = 0
    for row in rows:
        into.by_status[row.status.value] += 1
        if row.accepted_at is not None:
            accepted += 1
            answered += 1
            accept_times.append(row.accepted_at - row.sent_at)
        elif row.status in (ReferralStatus.DECLINED, ReferralStatus.EXPIRED):
            answered += 1
        if row.status is ReferralStatus.COMPLETED:
            if row.outcome is not None:
                into.outcomes[row.outcome.value] += 1
            if row.completed_at is not None and row.accepted_at is not None:
                complete_times.append(row.completed_at - row.accepted_at)
            into.value_delivered_cny += row.value_cny or Decimal("0")
            into.people_helped += row.people_helped or 0
    into.acceptance_rate = round(accepted / answered, 4) if answered else None
    into.time_to_accept = Durations.of(accept_times)
    into.time_to_complete = Durations.of(complete_times)
    into.value_delivered_cny = into.value_delivered_cny.quantize(Decimal("0.01"))
    return into


def outcome_report(rows: Iterable[ReferralRow], timezone: tzinfo) -> OutcomeReport:
    all_rows = list(rows)
    months: dict[str, list[ReferralRow]] = {}
    for row in all_rows:
        month = row.sent_at.astimezone(timezone).strftime("%Y-%m")
        months.setdefault(month, []).append(row)
    return OutcomeReport(
        total=summarise(all_rows, OutcomeSummary()),
        by_month=[summarise(months[m], MonthSummary(month=m)) for m in sorted(months)],
    )
