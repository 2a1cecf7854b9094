"""A deadline policy (issue 14): the time to assign by risk, the follow-up warning and a
referral's reply time. The deployment sets the defaults; a team may override any of
them; a referral may be given its own reply time when it is sent. The domain is handed
the policy: it never reads settings (docs/decisions/0031-deadlines-people-can-set.md).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta

from domain.errors import InvalidInput
from domain.vocabulary import Risk

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# What each value may be, inclusive: positive and within reason.
BOUNDS: dict[str, tuple[timedelta, timedelta]] = {
    "assign_critical": (10 * MINUTE, 90 * DAY),
    "assign_high": (10 * MINUTE, 90 * DAY),
    "assign_medium": (10 * MINUTE, 90 * DAY),
    "assign_low": (10 * MINUTE, 90 * DAY),
    "assign_unassessed": (10 * MINUTE, 90 * DAY),
    "follow_up_warning": (HOUR, 30 * DAY),
    "referral_reply": (HOUR, 30 * DAY),
}
NAMES: tuple[str, ...] = tuple(BOUNDS)


def check_span(name: str, span: timedelta, field: str | None = None,
               unit: timedelta = MINUTE) -> timedelta:
    """The span, if within the bounds of `name`; else InvalidInput on `field`, its
    bounds counted in `unit`."""
    low, high = BOUNDS[name]
    if not low <= span <= high:
        raise InvalidInput(field or name, "out_of_range",
                           {"min": int(low // unit), "max": int(high // unit)})
    return span


def _minutes(span: timedelta) -> int:
    return int(span // MINUTE)


@dataclass(frozen=True)
class DeadlineOverrides:
    """A team's own values, in whole minutes; None: the deployment's. This is the stored
    form (Team.DeadlinesSet): plain integers, nothing else."""

    assign_critical: int | None = None
    assign_high: int | None = None
    assign_medium: int | None = None
    assign_low: int | None = None
    assign_unassessed: int | None = None
    follow_up_warning: int | None = None
    referral_reply: int | None = None

    def checked(self) -> DeadlineOverrides:
        """These overrides, if each is within its bounds; else InvalidInput on the first
        one out of them (field `<name>_minutes`, bounds in minutes)."""
        for name, minutes in self.items():
            low, high = (_minutes(span) for span in BOUNDS[name])
            if not low <= minutes <= high:
                raise InvalidInput(f"{name}_minutes", "out_of_range", {"min": low, "max": high})
        return self

    def items(self) -> list[tuple[str, int]]:
        """The overridden values only, by name."""
        return [(f.name, value) for f in fields(self)
                if (value := getattr(self, f.name)) is not None]

    @property
    def empty(self) -> bool:
        return not self.items()


NO_OVERRIDES = DeadlineOverrides()


@dataclass(frozen=True)
class DeadlinePolicy:
    """The spans in force for a team. `follow_up_warning` None: a follow-up turns
    `at_risk` in the last quarter of the time from the assessment that set it to the
    end of its day (the behaviour before it could be set); a span: that long before the
    end of its day."""

    assign_critical: timedelta = 2 * HOUR
    assign_high: timedelta = 24 * HOUR
    assign_medium: timedelta = 72 * HOUR
    assign_low: timedelta = 7 * DAY
    # A case not yet assessed is treated as `high` until someone looks at it.
    assign_unassessed: timedelta = 24 * HOUR
    follow_up_warning: timedelta | None = None
    referral_reply: timedelta = 72 * HOUR

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                check_span(f.name, value)

    def time_to_assign(self, risk: Risk | None) -> timedelta:
        span: timedelta = getattr(
            self, f"assign_{risk.value}" if risk is not None else "assign_unassessed")
        return span

    def assign_due(self, waiting_since: datetime, risk: Risk | None) -> datetime:
        return waiting_since + self.time_to_assign(risk)

    @property
    def shortest_time_to_assign(self) -> timedelta:
        return min(self.time_to_assign(risk) for risk in (*Risk, None))

    def overlay(self, overrides: DeadlineOverrides) -> DeadlinePolicy:
        """This policy with a team's own values in place of its own."""
        if overrides.empty:
            return self
        return replace(self, **{name: minutes * MINUTE for name, minutes in overrides.items()})

    def in_minutes(self) -> dict[str, int | None]:
        return {f.name: None if (value := getattr(self, f.name)) is None else _minutes(value)
                for f in fields(self)}


DEFAULT_POLICY = DeadlinePolicy()


def respond_by(policy: DeadlinePolicy, sent_at: datetime,
               respond_within: timedelta | None = None) -> datetime:
    """When a referral sent at `sent_at` must be answered by: within its own reply time
    if it was given one (bounded as a team's), else within the policy's."""
    if respond_within is None:
        return sent_at + policy.referral_reply
    return sent_at + check_span("referral_reply", respond_within, "respond_within_hours",
                                HOUR)
