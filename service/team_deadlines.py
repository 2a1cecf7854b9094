"""The teams' deadlines as the reads need them (issue 14): a team's policy, the teams
with their own, the shortest time to assign of any. IdentityService answers from the
identity store (cached); `FixedDeadlines` is one policy for every team."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.deadline_policy import DEFAULT_POLICY, DeadlinePolicy
from domain.vocabulary import Risk
from projections.interfaces import AssignLimit


class TeamDeadlines(Protocol):
    @property
    def deadlines(self) -> DeadlinePolicy:
        """The deployment's."""

    def deadline_policy(self, code: str) -> DeadlinePolicy:
        """The team's: the deployment's overlaid by the team's own."""

    def overridden_deadlines(self) -> dict[str, DeadlinePolicy]:
        """The teams with deadlines of their own, by code."""

    def shortest_time_to_assign(self) -> timedelta: ...


@dataclass(frozen=True)
class FixedDeadlines:
    deadlines: DeadlinePolicy = DEFAULT_POLICY

    def deadline_policy(self, code: str) -> DeadlinePolicy:
        return self.deadlines

    def overridden_deadlines(self) -> dict[str, DeadlinePolicy]:
        return {}

    def shortest_time_to_assign(self) -> timedelta:
        return self.deadlines.shortest_time_to_assign


def once_per_team(policy: Callable[[str], DeadlinePolicy]) -> Callable[[str], DeadlinePolicy]:
    """`policy` for one read: each team's asked for once, however many rows it has."""
    seen: dict[str, DeadlinePolicy] = {}

    def of(team: str) -> DeadlinePolicy:
        if team not in seen:
            seen[team] = policy(team)
        return seen[team]
    return of


def assign_limits(deadlines: TeamDeadlines, due_by: datetime | None,
                  teams: tuple[str, ...] | None) -> tuple[AssignLimit, ...]:
    """"Time to assign ended by `due_by`" as limits on when cases began waiting, by each
    team's deadlines: the teams in scope (None: all) with their own, and the rest."""
    if due_by is None:
        return ()
    own = deadlines.overridden_deadlines()
    if teams is not None:
        own = {team: own.get(team, deadlines.deadlines) for team in teams}
    groups: list[tuple[str | None, DeadlinePolicy]] = [*own.items()]
    if teams is None:
        groups.append((None, deadlines.deadlines))
    return tuple(AssignLimit(team, risk, due_by - policy.time_to_assign(risk))
                 for team, policy in groups for risk in (*Risk, None))
