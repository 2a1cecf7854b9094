"""The demo data, loaded through the service layer into SQLite and into PostgreSQL: every
status and referral state shows, each story's case sits in its team, the log-ins work."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from adapters.bootstrap import Container, build
from adapters.demo import DemoSummary, StoreNotEmpty, load_demo
from adapters.demo.password import demo_password
from adapters.settings import Settings
from domain.case import Case
from domain.checkins import Every
from domain.values import Actor
from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    OrganisationKind,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    ServiceKind,
    Status,
    TaskKind,
    TaskStatus,
    Vulnerability,
)
from service.clock import SystemClock
from service.volunteers import Nearness
from tests.conftest import POSTGRES_URL, require_postgres


@dataclass(frozen=True)
class DemoStore:
    settings: Settings
    summary: DemoSummary


@pytest.fixture(
    scope="module",
    params=[pytest.param("sqlite", id="sqlite"),
            pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)],
)
def demo_store(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStore]:
    """A store with the demo loaded once per module and store (loading takes seconds)."""
    data_dir = tmp_path_factory.mktemp("demo") / "var"
    if request.param == "sqlite":
        settings = Settings(data_dir=data_dir)
        yield DemoStore(settings, load_demo(settings))
        return
    require_postgres()
    name = f"casework_demo_{uuid4().hex[:16]}"
    schema = sql.Identifier(name)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
    try:
        settings = Settings(data_dir=data_dir, database_url=POSTGRES_URL,
                            database_schema=name)
        yield DemoStore(settings, load_demo(settings))
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(schema))


@pytest.fixture
def container(demo_store: DemoStore) -> Iterator[Container]:
    built = build(demo_store.settings)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def auditor(container: Container) -> Actor:
    user = container.identity.user_by_name("auditor")
    assert user is not None
    return user.actor


def story_case(container: Container, demo_store: DemoStore, auditor: Actor, key: str) -> Case:
    return container.cases.get_case(auditor, demo_store.summary.cases[key])


def all_cases(container: Container, demo_store: DemoStore, auditor: Actor) -> list[Case]:
    return [container.cases.get_case(auditor, case_id)
            for case_id in demo_store.summary.cases.values()]


def events(container: Container, auditor: Actor, case_id: UUID) -> list[Case.Event]:
    return container.cases.history(auditor, case_id)


def user_id(container: Container, username: str) -> UUID:
    user = container.identity.user_by_name(username)
    assert user is not None
    return user.id


def today(container: Container) -> date:
    return SystemClock().now().astimezone(container.settings.tz).date()


class TestTheDemoCoversTheVocabulary:
    def test_cases_in_every_status(self, container: Container, demo_store: DemoStore,
                                   auditor: Actor) -> None:
        statuses = {case.status for case in all_cases(container, demo_store, auditor)}
        assert statuses == set(Status)

    def test_referrals_in_every_state(self, container: Container, demo_store: DemoStore,
                                      auditor: Actor) -> None:
        states = {referral.status for case in all_cases(container, demo_store, auditor)
                  for referral in case.referrals.values()}
        assert states == set(ReferralStatus)

    def test_eight_teams_two_organisations(self, container: Container) -> None:
        assert sorted(team.code for team in container.identity.teams()) == [
            "JB", "NA", "PD", "QY", "QYH", "QYJ", "QYS", "YH"]
        assert len(container.identity.organisations()) == 2


class TestTheDemoVolunteers:
    def test_jiangbei_has_volunteers_near_song_laoshi_and_one_paused(
            self, container: Container) -> None:
        identity = container.identity
        assert sorted(u.username for u in identity.volunteers("JB")) == [
            "jb.volunteer1", "jb.volunteer2", "jb.volunteer3", "na.volunteer2"]
        # Song Laoshi lives in 江北区 观音桥街道 建新社区 (adapters/demo/residents.py).
        offered = identity.volunteer_candidates("JB", TaskKind.PURCHASE_ON_BEHALF, "江北区",
                                                "观音桥街道", "建新社区")
        assert [(c.display_name, c.nearness) for c in offered] == [
            ("陈小雨", Nearness.COMMUNITY), ("刘建华", Nearness.STREET),
            ("邓军", Nearness.TEAM)]  # 黄丽 is paused
        paused = identity.user_by_name("jb.volunteer3")
        assert paused is not None
        assert paused.volunteer is not None
        assert not paused.volunteer.available

    def test_song_laoshis_monthly_errand_done_once_then_handed_over_and_held(
            self, container: Container, demo_store: DemoStore, auditor: Actor) -> None:
        case = story_case(container, demo_store, auditor, "prescription_monthly")
        done, held = case.tasks
        near, street = user_id(container, "jb.volunteer1"), user_id(container, "jb.volunteer2")
        assert (done.kind, done.repeat, done.status) == (
            TaskKind.PURCHASE_ON_BEHALF, Every.MONTH, TaskStatus.COMPLETED)
        assert (done.volunteer_id, done.minutes) == (near, 150)
        assert done.note
        assert "代配特病药" in done.description
        assert (held.status, held.volunteer_id, held.previous_id) == (
            TaskStatus.ACCEPTED, street, done.id)
        assert held.reason
        assert "外出" in held.reason
        history = events(container, auditor, case.id)
        offered = next(e for e in history if isinstance(e, Case.TaskOffered))
        assert offered.volunteer_id == near  # the nearest: her own community
        handed = next(e for e in history if isinstance(e, Case.TaskHandedOver))
        assert (handed.from_volunteer_id, handed.to_volunteer_id) == (near, street)
        assert [(s.kind, s.minutes, s.by) for s in case.services] == [
            (ServiceKind.PURCHASE_ON_BEHALF, 150, near)]

    def test_an_errand_waits_in_jiangbeis_pool(self, container: Container,
                                               demo_store: DemoStore, auditor: Actor) -> None:
        case = story_case(container, demo_store, auditor, "jb_home_care")
        [task] = case.tasks
        assert (task.kind, task.status, task.pool) == (TaskKind.PARCELS, TaskStatus.OFFERED,
                                                       True)

    def test_nanan_has_two_one_of_them_also_in_jiangbei(self, container: Container) -> None:
        volunteers = {u.username: u.teams for u in container.identity.volunteers("NA")}
        assert volunteers == {"na.volunteer1": ("NA",), "na.volunteer2": ("NA", "JB")}


class TestEachStoryInItsTeam:
    @pytest.mark.parametrize(("key", "team"), [
        ("prescription", "JB"), ("prescription_monthly", "JB"), ("jb_home_care", "JB"),
        ("blind_reader", "PD"),
        ("pd_prenatal", "PD"), ("na_insulin", "NA"), ("na_child", "NA"),
        ("na_lonely", "NA"), ("yh_groceries", "YH"), ("yh_cleaning", "YH"),
        ("qy_transfer", "QYS"), ("qy_escalated", "QYJ"),
    ])
    def test_story_case_belongs_to_team(self, container: Container, demo_store: DemoStore,
                                        auditor: Actor, key: str, team: str) -> None:
        assert story_case(container, demo_store, auditor, key).team == team

    def test_the_prescription(self, container: Container, demo_store: DemoStore,
                              auditor: Actor) -> None:
        case = story_case(container, demo_store, auditor, "prescription")
        assert (case.status, case.risk, case.outcome) == (
            Status.CLOSED, Risk.HIGH, ClosureOutcome.RESOLVED)
        assert case.channel is Channel.COMMUNITY_COMMITTEE
        assert [(s.kind, s.minutes) for s in case.services] == [(ServiceKind.MEDICAL_ESCORT, 120)]
        history = events(container, auditor, case.id)
        assessed = next(e for e in history if isinstance(e, Case.Assessed))
        assert assessed.follow_up_due == (
            assessed.timestamp.astimezone(container.settings.tz).date() + timedelta(days=1))
        requested = next(e for e in history if isinstance(e, Case.ClosureRequested))
        approved = next(e for e in history if isinstance(e, Case.ClosureApproved))
        assert requested.actor.id == user_id(container, "jb.worker1")
        assert approved.actor.id == user_id(container, "jb.supervisor")
        assert case.assigned_worker_id == user_id(container, "jb.worker1")

    def test_the_blind_reader(self, container: Container, demo_store: DemoStore,
                              auditor: Actor) -> None:
        case = story_case(container, demo_store, auditor, "blind_reader")
        assert case.status is Status.CLOSED
        assert Vulnerability.VISUAL_IMPAIRMENT in case.vulnerabilities
        history = events(container, auditor, case.id)
        assert isinstance(history[1], Case.Assessed)  # triaged at intake
        assert history[1].timestamp == history[0].timestamp
        assert history[1].risk is Risk.MEDIUM
        assert any(isinstance(e, Case.Claimed) for e in history)
        [referral] = case.referrals.values()
        foundation = next(org for org in container.identity.organisations()
                          if org.kind is OrganisationKind.FOUNDATION)
        assert referral.organisation_id == foundation.id
        assert (referral.status, referral.outcome, referral.value_cny,
                referral.people_helped) == (ReferralStatus.COMPLETED,
                                            ReferralOutcome.SERVICE_PROVIDED,
                                            Decimal("500.00"), 1)

    def test_the_quarantined_households(self, container: Container, demo_store: DemoStore,
                                        auditor: Actor) -> None:
        nanan = [c for c in all_cases(container, demo_store, auditor) if c.team == "NA"]
        waiting = [c for c in nanan
                   if c.status in (Status.INTAKE, Status.ASSESSED) and c.assigned_worker_id is None]
        assert len(waiting) >= 3
        assert [c.risk for c in waiting].count(Risk.CRITICAL) == 1
        assert any(Vulnerability.CHILD in c.vulnerabilities for c in waiting)
        assert all(Vulnerability.IN_QUARANTINE in c.vulnerabilities for c in waiting)
        overdue = [c for c in nanan if c.status is Status.ACTIVE and c.follow_up_due is not None
                   and c.follow_up_due < today(container)]
        assert len(overdue) == 1

    def test_the_outreach_list(self, container: Container, demo_store: DemoStore,
                               auditor: Actor) -> None:
        yuhua = [c for c in all_cases(container, demo_store, auditor) if c.team == "YH"]
        assert len(yuhua) >= 3
        assert {c.channel for c in yuhua} == {Channel.OUTREACH}
        over_80 = today(container).year - 80
        assert all(c.profile.birth_year is not None and c.profile.birth_year <= over_80
                   for c in yuhua)

    def test_qingyang_is_a_three_tier_tree(self, container: Container) -> None:
        tree = container.identity.team_tree()
        assert tree.subtree("QY") == ("QY", "QYJ", "QYH", "QYS")
        assert tree.above("QYS") == ("QYJ", "QY")

    def test_the_district_routes_down_to_the_station(self, container: Container,
                                                     demo_store: DemoStore,
                                                     auditor: Actor) -> None:
        case = story_case(container, demo_store, auditor, "qy_transfer")
        assert case.reference.startswith("QY-")
        history = events(container, auditor, case.id)
        routed = next(e for e in history if isinstance(e, Case.Routed))
        assert routed.actor.id == user_id(container, "qy.supervisor")
        assert (routed.from_team, routed.to_team) == ("QY", "QYS")
        assert not any(isinstance(e, Case.TransferRequested) for e in history)
        assert case.assigned_worker_id == user_id(container, "qys.worker1")

    def test_a_station_escalates_to_its_street(self, container: Container,
                                               demo_store: DemoStore, auditor: Actor) -> None:
        case = story_case(container, demo_store, auditor, "qy_escalated")
        history = events(container, auditor, case.id)
        requested = next(e for e in history if isinstance(e, Case.TransferRequested))
        accepted = next(e for e in history if isinstance(e, Case.TransferAccepted))
        assert requested.actor.id == user_id(container, "qyh.supervisor")
        assert (accepted.from_team, accepted.to_team) == ("QYH", "QYJ")
        assert accepted.actor.id == user_id(container, "qyj.supervisor")


class TestDemoTimeline:
    def test_events_happen_over_the_past_days_in_order(
            self, container: Container, demo_store: DemoStore, auditor: Actor) -> None:
        now = SystemClock().now()
        for case in all_cases(container, demo_store, auditor):
            times = [e.timestamp for e in events(container, auditor, case.id)]
            assert times == sorted(times)
            assert now - timedelta(days=11) < times[0]
            assert times[-1] < now

    def test_the_expired_referral_waited_past_its_reply_time(
            self, container: Container, demo_store: DemoStore, auditor: Actor) -> None:
        expiries = [(case, e) for case in all_cases(container, demo_store, auditor)
                    for e in events(container, auditor, case.id)
                    if isinstance(e, Case.ReferralExpired)]
        assert expiries
        for case, expired in expiries:
            assert expired.timestamp > case.referrals[expired.referral_id].respond_by
            assert expired.actor.role == "system"

    def test_the_open_referral_still_awaits_a_reply(
            self, container: Container, demo_store: DemoStore, auditor: Actor) -> None:
        now = SystemClock().now()
        sent = [r for case in all_cases(container, demo_store, auditor)
                for r in case.referrals.values() if r.status is ReferralStatus.SENT]
        assert sent
        assert all(r.respond_by > now for r in sent)


class TestDemoLogIns:
    def test_every_printed_log_in_authenticates(self, container: Container,
                                                demo_store: DemoStore) -> None:
        logins = demo_store.summary.logins
        assert {login.role for login in logins} >= {"worker", "supervisor", "partner",
                                                     "auditor", "admin", "volunteer"}
        for login in logins:
            user = container.identity.authenticate(login.username, login.password)
            assert user is not None, login.username
            assert (user.role, user.team) == (login.role, login.team)

    def test_a_wrong_password_does_not(self, container: Container) -> None:
        assert container.identity.authenticate("jb.supervisor", "not-the-demo-one") is None

    def test_the_password_is_the_data_directorys_own_not_a_fixed_one(
            self, container: Container, demo_store: DemoStore) -> None:
        password = demo_password(demo_store.settings.data_dir)
        assert {login.password for login in demo_store.summary.logins} == {password}
        assert password != "casework-demo"
        assert container.identity.authenticate("admin", "casework-demo") is None


class TestDemoOnlyIntoAnEmptyStore:
    def test_a_second_load_is_refused_and_changes_nothing(self, container: Container,
                                                          demo_store: DemoStore) -> None:
        before = len(container.identity.users())
        with pytest.raises(StoreNotEmpty):
            load_demo(demo_store.settings)
        assert len(container.identity.users()) == before

