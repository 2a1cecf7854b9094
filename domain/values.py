"""Value objects shared by the aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from uuid import UUID

from domain.vocabulary import ConsentMethod, Gender, Role

# The personal part of an event: every value that identifies or describes the
# resident (name, phone, ID number, address detail, emergency contact, free text).
# Each event that carries such data keeps all of it in one field named `personal`,
# so that it can be sealed under a per-resident key and erased by destroying it.
Personal = dict[str, str | None]
# What a personal value reads as once its case was erased (its data key destroyed).
ERASED = "[erased]"


@dataclass(frozen=True)
class ActorRef:
    """Who did it, as recorded on every event."""

    id: UUID
    role: Role


@dataclass(frozen=True)
class Actor:
    """Who is acting, with the scope the policy needs. Built by the service layer."""

    id: UUID
    role: Role
    team: str | None = None
    organisation_id: UUID | None = None
    # A volunteer's teams (their first is `team`): whose task pools they see.
    teams: tuple[str, ...] = ()
    # The teams below the actor's own in the team tree whose cases they read (a
    # supervisor's, filled by the service layer; decision 0030).
    teams_below: frozenset[str] = frozenset()

    @cached_property
    def scope(self) -> frozenset[str]:
        """The teams whose cases the actor reads: their own and those below it (made once
        per actor: a listing asks it for every row)."""
        return self.teams_below | {self.team} if self.team else self.teams_below

    @property
    def ref(self) -> ActorRef:
        return ActorRef(id=self.id, role=self.role)


SYSTEM_ACTOR = Actor(id=UUID(int=0), role=Role.SYSTEM)


@dataclass(frozen=True)
class ResidentProfile:
    """What about the resident is not personal data: kept when personal data is erased."""

    birth_year: int | None
    gender: Gender
    district: str
    street: str
    community: str
    lives_alone: bool


@dataclass(frozen=True)
class ResidentDetails:
    """The personal data of a resident, given at intake."""

    name: str
    phone: str
    id_number: str | None = None
    address_detail: str | None = None
    emergency_contact_name: str | None = None
    emergency_contact_phone: str | None = None
    emergency_contact_relation: str | None = None

    def as_personal(self) -> Personal:
        return {
            "name": self.name,
            "phone": self.phone,
            "id_number": self.id_number,
            "address_detail": self.address_detail,
            "emergency_contact_name": self.emergency_contact_name,
            "emergency_contact_phone": self.emergency_contact_phone,
            "emergency_contact_relation": self.emergency_contact_relation,
        }


@dataclass(frozen=True)
class Consent:
    given: bool
    method: ConsentMethod | None = None
