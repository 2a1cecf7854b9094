"""Display names of the people, teams, organisations and cases on a page, each looked up
once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.errors import NotFound
from domain.values import SYSTEM_ACTOR
from domain.vocabulary import CASE_SIDE_ROLES
from service.identity import OPERATOR, IdentityService, UserView


@dataclass(frozen=True)
class CaseName:
    """A case as a page names it: its reference, and its address if the reader may open
    it. A case the reader may not see has no reference here (existence never leaks)."""

    reference: str | None
    href: str | None = None


CaseLookup = Callable[[UUID], CaseName]


class Names:
    def __init__(self, identity: IdentityService, system_name: str,
                 cases: CaseLookup | None = None) -> None:
        self.identity = identity
        self.system_name = system_name
        self._case_lookup = cases
        self._cases: dict[UUID, CaseName] = {}
        self._people: dict[UUID, str] = {SYSTEM_ACTOR.id: system_name,
                                         OPERATOR.id: system_name}
        self._organisations: dict[UUID, str] = {}
        self._teams: dict[str, str] = {}

    def person(self, user_id: UUID | None) -> str:
        if user_id is None:
            return "—"
        if user_id not in self._people:
            user = self.identity.find_user(user_id)
            self._people[user_id] = user.display_name if user else str(user_id)[:8]
        return self._people[user_id]

    def organisation(self, organisation_id: UUID | None) -> str:
        if organisation_id is None:
            return "—"
        if organisation_id not in self._organisations:
            try:
                name = self.identity.organisation(organisation_id).name
            except NotFound:
                name = str(organisation_id)[:8]
            self._organisations[organisation_id] = name
        return self._organisations[organisation_id]

    def case(self, case_id: UUID | None) -> CaseName:
        if case_id is None or self._case_lookup is None:
            return CaseName(None)
        if case_id not in self._cases:
            self._cases[case_id] = self._case_lookup(case_id)
        return self._cases[case_id]

    def team(self, code: str | None) -> str:
        """The team's name and code: 江北社工站 (JB)."""
        name = self.team_name(code)
        return f"{name} ({code})" if code and name != code else name

    def team_name(self, code: str | None) -> str:
        """The team's name alone (its code for a team no longer known)."""
        if not code:
            return "—"
        if code not in self._teams:
            try:
                self._teams[code] = self.identity.team(code).name
            except NotFound:
                self._teams[code] = code
        return self._teams[code]


def team_workers(identity: IdentityService, team: str) -> list[UserView]:
    """The active workers and supervisors of a team, by display name."""
    members = [u for u in identity.users()
               if u.team == team and u.active and u.role in CASE_SIDE_ROLES]
    return sorted(members, key=lambda u: (u.display_name, u.username))
