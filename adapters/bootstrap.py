"""The composition root: reads settings, builds the applications, services, views
and the projection runner. Nothing is built at import time."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from uuid import UUID

import structlog
from argon2 import PasswordHasher
from eventsourcing.postgres import PostgresApplicationRecorder

from adapters.logging import log_recordings
from adapters.projection.chain_check import ChainCheck
from adapters.projection.listen import PostgresListener
from adapters.projection.lock import FileProjectorLock, PostgresProjectorLock, ProjectorLock
from adapters.projection.runner import ProjectionRunner
from adapters.projection.sweeper import Sweeper
from adapters.security.files import private_sqlite
from adapters.security.keys import load_or_create_key
from adapters.security.search_tokens import SearchTokenizer
from adapters.settings import Settings
from adapters.storage.access_log import SqlAccessLog
from adapters.storage.chain_status import ChainStatus
from adapters.storage.group_commit import GroupCommitRecorder
from adapters.storage.identity_probe import PostgresMaxPosition, SqliteDataVersion, StoreProbe
from adapters.storage.lag_report import LagReport
from adapters.storage.sql import Database, PostgresDatabase, SqliteDatabase
from adapters.storage.stores import ensure_schema, event_store_env
from adapters.storage.views import SqlViewStore
from domain.case import Case
from domain.vocabulary import Role
from projections.cases import CaseProjection
from service.applications import CasesApplication, IdentityApplication, load
from service.cases import CaseService
from service.clock import Clock, SystemClock
from service.expiry import expire_overdue_referrals
from service.identity import IdentityService
from service.queries import CaseQueries
from service.recent_intakes import RecentIntakes

log = structlog.get_logger(__name__)


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
    lag_report: LagReport
    listener: PostgresListener | None = None
    identity_probe: StoreProbe | None = None
    projector_lock: ProjectorLock | None = None
    standby_retry_seconds: float = 5.0
    _closed: bool = field(default=False, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    _standby: threading.Thread | None = field(default=None, repr=False)
    _starting: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start_projections(self, *, standby: bool = False) -> bool:
        """Run the projections in this process if no other process does (lock).

        Returns False when another process holds the projector lock: this process then
        only reads, and `min_position` waits poll the views' tracking position. With
        `standby`, it keeps trying in the background and takes over the projections
        (and the referral sweep) as soon as the other process lets go of the lock.
        """
        if self._start_if_free():
            return True
        if standby and self._standby is None:
            self._standby = threading.Thread(target=self._wait_for_the_lock,
                                             name="projector-standby", daemon=True)
            self._standby.start()
        return False

    def _wait_for_the_lock(self) -> None:
        while not self._stopping.wait(self.standby_retry_seconds):
            try:
                if self._start_if_free():
                    return
            except Exception as error:  # the database is away: try again at the next tick
                log.warning("projector_standby_retry", error=type(error).__name__)

    def _start_if_free(self) -> bool:
        with self._starting:
            if self._closed or self.projector_lock is not None:
                return self.projector_lock is not None
            lock = projector_lock(self.settings)
            if not lock.acquire():
                return False
            self.projector_lock = lock
            self.runner.start()
            self.sweeper.start()
            if self.settings.database_url is not None:
                channel = getattr(self.cases_app.recorder, "channel_name", "cases_events")
                self.listener = PostgresListener(self.settings.database_url, channel,
                                                 self.runner.wake)
                self.listener.start()
            return True

    def close(self) -> None:
        if self._closed:
            return
        self._stopping.set()
        if self._standby is not None:
            self._standby.join(timeout=10)
        with self._starting:
            self._closed = True
        if self.listener is not None:
            self.listener.stop()
        self.sweeper.stop()
        self.runner.stop()
        if self.projector_lock is not None:
            self.projector_lock.release()
        self.views.close()
        self.cases_app.close()
        self.identity_app.close()
        if self.identity_probe is not None:
            self.identity_probe.close()


def views_database(settings: Settings) -> Database:
    if settings.database_url is None:
        return SqliteDatabase(private_sqlite(settings.data_dir / "views.sqlite"),
                              lock_timeout=settings.lock_timeout_seconds)
    return PostgresDatabase(settings.database_url, schema=settings.database_schema,
                            lock_timeout=settings.lock_timeout_seconds)


def projector_lock(settings: Settings) -> ProjectorLock:
    if settings.database_url is None:
        return FileProjectorLock(settings.data_dir / "projector.lock")
    return PostgresProjectorLock(settings.database_url, settings.database_schema or "public")


def identity_probe(settings: Settings, app: IdentityApplication) -> StoreProbe:
    """What tells the account cache that the identity store changed (decision 0014)."""
    if settings.database_url is None:
        return SqliteDataVersion(settings.data_dir / f"{IdentityApplication.name}.sqlite")
    recorder = app.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    return PostgresMaxPosition(settings.database_url, recorder.datastore.schema,
                               recorder.events_table_name,
                               connect_timeout=int(settings.lock_timeout_seconds))


def build(settings: Settings | None = None, clock: Clock | None = None,
          hasher: PasswordHasher | None = None) -> Container:
    """The whole service over the configured stores. `hasher` hashes passwords (the
    default: service.identity.password_hasher); tests pass a cheap one."""
    settings = settings or Settings.from_env()
    clock = clock or SystemClock()
    ensure_schema(settings)
    cases_app = CasesApplication(env=event_store_env(CasesApplication.name, settings))
    # Commands saved at the same moment share one transaction (one fsync, one lock).
    cases_app.events.recorder = GroupCommitRecorder(cases_app.recorder)
    identity_app = IdentityApplication(env=event_store_env(IdentityApplication.name, settings))
    probe = identity_probe(settings, identity_app)
    identity = IdentityService(identity_app, clock, hasher, probe)
    cases = CaseService(cases_app, identity, clock, settings.tz)
    tokenizer = SearchTokenizer(
        load_or_create_key("search", settings.data_dir, settings.search_key))

    def load_case_at(case_id: UUID, version: int) -> Case:
        case: Case = cases_app.repository.get(case_id, version=version)
        assert isinstance(case, Case)
        return case

    views = SqlViewStore(views_database(settings))
    # The access log lives in the views' database, outside the rebuildable tables.
    access_log = SqlAccessLog(views.db)
    cases.access_log = access_log
    projection = CaseProjection(tokenizer, settings.tz, load_case_at)
    runner = ProjectionRunner(cases_app, views, projection,
                              chain=ChainCheck(cases_app.recorder, ChainStatus(views.db)))
    recent = RecentIntakes(
        lambda case: projection.case_row(case, None),
        lambda case: tokenizer.match_tokens(case.personal.get("phone"),
                                            case.personal.get("id_number")))
    cases_app.saved_listeners.append(runner.wake)
    cases_app.recorded_listeners.append(log_recordings)
    cases_app.recorded_listeners.append(recent.note)

    def wait_for(position: int, timeout: float) -> bool:
        return runner.wait_for(position, timeout)

    queries = CaseQueries(views.reader(), tokenizer, clock, settings.tz, wait_for,
                          lambda case_id: load(cases_app, case_id, Case, "case"), recent)
    queries.access_log = access_log
    queries.team_workers = lambda team: [
        u.id for u in identity.users()
        if u.active and u.role is Role.WORKER and (team is None or u.team == team)]
    sweeper = Sweeper(lambda: expire_overdue_referrals(cases, queries.reader, clock))
    return Container(settings, clock, cases_app, identity_app, cases, identity, views, runner,
                     queries, tokenizer, access_log, sweeper, LagReport(views.db),
                     identity_probe=probe)
