"""The composition root: reads settings, builds the applications, services, views
and the projection runner. Nothing is built at import time."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from argon2 import PasswordHasher
from eventsourcing.postgres import PostgresApplicationRecorder

from adapters.logging import get_logger, log_recordings
from adapters.projection.chain_check import ChainCheck
from adapters.projection.listen import PostgresListener
from adapters.projection.lock import ProjectorLock
from adapters.projection.projector import Projector
from adapters.projection.runner import ProjectionRunner
from adapters.projection.sweeper import Sweeper
from adapters.security.case_keys import CaseKeys, ViewTextSeal, load_or_create_master_key
from adapters.security.files import private_sqlite
from adapters.security.key_tables import (
    KeyTable,
    PostgresKeyTable,
    SqliteKeyTable,
    sqlite_key_path,
)
from adapters.security.keys import load_or_create_key
from adapters.security.search_tokens import SearchTokenizer
from adapters.settings import Settings
from adapters.storage.access_log import SqlAccessLog
from adapters.storage.campaign_index import SqlCampaignIndex
from adapters.storage.chain_status import ChainStatus
from adapters.storage.group_commit import GroupCommitRecorder
from adapters.storage.identity_probe import PostgresMaxPosition, SqliteDataVersion, StoreProbe
from adapters.storage.import_jobs import SqlImportJobs
from adapters.storage.key_locks import key_lock
from adapters.storage.lag_report import LagReport
from adapters.storage.notifications import SqlNotificationStore
from adapters.storage.sql import Database, PostgresDatabase, SqliteDatabase
from adapters.storage.stores import ensure_schema, event_store_env
from adapters.storage.views import SqlViewStore
from domain.vocabulary import Role
from projections.cases import CaseProjection
from projections.notifications import NotificationProjection
from service.applications import CasesApplication, IdentityApplication
from service.bulk import BulkCommands
from service.campaigns import CampaignService
from service.case_loaders import case_at, case_now
from service.cases import CaseService
from service.clock import Clock, SystemClock
from service.expiry import expire_overdue_referrals
from service.freshness import BoundedWaiter
from service.identity import IdentityService
from service.imports import ImportService
from service.notifications import DirectoryRecipients, NotificationService
from service.partner_view import Referrer
from service.queries import READ_YOUR_WRITES_TIMEOUT, CaseQueries
from service.recent_intakes import RecentIntakes
from service.retention import DailyRetention, Due, due_for_erasure, erase_expired
from service.tasks import TaskQueries

log = get_logger(__name__)


@dataclass
class Container:
    settings: Settings
    clock: Clock
    cases_app: CasesApplication
    identity_app: IdentityApplication
    cases: CaseService
    identity: IdentityService
    views: SqlViewStore
    runner: ProjectionRunner
    queries: CaseQueries
    tokenizer: SearchTokenizer
    access_log: SqlAccessLog
    sweeper: Sweeper
    bulk: BulkCommands
    projector: Projector
    lag_report: LagReport
    imports: ImportService
    identity_probe: StoreProbe | None = None
    case_keys: CaseKeys | None = None
    notifications: NotificationService | None = None
    campaigns: CampaignService | None = None
    tasks: TaskQueries | None = None
    _closed: bool = field(default=False, repr=False)

    def start_projections(self, *, standby: bool = False) -> bool:
        """Run the projections in this process if no other process does (the projector
        lock); see adapters/projection/projector.py."""
        return self.projector.start(standby=standby)

    @property
    def projector_lock(self) -> ProjectorLock | None:
        return self.projector.lock

    @property
    def listener(self) -> PostgresListener | None:
        return self.projector.listener

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.projector.stop()
        self.views.close()
        self.cases_app.close()
        self.identity_app.close()
        if self.identity_probe is not None:
            self.identity_probe.close()
        if self.case_keys is not None:
            self.case_keys.close()


def views_database(settings: Settings) -> Database:
    if settings.database_url is None:
        return SqliteDatabase(private_sqlite(settings.data_dir / "views.sqlite"),
                              lock_timeout=settings.lock_timeout_seconds)
    return PostgresDatabase(settings.database_url, schema=settings.database_schema,
                            lock_timeout=settings.lock_timeout_seconds)


def identity_probe(settings: Settings, app: IdentityApplication) -> StoreProbe:
    """What tells the account cache that the identity store changed (decision 0014)."""
    if settings.database_url is None:
        return SqliteDataVersion(settings.data_dir / f"{IdentityApplication.name}.sqlite")
    recorder = app.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    return PostgresMaxPosition(settings.database_url, recorder.datastore.schema,
                               recorder.events_table_name,
                               connect_timeout=int(settings.lock_timeout_seconds))


def retention_due(cases: CaseService, queries: CaseQueries, clock: Clock,
                  settings: Settings) -> list[Due]:
    return due_for_erasure(queries.reader, cases, clock.now(), settings.retention_days)


def run_retention(cases: CaseService, queries: CaseQueries, clock: Clock,
                  settings: Settings) -> list[Due]:
    """`casework retention` and the projector's daily run: erase the due cases."""
    return erase_expired(cases, retention_due(cases, queries, clock, settings))


