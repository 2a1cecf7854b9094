"""Files for reports (SPEC §6 exports): the case list as filtered, for a civil-affairs
bureau, and one de-identified line per referral with its outcome, for a foundation.

Both read the views a page at a time (keyset paging, as the list does) and hand the rows
on as they come, so that an export of tens of thousands of cases never holds them all.
Each page read is recorded in the access log, one entry per case it holds. Scope is the
list's: a worker and a supervisor their team's, an auditor every team's, a partner its
organisation's referrals only (and no case list at all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from domain.values import Actor
from domain.vocabulary import Need, ReferralOutcome, ReferralStatus, Vulnerability
from projections.interfaces import CaseQuery
from projections.rows import CaseRow, ReferralRow
from service import audit
from service.audit import AccessEntry, AccessLog
from service.clock import Clock
from service.paging import MAX_LIMIT
from service.queries import CaseQueries, Listing


@dataclass(frozen=True)
class ReferralLine:
    """A referral with nothing that names or locates the resident: no name, phone, ID
    number, address detail, case reference nor any free text (notes, the service asked
    for, what was delivered)."""

    referral_id: UUID
    organisation_id: UUID
    team: str
    district: str
    age_band: str | None
    vulnerabilities: tuple[Vulnerability, ...]
    needs: tuple[Need, ...]
    status: ReferralStatus
    sent_at: datetime
    accepted_at: datetime | None
    completed_at: datetime | None
    outcome: ReferralOutcome | None
    value_cny: Decimal | None
    people_helped: int | None


def referral_line(row: ReferralRow) -> ReferralLine:
    return ReferralLine(row.referral_id, row.organisation_id, row.team, row.district,
                        row.age_band, row.vulnerabilities, row.needs, row.status, row.sent_at,
                        row.accepted_at, row.completed_at, row.outcome, row.value_cny,
                        row.people_helped)


class Exports:
    def __init__(self, queries: CaseQueries, access_log: AccessLog, clock: Clock) -> None:
        self.queries = queries
        self.access_log = access_log
        self.clock = clock

    def cases(self, actor: Actor, query: CaseQuery) -> Iterator[CaseRow]:
        """The case list as filtered, newest first. The first page is read (and the
        caller's scope checked) now; the rest as the file is written."""
        first = self.queries.search(actor, query, limit=MAX_LIMIT)
        rows = self._pages(actor, audit.CASE_EXPORT, first, lambda cursor: self.queries.search(
            actor, query, limit=MAX_LIMIT, cursor=cursor))
        return (row for row in rows if isinstance(row, CaseRow))

    def referrals(self, actor: Actor, *, status: tuple[ReferralStatus, ...] = (),
                  organisation_id: UUID | None = None) -> Iterator[ReferralLine]:
        """The referrals the caller may see, newest first, one de-identified line each."""

        def read(cursor: str | None) -> Listing:
            return self.queries.referrals(actor, status=status, organisation_id=organisation_id,
                                          limit=MAX_LIMIT, cursor=cursor)

        rows = self._pages(actor, audit.REFERRAL_EXPORT, read(None), read)
        return (referral_line(row) for row in rows if isinstance(row, ReferralRow))

    def _pages(self, actor: Actor, what: str, listing: Listing,
               read: Callable[[str], Listing]) -> Iterator[CaseRow | ReferralRow]:
        while True:
            rows = [row for row in listing.items if isinstance(row, CaseRow | ReferralRow)]
            now = self.clock.now()
            self.access_log.record_many([
                AccessEntry(row.case_id, now, actor.id, actor.role, what, row.team)
                for row in rows])
            yield from rows
            if listing.next_cursor is None:
                return
            listing = read(listing.next_cursor)
