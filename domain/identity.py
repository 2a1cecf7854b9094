"""Teams, organisations and users: small aggregates in their own application.

Uniqueness (team code, username) comes from deterministic ids: two registrations of
the same name map to the same aggregate id, and the store refuses the second.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import normalise, validation
from domain.deadline_policy import NO_OVERRIDES, DeadlineOverrides
from domain.errors import InvalidInput, RuleViolated
from domain.tiers import TeamNode, TeamTree, check_parent
from domain.values import ActorRef
from domain.vocabulary import USER_ROLES, OrganisationKind, Role, TaskKind, TeamLevel, Via

_NAMESPACE = uuid5(NAMESPACE_URL, "https://casework.invalid/identity")


def team_id(code: str) -> UUID:
    return uuid5(_NAMESPACE, f"team:{code}")


def user_id_for(username: str) -> UUID:
    return uuid5(_NAMESPACE, f"user:{normalise.fold(username).casefold()}")


def directory_id(kind: str) -> UUID:
    return uuid5(_NAMESPACE, f"directory:{kind}")


def check_username(username: str) -> str:
    cleaned = normalise.fold(username)
    if not 2 <= len(cleaned) <= 64 or not all(
        ch.isalnum() or ch in "._-@" for ch in cleaned
    ):
        raise InvalidInput("username", "invalid_username")
    return cleaned


TEAM_ROLES = (Role.WORKER, Role.SUPERVISOR, Role.VOLUNTEER)
VOLUNTEER_TEAMS_MAX = 20


def check_membership(role: Role, team: str | None, organisation_id: UUID | None) -> None:
    """Workers, supervisors and volunteers belong to a team (a volunteer: their first of
    one or more), partners to an organisation, the other roles to neither."""
    if role not in USER_ROLES:
        raise InvalidInput("role", "not_a_role")
    if role in TEAM_ROLES and team is None:
        raise InvalidInput("team", "team_required")
    if role not in TEAM_ROLES and team is not None:
        raise InvalidInput("team", "team_not_allowed")
    if role is Role.PARTNER and organisation_id is None:
        raise InvalidInput("organisation_id", "organisation_required")
    if role is not Role.PARTNER and organisation_id is not None:
        raise InvalidInput("organisation_id", "organisation_not_allowed")


class Team(Aggregate):
    class Registered(Aggregate.Created):
        code: str
        name: str
        district: str
        actor: ActorRef
        via: Via

    class AreaDescribed(Aggregate.Event):
        """The area the team covers: its level and the district, street and community
        names down to that level."""

        level: TeamLevel
        district: str
        street: str
        community: str
        actor: ActorRef
        via: Via

        def apply(self, team: Team) -> None:
            team.level = self.level
            team.district = self.district
            team.street = self.street
            team.community = self.community

    class DutyPhoneSet(Aggregate.Event):
        """The team's duty phone (值班电话): whom a partner calls back about a referral.
        None clears it. Added after teams were first registered: a team without this
        event has none."""

        duty_phone: str | None
        actor: ActorRef
        via: Via

        def apply(self, team: Team) -> None:
            team.duty_phone = self.duty_phone

    class ParentSet(Aggregate.Event):
        """The team above this one in the three-tier network (decision 0030); None: the
        team stands at the top. A team without this event has no parent."""

        parent: str | None
        actor: ActorRef
        via: Via

        def apply(self, team: Team) -> None:
            team.parent = self.parent

    def __init__(self, *, code: str, name: str, district: str, actor: ActorRef, via: Via) -> None:
        self.code = code
        self.name = name
        self.district = district
        # Teams registered before their area was described have none but the district.
        self.level: TeamLevel | None = None
        self.street = ""
        self.community = ""
        self.duty_phone: str | None = None
        self.parent: str | None = None

    @classmethod
    def register(cls, code: str, name: str, district: str, *, actor: ActorRef,
                 via: Via, at: datetime) -> Team:
        code = validation.team_code("code", code)
        return cls._create(
            cls.Registered, id=team_id(code), timestamp=at, code=code,
            name=validation.name("name", name),
            district=validation.text("district", district, max_len=validation.NAME_MAX,
                                     required=False),
            actor=actor, via=via,
        )

    def describe_area(self, level: TeamLevel, district: str, street: str, community: str, *,
                      actor: ActorRef, via: Via, at: datetime) -> None:
        """Each name down to the team's level is required; none below it is kept."""
        depth = list(TeamLevel).index(level)
        names = [validation.text(field, value, max_len=validation.NAME_MAX)
                 if index <= depth else ""
                 for index, (field, value) in enumerate((
                     ("district", district), ("street", street), ("community", community)))]
        self.trigger_event(self.AreaDescribed, timestamp=at, level=level, district=names[0],
                           street=names[1], community=names[2], actor=actor, via=via)

    def set_duty_phone(self, duty_phone: str | None, *, actor: ActorRef, via: Via,
                       at: datetime) -> None:
        phone = validation.phone("duty_phone", duty_phone) if duty_phone else None
        if phone != self.duty_phone:
            self.trigger_event(self.DutyPhoneSet, timestamp=at, duty_phone=phone,
                               actor=actor, via=via)

    class DeadlinesSet(Aggregate.Event):
        """The team's own deadlines (issue 14): the values it overrides, in minutes, the
        others being the deployment's; none overridden clears them."""

        overrides: DeadlineOverrides
        actor: ActorRef
        via: Via

        def apply(self, team: Team) -> None:
            team.deadlines = self.overrides

    # A team without DeadlinesSet keeps the deployment's deadlines.
    deadlines: DeadlineOverrides = NO_OVERRIDES

    def set_deadlines(self, overrides: DeadlineOverrides, *, actor: ActorRef, via: Via,
                      at: datetime) -> None:
        if overrides.checked() != self.deadlines:
            self.trigger_event(self.DeadlinesSet, timestamp=at, overrides=overrides,
                               actor=actor, via=via)

    def set_parent(self, parent: TeamNode | None, tree: TeamTree, *, actor: ActorRef,
                   via: Via, at: datetime) -> bool:
        """Put the team under `parent` (None: at the top); False if it is there already."""
        if parent is not None:
            check_parent(TeamNode(self.code, self.level, self.parent), parent, tree)
        code = parent.code if parent is not None else None
        if code == self.parent:
            return False
        self.trigger_event(self.ParentSet, timestamp=at, parent=code, actor=actor, via=via)
        return True


