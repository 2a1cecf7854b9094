"""Deadlines of SPEC §2: time to assign by risk, and deadline states at read time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.vocabulary import DeadlineState, Risk

TIME_TO_ASSIGN: dict[Risk, timedelta] = {
    Risk.CRITICAL: timedelta(hours=2),
    Risk.HIGH: timedelta(hours=24),
    Risk.MEDIUM: timedelta(hours=72),
    Risk.LOW: timedelta(days=7),
}
# A case not yet assessed is treated as `high` until someone looks at it:
# the intake queue puts it straight after `critical`.
TIME_TO_ASSIGN_UNASSESSED = TIME_TO_ASSIGN[Risk.HIGH]
REFERRAL_REPLY_TIME = timedelta(hours=72)


def assign_due(waiting_since: datetime, risk: Risk | None) -> datetime:
    span = TIME_TO_ASSIGN[risk] if risk is not None else TIME_TO_ASSIGN_UNASSESSED
    return waiting_since + span


def deadline_state(start: datetime, due: datetime, now: datetime) -> DeadlineState:
    """`breached` past the deadline, `at_risk` within its last quarter, else `on_track`."""
    if now >= due:
        return DeadlineState.BREACHED
    if due - now <= (due - start) / 4:
        return DeadlineState.AT_RISK
    return DeadlineState.ON_TRACK


def follow_up_overdue(follow_up_due: date | None, today: date) -> bool:
    return follow_up_due is not None and follow_up_due < today
