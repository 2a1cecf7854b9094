"""Outreach campaigns through the service (decision 0029): create, load contacts from a
sheet, hand out each caller's next contacts, record calls, report, export the
unreachable, close, and erase the contacts that never became cases.

The contacts are aggregates in the cases' store (domain/campaign.py). What `next` and the
report read is a small index (`CampaignIndex`, in the views database), written by this
service after every save from the aggregate's state: the aggregate decides, the index
only picks candidates and counts. A stale row (a process stopped between the save and
the index write) is put right the next time `next` loads that contact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Protocol
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from domain import policy
from domain.campaign import CallOutcome, Campaign, CampaignStatus, Contact, ContactState
from domain.errors import DomainError, InvalidInput, NotFound, NotPermitted, VersionConflict
from domain.values import Actor, Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import Channel, Gender, Role
from service.applications import CasesApplication, find
from service.audit import AccessEntry, AccessLog
from service.cases import CaseService, CommandResult
from service.clock import Clock
from service.commands import CommandContext
from service.idempotency import (
    AlreadyRecorded,
    Idempotency,
    IdempotencyRecord,
    lookup,
    raise_if_recorded,
)
from service.import_reports import Sheet
from service.import_rows import Problem, cell, header_field, phone_of
from service.intake import OpenCase

MAX_CONTACTS = 20_000
# A closed campaign's contacts that never became cases are erased this long after closing.
CONTACT_RETENTION_DAYS = 90
MAX_NEXT = 50
CONTACT_FIELDS = ("name", "phone", "address", "notes")
_NOTE_HEADERS = {"备注": "notes", "notes": "notes", "note": "notes", "说明": "notes"}
UNREACHABLE_EXPORT = "campaign_unreachable_export"
CONTACTS_READ = "campaign_contacts"


@dataclass(frozen=True)
class CampaignRow:
    id: UUID
    team: str
    title: str
    description: str
    status: CampaignStatus
    created_at: datetime
    closed_at: datetime | None = None


@dataclass(frozen=True)
class ContactRow:
    """A contact in the index: no personal data."""

    id: UUID
    campaign_id: UUID
    version: int
    state: ContactState
    tries: int
    due_at: datetime | None
    held_by: UUID | None
    held_until: datetime | None
    case_id: UUID | None
    erased: bool = False
    row: int = 0  # its row in the sheet: contacts are called in the list's order


@dataclass(frozen=True)
class CallRow:
    contact_id: UUID
    version: int
    campaign_id: UUID
    worker_id: UUID
    day: date
    outcome: CallOutcome


@dataclass
class Tally:
    calls: int = 0
    reached: int = 0
    no_answer: int = 0
    unreachable: int = 0  # wrong_number, moved_or_deceased
    cases_opened: int = 0

    def add(self, outcome: CallOutcome) -> None:
        self.calls += 1
        if outcome in (CallOutcome.REACHED_NO_NEED, CallOutcome.NEED_FOUND):
            self.reached += 1
        if outcome is CallOutcome.NEED_FOUND:
            self.cases_opened += 1
        if outcome is CallOutcome.NO_ANSWER:
            self.no_answer += 1
        if outcome in (CallOutcome.WRONG_NUMBER, CallOutcome.MOVED_OR_DECEASED):
            self.unreachable += 1


@dataclass
class CampaignReport:
    """Contacts: total = due + reached + unreachable; called ≤ total. Calls: each
    worker's and each day's tallies add up to `calls`."""

    campaign: CampaignRow
    total: int = 0
    called: int = 0
    due: int = 0
    reached: int = 0
    unreachable: int = 0
    cases_opened: int = 0
    calls: Tally = field(default_factory=Tally)
    by_worker: dict[UUID, Tally] = field(default_factory=dict)
    by_day: dict[date, Tally] = field(default_factory=dict)


class CampaignIndex(Protocol):
    """Campaigns and their contacts' state, shared by every process (adapters/storage)."""

    def put_campaign(self, row: CampaignRow) -> None: ...

    def campaign(self, campaign_id: UUID) -> CampaignRow | None: ...

    def campaigns(self, team: str) -> list[CampaignRow]: ...

    def put_contacts(self, rows: list[ContactRow], calls: list[CallRow]) -> None: ...

    def contacts(self, campaign_id: UUID) -> list[ContactRow]: ...

    def candidates(self, campaign_id: UUID, caller: UUID, at: datetime, limit: int,
                   skip: set[UUID]) -> list[UUID]: ...

    def calls(self, campaign_id: UUID) -> list[CallRow]: ...

    def closed_before(self, at: datetime) -> list[CampaignRow]: ...


