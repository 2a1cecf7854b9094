"""Referrals that nobody answered in time expire (docs/domain.md §2: `sent` → `expired` once its
`respond_by` has passed, 72 hours by default).

The read model names the candidates; the case decides: a referral answered, withdrawn
or already expired since the views last looked is left as it is.
"""

from __future__ import annotations

from domain.errors import NotFound, RuleViolated, VersionConflict
from domain.values import ERASED, SYSTEM_ACTOR
from domain.vocabulary import ReferralStatus, Via
from projections.interfaces import ReferralQuery, ViewReader
from service.cases import CaseService
from service.clock import Clock


def expire_overdue_referrals(cases: CaseService, reader: ViewReader, clock: Clock) -> int:
    """Expire every referral still waiting past its time to reply; how many expired."""
    now = clock.now()
    waiting = reader.referral_rows(ReferralQuery(status=(ReferralStatus.SENT,)))
    # An erased case accepts no command: its referrals (the read model shows their
    # service as ERASED) would be refused at every sweep, for good. They are left alone.
    overdue = [row.referral_id for row in waiting
               if row.respond_by < now and row.service != ERASED]
    expired = 0
    for referral_id in overdue:
        try:
            cases.expire_referral(SYSTEM_ACTOR, referral_id, via=Via.SYSTEM)
        except (RuleViolated, NotFound, VersionConflict):
            continue  # answered, withdrawn or changed since the views looked
        expired += 1
    return expired