class Organisation(Aggregate):
    class Registered(Aggregate.Created):
        name: str
        kind: OrganisationKind
        actor: ActorRef
        via: Via

    def __init__(self, *, name: str, kind: OrganisationKind, actor: ActorRef, via: Via) -> None:
        self.name = name
        self.kind = kind

    @classmethod
    def register(cls, organisation_id: UUID, name: str, kind: OrganisationKind, *,
                 actor: ActorRef, via: Via, at: datetime) -> Organisation:
        return cls._create(cls.Registered, id=organisation_id, timestamp=at,
                           name=validation.name("name", name), kind=kind, actor=actor, via=via)


class User(Aggregate):
    class Registered(Aggregate.Created):
        username: str
        display_name: str
        role: Role
        team: str | None
        organisation_id: UUID | None
        password_hash: str
        actor: ActorRef
        via: Via

    class PasswordChanged(Aggregate.Event):
        password_hash: str
        actor: ActorRef
        via: Via

        def apply(self, user: User) -> None:
            user.password_hash = self.password_hash
            user.credentials_version += 1
            # A password someone else set (an administrator) is its owner's to replace
            # at their next log-in; the owner's own choice needs nothing more.
            user.password_set_by = None if self.actor.id == user.id else self.actor
            user.password_set_at = self.timestamp

    class Deactivated(Aggregate.Event):
        actor: ActorRef
        via: Via

        def apply(self, user: User) -> None:
            user.active = False
            user.credentials_version += 1

    class MembershipChanged(Aggregate.Event):
        """An administrator gave the account another role, team or organisation: its
        tokens and sessions end (they carry the old ones)."""

        role: Role
        team: str | None
        organisation_id: UUID | None
        actor: ActorRef
        via: Via

        def apply(self, user: User) -> None:
            user.role = self.role
            user.team = self.team
            user.organisation_id = self.organisation_id
            user.volunteer_teams = (self.team,) if self.team is not None else ()
            user.credentials_version += 1

    class VolunteerProfileSet(Aggregate.Event):
        """A volunteer's teams (the first is the account's team), where they live (for
        offering errands nearest first) and the errands they can do (none named: any)."""

        teams: tuple[str, ...]
        district: str
        street: str
        community: str
        errand_kinds: tuple[TaskKind, ...]
        actor: ActorRef
        via: Via

        def apply(self, user: User) -> None:
            user.team = self.teams[0]
            user.volunteer_teams = self.teams
            user.district = self.district
            user.street = self.street
            user.community = self.community
            user.errand_kinds = self.errand_kinds
            user.credentials_version += 1  # the teams are part of what a session carries

    class AvailabilitySet(Aggregate.Event):
        """A volunteer paused (away, ill) or available again: a paused volunteer is
        offered nothing new."""

        available: bool
        actor: ActorRef
        via: Via

        def apply(self, user: User) -> None:
            user.available = self.available

    class PasswordRehashed(Aggregate.Event):
        """The same password, hashed again with the current parameters at a log-in."""

        password_hash: str
        actor: ActorRef
        via: Via

        def apply(self, user: User) -> None:
            user.password_hash = self.password_hash

    def __init__(self, *, username: str, display_name: str, role: Role, team: str | None,
                 organisation_id: UUID | None, password_hash: str, actor: ActorRef,
                 via: Via) -> None:
        self.username = username
        self.display_name = display_name
        self.role = role
        self.team = team
        self.organisation_id = organisation_id
        self.password_hash = password_hash
        self.active = True
        # Every change that must end the account's tokens and sessions (a new password,
        # a deactivation, and any later change of role or team) counts one up; a token or
        # session carries the count it was issued under and ends when it differs.
        self.credentials_version = 0
        # Who set the current password, when someone other than the owner did: the owner
        # must choose a new one before doing anything else.
        self.password_set_by: ActorRef | None = None
        self.password_set_at: datetime | None = None
        # A volunteer's profile (VolunteerProfileSet); until one is set, their one team.
        self.volunteer_teams: tuple[str, ...] = (team,) if team is not None else ()
        self.district = ""
        self.street = ""
        self.community = ""
        self.errand_kinds: tuple[TaskKind, ...] = ()
        self.available = True

    @classmethod
    def register(cls, username: str, display_name: str, role: Role, team: str | None,
                 organisation_id: UUID | None, password_hash: str, *, actor: ActorRef,
                 via: Via, at: datetime) -> User:
        username = check_username(username)
        check_membership(role, team, organisation_id)
        return cls._create(
            cls.Registered, id=user_id_for(username), timestamp=at, username=username,
            display_name=validation.name("display_name", display_name), role=role, team=team,
            organisation_id=organisation_id, password_hash=password_hash, actor=actor, via=via,
        )

    @property
    def must_change_password(self) -> bool:
        return self.password_set_by is not None

    def change_password(self, password_hash: str, *, actor: ActorRef, via: Via,
                        at: datetime) -> None:
        self.trigger_event(self.PasswordChanged, timestamp=at, password_hash=password_hash,
                           actor=actor, via=via)

    def rehash_password(self, password_hash: str, *, actor: ActorRef, via: Via,
                        at: datetime) -> None:
        self.trigger_event(self.PasswordRehashed, timestamp=at, password_hash=password_hash,
                           actor=actor, via=via)

    def change_membership(self, role: Role, team: str | None, organisation_id: UUID | None, *,
                          actor: ActorRef, via: Via, at: datetime) -> bool:
        """Another role, team or organisation; False (nothing recorded) if all stay."""
        if not self.active:
            raise RuleViolated("user_inactive", "the user is deactivated")
        if actor.id == self.id:
            raise RuleViolated("own_membership",
                               "an administrator cannot change their own role")
        check_membership(role, team, organisation_id)
        if (role, team, organisation_id) == (self.role, self.team, self.organisation_id):
            return False
        self.trigger_event(self.MembershipChanged, timestamp=at, role=role, team=team,
                           organisation_id=organisation_id, actor=actor, via=via)
        return True

    def set_volunteer_profile(self, teams: tuple[str, ...], district: str, street: str,
                              community: str, errand_kinds: tuple[TaskKind, ...], *,
                              actor: ActorRef, via: Via, at: datetime) -> None:
        """The service checks that each team exists; the domain checks the rest."""
        if self.role is not Role.VOLUNTEER:
            raise RuleViolated("not_a_volunteer", "only a volunteer has a volunteer profile")
        if not self.active:
            raise RuleViolated("user_inactive", "the user is deactivated")
        teams = tuple(dict.fromkeys(teams))
        if not teams:
            raise InvalidInput("teams", "team_required")
        if len(teams) > VOLUNTEER_TEAMS_MAX:
            raise InvalidInput("teams", "out_of_range", {"min": 1, "max": VOLUNTEER_TEAMS_MAX})
        area = [validation.text(field, value, max_len=validation.NAME_MAX, required=False)
                for field, value in (("district", district), ("street", street),
                                     ("community", community))]
        kinds = tuple(dict.fromkeys(errand_kinds))
        if (teams, *area, kinds) == (self.volunteer_teams, self.district, self.street,
                                     self.community, self.errand_kinds):
            return
        self.trigger_event(self.VolunteerProfileSet, timestamp=at, teams=teams,
                           district=area[0], street=area[1], community=area[2],
                           errand_kinds=kinds, actor=actor, via=via)

    def set_available(self, available: bool, *, actor: ActorRef, via: Via,
                      at: datetime) -> None:
        if self.role is not Role.VOLUNTEER:
            raise RuleViolated("not_a_volunteer", "only a volunteer can be paused")
        if available != self.available:
            self.trigger_event(self.AvailabilitySet, timestamp=at, available=available,
                               actor=actor, via=via)

    def deactivate(self, *, actor: ActorRef, via: Via, at: datetime) -> None:
        if not self.active:
            raise RuleViolated("user_inactive", "the user is already deactivated")
        self.trigger_event(self.Deactivated, timestamp=at, actor=actor, via=via)


class Directory(Aggregate):
    """The list of members of one kind (teams, users, organisations), for listing."""

    class Started(Aggregate.Created):
        kind: str

    class Added(Aggregate.Event):
        member_id: UUID

        def apply(self, directory: Directory) -> None:
            directory.members.append(self.member_id)

    def __init__(self, *, kind: str) -> None:
        self.kind = kind
        self.members: list[UUID] = []

    @classmethod
    def start(cls, kind: str, *, at: datetime) -> Directory:
        return cls._create(cls.Started, id=directory_id(kind), timestamp=at, kind=kind)

    def add(self, member_id: UUID, *, at: datetime) -> None:
        self.trigger_event(self.Added, timestamp=at, member_id=member_id)
