"""What a partner sees of a referral: de-identified until accepted, contact details
only while the referral is accepted and not completed (access lapses by itself)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.case import Case
from domain.redaction import identifiers, redact
from domain.vocabulary import ReferralStatus
from projections.rows import ReferralRow


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: str | None
    district: str
    street: str
    community: str
    address_detail: str | None
    emergency_contact_name: str | None
    emergency_contact_phone: str | None


@dataclass(frozen=True)
class Referrer:
    """Who referred the case and whom to call back: the team's duty phone, never the
    worker's own."""

    team: str
    team_name: str
    duty_phone: str | None
    worker_name: str | None


@dataclass(frozen=True)
class PartnerReferral:
    row: ReferralRow
    request_summary: str
    contact: Contact | None
    note: str = ""  # the worker's note to the partner: masked until accepted
    referrer: Referrer | None = None


def contact_visible(case: Case, row: ReferralRow) -> bool:
    """Decided on the case itself, not on the (eventually consistent) row, so that
    access lapses the moment the referral is completed or withdrawn."""
    referral = case.referrals.get(row.referral_id)
    return referral is not None and referral.status is ReferralStatus.ACCEPTED


def partner_referral(case: Case, row: ReferralRow,
                     referrer: Referrer | None = None) -> PartnerReferral:
    personal = case.personal
    # The row's service text is masked already, by the projection (the referral board
    # holds no resident data); the request is the case's own text.
    summary = redact(personal.get("request") or "", *identifiers(personal))
    referral = case.referrals.get(row.referral_id)
    note = str(referral.personal.get("note") or "") if referral is not None else ""
    contact = None
    visible = contact_visible(case, row)
    if not visible:
        note = redact(note, *identifiers(personal))
    if visible:
        contact = Contact(
            name=personal.get("name"), phone=personal.get("phone"),
            district=case.profile.district, street=case.profile.street,
            community=case.profile.community, address_detail=personal.get("address_detail"),
            emergency_contact_name=personal.get("emergency_contact_name"),
            emergency_contact_phone=personal.get("emergency_contact_phone"),
        )
    return PartnerReferral(row=row, request_summary=summary, contact=contact, note=note,
                           referrer=referrer)
