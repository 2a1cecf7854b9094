"""A referral to a partner organisation: state kept inside the case's stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from domain.errors import NotFound, RuleViolated
from domain.values import Personal
from domain.vocabulary import OPEN_REFERRAL_STATUSES, ReferralOutcome, ReferralStatus


@dataclass
class Referral:
    id: UUID
    organisation_id: UUID
    service: str
    sent_at: datetime
    respond_by: datetime
    sent_by: UUID
    personal: Personal  # the note to the partner; later the reply and delivery texts
    status: ReferralStatus = ReferralStatus.SENT
    answered_at: datetime | None = None
    accepted_at: datetime | None = None
    completed_at: datetime | None = None
    outcome: ReferralOutcome | None = None
    value_cny: Decimal | None = None
    people_helped: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    def require(self, *statuses: ReferralStatus, action: str) -> None:
        if self.status not in statuses:
            raise RuleViolated(
                "referral_status",
                f"a referral that is {self.status.value} cannot be {action}",
            )

    def require_not_past_reply_time(self, at: datetime) -> None:
        if at > self.respond_by:
            raise RuleViolated(
                "referral_reply_time_passed",
                "the time to reply to this referral has passed",
            )


def find_referral(referrals: dict[UUID, Referral], referral_id: UUID) -> Referral:
    try:
        return referrals[referral_id]
    except KeyError:
        raise NotFound("no such referral") from None
