"""The case projection: every case event refreshes the case's row, its referrals'
rows, the row of the task it touched and the team's daily counts, all inside the
caller's transaction.

It folds the event onto the case as it stood just before (kept in a small cache, or
loaded from the event store at that version) and derives the rows from the case, so
the read models can never disagree with the aggregate's own rules.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import tzinfo
from uuid import UUID

from domain.case import Case
from domain.redaction import identifiers, redact
from domain.values import ERASED
from domain.vocabulary import OPEN_STATUSES, Status
from projections.interfaces import Tokenizer, ViewSession
from projections.notifications import NotificationProjection
from projections.rows import CaseRow, ReferralRow
from projections.task_rows import task_row, touched

CaseLoader = Callable[[UUID, int], Case]  # (case id, version) -> the case at that version
CACHE_SIZE = 20_000
REQUEST_LINE_MAX = 60  # characters of the request's first line a queue row shows
# A phone shared by many residents (a community committee's) must not make every new
# case rewrite all the others: a case marks at most this many others.
MARKS = 10


def age_band(birth_year: int | None, year: int) -> str | None:
    if birth_year is None:
        return None
    age = year - birth_year
    if age >= 80:
        return "80+"
    low = max(age // 10 * 10, 0)
    return f"{low}-{low + 9}"


class CaseProjection:
    def __init__(self, tokenizer: Tokenizer, timezone: tzinfo, load_case: CaseLoader,
                 notifications: NotificationProjection | None = None) -> None:
        self.tokenizer = tokenizer
        # Who is told of the event (in-app notifications), in the same transaction.
        self.notifications = notifications
        self.timezone = timezone
        self.load_case = load_case
        self._cache: OrderedDict[UUID, Case] = OrderedDict()

    def reset(self) -> None:
        self._cache.clear()

    def process(self, event: object, session: ViewSession) -> None:
        if not isinstance(event, Case.Event):
            return
        case = self._fold(event)
        # A case's first event has no row before it (each event is applied once).
        previous = None if isinstance(event, Case.Opened) else session.get_case(case.id)
        row = self.case_row(case, previous)
        self._mark_duplicates(row, case, previous, session)
        session.put_case(row)
        for referral_id in case.referrals:
            session.put_referral(self.referral_row(case, referral_id))
        for task_id in touched(event, case):  # only the task the event touched
            session.put_task(task_row(case, task_id, self.timezone))
        self._count(event, case, previous, session)
        if self.notifications is not None:
            self.notifications.process(event, case, session)

    def _fold(self, event: Case.Event) -> Case:
        case_id = event.originator_id
        case = self._cache.pop(case_id, None)
        if isinstance(event, Case.Opened):
            case = None
        elif case is None or case.version != event.originator_version - 1:
            case = self.load_case(case_id, event.originator_version - 1)
        folded = event.mutate(case)
        assert isinstance(folded, Case)
        self._cache[case_id] = folded
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return folded

    def _mark_duplicates(self, row: CaseRow, case: Case, previous: CaseRow | None,
                         session: ViewSession) -> None:
        """Open cases of one team with the same phone or ID number mark each other.

        Intake shows the duplicates it finds, but two intakes of one phone in the same
        instant miss each other there; marking them here shows both on the case and in
        the queue. A mark lasts while both cases are open in the same team; a case
        holds at most MARKS of them.
        """
        if previous is None:
            if row.status not in OPEN_STATUSES:
                return
            personal = case.personal
            tokens = self.tokenizer.match_tokens(personal.get("phone"),
                                                 personal.get("id_number"))
            found = session.open_cases_with_tokens(row.team, tokens, MARKS + 1)
            others = sorted((other for other in found if other.case_id != row.case_id),
                            key=lambda other: (other.opened_at, str(other.case_id)),
                            reverse=True)[:MARKS]
            for other in others:
                if len(other.duplicates) < MARKS:
                    other.duplicates = (*other.duplicates, (row.case_id, row.reference))
                    session.put_case(other)
            row.duplicates = tuple((other.case_id, other.reference) for other in others)
            return
        row.duplicates = previous.duplicates
        if row.duplicates and (row.status not in OPEN_STATUSES or row.team != previous.team):
            for other_id, _ in row.duplicates:
                partner = session.get_case(other_id)
                if partner is not None:
                    partner.duplicates = tuple(mark for mark in partner.duplicates
                                               if mark[0] != row.case_id)
                    session.put_case(partner)
            row.duplicates = ()

    def _count(self, event: Case.Event, case: Case, previous: CaseRow | None,
               session: ViewSession) -> None:
        day = event.timestamp.astimezone(self.timezone).date()
        if isinstance(event, Case.Opened):
            session.add_daily(case.team, day, opened=1)
        was_closed = previous is not None and previous.status is Status.CLOSED
        if case.status is Status.CLOSED and not was_closed:
            session.add_daily(case.team, day, closed=1)

    def case_row(self, case: Case, previous: CaseRow | None) -> CaseRow:
        personal = case.personal
        name, phone, id_number = (personal.get("name"), personal.get("phone"),
                                  personal.get("id_number"))
        name_tokens: tuple[str, ...]
        phone_tokens: tuple[str, ...]
        id_tokens: tuple[str, ...]
        if case.erased:  # no longer found by search nor marked as anyone's duplicate
            name_tokens, phone_tokens, id_tokens = (), (), ()
        elif (previous is not None and previous.version >= 1
              and _same_identity(previous, case)):
            name_tokens, phone_tokens, id_tokens = (
                previous.name_tokens, previous.phone_tokens, previous.id_tokens)
        else:
            name_tokens = self.tokenizer.name_tokens(name) if name else ()
            phone_tokens = self.tokenizer.phone_tokens(phone) if phone else ()
            id_tokens = self.tokenizer.id_tokens(id_number) if id_number else ()
        return CaseRow(
            case_id=case.id,
            reference=case.reference,
            team=case.team,
            status=case.status,
            channel=case.channel,
            opened_at=case.opened_at,
            waiting_since=case.waiting_since,
            version=case.version,
            updated_at=case.modified_on,
            risk=case.risk,
            needs=case.needs,
            vulnerabilities=case.vulnerabilities,
            assigned_worker_id=case.assigned_worker_id,
            follow_up_due=case.follow_up_due,
            # a check-in plan's next day is its own span (decision 0028)
            follow_up_set_at=(case.assessed_at if case.follow_up_due
                              and case.follow_up_plan is None else None),
            assign_due=case.assign_due,
            closed_at=case.closed_at,
            outcome=case.outcome,
            pending_transfer_to=case.pending_transfer.to_team if case.pending_transfer else None,
            district=case.profile.district,
            street=case.profile.street,
            community=case.profile.community,
            birth_year=case.profile.birth_year,
            name_tokens=name_tokens,
            phone_tokens=phone_tokens,
            id_tokens=id_tokens,
            resident_name=ERASED if case.erased else (name or ""),
            request_line=ERASED if case.erased else first_line(personal.get("request")),
        )

    def referral_row(self, case: Case, referral_id: UUID) -> ReferralRow:
        referral = case.referrals[referral_id]
        return ReferralRow(
            referral_id=referral.id,
            case_id=case.id,
            reference=case.reference,
            organisation_id=referral.organisation_id,
            team=case.team,
            status=referral.status,
            # Free text a worker typed: the board shows it without the resident's
            # identifiers (the case page shows it whole).
            service=(ERASED if case.erased
                     else redact(referral.service, *identifiers(case.personal))),
            # The worker's note to the partner, masked the same way (the partner's
            # referral page shows it whole once the referral is accepted).
            note=(ERASED if case.erased
                  else redact(referral.personal.get("note") or "",
                              *identifiers(case.personal))),
            sent_at=referral.sent_at,
            respond_by=referral.respond_by,
            district=case.profile.district,
            age_band=age_band(case.profile.birth_year,
                              referral.sent_at.astimezone(self.timezone).year),
            vulnerabilities=case.vulnerabilities,
            needs=case.needs,
            accepted_at=referral.accepted_at,
            answered_at=referral.answered_at,
            completed_at=referral.completed_at,
            closed_at=case.closed_at,
            outcome=referral.outcome,
            value_cny=referral.value_cny,
            people_helped=referral.people_helped,
        )


def first_line(text: str | None, limit: int = REQUEST_LINE_MAX) -> str:
    """The first line of a text that says something, shortened to `limit` characters
    (an ellipsis marks what was cut)."""
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"
    return ""


def _same_identity(previous: CaseRow, case: Case) -> bool:
    # Personal data is only set at intake; once tokens exist they stay valid.
    return bool(previous.phone_tokens) and previous.case_id == case.id