@dataclass(frozen=True)
class ContactView:
    """A contact as its caller sees it (personal data opened)."""

    id: UUID
    campaign_id: UUID
    version: int
    state: ContactState
    tries: int
    due_at: datetime | None
    held_until: datetime | None
    case_id: UUID | None
    name: str | None
    phone: str | None
    address: str | None
    notes: str | None


@dataclass(frozen=True)
class LoadResult:
    loaded: int
    problems: list[Problem]


@dataclass(frozen=True)
class CallResult:
    contact: ContactView
    case: CommandResult | None


def contact_view(contact: Contact) -> ContactView:
    p = contact.personal
    return ContactView(contact.id, contact.campaign_id, contact.version, contact.state,
                       contact.tries, contact.due_at, contact.held_until, contact.case_id,
                       p.get("name"), p.get("phone"), p.get("address"), p.get("notes"))


def contact_row(contact: Contact) -> ContactRow:
    return ContactRow(contact.id, contact.campaign_id, contact.version, contact.state,
                      contact.tries, contact.due_at, contact.held_by, contact.held_until,
                      contact.case_id, contact.erased, contact.row)


class CampaignService:
    def __init__(self, app: CasesApplication, cases: CaseService, index: CampaignIndex,
                 clock: Clock, timezone: tzinfo, access_log: AccessLog) -> None:
        self.app = app
        self.cases = cases
        self.index = index
        self.clock = clock
        self.timezone = timezone
        self.access_log = access_log
        # Called with a contact's id once its erasure is saved: its key is destroyed.
        self.erasure_listeners: list[Callable[[UUID], None]] = []
        # A new contact's id (the adapters hand out ids whose keys are stored already).
        self.new_contact_id: Callable[[], UUID] = uuid4

    # campaigns ----------------------------------------------------------------------
    def create(self, actor: Actor, team: str, title: str, description: str) -> CampaignRow:
        self.cases.require_team("team", team)
        policy.require_supervisor(actor, team, "start a campaign")
        campaign = Campaign.start(uuid4(), team=team, title=title, description=description,
                                  by=actor.ref, at=self.clock.now())
        self.app.save(campaign)
        row = _campaign_row(campaign)
        self.index.put_campaign(row)
        return row

    def campaigns(self, actor: Actor) -> list[CampaignRow]:
        _require_caller(actor)
        assert actor.team is not None
        return self.index.campaigns(actor.team)

    def campaign(self, actor: Actor, campaign_id: UUID) -> CampaignRow:
        _require_caller(actor)
        row = self.index.campaign(campaign_id)
        if row is None or row.team != actor.team:
            raise NotFound("no such campaign")
        return row

    def close(self, actor: Actor, campaign_id: UUID) -> CampaignRow:
        row = self.campaign(actor, campaign_id)
        policy.require_supervisor(actor, row.team, "close a campaign")
        campaign = self._load_campaign(campaign_id)
        campaign.close(by=actor.ref, at=self.clock.now())
        self.app.save(campaign)
        closed = _campaign_row(campaign)
        self.index.put_campaign(closed)
        return closed

    # contacts -----------------------------------------------------------------------
    def load_contacts(self, actor: Actor, campaign_id: UUID, sheet: Sheet) -> LoadResult:
        """Each good row becomes a contact; each unusable row is a problem (row, column,
        code), as in imports. Nothing is saved when the sheet itself is unusable."""
        row = self.campaign(actor, campaign_id)
        policy.require_supervisor(actor, row.team, "load a campaign's contacts")
        self._load_campaign(campaign_id).require_open()
        columns = _columns(sheet.headers)
        missing = [name for name in ("name", "phone") if name not in columns]
        if not sheet.rows:
            raise InvalidInput("file", "empty_file")
        if len(sheet.rows) > MAX_CONTACTS:
            raise InvalidInput("file", "file_too_large", {"max": MAX_CONTACTS})
        if missing:
            raise InvalidInput("file", "missing_columns", {"columns": ", ".join(missing)})
        at, problems, contacts = self.clock.now(), [], []
        for number, cells in sheet.rows:
            if cells is None:
                problems.append(Problem(number, "", "bad_encoding"))
                continue
            values = {name: cell(cells[i]) if i < len(cells) else ""
                      for name, (i, _) in columns.items()}
            try:
                contacts.append(Contact.load(
                    self.new_contact_id(), campaign_id=campaign_id, team=row.team,
                    row=number, name=values.get("name", ""),
                    phone=phone_of(values.get("phone", "")),
                    address=values.get("address") or None, notes=values.get("notes") or None,
                    by=actor.ref, at=at))
            except InvalidInput as error:
                problems.append(Problem(number, columns.get(error.field, ("", error.field))[1],
                                        error.code, dict(error.params)))
        for start in range(0, len(contacts), 200):
            chunk = contacts[start:start + 200]
            self.app.save(*chunk)
            self.index.put_contacts([contact_row(c) for c in chunk], [])
        return LoadResult(len(contacts), problems)

    def next(self, actor: Actor, campaign_id: UUID, count: int) -> list[ContactView]:
        """The caller's contacts to call: those they hold still, then as many more due
        ones as they ask for, each held for them (decision 0029)."""
        if not 1 <= count <= MAX_NEXT:
            raise InvalidInput("count", "out_of_range", {"min": 1, "max": MAX_NEXT})
        row = self.campaign(actor, campaign_id)
        self._load_campaign(campaign_id).require_open()
        at = self.clock.now()
        held: list[Contact] = []
        tried: set[UUID] = set()
        while len(held) < count:
            ids = self.index.candidates(row.id, actor.id, at, (count - len(held)) * 3, tried)
            if not ids:
                break
            for contact_id in ids:
                tried.add(contact_id)
                contact = self._hold(actor, contact_id, at)
                if contact is not None:
                    held.append(contact)
                    if len(held) == count:
                        break
        for contact in held:
            self.access_log.record(AccessEntry(contact.id, at, actor.id, actor.role,
                                               CONTACTS_READ, row.team))
        return [contact_view(c) for c in held]

    def mine(self, actor: Actor, campaign_id: UUID) -> list[ContactView]:
        """The contacts the caller holds now (taken by `next`, not yet called)."""
        row = self.campaign(actor, campaign_id)
        at = self.clock.now()
        found = [find(self.app, c.id, Contact) for c in self.index.contacts(row.id)
                 if c.held_by == actor.id and c.state is ContactState.DUE
                 and c.held_until is not None and c.held_until > at]
        held = [c for c in found if c is not None and c.held_by == actor.id and c.is_due(at)]
        for contact in held:
            self.access_log.record(AccessEntry(contact.id, at, actor.id, actor.role,
                                               CONTACTS_READ, row.team))
        return [contact_view(c) for c in held]

    def _hold(self, actor: Actor, contact_id: UUID, at: datetime) -> Contact | None:
        """Hold one contact for `actor` at the version read; None when it is not due,
        another caller holds it, or another caller saved first."""
        contact = find(self.app, contact_id, Contact)
        if contact is None:
            return None
        if contact.held_by == actor.id and contact.is_due(at) and (
                contact.held_until is not None and contact.held_until > at):
            return contact  # held for them already
        try:
            contact.hold(by=actor.ref, at=at)
        except DomainError:
            self.index.put_contacts([contact_row(contact)], [])  # put a stale row right
            return None
        try:
            self.app.save(contact)
        except IntegrityError:  # another caller held or called it first
            return None
        self.index.put_contacts([contact_row(contact)], [])
        return contact

    def record_call(self, actor: Actor, contact_id: UUID, outcome: CallOutcome,
                    note: str | None, expected_version: int | None = None,
                    idempotency: Idempotency | None = None) -> CallResult:
        """Record a call's outcome; `need_found` opens a case (channel `outreach`,
        prefilled from the contact) first and names it on the call. A retried
        Idempotency-Key is answered from its record (saved with the call): the contact at
        the recorded version and the case it opened."""
        if idempotency is None:
            return self._record_call(actor, contact_id, outcome, note, expected_version, None)
        with self.cases.key_lock.holding(idempotency.record_id):
            record = lookup(self.app, idempotency)
            if record is None:
                try:
                    return self._record_call(actor, contact_id, outcome, note,
                                             expected_version, idempotency)
                except AlreadyRecorded as done:
                    record = done.record
            return self._replay(actor, record)

    def _replay(self, actor: Actor, record: IdempotencyRecord) -> CallResult:
        assert record.case_id is not None
        self._load_contact(actor, record.case_id)  # still the caller's team's
        contact: Any = self.app.repository.get(record.case_id, version=record.case_version)
        assert isinstance(contact, Contact)
        opened = None
        if contact.case_id is not None:
            head = self.app.recorder.max_notification_id() or 0
            opened = CommandResult(self.cases.get_case(actor, contact.case_id), head,
                                   replayed=True)
        return CallResult(contact_view(contact), opened)

    def _record_call(self, actor: Actor, contact_id: UUID, outcome: CallOutcome,
                     note: str | None, expected_version: int | None,
                     idempotency: Idempotency | None) -> CallResult:
        contact = self._load_contact(actor, contact_id)
        if expected_version is not None and contact.version != expected_version:
            raise VersionConflict(contact.version, expected_version)
        at = self.clock.now()
        if outcome is CallOutcome.NEED_FOUND and not (note or "").strip():
            raise InvalidInput("note", "required")
        contact.require_callable(actor.id, at)
        self._load_campaign(contact.campaign_id).require_open()
        opened: CommandResult | None = None
        if outcome is CallOutcome.NEED_FOUND:
            opened = self.cases.handle(self._intake(contact, note or ""), CommandContext(actor))
        contact.record_call(by=actor.ref, at=at, outcome=outcome, note=note,
                            case_id=opened.case.id if opened else None,
                            timezone=self.timezone)
        saved: list[Any] = [contact]
        if idempotency is not None:  # the contact stands where a case would
            saved.append(IdempotencyRecord.of_command(
                idempotency, case_id=contact.id, version=contact.version, referral_id=None,
                at=at))
        try:
            self.app.save(*saved)
        except IntegrityError:  # a concurrent request with this key, or on this contact
            if idempotency is not None:
                raise_if_recorded(self.app, idempotency)
            current = self._load_contact(actor, contact_id)
            raise VersionConflict(current.version, expected_version) from None
        self.index.put_contacts([contact_row(contact)], [CallRow(
            contact.id, contact.version, contact.campaign_id, actor.id,
            at.astimezone(self.timezone).date(), outcome)])
        return CallResult(contact_view(contact), opened)

    def _intake(self, contact: Contact, request: str) -> OpenCase:
        p = contact.personal
        return OpenCase(
            team=contact.team, channel=Channel.OUTREACH,
            profile=ResidentProfile(birth_year=None, gender=Gender.UNKNOWN, district="",
                                    street="", community="", lives_alone=False),
            details=ResidentDetails(name=p.get("name") or "", phone=p.get("phone") or "",
                                    address_detail=p.get("address")),
            request=request, vulnerabilities=(), needs=(), consent=Consent(given=False))

    # report and export ----------------------------------------------------------------
    def report(self, actor: Actor, campaign_id: UUID) -> CampaignReport:
        row = self.campaign(actor, campaign_id)
        report = CampaignReport(row)
        for contact in self.index.contacts(campaign_id):
            report.total += 1
            report.called += 1 if contact.tries or contact.state is not ContactState.DUE \
                else 0
            if contact.state is ContactState.DUE:
                report.due += 1
            elif contact.state is ContactState.REACHED:
                report.reached += 1
            else:
                report.unreachable += 1
            report.cases_opened += 1 if contact.case_id is not None else 0
        for call in self.index.calls(campaign_id):
            report.calls.add(call.outcome)
            report.by_worker.setdefault(call.worker_id, Tally()).add(call.outcome)
            report.by_day.setdefault(call.day, Tally()).add(call.outcome)
        return report

    def unreachable(self, actor: Actor, campaign_id: UUID) -> list[ContactView]:
        """The unreachable contacts for a home visit (supervisor; in the access log)."""
        row = self.campaign(actor, campaign_id)
        policy.require_supervisor(actor, row.team, "export the unreachable contacts")
        at = self.clock.now()
        self.access_log.record(AccessEntry(campaign_id, at, actor.id, actor.role,
                                           UNREACHABLE_EXPORT, row.team))
        found = [find(self.app, c.id, Contact) for c in self.index.contacts(campaign_id)
                 if c.state is ContactState.UNREACHABLE and not c.erased]
        return [contact_view(c) for c in found if c is not None]

    # retention ----------------------------------------------------------------------
    def erase_expired(self, retention_days: int = CONTACT_RETENTION_DAYS, *,
                      dry_run: bool = False) -> int:
        """Erase the contacts that never became cases of the campaigns closed more than
        `retention_days` ago: their keys are destroyed (crypto-shredding). The number
        erased (with `dry_run`: that would be)."""
        cutoff = self.clock.now() - timedelta(days=retention_days)
        erased = 0
        for campaign in self.index.closed_before(cutoff):
            for row in self.index.contacts(campaign.id):
                if row.case_id is not None or row.erased:
                    continue
                contact = find(self.app, row.id, Contact)
                if contact is None:
                    continue
                if dry_run:
                    erased += 1
                    continue
                contact.erase(at=self.clock.now())
                self.app.save(contact)
                for listener in self.erasure_listeners:
                    listener(contact.id)
                self.index.put_contacts([contact_row(contact)], [])
                erased += 1
        return erased

    # internals -----------------------------------------------------------------------
    def _load_campaign(self, campaign_id: UUID) -> Campaign:
        campaign = find(self.app, campaign_id, Campaign)
        if campaign is None:
            raise NotFound("no such campaign")
        return campaign

    def _load_contact(self, actor: Actor, contact_id: UUID) -> Contact:
        _require_caller(actor)
        contact = find(self.app, contact_id, Contact)
        if contact is None or contact.team != actor.team:
            raise NotFound("no such contact")
        return contact


def _require_caller(actor: Actor) -> None:
    if actor.role not in (Role.WORKER, Role.SUPERVISOR):
        raise NotPermitted("only the team's workers and supervisors work on campaigns")


def _campaign_row(campaign: Campaign) -> CampaignRow:
    return CampaignRow(campaign.id, campaign.team, campaign.title, campaign.description,
                       campaign.status, campaign.created_at, campaign.closed_at)


def _columns(headers: list[str]) -> dict[str, tuple[int, str]]:
    """field → (index, header as written): name, phone, address and notes."""
    found: dict[str, tuple[int, str]] = {}
    for index, header in enumerate(headers):
        name = header_field(header) or _NOTE_HEADERS.get(cell(header).casefold())
        if name in CONTACT_FIELDS and name not in found:
            found[name] = (index, cell(header))
    return found
