"""One deterministic sample of every stored event type, for the stored-format tests.

Fixed ids, fixed UTC times, and values of every kind an event carries (UUID, Decimal,
date, aware datetime, enums, tuples, nested ActorRef/ResidentProfile/Consent, None).
The resident's personal values are distinctive strings, so a test can tell whether
any of them leaked out of an event's `personal` field.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import ModuleType
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain import campaign as campaign_module
from domain import case as case_module
from domain import identity as identity_module
from domain import sequence as sequence_module
from domain.campaign import CallOutcome, Campaign, Contact
from domain.case import Assessment, Case
from domain.checkins import Every
from domain.deadline_policy import DeadlineOverrides
from domain.identity import Directory, Organisation, Team, User
from domain.sequence import ReferenceSequence, ReferralLink, TaskLink
from domain.values import Actor, ActorRef, Consent, ResidentDetails, ResidentProfile
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
    Via,
    Vulnerability,
)
from service import idempotency as idempotency_module
from service.idempotency import IdempotencyRecord

E = TypeVar("E", bound=Aggregate.Event)

DOMAIN_MODULES: tuple[ModuleType, ...] = (case_module, identity_module, sequence_module,
                                          idempotency_module, campaign_module)

CASE_ID = UUID("c0000000-0000-4000-8000-000000000001")
OTHER_CASE_ID = UUID("c0000000-0000-4000-8000-000000000002")
WORKER_ID = UUID("a0000000-0000-4000-8000-000000000001")
OTHER_WORKER_ID = UUID("a0000000-0000-4000-8000-000000000002")
SUPERVISOR_ID = UUID("a0000000-0000-4000-8000-000000000003")
PARTNER_ID = UUID("a0000000-0000-4000-8000-000000000004")
ADMIN_ID = UUID("a0000000-0000-4000-8000-000000000005")
ORGANISATION_ID = UUID("b0000000-0000-4000-8000-000000000001")
REFERRAL_ID = UUID("d0000000-0000-4000-8000-000000000001")
TEAM_ID = UUID("e0000000-0000-4000-8000-000000000001")
USER_ID = UUID("e0000000-0000-4000-8000-000000000002")
DIRECTORY_ID = UUID("e0000000-0000-4000-8000-000000000003")
SEQUENCE_ID = UUID("f0000000-0000-4000-8000-000000000001")
TASK_ID = UUID("d1000000-0000-4000-8000-000000000001")
VOLUNTEER_ID = UUID("a0000000-0000-4000-8000-000000000006")

WORKER = ActorRef(id=WORKER_ID, role=Role.WORKER)
SUPERVISOR = ActorRef(id=SUPERVISOR_ID, role=Role.SUPERVISOR)
PARTNER = ActorRef(id=PARTNER_ID, role=Role.PARTNER)
ADMIN = ActorRef(id=ADMIN_ID, role=Role.ADMIN)
VOLUNTEER = ActorRef(id=VOLUNTEER_ID, role=Role.VOLUNTEER)
SYSTEM = ActorRef(id=UUID(int=0), role=Role.SYSTEM)

START = datetime(2022, 4, 1, 8, 0, tzinfo=UTC)

# The resident's personal data, as given at intake (invented, distinctive values).
RESIDENT_NAME = "张秀英"
RESIDENT_PHONE = "138 0013 8000"
RESIDENT_ID_NUMBER = "31011519420315002X"
RESIDENT_PERSONAL: dict[str, str | None] = {
    "name": RESIDENT_NAME,
    "phone": RESIDENT_PHONE,
    "id_number": RESIDENT_ID_NUMBER,
    "address_detail": "金杨新村 12号楼 502室",
    "emergency_contact_name": "李建国",
    "emergency_contact_phone": "139 0177 2244",
    "emergency_contact_relation": "儿子",
    "request": "帕金森病特需处方药需从医院取回，家属被封控在小区外",
}


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def make(event_class: type[E], **fields: Any) -> E:
    """Build an event as the aggregate would (eventsourcing makes each event class a
    dataclass at run time, which type checkers cannot see)."""
    constructor: Callable[..., E] = event_class
    return constructor(**fields)


def _case_event(event_class: type[Case.Event], version: int, actor: ActorRef = WORKER,
                via: Via = Via.API, **fields: Any) -> Case.Event:
    return make(event_class, originator_id=CASE_ID, originator_version=version,
                timestamp=at(version), actor=actor, via=via, **fields)


def case_samples() -> list[Case.Event]:
    return [
        make(
            Case.Opened, originator_id=CASE_ID, originator_version=1, timestamp=at(1),
            originator_topic=get_topic(Case), actor=WORKER, via=Via.UI,
            reference="PD-2022-00042", team="PD", channel=Channel.HOTLINE,
            profile=ResidentProfile(birth_year=1942, gender=Gender.FEMALE, district="浦东新区",
                                    street="金杨街道", community="金杨新村", lives_alone=True),
            vulnerabilities=(Vulnerability.OLDER_PERSON, Vulnerability.CHRONIC_ILLNESS),
            needs=(Need.MEDICATION, Need.MEDICAL_ESCORT),
            consent=Consent(given=True, method=ConsentMethod.VERBAL),
            personal=dict(RESIDENT_PERSONAL),
        ),
        _case_event(Case.Assessed, 2, risk=Risk.HIGH, needs=(Need.MEDICATION,),
                    follow_up_due=date(2022, 4, 3),
                    personal={"notes": "独居，行动不便", "plan": "联系医院代取处方药"}),
        _case_event(Case.Assigned, 3, actor=SUPERVISOR, worker_id=OTHER_WORKER_ID,
                    previous_worker_id=WORKER_ID, personal={"reason": "原社工休假"}),
        _case_event(Case.Claimed, 4, worker_id=WORKER_ID),
        _case_event(Case.NoteAdded, 5, personal={"text": "电话确认药品名称与剂量"}),
        _case_event(Case.ServiceLogged, 6, kind=ServiceKind.MEDICAL_ESCORT,
                    delivered_at=at(5), minutes=90, personal={"description": "陪同就医取药"}),
        _case_event(Case.ConsentRecorded, 7, method=ConsentMethod.WRITTEN),
        _case_event(Case.ConsentWithdrawn, 8, method=ConsentMethod.GUARDIAN),
        _case_event(Case.ReferralSent, 9, referral_id=REFERRAL_ID,
                    organisation_id=ORGANISATION_ID, respond_by=at(9 + 72 * 60),
                    personal={"service": "送药上门", "note": "需冷链保存"}),
        _case_event(Case.ReferralAccepted, 10, actor=PARTNER, referral_id=REFERRAL_ID),
        _case_event(Case.ReferralDeclined, 11, actor=PARTNER, referral_id=REFERRAL_ID,
                    personal={"reason": "本周运力已满"}),
        _case_event(Case.ReferralExpired, 12, actor=SYSTEM, via=Via.SYSTEM,
                    referral_id=REFERRAL_ID),
        _case_event(Case.ReferralCompleted, 13, actor=PARTNER, referral_id=REFERRAL_ID,
                    outcome=ReferralOutcome.SERVICE_PROVIDED, value_cny=Decimal("1280.50"),
                    people_helped=2, personal={"delivered": "一个月用量的处方药"}),
        _case_event(Case.ReferralWithdrawn, 14, referral_id=REFERRAL_ID,
                    personal={"reason": "consent withdrawn"}),
        _case_event(Case.ClosureRequested, 15, outcome=ClosureOutcome.RESOLVED,
                    duplicate_of=None, personal={"summary": "药品已送达，需求已解决"}),
        _case_event(Case.ClosureApproved, 16, actor=SUPERVISOR, personal={"comment": None}),
        _case_event(Case.ClosureRejected, 17, actor=SUPERVISOR,
                    personal={"comment": "请先完成回访"}),
        _case_event(Case.Closed, 18, via=Via.IMPORT, outcome=ClosureOutcome.DUPLICATE,
                    duplicate_of=OTHER_CASE_ID, personal={"summary": "与另一案件重复"}),
        _case_event(Case.Reopened, 19, actor=SUPERVISOR, personal={"reason": "并非重复案件"},
                    worker_gone=False),
        _case_event(Case.TransferRequested, 20, actor=SUPERVISOR, to_team="JY",
                    personal={"reason": "由社区站就近服务"}),
        _case_event(Case.TransferAccepted, 21, actor=SUPERVISOR, from_team="PD", to_team="JY",
                    personal={"comment": "已接收"}),
        _case_event(Case.TransferDeclined, 22, actor=SUPERVISOR, personal={"comment": None}),
        _case_event(Case.Routed, 30, actor=SUPERVISOR, from_team="JD", to_team="JY",
                    personal={"reason": "由社区站就近服务"}),
        _case_event(Case.FollowUpDone, 23, via=Via.UI, follow_up_due=date(2022, 4, 3),
                    next_follow_up_due=date(2022, 4, 10), personal={"text": "血压平稳，药量够用"}),
        _case_event(Case.Erased, 24, actor=SUPERVISOR, reason="本人申请删除个人信息"),
        _case_event(Case.FollowUpPlanSet, 25, via=Via.UI, every=Every.MONTH,
                    time_of_day=time(9, 30), first=date(2022, 4, 30), until=date(2022, 12, 31),
                    day_of_month=31),
        _case_event(Case.CheckInDone, 26, due_on=date(2022, 4, 30),
                    personal={"text": "药已送到，老人精神不错"}),
        _case_event(Case.CheckInSkipped, 27, due_on=date(2022, 5, 31),
                    personal={"reason": "住院中，家属代为说明"}),
        _case_event(Case.CheckInRescheduled, 28, due_on=date(2022, 6, 30),
                    to=datetime(2022, 7, 1, 6, 0, tzinfo=UTC), to_on=date(2022, 7, 1)),
        _case_event(Case.FollowUpPlanStopped, 29),
        _case_event(Case.TaskCreated, 30, task_id=TASK_ID, kind=TaskKind.DELIVERY,
                    due_by=at(30 + 2 * 24 * 60), repeat=Every.MONTH, previous_task_id=None,
                    personal={"description": "去神经内科代取特病药", "place": "市第一人民医院"}),
        _case_event(Case.TaskOffered, 31, task_id=TASK_ID, volunteer_id=VOLUNTEER_ID),
        _case_event(Case.TaskAccepted, 32, actor=VOLUNTEER, task_id=TASK_ID,
                    volunteer_id=VOLUNTEER_ID),
        _case_event(Case.TaskDeclined, 33, actor=VOLUNTEER, task_id=TASK_ID,
                    volunteer_id=VOLUNTEER_ID, personal={"reason": "本周在外地"}),
        _case_event(Case.TaskHandedOver, 34, actor=VOLUNTEER, task_id=TASK_ID,
                    from_volunteer_id=VOLUNTEER_ID, to_volunteer_id=None,
                    personal={"reason": "身体不适"}),
        _case_event(Case.TaskCompleted, 35, actor=VOLUNTEER, via=Via.UI, task_id=TASK_ID,
                    volunteer_id=VOLUNTEER_ID, minutes=120, done_at=at(34),
                    personal={"note": "排队两小时，药已送到"}),
        _case_event(Case.TaskCancelled, 36, task_id=TASK_ID, personal={"reason": "家属代取"}),
    ]


def identity_samples() -> list[Aggregate.Event]:
    created = {"originator_version": 1, "timestamp": at(0)}
    return [
        make(Team.Registered, originator_id=TEAM_ID, **created,
             originator_topic=get_topic(Team), code="PD", name="浦东热线", district="浦东新区",
             actor=ADMIN, via=Via.API),
        make(Team.AreaDescribed, originator_id=TEAM_ID, originator_version=2,
             timestamp=at(1), level=TeamLevel.STREET, district="浦东新区", street="金杨街道",
             community="", actor=ADMIN, via=Via.UI),
        make(Team.DutyPhoneSet, originator_id=TEAM_ID, originator_version=2,
             timestamp=at(1), duty_phone="021-5888 0101", actor=ADMIN, via=Via.API),
        make(Team.DeadlinesSet, originator_id=TEAM_ID, originator_version=3,
             timestamp=at(2), overrides=DeadlineOverrides(assign_critical=30,
                                                          referral_reply=240),
             actor=ADMIN, via=Via.UI),
        make(Team.ParentSet, originator_id=TEAM_ID, originator_version=4,
             timestamp=at(2), parent="PDQ", actor=ADMIN, via=Via.UI),
        make(Organisation.Registered, originator_id=ORGANISATION_ID, **created,
             originator_topic=get_topic(Organisation), name="彩虹公益基金会",
             kind=OrganisationKind.FOUNDATION, actor=ADMIN, via=Via.UI),
        make(User.Registered, originator_id=USER_ID, **created,
             originator_topic=get_topic(User), username="wang.fang", display_name="王芳",
             role=Role.PARTNER, team=None, organisation_id=ORGANISATION_ID,
             password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
             actor=ADMIN, via=Via.API),
        make(User.PasswordChanged, originator_id=USER_ID, originator_version=2,
             timestamp=at(1), password_hash="$argon2id$v=19$m=65536,t=3,p=4$bmV3$bmV3aGFzaA",
             actor=ADMIN, via=Via.UI),
        make(User.Deactivated, originator_id=USER_ID, originator_version=3, timestamp=at(2),
             actor=ADMIN, via=Via.API),
        make(User.PasswordRehashed, originator_id=USER_ID, originator_version=4,
             timestamp=at(3), password_hash="$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3aGFzaA",
             actor=ActorRef(USER_ID, Role.PARTNER), via=Via.UI),
        make(User.MembershipChanged, originator_id=USER_ID, originator_version=5,
             timestamp=at(4), role=Role.WORKER, team="PD", organisation_id=None,
             actor=ADMIN, via=Via.UI),
        make(User.VolunteerProfileSet, originator_id=USER_ID, originator_version=6,
             timestamp=at(5), teams=("JB", "PD"), district="江北区", street="观音桥街道",
             community="建北社区", errand_kinds=(TaskKind.PURCHASE_ON_BEHALF, TaskKind.PARCELS),
             actor=ADMIN, via=Via.API),
        make(User.AvailabilitySet, originator_id=USER_ID, originator_version=7,
             timestamp=at(6), available=False, actor=ActorRef(USER_ID, Role.VOLUNTEER),
             via=Via.UI),
        make(Directory.Started, originator_id=DIRECTORY_ID, **created,
             originator_topic=get_topic(Directory), kind="users"),
        make(Directory.Added, originator_id=DIRECTORY_ID, originator_version=2,
             timestamp=at(1), member_id=USER_ID),
    ]


IDEMPOTENCY_ID = UUID("7d0f8c3e-9b1a-5c2d-8e4f-a1b2c3d4e5f6")


def sequence_samples() -> list[Aggregate.Event]:
    return [
        make(ReferenceSequence.Started, originator_id=SEQUENCE_ID, originator_version=1,
             timestamp=at(0), originator_topic=get_topic(ReferenceSequence), team="PD",
             year=2022),
        make(ReferenceSequence.Issued, originator_id=SEQUENCE_ID, originator_version=2,
             timestamp=at(1), number=42, case_id=CASE_ID),
        make(ReferralLink.Linked, originator_id=REFERRAL_ID, originator_version=1,
             timestamp=at(9), originator_topic=get_topic(ReferralLink), case_id=CASE_ID,
             organisation_id=ORGANISATION_ID),
        make(TaskLink.Linked, originator_id=TASK_ID, originator_version=1,
             timestamp=at(30), originator_topic=get_topic(TaskLink), case_id=CASE_ID,
             team="PD"),
        make(IdempotencyRecord.Recorded, originator_id=IDEMPOTENCY_ID, originator_version=1,
             timestamp=at(9), originator_topic=get_topic(IdempotencyRecord),
             fingerprint="5f" * 32, status_code=201, case_id=CASE_ID, case_version=7,
             referral_id=REFERRAL_ID, case_ids=()),
    ]


CAMPAIGN_ID = UUID("c4000000-0000-4000-8000-000000000001")
CONTACT_ID = UUID("c5000000-0000-4000-8000-000000000001")


def campaign_samples() -> list[Aggregate.Event]:
    return [
        make(Campaign.Started, originator_id=CAMPAIGN_ID, originator_version=1,
             timestamp=at(0), originator_topic=get_topic(Campaign), team="PD",
             title="80岁以上老人电话排查", description="雨花街道", by=SUPERVISOR, at=at(0)),
        make(Campaign.Closed, originator_id=CAMPAIGN_ID, originator_version=2,
             timestamp=at(9), by=SUPERVISOR, at=at(9)),
        make(Contact.Loaded, originator_id=CONTACT_ID, originator_version=1,
             timestamp=at(1), originator_topic=get_topic(Contact), campaign_id=CAMPAIGN_ID,
             team="PD", row=2, personal={"name": "Contact Name Sample",
                                         "phone": "13900009999",
                                         "address": "Contact Address Sample",
                                         "notes": "Contact Notes Sample"},
             by=SUPERVISOR, at=at(1)),
        make(Contact.Held, originator_id=CONTACT_ID, originator_version=2, timestamp=at(2),
             by=WORKER, at=at(2), until=at(32)),
        make(Contact.Called, originator_id=CONTACT_ID, originator_version=3,
             timestamp=at(3), by=WORKER, at=at(3), outcome=CallOutcome.NEED_FOUND,
             personal={"note": "Call Note Sample"}, case_id=CASE_ID, due_at=None),
        make(Contact.Erased, originator_id=CONTACT_ID, originator_version=4,
             timestamp=at(9), at=at(9)),
    ]


def all_samples() -> dict[str, Aggregate.Event]:
    """Every sample event by its topic."""
    events: list[Aggregate.Event] = [*case_samples(), *identity_samples(), *sequence_samples(),
                                     *campaign_samples()]
    return {get_topic(type(event)): event for event in events}


def _aggregates(module: ModuleType) -> Iterator[type[Aggregate]]:
    for value in vars(module).values():
        if (inspect.isclass(value) and issubclass(value, Aggregate)
                and value.__module__ == module.__name__):
            yield value


def event_classes(aggregate: type[Aggregate]) -> list[type[Aggregate.Event]]:
    """The event classes an aggregate records: its nested event classes, leaving out the
    `Event` and `Created` base classes that eventsourcing gives every aggregate."""
    return [
        value for name, value in vars(aggregate).items()
        if inspect.isclass(value) and issubclass(value, Aggregate.Event)
        and name not in ("Event", "Created")
    ]


def discovered_topics() -> set[str]:
    """The topic of every event class of every aggregate in the domain modules."""
    return {
        get_topic(event_class)
        for module in DOMAIN_MODULES
        for aggregate in _aggregates(module)
        for event_class in event_classes(aggregate)
    }


def worked_case() -> Case:
    """A case opened and worked through the domain's commands, its events not yet saved."""
    worker = Actor(id=WORKER_ID, role=Role.WORKER, team="PD")
    supervisor = Actor(id=SUPERVISOR_ID, role=Role.SUPERVISOR, team="PD")
    partner = Actor(id=PARTNER_ID, role=Role.PARTNER, organisation_id=ORGANISATION_ID)
    opened = case_samples()[0]
    assert isinstance(opened, Case.Opened)
    personal = dict(RESIDENT_PERSONAL)
    request = personal.pop("request") or ""
    details = ResidentDetails(**{k: v for k, v in personal.items() if v is not None})
    case = Case.open(
        case_id=CASE_ID, reference=opened.reference, team="PD", channel=opened.channel,
        profile=opened.profile, details=details, request=request,
        vulnerabilities=opened.vulnerabilities, needs=opened.needs, consent=opened.consent,
        assessment=Assessment(risk=Risk.HIGH, needs=(Need.MEDICATION,), notes=None,
                              plan="联系医院代取处方药", follow_up_due=date(2022, 4, 3)),
        actor=worker, via=Via.UI, at=at(0),
    )
    case.assign(worker, None, actor=supervisor, via=Via.UI, at=at(10))
    case.add_note("电话确认药品名称与剂量", actor=worker, via=Via.API, at=at(20))
    case.log_service(ServiceKind.MEDICAL_ESCORT, "陪同就医取药", at(30), 90, actor=worker,
                     via=Via.API, at=at(40))
    case.send_referral(REFERRAL_ID, ORGANISATION_ID, "送药上门", None, actor=worker,
                       via=Via.API, at=at(50))
    case.accept_referral(REFERRAL_ID, actor=partner, via=Via.API, at=at(60))
    case.complete_referral(REFERRAL_ID, ReferralOutcome.SERVICE_PROVIDED, "一个月用量的处方药",
                           Decimal("1280.50"), 2, actor=partner, via=Via.API, at=at(70))
    return case
