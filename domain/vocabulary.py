"""Stable vocabularies of docs/domain.md §2. Identifiers are durable: never rename a value."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"
    PARTNER = "partner"
    AUDITOR = "auditor"
    ADMIN = "admin"
    VOLUNTEER = "volunteer"  # does errands (tasks) given to them; never sees a case
    SYSTEM = "system"  # automatic events (referral expiry); never a user's role


USER_ROLES = (Role.WORKER, Role.SUPERVISOR, Role.PARTNER, Role.AUDITOR, Role.ADMIN,
              Role.VOLUNTEER)
CASE_SIDE_ROLES = (Role.WORKER, Role.SUPERVISOR)


class Via(StrEnum):
    """How a command reached the service."""

    API = "api"
    UI = "ui"
    IMPORT = "import"
    SYSTEM = "system"


class Vulnerability(StrEnum):
    OLDER_PERSON = "older_person"
    LIVES_ALONE = "lives_alone"
    VISUAL_IMPAIRMENT = "visual_impairment"
    HEARING_IMPAIRMENT = "hearing_impairment"
    PHYSICAL_DISABILITY = "physical_disability"
    INTELLECTUAL_DISABILITY = "intellectual_disability"
    CHRONIC_ILLNESS = "chronic_illness"
    MENTAL_HEALTH = "mental_health"
    PREGNANT = "pregnant"
    CHILD = "child"
    LOW_INCOME = "low_income"
    IN_QUARANTINE = "in_quarantine"


class Need(StrEnum):
    MEDICATION = "medication"
    MEDICAL_ESCORT = "medical_escort"
    FOOD = "food"
    DAILY_SUPPLIES = "daily_supplies"
    PROTECTIVE_SUPPLIES = "protective_supplies"
    PSYCHOLOGICAL_SUPPORT = "psychological_support"
    HOME_CARE = "home_care"
    TRANSPORT = "transport"
    FINANCIAL_AID = "financial_aid"
    INFORMATION = "information"
    OTHER = "other"


class Channel(StrEnum):
    """How a request for help reached the team."""

    HOTLINE = "hotline"
    ONLINE_PLATFORM = "online_platform"
    WECHAT_GROUP = "wechat_group"
    COMMUNITY_COMMITTEE = "community_committee"
    WALK_IN = "walk_in"
    PARTNER_REFERRAL = "partner_referral"
    OUTREACH = "outreach"


class Risk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RISK_RANK[self]


_RISK_RANK = {Risk.LOW: 0, Risk.MEDIUM: 1, Risk.HIGH: 2, Risk.CRITICAL: 3}


class ServiceKind(StrEnum):
    PHONE_FOLLOW_UP = "phone_follow_up"
    HOME_VISIT = "home_visit"
    DELIVERY = "delivery"
    MEDICAL_ESCORT = "medical_escort"
    COUNSELLING = "counselling"
    PURCHASE_ON_BEHALF = "purchase_on_behalf"
    OTHER = "other"


class TaskKind(StrEnum):
    """What a volunteer's errand (task) is: the service kinds, and errands of daily life."""

    PHONE_FOLLOW_UP = "phone_follow_up"
    HOME_VISIT = "home_visit"
    DELIVERY = "delivery"
    MEDICAL_ESCORT = "medical_escort"
    COUNSELLING = "counselling"
    PURCHASE_ON_BEHALF = "purchase_on_behalf"
    BILL_PAYMENT = "bill_payment"
    PARCELS = "parcels"
    LAUNDRY = "laundry"
    HAIRCUT = "haircut"
    COMPANIONSHIP = "companionship"
    OTHER = "other"


class TaskStatus(StrEnum):
    OPEN = "open"  # made, not offered to anyone (or declined, or handed back)
    OFFERED = "offered"  # offered to one volunteer, or to the team's pool
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.OFFERED, TaskStatus.ACCEPTED)


class ClosureOutcome(StrEnum):
    RESOLVED = "resolved"
    REFERRED_OUT = "referred_out"
    NO_LONGER_NEEDED = "no_longer_needed"
    UNREACHABLE = "unreachable"
    DECLINED_SERVICE = "declined_service"
    DUPLICATE = "duplicate"
    DECEASED = "deceased"
    OTHER = "other"


INTAKE_CLOSURE_OUTCOMES = (
    ClosureOutcome.DUPLICATE,
    ClosureOutcome.NO_LONGER_NEEDED,
    ClosureOutcome.UNREACHABLE,
)


class Status(StrEnum):
    INTAKE = "intake"
    ASSESSED = "assessed"
    ACTIVE = "active"
    PENDING_CLOSURE = "pending_closure"
    CLOSED = "closed"


OPEN_STATUSES = (Status.INTAKE, Status.ASSESSED, Status.ACTIVE, Status.PENDING_CLOSURE)


class ReferralStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


OPEN_REFERRAL_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class ReferralOutcome(StrEnum):
    SERVICE_PROVIDED = "service_provided"
    PARTIALLY_PROVIDED = "partially_provided"
    CLIENT_NO_SHOW = "client_no_show"
    CLIENT_DECLINED = "client_declined"
    NOT_ELIGIBLE = "not_eligible"
    NO_CAPACITY = "no_capacity"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class ConsentMethod(StrEnum):
    VERBAL = "verbal"
    WRITTEN = "written"
    GUARDIAN = "guardian"


class TeamLevel(StrEnum):
    """The area a team covers (docs/domain.md §1): a district 区, a street 街道/镇 or a
    community 社区/村."""

    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"


class OrganisationKind(StrEnum):
    FOUNDATION = "foundation"
    NGO = "ngo"
    COMPANY = "company"
    GOVERNMENT = "government"


class DeadlineState(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
