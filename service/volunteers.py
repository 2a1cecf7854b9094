"""Volunteers: their profile, and the order in which a task is offered to them.

A volunteer is an account (domain/identity.py, role `volunteer`) with one or more teams,
the place they live and the errands they can do. Errands are offered nearest first:
a volunteer of the same community, then the same street, then the same district, then
the rest of the team's volunteers (docs/decisions/0032-tasks-in-the-case-stream.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from uuid import UUID

from domain.vocabulary import TaskKind


@dataclass(frozen=True)
class VolunteerProfile:
    """What an administrator records of a volunteer (and the volunteer of themselves)."""

    teams: tuple[str, ...]
    district: str = ""
    street: str = ""
    community: str = ""
    errand_kinds: tuple[TaskKind, ...] = ()  # none named: any errand
    available: bool = True  # paused: offered nothing new

    def can_do(self, kind: TaskKind) -> bool:
        return not self.errand_kinds or kind in self.errand_kinds


class Nearness(IntEnum):
    """How near a volunteer lives to a place: the lower, the nearer."""

    COMMUNITY = 0
    STREET = 1
    DISTRICT = 2
    TEAM = 3


def nearness(profile: VolunteerProfile, district: str, street: str,
             community: str) -> Nearness:
    """Names are compared as written (the area names of a deployment are its own)."""
    same_district = bool(district) and profile.district == district
    same_street = same_district and bool(street) and profile.street == street
    if same_street and bool(community) and profile.community == community:
        return Nearness.COMMUNITY
    if same_street:
        return Nearness.STREET
    if same_district:
        return Nearness.DISTRICT
    return Nearness.TEAM


@dataclass(frozen=True)
class Candidate:
    volunteer_id: UUID
    display_name: str
    nearness: Nearness


def nearest_first(volunteers: Iterable[tuple[UUID, str, VolunteerProfile]], *, team: str,
                  kind: TaskKind, district: str, street: str,
                  community: str) -> list[Candidate]:
    """The available volunteers of `team` who can do `kind`, nearest first, then by
    name (a stable order the worker can read)."""
    found = [Candidate(volunteer_id, name, nearness(profile, district, street, community))
             for volunteer_id, name, profile in volunteers
             if team in profile.teams and profile.available and profile.can_do(kind)]
    return sorted(found, key=lambda c: (c.nearness, c.display_name, str(c.volunteer_id)))
