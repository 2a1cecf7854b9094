"""Case references (`PD-2022-00042`), the referral → case and task → case links.

A reference sequence is an aggregate per team and year, saved in the same atomic write
as the case it numbers: two intakes racing for a number conflict on the sequence's
version, and the loser retries with the next number. References never repeat.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

_NAMESPACE = uuid5(NAMESPACE_URL, "https://casework.invalid/sequence")


def sequence_id(team: str, year: int) -> UUID:
    return uuid5(_NAMESPACE, f"reference:{team}:{year}")


def format_reference(team: str, year: int, number: int) -> str:
    return f"{team}-{year}-{number:05d}"


class ReferenceSequence(Aggregate):
    class Started(Aggregate.Created):
        team: str
        year: int

    class Issued(Aggregate.Event):
        number: int
        case_id: UUID

        def apply(self, sequence: ReferenceSequence) -> None:
            sequence.last = self.number

    def __init__(self, *, team: str, year: int) -> None:
        self.team = team
        self.year = year
        self.last = 0

    @classmethod
    def start(cls, team: str, year: int, *, at: datetime) -> ReferenceSequence:
        return cls._create(cls.Started, id=sequence_id(team, year), timestamp=at, team=team,
                           year=year)

    def issue(self, case_id: UUID, *, at: datetime) -> str:
        self.trigger_event(self.Issued, timestamp=at, number=self.last + 1, case_id=case_id)
        return format_reference(self.team, self.year, self.last)


class ReferralLink(Aggregate):
    """Finds the case a referral lives in; its id is the referral's id."""

    class Linked(Aggregate.Created):
        case_id: UUID
        organisation_id: UUID

    def __init__(self, *, case_id: UUID, organisation_id: UUID) -> None:
        self.case_id = case_id
        self.organisation_id = organisation_id

    @classmethod
    def link(cls, referral_id: UUID, case_id: UUID, organisation_id: UUID, *,
             at: datetime) -> ReferralLink:
        return cls._create(cls.Linked, id=referral_id, timestamp=at, case_id=case_id,
                           organisation_id=organisation_id)


class TaskLink(Aggregate):
    """Finds the case a task lives in; its id is the task's id (decision 0032)."""

    class Linked(Aggregate.Created):
        case_id: UUID
        team: str  # the case's team when the task was made

    def __init__(self, *, case_id: UUID, team: str) -> None:
        self.case_id = case_id
        self.team = team

    @classmethod
    def link(cls, task_id: UUID, case_id: UUID, team: str, *, at: datetime) -> TaskLink:
        return cls._create(cls.Linked, id=task_id, timestamp=at, case_id=case_id, team=team)
