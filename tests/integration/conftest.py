"""The service layer on a real event store: SQLite in a temporary directory, and
PostgreSQL in a fresh schema. Every test that asks for `container` (or `world`) runs on
both stores.

`world` seeds what the demo stories need (teams JB and PD, their supervisors and workers,
a foundation with a partner user, an auditor) and offers intent-named helpers:
`world.open_case(actor, **overrides)`, `world.active_case(...)`, `world.later(hours=1)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from argon2 import PasswordHasher

from adapters.bootstrap import Container, build
from adapters.settings import Settings
from domain.case import Assessment, Case
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import (
    Channel,
    ConsentMethod,
    Gender,
    Need,
    OrganisationKind,
    Risk,
    Role,
    Via,
    Vulnerability,
)
from service.cases import CaseService, CommandResult, OpenCase
from service.clock import FixedClock
from service.identity import OPERATOR, IdentityService
from tests.conftest import PostgresSchema, fresh_postgres_schema

# 09:00 on 10 April 2022 in Shanghai, during the lockdown of the demo stories.
START = datetime(2022, 4, 10, 1, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
# Real argon2id, at the lowest cost (8 KiB, one pass), so that seeding a dozen users and
# logging them in stays quick. Tests of the real parameters build their own hasher.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


# The two event stores every store-dependent test runs on.
STORES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for one event store; the PostgreSQL schema is dropped after the test."""
    if request.param == "postgres":
        schema: PostgresSchema = request.getfixturevalue("postgres_schema")
        return Settings(data_dir=tmp_path / "var", database_url=schema.url,
                        database_schema=schema.schema, demo=False)
    return Settings(data_dir=tmp_path / "var", demo=False)


@pytest.fixture
def container(settings: Settings, clock: FixedClock) -> Iterator[Container]:
    """The application as the composition root builds it, closed before the store goes."""
    built = build(settings, clock=clock, hasher=CHEAP_HASHER)
    try:
        yield built
    finally:
        built.close()


@dataclass
class World:
    """A deployment with two teams, their staff, a foundation and an auditor."""

    container: Container
    clock: FixedClock
    admin: Actor
    jb_supervisor: Actor
    jb_worker: Actor
    jb_colleague: Actor
    pd_supervisor: Actor
    pd_worker: Actor
    foundation: UUID
    partner: Actor
    other_partner: Actor
    auditor: Actor

    @property
    def cases(self) -> CaseService:
        return self.container.cases

    @property
    def identity(self) -> IdentityService:
        return self.container.identity

    # time --------------------------------------------------------------
    def later(self, **delta: float) -> datetime:
        """Move the clock forward (e.g. `later(hours=2)`) and return the new time."""
        self.clock.advance(timedelta(**delta))
        return self.clock.now()

    def today(self) -> date:
        return self.clock.now().astimezone(self.container.settings.tz).date()

    # inputs --------------------------------------------------------------
    def intake(self, team: str, **overrides: Any) -> OpenCase:
        """A valid intake for `team` (the prescription story), with fields replaced."""
        command = OpenCase(
            team=team,
            channel=Channel.COMMUNITY_COMMITTEE,
            profile=ResidentProfile(birth_year=1952, gender=Gender.FEMALE, district="江北区",
                                    street="观音桥街道", community="建新社区", lives_alone=False),
            details=ResidentDetails(name="宋老师", phone="138 0000 0001",
                                    address_detail="3-2-201"),
            request="Monthly special prescription to fetch from the neurology clinic",
            vulnerabilities=(Vulnerability.OLDER_PERSON, Vulnerability.CHRONIC_ILLNESS),
            needs=(Need.MEDICATION,),
            consent=Consent(given=True, method=ConsentMethod.VERBAL),
        )
        return replace(command, **overrides)

    def assessment(self, risk: Risk = Risk.HIGH, **overrides: Any) -> Assessment:
        """A valid assessment with a follow-up tomorrow."""
        assessment = Assessment(
            risk=risk, needs=(Need.MEDICATION, Need.MEDICAL_ESCORT),
            notes="Lives with her granddaughter; compound sealed",
            plan="Escort to the neurology clinic tomorrow morning",
            follow_up_due=self.today() + timedelta(days=1),
        )
        return replace(assessment, **overrides)

    # commands ------------------------------------------------------------
    def open_case(self, actor: Actor, *, via: Via = Via.API,
                  **overrides: Any) -> CommandResult:
        """Open a case for the actor's team (or `team=`), with intake fields replaced."""
        team = overrides.pop("team", actor.team)
        assert team is not None
        return self.cases.open_case(actor, self.intake(team, **overrides), via=via)

    def assessed_case(self, actor: Actor, risk: Risk = Risk.MEDIUM) -> Case:
        """A case opened with a triage assessment: `assessed`, unassigned."""
        return self.open_case(actor, assessment=self.assessment(risk)).case

    def active_case(self, worker: Actor, supervisor: Actor,
                    risk: Risk = Risk.MEDIUM) -> Case:
        """A case of the worker's team, assessed and assigned to the worker."""
        case = self.assessed_case(worker, risk)
        return self.cases.assign(supervisor, case.id, worker.id, None).case

    def stored_position(self) -> int:
        """The position of the last event in the cases store."""
        return self.container.cases_app.recorder.max_notification_id() or 0


