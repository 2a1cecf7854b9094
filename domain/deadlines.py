"""Deadlines of docs/domain.md §2: time to assign by risk, and deadline states at read time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from domain.deadline_policy import DEFAULT_POLICY, DeadlinePolicy
from domain.vocabulary import DeadlineState, Risk

# SPEC's reply time; a deployment, a team and a referral may set others
# (domain/deadline_policy.py): the service hands the domain the `respond_by` it reckoned.
REFERRAL_REPLY_TIME = DEFAULT_POLICY.referral_reply


def assign_due(waiting_since: datetime, risk: Risk | None,
               policy: DeadlinePolicy = DEFAULT_POLICY) -> datetime:
    return policy.assign_due(waiting_since, risk)


def deadline_state(start: datetime, due: datetime, now: datetime) -> DeadlineState:
    """`breached` past the deadline, `at_risk` within its last quarter, else `on_track`."""
    if now >= due:
        return DeadlineState.BREACHED
    if due - now <= (due - start) / 4:
        return DeadlineState.AT_RISK
    return DeadlineState.ON_TRACK


def follow_up_overdue(follow_up_due: date | None, today: date) -> bool:
    return follow_up_due is not None and follow_up_due < today


def follow_up_end(follow_up_due: date, tz: tzinfo) -> datetime:
    """A follow-up is due by the end of its day, in the deployment's local time."""
    return datetime.combine(follow_up_due + timedelta(days=1), time(0), tzinfo=tz)


@lru_cache(maxsize=4096)
def _follow_up_day(follow_up_due: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The follow-up's end in UTC and the start of a one-day span before it: a queue
    page asks for a few dates many times, and arithmetic across two time zones costs
    more than within UTC. (A span of exactly 24 hours, as `end - timedelta(days=1)` in
    the local zone gives when subtracted from `end` in that same zone.)"""
    end = follow_up_end(follow_up_due, tz).astimezone(UTC)
    return end, end - timedelta(days=1)


def follow_up_state(set_at: datetime | None, follow_up_due: date, now: datetime,
                    tz: tzinfo, warning: timedelta | None = None) -> DeadlineState:
    """The follow-up's deadline state: at risk in the last quarter of the time from the
    assessment that set it to the end of its day (or, given a `warning`, that long
    before the end of its day); breached once it is overdue. With no record of when it
    was set, the day itself is the span."""
    end, day_start = _follow_up_day(follow_up_due, tz)
    if warning is not None:
        if now >= end:
            return DeadlineState.BREACHED
        return DeadlineState.AT_RISK if end - now <= warning else DeadlineState.ON_TRACK
    start = set_at if set_at is not None and set_at < end else day_start
    return deadline_state(start, end, now)
