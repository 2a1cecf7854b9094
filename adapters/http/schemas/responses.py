"""Response bodies (docs/domain.md §4 shapes; more fields may be added, never removed)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    ConsentMethod,
    Gender,
    Need,
    OrganisationKind,
    ReferralOutcome,
    ReferralStatus,
    Risk,
    Role,
    ServiceKind,
    Status,
    TaskKind,
    TeamLevel,
    Via,
    Vulnerability,
)
from projections.notifications import Kind


class Response(msgspec.Struct, kw_only=True):
    """Base of every response body."""


class VolunteerOut(Response, kw_only=True):
    """A volunteer's profile: their teams (the first is `team`), where they live, the
    errands they do (none named: any) and whether they take new ones (paused: false)."""

    teams: list[str]
    district: str
    street: str
    community: str
    errand_kinds: list[TaskKind]
    available: bool


class UserOut(Response, kw_only=True):
    id: UUID
    username: str
    display_name: str
    role: Role
    team: str | None
    organisation_id: UUID | None
    active: bool = True
    teams: list[str] = []  # every team of the account (a volunteer may have several)
    volunteer: VolunteerOut | None = None  # a volunteer's profile; null for other roles


class UserPageOut(Response, kw_only=True):
    items: list[UserOut]
    next_cursor: str | None


class LoginOut(Response, kw_only=True):
    token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: datetime
    user: UserOut
    # An administrator set the password (at this time): every route but `GET /api/v1/me`
    # and `POST /api/v1/me/password` answers 403 `password_change_required` until the
    # owner has chosen a new one.
    password_change_required: bool = False
    password_set_by_admin_at: datetime | None = None


class CreatedOut(Response, kw_only=True):
    id: UUID


class TeamOut(Response, kw_only=True):
    id: UUID
    code: str
    name: str
    district: str
    level: TeamLevel | None = None
    street: str = ""
    community: str = ""
    duty_phone: str | None = None  # issue 12: whom partners call back
    parent: str | None = None  # the team above it (decision 0030)
    deadlines: TeamDeadlinesOut | None = None  # issue 14: the deadlines in force


class TeamDeadlinesOut(Response, kw_only=True):
    """A team's deadlines in force, in minutes (`follow_up_warning_minutes` null: the
    last quarter of the span); `overridden` names those that are the team's own."""

    assign_critical_minutes: int
    assign_high_minutes: int
    assign_medium_minutes: int
    assign_low_minutes: int
    assign_unassessed_minutes: int
    follow_up_warning_minutes: int | None
    referral_reply_minutes: int
    overridden: list[str]


class OrganisationOut(Response, kw_only=True):
    id: UUID
    name: str
    kind: OrganisationKind


class TeamPageOut(Response, kw_only=True):
    items: list[TeamOut]
    next_cursor: str | None


class OrganisationPageOut(Response, kw_only=True):
    items: list[OrganisationOut]
    next_cursor: str | None


class AddressOut(Response, kw_only=True):
    district: str
    street: str
    community: str
    detail: str | None


class EmergencyContactOut(Response, kw_only=True):
    name: str | None
    phone: str | None
    relation: str | None


class ResidentOut(Response, kw_only=True):
    name: str | None
    phone: str | None
    id_number: str | None
    birth_year: int | None
    gender: Gender
    address: AddressOut
    lives_alone: bool
    emergency_contact: EmergencyContactOut | None


class ConsentOut(Response, kw_only=True):
    given: bool
    method: ConsentMethod | None


class ReferralSummaryOut(Response, kw_only=True):
    id: UUID
    organisation_id: UUID
    status: ReferralStatus
    service: str
    note: str | None
    sent_at: datetime
    respond_by: datetime
    accepted_at: datetime | None
    completed_at: datetime | None
    outcome: ReferralOutcome | None
    value_cny: str | None
    people_helped: int | None


class ServiceOut(Response, kw_only=True):
    kind: ServiceKind
    delivered_at: datetime
    minutes: int
    by: UUID


class PendingClosureOut(Response, kw_only=True):
    outcome: ClosureOutcome
    requested_by: UUID
    requested_at: datetime


class PendingTransferOut(Response, kw_only=True):
    to_team: str
    requested_by: UUID
    requested_at: datetime


class DuplicateOut(Response, kw_only=True):
    id: UUID
    reference: str