@pytest.fixture
def world(container: Container, clock: FixedClock) -> World:
    return make_world(container, clock)


@contextmanager
def seeded_world(store: str, data_dir: Path) -> Iterator[World]:
    """A seeded world on a store of its own ("sqlite" or "postgres"), for fixtures of a
    wider scope than `world`; closed, and its PostgreSQL schema dropped, on leaving."""
    with ExitStack() as stack:
        if store == "postgres":
            schema = stack.enter_context(fresh_postgres_schema())
            settings = Settings(data_dir=data_dir, database_url=schema.url,
                                database_schema=schema.schema, demo=False)
        else:
            settings = Settings(data_dir=data_dir, demo=False)
        clock = FixedClock(START)
        container = build(settings, clock=clock, hasher=CHEAP_HASHER)
        stack.callback(container.close)  # before the schema goes
        yield make_world(container, clock)


def make_world(container: Container, clock: FixedClock) -> World:
    """Seed the world into a container (for fixtures of a wider scope than `world`)."""
    identity = container.identity
    for code, name, district in (("JB", "江北社工站", "江北区"), ("PD", "浦东社工站", "浦东新区")):
        identity.create_team(OPERATOR, code, name, district)
    foundation = identity.create_organisation(OPERATOR, "Bright Light Foundation",
                                              OrganisationKind.FOUNDATION)
    other = identity.create_organisation(OPERATOR, "Riverside Volunteers",
                                         OrganisationKind.NGO)

    def user(username: str, role: Role, team: str | None = None,
             organisation: UUID | None = None) -> Actor:
        view = identity.create_user(OPERATOR, username, PASSWORD, username.title(), role,
                                    team=team, organisation_id=organisation)
        return view.actor

    return World(
        container=container,
        clock=clock,
        admin=OPERATOR,
        jb_supervisor=user("jb-lead", Role.SUPERVISOR, "JB"),
        jb_worker=user("jb-wang", Role.WORKER, "JB"),
        jb_colleague=user("jb-li", Role.WORKER, "JB"),
        pd_supervisor=user("pd-lead", Role.SUPERVISOR, "PD"),
        pd_worker=user("pd-zhao", Role.WORKER, "PD"),
        foundation=foundation.id,
        partner=user("bright-light", Role.PARTNER, organisation=foundation.id),
        other_partner=user("riverside", Role.PARTNER, organisation=other.id),
        auditor=user("mca-auditor", Role.AUDITOR),
    )
