"""Request bodies. Unknown fields are refused (no mass assignment), and every bound of
docs/domain.md §2 is part of the published schema, so bad input never reaches the domain."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from domain.vocabulary import (
    Channel,
    ClosureOutcome,
    ConsentMethod,
    Gender,
    Need,
    OrganisationKind,
    ReferralOutcome,
    Risk,
    Role,
    ServiceKind,
    TaskKind,
    TeamLevel,
    Vulnerability,
)

Name = Annotated[str, Meta(min_length=1, max_length=100)]
Text = Annotated[str, Meta(min_length=1, max_length=4000)]
OptionalText = Annotated[str, Meta(max_length=4000)] | None
Short = Annotated[str, Meta(min_length=1, max_length=200)]
Place = Annotated[str, Meta(max_length=100)]
# Phones and ID numbers as people type them (decision 0022): full-width forms, brackets
# round an area code, an extension (转 8012, ext. 8012); the domain folds and checks them
# and stores the canonical form.
_PHONE_CHARS = r"[\s0-9０-９+＋\-－‐–—()（）.．#＃转轉分机機EeXxTt:：]"
Phone = Annotated[str, Meta(min_length=5, max_length=40,
                            pattern=rf"^{_PHONE_CHARS}*[0-9０-９]{_PHONE_CHARS}*$")]
IdNumber = Annotated[str, Meta(min_length=6, max_length=40,
                               pattern=r"^[0-9A-Za-z０-９Ａ-Ｚａ-ｚ\s　]+$")]
TeamCode = Annotated[str, Meta(min_length=2, max_length=10, pattern=r"^[A-Z][A-Z0-9]+$")]
Username = Annotated[str, Meta(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$")]
Password = Annotated[str, Meta(min_length=8, max_length=256)]
BirthYear = Annotated[int, Meta(ge=1890, le=2100)]
Minutes = Annotated[int, Meta(ge=0, le=1440)]
People = Annotated[int, Meta(ge=0, le=100_000)]
Money = Annotated[
    str, Meta(pattern=r"^[0-9]{1,9}(\.[0-9]{1,2})?$", description="CNY, e.g. \"500.00\"")
]
Vulnerabilities = Annotated[list[Vulnerability], Meta(max_length=12)]
Needs = Annotated[list[Need], Meta(max_length=11)]


class Request(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body."""


class LoginIn(Request, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=64)]
    password: Annotated[str, Meta(min_length=1, max_length=256)]


class PasswordChangeIn(Request, kw_only=True):
    current_password: Annotated[str, Meta(min_length=1, max_length=256)]
    new_password: Annotated[str, Meta(min_length=1, max_length=256)]


class AddressIn(Request, kw_only=True):
    district: Place = ""
    street: Place = ""
    community: Place = ""
    detail: Annotated[str, Meta(max_length=200)] | None = None


class EmergencyContactIn(Request, kw_only=True):
    name: Name
    phone: Phone
    relation: Annotated[str, Meta(max_length=100)] | None = None


class ResidentIn(Request, kw_only=True):
    name: Name
    phone: Phone
    id_number: IdNumber | None = None
    birth_year: BirthYear | None = None
    gender: Gender = Gender.UNKNOWN
    address: AddressIn = msgspec.field(default_factory=AddressIn)
    lives_alone: bool = False
    emergency_contact: EmergencyContactIn | None = None


class ConsentIn(Request, kw_only=True):
    given: bool
    method: ConsentMethod | None = None


class AssessmentIn(Request, kw_only=True):
    risk: Risk
    needs: Annotated[list[Need], Meta(min_length=1, max_length=11)]
    notes: OptionalText = None
    plan: Text
    follow_up_due: date


class OpenCaseIn(Request, kw_only=True):
    team: TeamCode
    channel: Channel
    resident: ResidentIn
    vulnerabilities: Vulnerabilities = msgspec.field(default_factory=list)
    needs: Needs = msgspec.field(default_factory=list)
    request: Text
    consent: ConsentIn
    assessment: AssessmentIn | None = None


class AssignIn(Request, kw_only=True):
    worker_id: UUID
    reason: OptionalText = None


class NoteIn(Request, kw_only=True):
    text: Text


class FollowUpDoneIn(Request, kw_only=True):
    next_follow_up_due: date
    note: OptionalText = None


