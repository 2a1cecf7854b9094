"""Load the demo deployment into an empty store, through the service layer only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from adapters.bootstrap import Container, build
from adapters.demo import jiangbei, nanan, pudong, qingyang, yuhua
from adapters.demo.password import demo_password
from adapters.demo.people import ORGANISATIONS, TEAMS, USERS, VOLUNTEERS
from adapters.demo.script import Demo, StoryFactory, play
from adapters.logging import get_logger
from adapters.settings import Settings
from domain.vocabulary import Role, Via
from service.clock import FixedClock, SystemClock
from service.identity import OPERATOR

# The stories happen over the ten days before today (local time), so the newest event is
# from yesterday whatever the hour the demo is loaded at.
DAYS_BACK = 10
STORIES: tuple[StoryFactory, ...] = (
    jiangbei.prescription, jiangbei.home_care, jiangbei.monthly_prescription,
    jiangbei.pool_errand,
    pudong.blind_reader, pudong.withdrawn_referral, pudong.prenatal_escort,
    nanan.lonely_elder, nanan.hotline_surge,
    yuhua.outreach_list,
    qingyang.transfer_to_station, qingyang.escalate_to_street,
)

log = get_logger(__name__)


class StoreNotEmpty(Exception):
    """Demo data goes only into an empty store."""

    def __init__(self) -> None:
        super().__init__(
            "the store already holds data; demo data is only loaded into an empty store")


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: Role
    team: str | None
    organisation: str | None  # the organisation's name, for partners


@dataclass(frozen=True)
class DemoSummary:
    logins: tuple[Login, ...]
    cases: dict[str, UUID]  # story key → case id
    teams: int
    organisations: int


def is_empty(container: Container) -> bool:
    identity = container.identity
    return not (identity.users() or identity.teams() or identity.organisations())


def store_is_empty(settings: Settings) -> bool:
    container = build(settings)
    try:
        return is_empty(container)
    finally:
        container.close()


def load_demo(settings: Settings, now: datetime | None = None) -> DemoSummary:
    """Tell the demo stories into the store that `settings` name; refuse a used store."""
    now = now or SystemClock().now()
    first_day = now.astimezone(settings.tz).date() - timedelta(days=DAYS_BACK)
    clock = FixedClock(datetime.combine(first_day, time(8, 0), tzinfo=settings.tz)
                       .astimezone(UTC))
    container = build(settings, clock)
    try:
        if not is_empty(container):
            raise StoreNotEmpty
        password = demo_password(settings.data_dir)
        demo = _set_up(container, clock, first_day, password)
        play(clock, [story(demo) for story in STORIES])
    finally:
        container.close()
    log.info("demo data loaded", teams=len(TEAMS), organisations=len(ORGANISATIONS),
             users=len(USERS) + len(VOLUNTEERS), cases=len(demo.told))
    return DemoSummary(logins=_logins(password), cases=dict(demo.told), teams=len(TEAMS),
                       organisations=len(ORGANISATIONS))


def _set_up(container: Container, clock: FixedClock, first_day: date, password: str) -> Demo:
    identity = container.identity
    for team in TEAMS:  # parents first (people.py lists them so)
        identity.create_team(OPERATOR, team.code, team.name, team.district, via=Via.SYSTEM,
                             duty_phone=team.duty_phone, level=team.level,
                             street=team.street, community=team.community,
                             parent=team.parent)
    organisations = {
        org.key: identity.create_organisation(OPERATOR, org.name, org.kind, via=Via.SYSTEM).id
        for org in ORGANISATIONS
    }
    ids = {}
    for user in (*USERS, *VOLUNTEERS):
        view = identity.create_user(
            OPERATOR, user.username, password, user.display_name, user.role,
            team=user.team,
            organisation_id=organisations[user.organisation] if user.organisation else None,
            via=Via.SYSTEM, volunteer=user.volunteer)
        ids[user.username] = view.id
    # Looked up once all are made: a supervisor's actor carries the teams below theirs.
    actors = {name: identity.user(user_id).actor for name, user_id in ids.items()}
    return Demo(cases=container.cases, clock=clock, timezone=container.settings.tz,
                first_day=first_day, actors=actors, organisations=organisations)


def _logins(password: str) -> tuple[Login, ...]:
    names = {org.key: org.name for org in ORGANISATIONS}
    return tuple(
        Login(user.username, password, user.role, user.team,
              names[user.organisation] if user.organisation else None)
        for user in (*USERS, *VOLUNTEERS)
    )
