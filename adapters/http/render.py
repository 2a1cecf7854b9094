"""Read objects and read-model rows → response Structs."""

from __future__ import annotations

from uuid import UUID

from adapters.http.schemas.responses import (
    AddressOut,
    CaseListItemOut,
    CaseOut,
    ConsentOut,
    DuplicateOut,
    EmergencyContactOut,
    PendingClosureOut,
    PendingTransferOut,
    QueueItemOut,
    ReferralSummaryOut,
    ResidentOut,
    ServiceOut,
)
from projections.rows import CaseRow
from service.case_detail import CaseDetail
from service.results import QueueItem


def money(value: object) -> str | None:
    return None if value is None else f"{value:.2f}"


def case_out(case: CaseDetail, *, referral_id: UUID | None = None) -> CaseOut:
    personal = case.personal
    profile = case.profile
    has_contact = any(personal.get(k) for k in ("emergency_contact_name",
                                                "emergency_contact_phone"))
    resident = ResidentOut(
        name=personal.get("name"), phone=personal.get("phone"),
        id_number=personal.get("id_number"), birth_year=profile.birth_year,
        gender=profile.gender,
        address=AddressOut(district=profile.district, street=profile.street,
                           community=profile.community, detail=personal.get("address_detail")),
        lives_alone=profile.lives_alone,
        emergency_contact=EmergencyContactOut(
            name=personal.get("emergency_contact_name"),
            phone=personal.get("emergency_contact_phone"),
            relation=personal.get("emergency_contact_relation"),
        ) if has_contact else None,
    )
    referrals = [
        ReferralSummaryOut(
            id=r.id, organisation_id=r.organisation_id, status=r.status, service=r.service,
            note=r.personal.get("note"), sent_at=r.sent_at, respond_by=r.respond_by,
            accepted_at=r.accepted_at, completed_at=r.completed_at, outcome=r.outcome,
            value_cny=money(r.value_cny), people_helped=r.people_helped)
        for r in case.referrals.values()
    ]
    pending_closure = case.pending_closure
    pending_transfer = case.pending_transfer
    return CaseOut(
        id=case.id, reference=case.reference, version=case.version, status=case.status,
        team=case.team, channel=case.channel, resident=resident,
        vulnerabilities=list(case.vulnerabilities), needs=list(case.needs),
        request=personal.get("request"),
        consent=ConsentOut(given=case.consent.given, method=case.consent.method),
        risk=case.risk, plan=case.assessment_personal.get("plan"),
        assessment_notes=case.assessment_personal.get("notes"),
        follow_up_due=case.follow_up_due, assigned_worker_id=case.assigned_worker_id,
        assign_due=case.assign_due, referrals=referrals,
        services=[ServiceOut(kind=s.kind, delivered_at=s.delivered_at, minutes=s.minutes,
                             by=s.by) for s in case.services],
        notes_count=case.notes_count,
        pending_closure=PendingClosureOut(
            outcome=pending_closure.outcome, requested_by=pending_closure.requested_by,
            requested_at=pending_closure.requested_at) if pending_closure else None,
        pending_transfer=PendingTransferOut(
            to_team=pending_transfer.to_team, requested_by=pending_transfer.requested_by,
            requested_at=pending_transfer.requested_at) if pending_transfer else None,
        opened_at=case.opened_at, closed_at=case.closed_at, outcome=case.outcome,
        duplicate_of=case.duplicate_of, referral_id=referral_id,
    )


def case_list_item(row: CaseRow) -> CaseListItemOut:
    return CaseListItemOut(
        id=row.case_id, reference=row.reference, status=row.status, team=row.team,
        risk=row.risk, needs=list(row.needs), vulnerabilities=list(row.vulnerabilities),
        assigned_worker_id=row.assigned_worker_id, follow_up_due=row.follow_up_due,
        opened_at=row.opened_at, closed_at=row.closed_at, outcome=row.outcome,
        pending_transfer_to=row.pending_transfer_to)


def queue_item(item: QueueItem) -> QueueItemOut:
    return QueueItemOut(
        case_id=item.case_id, reference=item.reference, status=item.status, risk=item.risk,
        needs=list(item.needs), vulnerabilities=list(item.vulnerabilities),
        opened_at=item.opened_at, follow_up_due=item.follow_up_due, overdue=item.overdue,
        assigned_worker_id=item.assigned_worker_id, waiting_since=item.waiting_since,
        assign_due=item.assign_due, deadline_state=item.deadline_state,
        possible_duplicates=[DuplicateOut(id=case_id, reference=reference)
                             for case_id, reference in item.duplicates],
        overdue_tasks=item.overdue_tasks)