def key_table(settings: Settings) -> KeyTable:
    """Where the wrapped case keys live: apart from the events (decision 0020)."""
    if settings.database_url is None:
        return SqliteKeyTable(private_sqlite(sqlite_key_path(settings.data_dir)))
    return PostgresKeyTable(settings.database_url, settings.database_schema)


def case_keys(settings: Settings) -> CaseKeys:
    return CaseKeys(key_table(settings),
                    load_or_create_master_key(settings.data_dir, settings.master_key))


def build(settings: Settings | None = None, clock: Clock | None = None,
          hasher: PasswordHasher | None = None, *, seal_personal: bool = True) -> Container:
    """The whole service over the configured stores. `hasher` hashes passwords (the
    default: service.identity.password_hasher); tests pass a cheap one.
    `seal_personal=False` is for the encryption benchmark only (docs/performance.md):
    the product always seals residents' data."""
    settings = settings or Settings.from_env()
    clock = clock or SystemClock()
    ensure_schema(settings)
    # Commands saved at the same moment share one transaction (one fsync, one lock).
    cases_app = CasesApplication(env=event_store_env(CasesApplication.name, settings),
                                 save_through=GroupCommitRecorder)
    keys = case_keys(settings) if seal_personal else None
    cases_app.mapper.keys = keys  # type: ignore[attr-defined]
    identity_app = IdentityApplication(env=event_store_env(IdentityApplication.name, settings))
    probe = identity_probe(settings, identity_app)
    identity = IdentityService(identity_app, clock, hasher, probe, settings.deadlines)
    tokenizer = SearchTokenizer(
        load_or_create_key("search", settings.data_dir, settings.search_key))

    views = SqlViewStore(views_database(settings),
                         text_seal=ViewTextSeal(keys) if keys is not None else None)
    # The access log lives in the views' database, outside the rebuildable tables.
    access_log = SqlAccessLog(views.db)
    recipients = DirectoryRecipients(identity.users)
    projection = CaseProjection(tokenizer, settings.tz, case_at(cases_app),
                                NotificationProjection(recipients))
    notifications = NotificationService(SqlNotificationStore(views), recipients, clock,
                                        settings.tz, identity)
    cases = CaseService(cases_app, identity, clock, settings.tz, access_log,
                        key_lock(settings.database_url, settings.database_schema or "public"),
                        projection.referral_row)
    runner = ProjectionRunner(cases_app, views, projection,
                              chain=ChainCheck(cases_app.recorder, ChainStatus(views.db)))
    recent = RecentIntakes(
        lambda case: projection.case_row(case, None),
        lambda case: tokenizer.match_tokens(case.personal.get("phone"),
                                            case.personal.get("id_number")))
    cases_app.saved_listeners.append(runner.wake)
    cases_app.recorded_listeners.append(log_recordings)
    cases_app.recorded_listeners.append(recent.note)
    cases.erasure_listeners.append(recent.forget)
    if keys is not None:
        cases.erasure_listeners.append(keys.destroy)
        cases.new_case_id = keys.new_case_id

    wait_for = BoundedWaiter(runner.wait_for,
                             lambda: cases_app.recorder.max_notification_id() or 0,
                             timeout=READ_YOUR_WRITES_TIMEOUT)

    def team_workers(team: str | None) -> list[UUID]:
        return [u.id for u in identity.users()
                if u.active and u.role is Role.WORKER and (team is None or u.team == team)]

    def referrer(team: str, worker_id: UUID) -> Referrer | None:
        if not identity.team_exists(team):
            return None
        found, worker = identity.team(team), identity.find_user(worker_id)
        return Referrer(found.code, found.name, found.duty_phone,
                        worker.display_name if worker is not None else None)

    queries = CaseQueries(views.reader(), tokenizer, clock, settings.tz, wait_for,
                          case_now(cases_app), recent, team_workers=team_workers,
                          access_log=access_log, referrer=referrer, deadlines=identity,
                          team_tree=identity.team_tree)
    campaigns = CampaignService(cases_app, cases, SqlCampaignIndex(views.db), clock,
                                settings.tz, access_log)
    if keys is not None:
        campaigns.erasure_listeners.append(keys.destroy)
        campaigns.new_contact_id = keys.new_case_id

    def daily_erasure() -> list[Due]:
        contacts = campaigns.erase_expired()
        if contacts:
            log.info("retention_erased_contacts", count=contacts)
        return run_retention(cases, queries, clock, settings)

    retention = DailyRetention(daily_erasure,
                               lambda: clock.now().astimezone(settings.tz).date())

    def sweep() -> int:
        erased = retention.tick()
        if erased:
            log.info("retention_erased", count=erased)
        expired = expire_overdue_referrals(cases, queries.reader, clock)
        told = notifications.sweep_deadlines()
        if told:
            log.info("deadline_notifications", count=told)
        return expired

    sweeper = Sweeper(sweep)
    channel = getattr(cases_app.recorder, "channel_name", "cases_events")
    return Container(settings, clock, cases_app, identity_app, cases, identity, views, runner,
                     queries, tokenizer, access_log, sweeper, BulkCommands(cases, queries),
                     Projector(settings, runner, sweeper, channel), LagReport(views.db),
                     ImportService(cases, queries, tokenizer.key, SqlImportJobs(views.db)),
                     identity_probe=probe, case_keys=keys, notifications=notifications,
                     campaigns=campaigns, tasks=TaskQueries(cases, queries))
