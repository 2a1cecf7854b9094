"""Helpers for the read-model tests: projecting, dumping and scanning the views, a
fresh projection for comparison, residents with distinctive personal data, and a
history that records every event type of a case.

Import what a test module needs from here; the `settings`, `container` and `world`
fixtures come from conftest.py and run every test on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from adapters.bootstrap import Container, build
from adapters.projection.runner import ProjectionRunner
from adapters.settings import Settings
from adapters.storage.sql import Database, SqliteDatabase
from adapters.storage.view_tables import CASE_COLUMNS, POINTER_TABLE, REFERRAL_COLUMNS
from adapters.storage.views import SqlViewStore
from domain.case import Case
from domain.values import SYSTEM_ACTOR, Actor, ResidentDetails
from domain.vocabulary import (
    ClosureOutcome,
    ConsentMethod,
    ReferralOutcome,
    Risk,
    ServiceKind,
    Status,
)
from projections.cases import CaseProjection
from service.clock import FixedClock
from tests.integration.conftest import CHEAP_HASHER, World

Row = tuple[Any, ...]


# --- projecting ------------------------------------------------------------------------
def project(container: Container) -> int:
    """Apply every stored event to the views, as the runner thread would."""
    return container.runner.catch_up()


def fresh_projection(container: Container) -> CaseProjection:
    """A new case projection wired like the composition root wires it."""
    app = container.cases_app

    def load_case_at(case_id: UUID, version: int) -> Case:
        case: Case = app.repository.get(case_id, version=version)
        assert isinstance(case, Case)
        return case

    return CaseProjection(container.tokenizer, container.settings.tz, load_case_at)


@pytest.fixture
def second_container(settings: Settings, clock: FixedClock,
                     container: Container) -> Iterator[Container]:
    """Another process on the same store (same data directory or PostgreSQL schema)."""
    other = build(settings, clock=clock, hasher=CHEAP_HASHER)
    try:
        yield other
    finally:
        other.close()


# --- dumping ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ViewDump:
    """Everything the live views hold, in a stable order."""

    position: int
    cases: list[Row]
    referrals: list[Row]
    daily: list[Row]

    @property
    def opened_total(self) -> int:
        return sum(int(row[2]) for row in self.daily)

    @property
    def closed_total(self) -> int:
        return sum(int(row[3]) for row in self.daily)


def dump_views(store: SqlViewStore) -> ViewDump:
    with store.db.read() as tx:
        tables = store.tables_in(tx)
        cases = tx.fetchall(f"SELECT {', '.join(CASE_COLUMNS)} FROM {tables.cases} "
                            "ORDER BY case_id")
        referrals = tx.fetchall(f"SELECT {', '.join(REFERRAL_COLUMNS)} "
                                f"FROM {tables.referrals} ORDER BY referral_id")
        daily = tx.fetchall(f"SELECT team, day, opened, closed FROM {tables.daily} "
                            "ORDER BY team, day")
        tracked = tx.fetchone(f"SELECT position FROM {tables.tracking}")
    return ViewDump(int(tracked[0]) if tracked else 0, [tuple(r) for r in cases],
                    [tuple(r) for r in referrals], [tuple(r) for r in daily])


def project_from_scratch(container: Container, path: Path) -> ViewDump:
    """Project every stored event into a brand-new views database and dump it."""
    store = SqlViewStore(SqliteDatabase(path), text_seal=container.views.text_seal)
    try:
        ProjectionRunner(container.cases_app, store, fresh_projection(container),
                         batch_size=50).catch_up()
        return dump_views(store)
    finally:
        store.close()


def view_table_names(db: Database) -> list[str]:
    """Every table of the views: the pointer table and both sets of view tables."""
    if db.dialect == "sqlite":
        rows = db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = db.fetchall("SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = current_schema()")
    names = sorted(str(r[0]) for r in rows if str(r[0]).startswith("cw_"))
    assert POINTER_TABLE in names
    return names


def view_texts(container: Container) -> list[str]:
    """Every text value of every row of every view table."""
    db = container.views.db
    texts: list[str] = []
    for table in view_table_names(db):
        for row in db.fetchall(f"SELECT * FROM {table}"):
            texts.extend(value for value in row if isinstance(value, str))
    return texts


def views_file_bytes(settings: Settings) -> bytes:
    """The SQLite views database as stored on disk, its write-ahead log included."""
    files = sorted(settings.data_dir.glob("views.sqlite*"))
    assert settings.data_dir / "views.sqlite" in files
    return b"".join(path.read_bytes() for path in files)


# --- residents ----------------------------------------------------------------------------
def resident(name: str, phone: str, id_number: str | None = None,
             address_detail: str | None = "3-2-201") -> ResidentDetails:
    return ResidentDetails(name=name, phone=phone, id_number=id_number,
                           address_detail=address_detail)


def open_for(world: World, actor: Actor, name: str, phone: str,
             id_number: str | None = None, **overrides: Any) -> Case:
    """Open a case for a resident with the given personal data."""
    return world.open_case(actor, details=resident(name, phone, id_number), **overrides).case


# --- a history with every event type --------------------------------------------------------
EVERY_CASE_EVENT = {
    "Opened", "Assessed", "Assigned", "Claimed", "NoteAdded", "ServiceLogged",
    "ConsentRecorded", "ConsentWithdrawn", "ReferralSent", "ReferralAccepted",
    "ReferralDeclined", "ReferralExpired", "ReferralCompleted", "ReferralWithdrawn",
    "ClosureRequested", "ClosureApproved", "ClosureRejected", "Closed", "Reopened",
    "TransferRequested", "TransferAccepted", "TransferDeclined",
}


def mixed_history(world: World) -> list[UUID]:
    """Commands that record every event type of a case, over several local days.

    Returns the ids of the cases it opened.
    """
    cases, worker, lead = world.cases, world.jb_worker, world.jb_supervisor
    other_org = world.other_partner.organisation_id
    assert other_org is not None

    # A high-risk case: services, two referrals answered, a rejected then an approved
    # closure, and a reopening.
    first = world.active_case(worker, lead, Risk.HIGH).id
    world.later(hours=2)
    cases.add_note(worker, first, "Called the clinic; prescription is ready")
    cases.log_service(worker, first, ServiceKind.DELIVERY, "Fetched the prescription",
                      world.clock.now(), 90)
    accepted = cases.send_referral(worker, first, world.foundation, "Home care visits",
                                   None).referral_id
    declined = cases.send_referral(worker, first, other_org, "Groceries", None).referral_id
    assert accepted is not None
    assert declined is not None
    world.later(hours=5)
    cases.accept_referral(world.partner, accepted)
    cases.decline_referral(world.other_partner, declined, "No volunteers in that district")
    world.later(hours=20)
    cases.complete_referral(world.partner, accepted, ReferralOutcome.SERVICE_PROVIDED,
                            "Four home care visits", Decimal("480.00"), 1)
    cases.close(worker, first, ClosureOutcome.RESOLVED, "Prescription delivered")
    cases.decide_closure(lead, first, False, "Check the next refill first")
    world.later(hours=3)
    cases.close(worker, first, ClosureOutcome.RESOLVED, "Next refill arranged")
    cases.decide_closure(lead, first, True, "Good")
    world.later(days=1)
    cases.reopen(lead, first, "The family called again")

    # An intake claimed by a colleague; consent withdrawn (withdrawing a referral) and
    # given again; a referral withdrawn by the case's side; another one expiring.
    second = world.open_case(worker).case.id
    world.later(hours=1)
    cases.assess(worker, second, world.assessment(Risk.MEDIUM))
    cases.claim(world.jb_colleague, second)
    sent = cases.send_referral(world.jb_colleague, second, world.foundation, "Food parcels",
                               None).referral_id
    assert sent is not None
    cases.record_consent(world.jb_colleague, second, False, None)
    cases.record_consent(world.jb_colleague, second, True, ConsentMethod.WRITTEN)
    again = cases.send_referral(world.jb_colleague, second, world.foundation, "Food parcels",
                                None).referral_id
    assert again is not None
    cases.withdraw_referral(world.jb_colleague, again, "The family brought food")
    expiring = cases.send_referral(world.jb_colleague, second, other_org, "Transport",
                                   None).referral_id
    assert expiring is not None
    world.later(hours=73)
    cases.expire_referral(SYSTEM_ACTOR, expiring)

    # A case transferred to PD after a declined first request.
    third = world.assessed_case(worker, Risk.LOW).id
    cases.request_transfer(lead, third, "PD", "The resident moved to Pudong")
    cases.decide_transfer(world.pd_supervisor, third, False, "Not our area yet")
    world.later(hours=4)
    cases.request_transfer(lead, third, "PD", "The move is confirmed")
    cases.decide_transfer(world.pd_supervisor, third, True, None)

    # An intake closed at once, and a case reassigned to a colleague.
    fourth = world.open_case(worker).case.id
    cases.close(worker, fourth, ClosureOutcome.NO_LONGER_NEEDED, "Family came back")
    fifth = world.active_case(worker, lead, Risk.CRITICAL).id
    [moved] = cases.reassign_each(lead, [fifth], world.jb_colleague.id, "Wang is on leave")
    assert moved.error is None
    return [first, second, third, fourth, fifth]


def recorded_event_types(container: Container) -> set[str]:
    app = container.cases_app
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    names = {type(app.mapper.to_domain_event(n)).__name__ for n in notifications}
    return names & EVERY_CASE_EVENT


def status_of(container: Container, case_id: UUID) -> Status:
    row = container.views.reader().case_row(case_id)
    assert row is not None
    return row.status
