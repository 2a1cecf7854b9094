"""Outreach campaigns (issue 13 item 2, decision 0029): a team calls a list of residents.

A `Campaign` is the list's heading (team, title, description, open or closed). Each
resident on the list is a `Contact`, an aggregate of its own in the cases' store: its
personal data (name, phone, address, notes; each call's note) lives in the events'
`personal` field, sealed under the contact's own key (its id), so a contact is erased by
destroying that key, as a case is (decision 0020).

A contact is *due* until a call settles it. A caller takes it with `hold` (for
`HOLD_MINUTES`); two callers cannot hold it at once, because holding is an event saved at
the version the caller read (optimistic concurrency). `no_answer` makes it due again at
least `RETRY_HOURS` later and in another part of the day, up to `MAX_TRIES` tries, then it
is unreachable; `wrong_number` and `moved_or_deceased` make it unreachable at once;
`reached_no_need` and `need_found` settle it as reached (need_found names the case it
opened).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import validation
from domain.errors import RuleViolated
from domain.values import ERASED, ActorRef, Personal

HOLD_MINUTES = 30
RETRY_HOURS = 3
MAX_TRIES = 3
NOTE_MAX = 2000
# Parts of the day a call may be made in (local time): morning, afternoon, evening.
DAY_PARTS: tuple[tuple[time, time], ...] = (
    (time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)), (time(18, 30), time(20, 30)))


class CallOutcome(StrEnum):
    REACHED_NO_NEED = "reached_no_need"
    NEED_FOUND = "need_found"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    MOVED_OR_DECEASED = "moved_or_deceased"


class ContactState(StrEnum):
    DUE = "due"
    REACHED = "reached"
    UNREACHABLE = "unreachable"


class CampaignStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def part_of_day(local: datetime) -> int | None:
    """Which of DAY_PARTS `local` falls in (None: between or outside them)."""
    for index, (start, end) in enumerate(DAY_PARTS):
        if start <= local.time() < end:
            return index
    return None


def retry_at(at: datetime, timezone: tzinfo) -> datetime:
    """When a contact not answering at `at` is due again: the first start of a part of
    the day at least RETRY_HOURS later and not the part of the day it was called in."""
    local = at.astimezone(timezone)
    called_in = part_of_day(local)
    earliest = local + timedelta(hours=RETRY_HOURS)
    for days in range(3):
        day = (local + timedelta(days=days)).date()
        for index, (start, _) in enumerate(DAY_PARTS):
            candidate = datetime.combine(day, start, tzinfo=timezone)
            if candidate >= earliest and index != called_in:
                return candidate
    raise AssertionError("a part of the day comes within three days")  # pragma: no cover


class Campaign(Aggregate):
    class Started(Aggregate.Created):
        team: str
        title: str
        description: str
        by: ActorRef
        at: datetime

    class Closed(Aggregate.Event):
        by: ActorRef
        at: datetime

        def apply(self, campaign: Campaign) -> None:
            campaign.status = CampaignStatus.CLOSED
            campaign.closed_at = self.at

    def __init__(self, *, team: str, title: str, description: str, by: ActorRef,
                 at: datetime) -> None:
        self.team = team
        self.title = title
        self.description = description
        self.created_by = by.id
        self.created_at = at
        self.status = CampaignStatus.OPEN
        self.closed_at: datetime | None = None

    @classmethod
    def start(cls, campaign_id: UUID, *, team: str, title: str, description: str,
              by: ActorRef, at: datetime) -> Campaign:
        return cls._create(cls.Started, id=campaign_id, team=team,
                           title=validation.text("title", title, max_len=200),
                           description=validation.optional_text(
                               "description", description, max_len=NOTE_MAX) or "",
                           by=by, at=at)

    def require_open(self) -> None:
        if self.status is CampaignStatus.CLOSED:
            raise RuleViolated("campaign_closed", "the campaign is closed")

    def close(self, *, by: ActorRef, at: datetime) -> None:
        self.require_open()
        self.trigger_event(self.Closed, by=by, at=at)


class Contact(Aggregate):
    class Loaded(Aggregate.Created):
        campaign_id: UUID
        team: str
        row: int
        personal: Personal  # name, phone, address, notes
        by: ActorRef
        at: datetime

    class Held(Aggregate.Event):
        by: ActorRef
        at: datetime
        until: datetime

        def apply(self, contact: Contact) -> None:
            contact.held_by = self.by.id
            contact.held_until = self.until

    class Called(Aggregate.Event):
        by: ActorRef
        at: datetime
        outcome: CallOutcome
        personal: Personal  # note
        case_id: UUID | None
        due_at: datetime | None  # no_answer with tries left: when to call again

        def apply(self, contact: Contact) -> None:
            contact.calls.append((self.by.id, self.at, self.outcome))
            contact.held_by = None
            contact.held_until = None
            contact.due_at = self.due_at
            if self.case_id is not None:
                contact.case_id = self.case_id
            if self.outcome in (CallOutcome.REACHED_NO_NEED, CallOutcome.NEED_FOUND):
                contact.state = ContactState.REACHED
            elif self.outcome is CallOutcome.NO_ANSWER and self.due_at is not None:
                contact.state = ContactState.DUE
            else:
                contact.state = ContactState.UNREACHABLE

    class Erased(Aggregate.Event):
        at: datetime

        def apply(self, contact: Contact) -> None:
            contact.erased = True
            contact.personal = dict.fromkeys(contact.personal, ERASED)

    def __init__(self, *, campaign_id: UUID, team: str, row: int, personal: Personal,
                 by: ActorRef, at: datetime) -> None:
        self.campaign_id = campaign_id
        self.team = team
        self.row = row
        self.personal: Personal = dict(personal)
        self.loaded_at = at
        self.state = ContactState.DUE
        self.due_at: datetime | None = None
        self.held_by: UUID | None = None
        self.held_until: datetime | None = None
        self.case_id: UUID | None = None
        self.calls: list[tuple[UUID, datetime, CallOutcome]] = []
        self.erased = False

    @classmethod
    def load(cls, contact_id: UUID, *, campaign_id: UUID, team: str, row: int, name: str,
             phone: str, address: str | None, notes: str | None, by: ActorRef,
             at: datetime) -> Contact:
        personal: Personal = {
            "name": validation.name("name", name),
            "phone": validation.phone("phone", phone),
            "address": validation.optional_text("address", address, max_len=500),
            "notes": validation.optional_text("notes", notes, max_len=NOTE_MAX),
        }
        return cls._create(cls.Loaded, id=contact_id, campaign_id=campaign_id, team=team,
                           row=row, personal=personal, by=by, at=at)

    @property
    def tries(self) -> int:
        return sum(1 for _, _, outcome in self.calls if outcome is CallOutcome.NO_ANSWER)

    def is_due(self, at: datetime) -> bool:
        return self.state is ContactState.DUE and (self.due_at is None or self.due_at <= at)

    def held_by_other(self, caller: UUID, at: datetime) -> bool:
        return (self.held_by is not None and self.held_by != caller
                and self.held_until is not None and self.held_until > at)

    def hold(self, *, by: ActorRef, at: datetime) -> None:
        """Hold the contact for `by` for HOLD_MINUTES (again, if they hold it already)."""
        if not self.is_due(at):
            raise RuleViolated("contact_settled", "the contact is not due for a call")
        if self.held_by_other(by.id, at):
            raise RuleViolated("contact_held", "another caller holds the contact")
        self.trigger_event(self.Held, by=by, at=at,
                           until=at + timedelta(minutes=HOLD_MINUTES))

    def record_call(self, *, by: ActorRef, at: datetime, outcome: CallOutcome,
                    note: str | None, case_id: UUID | None, timezone: tzinfo) -> None:
        self.require_callable(by.id, at)
        if (outcome is CallOutcome.NEED_FOUND) != (case_id is not None):
            raise AssertionError("need_found, and only it, names the case it opened")
        due_at = None
        if outcome is CallOutcome.NO_ANSWER and self.tries + 1 < MAX_TRIES:
            due_at = retry_at(at, timezone)
        self.trigger_event(self.Called, by=by, at=at, outcome=outcome,
                           personal={"note": validation.optional_text(
                               "note", note, max_len=NOTE_MAX)},
                           case_id=case_id, due_at=due_at)

    def require_callable(self, caller: UUID, at: datetime) -> None:
        """A call is recorded by the caller holding the contact (their hold may have
        lapsed if nobody took it since)."""
        if self.state is not ContactState.DUE:
            raise RuleViolated("contact_settled", "the contact's calls are over")
        if self.held_by_other(caller, at):
            raise RuleViolated("contact_held", "another caller holds the contact")
        if self.held_by != caller:
            raise RuleViolated("contact_not_held", "take the contact with `next` first")

    def erase(self, *, at: datetime) -> None:
        if not self.erased:
            self.trigger_event(self.Erased, at=at)