class CaseOut(Response, kw_only=True):
    id: UUID
    reference: str
    version: int
    status: Status
    team: str
    channel: Channel
    resident: ResidentOut
    vulnerabilities: list[Vulnerability]
    needs: list[Need]
    request: str | None
    consent: ConsentOut
    risk: Risk | None
    plan: str | None
    assessment_notes: str | None
    follow_up_due: date | None
    assigned_worker_id: UUID | None
    assign_due: datetime | None
    referrals: list[ReferralSummaryOut]
    services: list[ServiceOut]
    notes_count: int
    pending_closure: PendingClosureOut | None
    pending_transfer: PendingTransferOut | None
    opened_at: datetime
    closed_at: datetime | None
    outcome: ClosureOutcome | None
    duplicate_of: UUID | None
    as_of: datetime | None = None
    referral_id: UUID | None = None
    possible_duplicates: list[DuplicateOut] | None = None


class CaseListItemOut(Response, kw_only=True):
    id: UUID
    reference: str
    status: Status
    team: str
    risk: Risk | None
    needs: list[Need]
    vulnerabilities: list[Vulnerability]
    assigned_worker_id: UUID | None
    follow_up_due: date | None
    opened_at: datetime
    closed_at: datetime | None
    outcome: ClosureOutcome | None
    pending_transfer_to: str | None


class CasePageOut(Response, kw_only=True):
    items: list[CaseListItemOut]
    next_cursor: str | None
    fresh: bool = True


class QueueItemOut(Response, kw_only=True):
    case_id: UUID
    reference: str
    status: Status
    risk: Risk | None
    needs: list[Need]
    vulnerabilities: list[Vulnerability]
    opened_at: datetime
    follow_up_due: date | None
    overdue: bool
    assigned_worker_id: UUID | None
    waiting_since: datetime
    assign_due: datetime | None
    deadline_state: str | None
    # Open cases of the team with the same phone or ID number (marked by the views).
    possible_duplicates: list[DuplicateOut] = msgspec.field(default_factory=list)
    # The case's open tasks whose due time has passed (decision 0032).
    overdue_tasks: int = 0


class QueuePageOut(Response, kw_only=True):
    items: list[QueueItemOut]
    next_cursor: str | None
    fresh: bool = True


class ActorOut(Response, kw_only=True):
    id: UUID
    username: str | None
    role: Role


class ChangeOut(Response, kw_only=True, omit_defaults=True):
    """One field that changed: `field` is the case's field (dotted when nested, e.g.
    `consent.given`; `referrals.status` with its `referral_id`), `from` and `to` its
    values as the case API gives them (null: not set). `hidden`: a personal value the
    caller may not see, withheld. `from_name`/`to_name`: display names of workers."""

    field: str
    from_: Any = msgspec.field(name="from")
    to: Any
    referral_id: UUID | None = None
    hidden: bool = False
    from_name: str | None = None
    to_name: str | None = None


class HistoryItemOut(Response, kw_only=True):
    version: int
    type: str
    at: datetime
    actor: ActorOut
    via: Via
    data: dict[str, Any]
    changes: list[ChangeOut] = msgspec.field(default_factory=list)


class HistoryOut(Response, kw_only=True):
    items: list[HistoryItemOut]
    next_cursor: str | None = None


class HistoryExportOut(Response, kw_only=True):
    """A case's whole history as one file (`GET …/history.json`)."""

    case_id: UUID
    reference: str
    exported_at: datetime
    items: list[HistoryItemOut]


class DiffOut(Response, kw_only=True):
    """What changed from version `from` (0: before the case was opened) to `to`."""

    case_id: UUID
    reference: str
    from_: int = msgspec.field(name="from")
    to: int
    from_at: datetime | None
    to_at: datetime
    changes: list[ChangeOut]


class AccessLogItemOut(Response, kw_only=True):
    at: datetime
    actor: ActorOut
    what: str


class AccessLogOut(Response, kw_only=True):
    items: list[AccessLogItemOut]
    next_cursor: str | None


class ContactOut(Response, kw_only=True):
    name: str | None
    phone: str | None
    district: str
    street: str
    community: str
    address_detail: str | None
    emergency_contact_name: str | None
    emergency_contact_phone: str | None


class ReferrerOut(Response, kw_only=True):
    """Who referred the case, and the team's duty phone to call back (issue 12)."""

    team: str
    team_name: str
    duty_phone: str | None
    worker_name: str | None


