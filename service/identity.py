"""Use cases of identity: teams, organisations and users (administration, log-in)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from uuid import UUID, uuid4

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.persistence import IntegrityError

from domain.deadline_policy import DEFAULT_POLICY, NO_OVERRIDES, DeadlineOverrides, DeadlinePolicy
from domain.errors import AlreadyExists, InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.identity import Directory, Organisation, Team, User, directory_id, team_id, user_id_for
from domain.tiers import TeamNode, TeamTree
from domain.values import Actor, ActorRef
from domain.vocabulary import OrganisationKind, Role, TaskKind, TeamLevel, Via
from service.applications import IdentityApplication, find, load, save_with_retry
from service.clock import Clock
from service.team_tree import TeamTreeCache
from service.user_cache import UserCache
from service.volunteers import Candidate, VolunteerProfile, nearest_first

PASSWORD_MIN = 8
PASSWORD_MAX = 256
# An operator bootstrapping the deployment from the command line.
OPERATOR = Actor(id=UUID(int=1), role=Role.ADMIN)


def password_hasher() -> PasswordHasher:
    """argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane): about a ninth of the
    CPU of argon2-cffi's defaults (64 MiB, 3 passes, 4 lanes) that the service used
    before issue 8. Hashes made with other parameters are upgraded at their owner's next
    log-in (User.PasswordRehashed)."""
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True)
class UserView:
    id: UUID
    username: str
    display_name: str
    role: Role
    team: str | None
    organisation_id: UUID | None
    active: bool
    # Tokens and sessions issued under another count are over (domain/identity.py).
    credentials_version: int = 0
    # When someone else (an administrator) set the password: the owner must choose a
    # new one before anything else.
    password_set_by_other_at: datetime | None = None
    # A volunteer's teams, area, errands and availability; None for the other roles.
    volunteer: VolunteerProfile | None = None
    # A supervisor's teams below their own (filled at each look-up, decision 0030).
    teams_below: frozenset[str] = frozenset()

    @property
    def must_change_password(self) -> bool:
        return self.password_set_by_other_at is not None

    @property
    def teams(self) -> tuple[str, ...]:
        """Every team the account belongs to (a volunteer may have several)."""
        if self.volunteer is not None:
            return self.volunteer.teams
        return (self.team,) if self.team is not None else ()

    @property
    def actor(self) -> Actor:
        return Actor(id=self.id, role=self.role, team=self.team,
                     organisation_id=self.organisation_id, teams_below=self.teams_below,
                     teams=self.volunteer.teams if self.volunteer is not None else ())


def _view(user: User) -> UserView:
    profile = None
    if user.role is Role.VOLUNTEER:
        profile = VolunteerProfile(user.volunteer_teams, user.district, user.street,
                                   user.community, user.errand_kinds, user.available)
    return UserView(user.id, user.username, user.display_name, user.role, user.team,
                    user.organisation_id, user.active, user.credentials_version,
                    user.password_set_at if user.must_change_password else None, profile)


class IdentityService:
    def __init__(self, app: IdentityApplication, clock: Clock,
                 hasher: PasswordHasher | None = None,
                 store_probe: Callable[[], int] | None = None,
                 deadlines: DeadlinePolicy = DEFAULT_POLICY) -> None:
        """`store_probe`: a cheap number that changes whenever the identity store has
        changed, for the account cache (service/user_cache.py). `deadlines`: the
        deployment's, which a team's own overlay."""
        self.app = app
        self.clock = clock
        self.hasher = hasher or password_hasher()
        self._dummy: tuple[PasswordHasher, str] | None = None
        self._users: UserCache[UserView | None] = UserCache(app.recorder, self._load_user,
                                                              store_probe)
        self._teams_seen: set[str] = set()  # a team, once registered, is never removed
        self.deadlines = deadlines
        self._team_deadlines: UserCache[tuple[str, DeadlineOverrides]] = UserCache(
            app.recorder, self._load_team_deadlines, store_probe)
        self._overlay = lru_cache(maxsize=256)(deadlines.overlay)
        self._tree = TeamTreeCache(self._load_tree)
        self._users.listeners.append(self._tree.changed)

    # administration ------------------------------------------------------
    def create_team(self, actor: Actor, code: str, name: str, district: str,
                    via: Via = Via.API, *, level: TeamLevel | None = None, street: str = "",
                    community: str = "", duty_phone: str | None = None,
                    parent: str | None = None) -> Team:
        """A team; with `level`, the area it covers (district, street, community names
        down to that level) recorded in the same write; with `duty_phone`, whom partners
        call back; with `parent`, the team above it (decision 0030)."""
        _require_admin(actor)
        at = self.clock.now()
        team = Team.register(code, name, district, actor=actor.ref, via=via, at=at)
        if level is not None:
            team.describe_area(level, district, street, community, actor=actor.ref, via=via,
                               at=at)
        team.set_duty_phone(duty_phone, actor=actor.ref, via=via, at=at)
        if parent is not None:
            team.set_parent(self._parent_node(parent), self.team_tree(), actor=actor.ref,
                            via=via, at=at)
        if find(self.app, team.id, Team) is not None:
            raise AlreadyExists(f"a team with code {code} already exists")
        self._save_member("teams", team)
        return team

    def set_team_duty_phone(self, actor: Actor, code: str, duty_phone: str | None,
                            via: Via = Via.API) -> Team:
        """The team's duty phone, shown to partners with the team's referrals."""
        _require_admin(actor)
        changed: list[Team] = []

        def attempt() -> list[Team]:
            team = load(self.app, team_id(code), Team, "team")
            team.set_duty_phone(duty_phone, actor=actor.ref, via=via, at=self.clock.now())
            changed[:] = [team]
            return [team]
        save_with_retry(self.app, attempt)
        return changed[0]

    def set_team_deadlines(self, actor: Actor, code: str, overrides: DeadlineOverrides,
                           via: Via = Via.API) -> Team:
        """The team's own deadlines, in place of those it had; none clears them."""
        return self._change_team(actor, code, lambda team: team.set_deadlines(
            overrides, actor=actor.ref, via=via, at=self.clock.now()))

    def set_team_parent(self, actor: Actor, code: str, parent: str | None,
                        via: Via = Via.API) -> Team:
        """Put a team under another (None: at the top of the tree)."""
        def change(team: Team) -> None:
            node = self._parent_node(parent) if parent is not None else None
            team.set_parent(node, self.team_tree(), actor=actor.ref, via=via,
                            at=self.clock.now())
        return self._change_team(actor, code, change)

    def _change_team(self, actor: Actor, code: str, change: Callable[[Team], object]) -> Team:
        _require_admin(actor)
        changed: list[Team] = []

        def attempt() -> list[Team]:
            team = load(self.app, team_id(code), Team, "team")
            change(team)
            changed[:] = [team]
            return [team]
        save_with_retry(self.app, attempt)
        return changed[0]

    def deadline_policy(self, code: str) -> DeadlinePolicy:
        """The team's deadlines: the deployment's overlaid by the team's own, from
        memory while the identity store has not changed (service/user_cache.py)."""
        return self._overlay(self._team_deadlines.get(team_id(code))[1])

    def overridden_deadlines(self) -> dict[str, DeadlinePolicy]:
        """The teams with deadlines of their own, by code."""
        known = self._team_deadlines.get_many(self._members("teams"))
        return {code: self._overlay(own) for code, own in known if not own.empty}

    def shortest_time_to_assign(self) -> timedelta:
        """The shortest time to assign of any team: how far back a sweep must look."""
        return min([self.deadlines.shortest_time_to_assign,
                    *(p.shortest_time_to_assign for p in self.overridden_deadlines().values())])

    def _load_team_deadlines(self, key: UUID) -> tuple[str, DeadlineOverrides]:
        team = find(self.app, key, Team)
        return (team.code, team.deadlines) if team is not None else ("", NO_OVERRIDES)

    def _parent_node(self, code: str) -> TeamNode:
        parent = find(self.app, team_id(code), Team)
        if parent is None:
            raise InvalidInput("parent", "unknown_team", {"team": code})
        return _node(parent)

    def team_tree(self) -> TeamTree:
        """The teams as a tree, as the store has them now (from memory while no team
        changed: service/team_tree.py)."""
        self._users.check()
        return self._tree.get()

    def _load_tree(self) -> TeamTree:
        return TeamTree.of(_node(team) for team in self.teams())

    def create_organisation(self, actor: Actor, name: str, kind: OrganisationKind,
                            via: Via = Via.API) -> Organisation:
        _require_admin(actor)
        org = Organisation.register(uuid4(), name, kind, actor=actor.ref, via=via,
                                    at=self.clock.now())
        self._save_member("organisations", org)
        return org

    def create_user(self, actor: Actor, username: str, password: str, display_name: str,
                    role: Role, team: str | None = None, organisation_id: UUID | None = None,
                    via: Via = Via.API, *, temporary: bool = False,
                    volunteer: VolunteerProfile | None = None) -> UserView:
        """`temporary`: the password is one the owner must replace at their first
        log-in (recorded as set by the administrator, in the same write). `volunteer`:
        a volunteer's profile, recorded in the same write (its first team is `team`)."""
        _require_admin(actor)
        _check_password(password)
        self._check_references(team, organisation_id)
        if volunteer is not None:
            team = volunteer.teams[0] if volunteer.teams else team
            self._check_teams(volunteer.teams)
        at = self.clock.now()
        password_hash = self.hasher.hash(password)
        user = User.register(username, display_name, role, team, organisation_id,
                             password_hash, actor=actor.ref, via=via, at=at)
        if volunteer is not None:
            self._apply_profile(user, volunteer, actor, via, at)
        if temporary:
            user.change_password(password_hash, actor=actor.ref, via=via, at=at)
        if find(self.app, user.id, User) is not None:
            raise AlreadyExists(f"the username {user.username} is taken")
        self._save_member("users", user)
        return _view(user)

    def deactivate_user(self, actor: Actor, user_id: UUID, via: Via = Via.API) -> UserView:
        """The account can no longer log in, and its tokens and sessions stop working.
        Its past actions keep naming it."""
        _require_admin(actor)
        if user_id == actor.id:
            raise RuleViolated("own_account",
                               "an administrator cannot deactivate their own account")
        return self._change_user(user_id, lambda user: user.deactivate(
            actor=actor.ref, via=via, at=self.clock.now()))

    def change_membership(self, actor: Actor, user_id: UUID, role: Role, team: str | None,
                          organisation_id: UUID | None, via: Via = Via.API) -> UserView:
        """Another role, team or organisation for an account; its tokens and sessions
        end. Nothing is recorded when all three stay as they are."""
        _require_admin(actor)
        self._check_references(team, organisation_id)

        def change(user: User) -> None:
            user.change_membership(role, team, organisation_id, actor=actor.ref, via=via,
                                   at=self.clock.now())
        return self._change_user(user_id, change)

    def set_volunteer_profile(self, actor: Actor, user_id: UUID, profile: VolunteerProfile,
                              via: Via = Via.API) -> UserView:
        """An administrator records a volunteer's teams, area, errands and availability.
        A change of teams ends the volunteer's tokens and sessions (they carry them)."""
        _require_admin(actor)
        self._check_teams(profile.teams)
        return self._change_user(user_id, lambda user: self._apply_profile(
            user, profile, actor, via, self.clock.now()))

    def set_own_availability(self, actor: Actor, available: bool,
                             via: Via = Via.API) -> UserView:
        """A volunteer pauses (away, ill) or comes back, on their own account."""
        if actor.role is not Role.VOLUNTEER:
            raise NotPermitted("only a volunteer pauses or resumes their errands")
        return self._change_user(actor.id, lambda user: user.set_available(
            available, actor=actor.ref, via=via, at=self.clock.now()))

    def volunteers(self, team: str) -> list[UserView]:
        """The active volunteers of a team (paused ones included)."""
        return [u for u in self.users() if u.active and u.volunteer is not None
                and team in u.volunteer.teams]

    def volunteer_candidates(self, team: str, kind: TaskKind, district: str, street: str,
                             community: str) -> list[Candidate]:
        """Whom to offer an errand of `kind` at a place: the team's available volunteers
        who do such errands, nearest first (service/volunteers.py)."""
        return nearest_first(((u.id, u.display_name, u.volunteer)
                              for u in self.volunteers(team) if u.volunteer is not None),
                             team=team, kind=kind, district=district, street=street,
                             community=community)

    @staticmethod
    def _apply_profile(user: User, profile: VolunteerProfile, actor: Actor, via: Via,
                       at: datetime) -> None:
        user.set_volunteer_profile(profile.teams, profile.district, profile.street,
                                   profile.community, profile.errand_kinds,
                                   actor=actor.ref, via=via, at=at)
        user.set_available(profile.available, actor=actor.ref, via=via, at=at)

    def _check_teams(self, teams: tuple[str, ...]) -> None:
        for code in teams:
            self._check_references(code, None)

    def _check_references(self, team: str | None, organisation_id: UUID | None) -> None:
        if team is not None and find(self.app, team_id(team), Team) is None:
            raise InvalidInput("team", "unknown_team", {"team": team})
        if organisation_id is not None and find(self.app, organisation_id, Organisation) is None:
            raise InvalidInput("organisation_id", "unknown_organisation")

    def set_password(self, actor: Actor, user_id: UUID, password: str,
                     via: Via = Via.API) -> UserView:
        """An administrator sets a new password (a forgotten one, or a leaked one)."""
        _require_admin(actor)
        _check_password(password)
        password_hash = self.hasher.hash(password)

        def change(user: User) -> None:
            if not user.active:
                raise RuleViolated("user_inactive", "the user is deactivated")
            user.change_password(password_hash, actor=actor.ref, via=via, at=self.clock.now())
        return self._change_user(user_id, change)

    def change_own_password(self, user_id: UUID, current: str, new: str,
                            via: Via = Via.API) -> UserView:
        """The account's owner replaces their password (required after an administrator
        set it). Every token and session of the account ends; the caller logs in anew."""
        _check_password(new)
        user = load(self.app, user_id, User, "user")
        try:
            self.hasher.verify(user.password_hash, current)
        except (VerificationError, InvalidHashError):
            raise InvalidInput("current_password", "wrong_password") from None
        if current == new:
            raise InvalidInput("new_password", "same_password")
        password_hash = self.hasher.hash(new)

        def change(user: User) -> None:
            if not user.active:
                raise RuleViolated("user_inactive", "the user is deactivated")
            user.change_password(password_hash, actor=ActorRef(user.id, user.role), via=via,
                                 at=self.clock.now())
        return self._change_user(user_id, change)

    def _change_user(self, user_id: UUID, change: Callable[[User], None]) -> UserView:
        changed: list[User] = []

        def attempt() -> list[User]:
            user = load(self.app, user_id, User, "user")
            change(user)
            changed[:] = [user]
            return [user]
        save_with_retry(self.app, attempt)
        return _view(changed[0])

    def _save_member(self, kind: str, member: Team | Organisation | User) -> None:
        def attempt() -> list[Directory | Team | Organisation | User]:
            directory = find(self.app, directory_id(kind), Directory)
            if directory is None:
                directory = Directory.start(kind, at=self.clock.now())
            directory.add(member.id, at=self.clock.now())
            return [directory, member]

        try:
            save_with_retry(self.app, attempt)
        except Exception:
            if find(self.app, member.id, type(member)) is not None:
                raise AlreadyExists("that name is taken") from None
            raise

    # reads ---------------------------------------------------------------
    def teams(self) -> list[Team]:
        return [load(self.app, i, Team, "team") for i in self._members("teams")]

    def organisations(self) -> list[Organisation]:
        return [load(self.app, i, Organisation, "organisation")
                for i in self._members("organisations")]

    def users(self) -> list[UserView]:
        return [_found(view) for view in self._users.get_many(self._members("users"))]

    def users_visible_to(self, actor: Actor) -> list[UserView]:
        """The accounts a caller may look up: an administrator or auditor sees all; a
        worker their team's, a supervisor their team's and those below it (to assign, to
        know who holds a case), the volunteers with such a team among theirs included; a
        partner their organisation's; a volunteer only their own."""
        everyone = self.users()
        if actor.role in (Role.ADMIN, Role.AUDITOR):
            return everyone
        if actor.role is Role.PARTNER:
            return [u for u in everyone if u.organisation_id == actor.organisation_id]
        if actor.role is Role.VOLUNTEER:
            return [u for u in everyone if u.id == actor.id]
        return [u for u in everyone if any(team in actor.scope for team in u.teams)]

    def _members(self, kind: str) -> list[UUID]:
        directory = find(self.app, directory_id(kind), Directory)
        return list(directory.members) if directory else []

    def team(self, code: str) -> Team:
        return load(self.app, team_id(code), Team, "team")

    def team_exists(self, code: str) -> bool:
        """Whether the team is registered (every intake asks: a team seen once is known
        without a read, since teams are never removed)."""
        if code in self._teams_seen:
            return True
        if find(self.app, team_id(code), Team) is None:
            return False
        self._teams_seen.add(code)
        return True

    def organisation(self, organisation_id: UUID) -> Organisation:
        return load(self.app, organisation_id, Organisation, "organisation")

    def user(self, user_id: UUID) -> UserView:
        return _found(self.find_user(user_id))

    def find_user(self, user_id: UUID) -> UserView | None:
        """The account as the store has it now (from memory while it has not changed:
        see service/user_cache.py)."""
        view = self._users.get(user_id)
        if view is None or view.role is not Role.SUPERVISOR or view.team is None:
            return view
        below = self._tree.get().below(view.team)  # the cache has just looked at the store
        return replace(view, teams_below=below) if below else view

    def user_by_name(self, username: str) -> UserView | None:
        return self.find_user(user_id_for(username))

    def _load_user(self, user_id: UUID) -> UserView | None:
        user = find(self.app, user_id, User)
        return _view(user) if user else None

    # log-in --------------------------------------------------------------
    def authenticate(self, username: str, password: str,
                     via: Via = Via.API) -> UserView | None:
        """The user, if the password is right and the user active; else None.

        An unknown username costs the same hash check as a known one. A hash made with
        older parameters is replaced by one made with the current ones.
        """
        user = find(self.app, user_id_for(username), User) if username.strip() else None
        stored = user.password_hash if user is not None else self._dummy_hash()
        try:
            self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None or not user.active:
            return None
        if self.hasher.check_needs_rehash(stored):
            self._rehash(user, password, via)
        return _view(user)

    def _rehash(self, user: User, password: str, via: Via) -> None:
        """Record a hash of the password with the current parameters. Best effort: if
        the account changed meanwhile (a new password), the next log-in tries again."""
        user.rehash_password(self.hasher.hash(password), actor=ActorRef(user.id, user.role),
                             via=via, at=self.clock.now())
        try:
            self.app.save(user)
        except IntegrityError:
            return

    def _dummy_hash(self) -> str:
        """A hash to check unknown usernames against, made with the current hasher at
        first use (not at start: each process, test and command would pay for it)."""
        if self._dummy is None or self._dummy[0] is not self.hasher:
            self._dummy = (self.hasher, self.hasher.hash("not a real password"))
        return self._dummy[1]


def _node(team: Team) -> TeamNode:
    return TeamNode(team.code, team.level, team.parent)


def _found(view: UserView | None) -> UserView:
    if view is None:
        raise NotFound("no such user")
    return view


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise NotPermitted("only an administrator manages teams, users and organisations")


def _check_password(password: str) -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidInput("password", "password_length",
                           {"min": PASSWORD_MIN, "max": PASSWORD_MAX})


__all__ = ["OPERATOR", "IdentityService", "NotFound", "UserView"]