class ServiceIn(Request, kw_only=True):
    kind: ServiceKind
    description: Text
    delivered_at: datetime
    minutes: Minutes


class ReferralIn(Request, kw_only=True):
    organisation_id: UUID
    service: Short
    note: OptionalText = None
    # Issue 14: its own reply time, in place of the team's: 1 to 720 hours (the domain
    # refuses others with a 422; the schema only a negative or absurd number).
    respond_within_hours: Annotated[int, Meta(ge=0, le=1_000_000)] | None = None


class CloseIn(Request, kw_only=True):
    outcome: ClosureOutcome
    summary: Text
    duplicate_of: UUID | None = None


class ClosureDecisionIn(Request, kw_only=True):
    approve: bool
    comment: OptionalText = None


class ReasonIn(Request, kw_only=True):
    reason: Text


class TransferIn(Request, kw_only=True):
    to_team: TeamCode
    reason: Text


class TransferDecisionIn(Request, kw_only=True):
    accept: bool
    comment: OptionalText = None


class BulkReassignIn(Request, kw_only=True):
    case_ids: Annotated[list[UUID], Meta(max_length=500)] | None = None
    from_worker_id: UUID | None = None
    to_worker_id: UUID
    reason: Text


class EmptyIn(Request, kw_only=True):
    pass


class CompleteIn(Request, kw_only=True):
    outcome: ReferralOutcome
    delivered: Text
    value_cny: Money
    people_helped: People


class TeamIn(Request, kw_only=True):
    code: TeamCode
    name: Name
    district: Place = ""
    # The area the team covers (docs/domain.md §1): with `level`, each name down to it.
    level: TeamLevel | None = None
    street: Place = ""
    community: Place = ""
    duty_phone: Phone | None = None  # issue 12: whom partners call back
    parent: TeamCode | None = None  # the team above it (decision 0030)


class DutyPhoneIn(Request, kw_only=True):
    duty_phone: Phone | None


class ParentIn(Request, kw_only=True):
    parent: TeamCode | None  # null: the team stands at the top of the tree


# Minutes of a team's deadline: the domain's bounds (a time to assign 10 minutes to 90
# days, the others 1 hour to 30 days) refuse others with a 422 that names them; the
# schema only a negative or absurd number.
DeadlineMinutes = Annotated[int, Meta(ge=0, le=100_000_000)] | None


class TeamDeadlinesIn(Request, kw_only=True):
    """A team's own deadlines, in minutes; a value left out or null is the deployment's."""

    assign_critical_minutes: DeadlineMinutes = None
    assign_high_minutes: DeadlineMinutes = None
    assign_medium_minutes: DeadlineMinutes = None
    assign_low_minutes: DeadlineMinutes = None
    assign_unassessed_minutes: DeadlineMinutes = None
    follow_up_warning_minutes: DeadlineMinutes = None
    referral_reply_minutes: DeadlineMinutes = None


class OrganisationIn(Request, kw_only=True):
    name: Name
    kind: OrganisationKind


class PasswordIn(Request, kw_only=True):
    password: Password


class MembershipIn(Request, kw_only=True):
    role: Role
    team: TeamCode | None = None
    organisation_id: UUID | None = None


# A volunteer's teams (the account's team first) and the errands they do (none: any).
VolunteerTeams = Annotated[list[TeamCode], Meta(max_length=20)]
ErrandKinds = Annotated[list[TaskKind], Meta(max_length=len(TaskKind))]


class UserIn(Request, kw_only=True):
    username: Username
    password: Password
    display_name: Name
    role: Role
    team: TeamCode | None = None
    organisation_id: UUID | None = None
    # A volunteer's (issue 14; any other role: 422 `volunteer_only`): their further teams,
    # where they live (errands are offered nearest first) and the errands they do.
    teams: VolunteerTeams | None = None
    district: Place | None = None
    street: Place | None = None
    community: Place | None = None
    errand_kinds: ErrandKinds | None = None


class VolunteerIn(Request, kw_only=True):
    """A volunteer's whole profile, as `UserOut.volunteer` shows it; `available` left out
    keeps it as it is."""

    teams: Annotated[list[TeamCode], Meta(min_length=1, max_length=20)]
    district: Place = ""
    street: Place = ""
    community: Place = ""
    errand_kinds: ErrandKinds = []
    available: bool | None = None


class AvailabilityIn(Request, kw_only=True):
    available: bool