class ReferralOut(Response, kw_only=True):
    id: UUID
    case_id: UUID
    reference: str
    organisation_id: UUID
    team: str
    status: ReferralStatus
    service: str
    sent_at: datetime
    respond_by: datetime
    district: str
    age_band: str | None
    vulnerabilities: list[Vulnerability]
    needs: list[Need]
    request_summary: str | None
    contact: ContactOut | None
    accepted_at: datetime | None
    completed_at: datetime | None
    outcome: ReferralOutcome | None
    value_cny: str | None
    people_helped: int | None
    # Issue 12, the partner's view only: the worker's note (identifiers masked until the
    # referral is accepted) and who referred it.
    note: str | None = None
    referrer: ReferrerOut | None = None


class ReferralPageOut(Response, kw_only=True):
    items: list[ReferralOut]
    next_cursor: str | None
    fresh: bool = True


class DurationsOut(Response, kw_only=True):
    median_hours: float | None
    p90_hours: float | None


class OutcomeSummaryOut(Response, kw_only=True):
    referrals: int
    by_status: dict[str, int]
    outcomes: dict[str, int]
    acceptance_rate: float | None
    time_to_accept: DurationsOut
    time_to_complete: DurationsOut
    value_delivered_cny: str
    people_helped: int


class MonthOut(OutcomeSummaryOut, kw_only=True):
    month: str


class OutcomeReportOut(Response, kw_only=True):
    organisation_id: UUID | None
    from_: datetime | None = msgspec.field(name="from", default=None)
    to: datetime | None = None
    total: OutcomeSummaryOut
    by_month: list[MonthOut]
    fresh: bool = True


class WorkerLoadOut(Response, kw_only=True):
    worker_id: UUID
    display_name: str | None
    open_cases: int
    overdue: int


class DayOut(Response, kw_only=True):
    day: date
    opened: int
    closed: int


class TeamFiguresOut(Response, kw_only=True):
    team: str
    open_assigned: int
    overdue: int
    unassigned_by_risk: dict[str, int]
    breached_unassigned: int
    opened: int  # over the dashboard's 14 days
    closed: int


class RollupOut(Response, kw_only=True):
    teams: list[TeamFiguresOut]
    total: TeamFiguresOut


class DashboardOut(Response, kw_only=True):
    team: str | None
    workers: list[WorkerLoadOut]
    unassigned_by_risk: dict[str, int]
    per_day: list[DayOut]
    overdue_total: int
    breached_unassigned: int
    # Open cases by `street`, `community`, `vulnerability`, `need` and `channel`:
    # `{value: count}`, largest first (docs/api.md).
    breakdowns: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    fresh: bool = True
    # The team and the teams below it, each on its own, and their sum (decision 0030).
    rollup: RollupOut | None = None


class BulkResultOut(Response, kw_only=True):
    case_id: UUID
    status: int
    version: int | None = None
    error: str | None = None
    rule: str | None = None  # the rule that refused this case (status 409)


class BulkReassignOut(Response, kw_only=True):
    items: list[BulkResultOut]
    position: int


class HealthOut(Response, kw_only=True):
    status: str
    checks: dict[str, str] = msgspec.field(default_factory=dict)


class ProblemFieldOut(Response, kw_only=True, omit_defaults=True):
    """One field at fault. `code` says why in a stable machine word (domain/errors.py for
    422; `does_not_match_schema` or `unknown_field` for 400) and `params` what the reason
    depends on (`{"max": 4000}`); `message` says it in English."""

    field: str
    message: str
    code: str | None = None
    params: dict[str, int | str] | None = None


class ProblemOut(Response, kw_only=True, omit_defaults=True):
    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemFieldOut] | None = None
    rule: str | None = None
    current_version: int | None = None
    request_id: str | None = None


class NotificationOut(Response, kw_only=True):
    """One of the caller's notifications (issue 12): no resident data, only the case's
    reference and ids."""

    id: UUID
    kind: Kind
    case_id: UUID
    reference: str
    referral_id: UUID | None
    team: str
    detail: str | None
    at: datetime
    read: bool


class NotificationPageOut(Response, kw_only=True):
    items: list[NotificationOut]
    unread: int
    next_cursor: str | None


class MarkedOut(Response, kw_only=True):
    marked: int
    unread: int
