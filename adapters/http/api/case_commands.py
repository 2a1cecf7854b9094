"""The commands of SPEC §4: intake, the case's life, referrals and bulk reassignment.

Each route translates its request body into one command (service/commands.py) and
answers the case as the command left it (a partner answering a referral gets its partner
view of the referral instead), with `ETag` and `X-Position`. Each route is given a
`Commanding` (a Litestar dependency: the caller, the container, `run`) and guarded by
the roles that may call it; If-Match and Idempotency-Key: commanding.py.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from litestar import Response, Router, post
from litestar.params import FromPath, JSONBody

from adapters.http.api.bulk_commands import reassign_cases
from adapters.http.api.commanding import (
    ANSWER_HEADERS,
    COMMANDING,
    CREATED_HEADERS,
    ON_A_CASE,
    ON_NEW,
    Commanding,
    CommandingDependency,
    Render,
)
from adapters.http.api.reading import allow
from adapters.http.api.referrals import seen_by
from adapters.http.errors import problems
from adapters.http.render import case_out
from adapters.http.schemas.requests import (
    AssessmentIn,
    AssignIn,
    CloseIn,
    ClosureDecisionIn,
    CompleteIn,
    ConsentIn,
    EmptyIn,
    FollowUpDoneIn,
    NoteIn,
    OpenCaseIn,
    ReasonIn,
    ReferralIn,
    ServiceIn,
    TransferDecisionIn,
    TransferIn,
)
from adapters.http.schemas.responses import CaseOut, DuplicateOut, ReferralOut
from domain.case import Assessment
from domain.values import Consent, ResidentDetails, ResidentProfile
from domain.vocabulary import CASE_SIDE_ROLES, Role
from service.cases import CommandResult, OpenCase
from service.commands import (
    AcceptReferral,
    AddNote,
    Assess,
    Assign,
    Claim,
    Close,
    CompleteReferral,
    DecideClosure,
    DecideTransfer,
    DeclineReferral,
    EraseCase,
    LogService,
    MarkFollowUpDone,
    RecordConsent,
    Reopen,
    RequestTransfer,
    SendReferral,
    WithdrawReferral,
)

# Who may give each command at all (SPEC §1); scope and rules are the service's.
CASE_SIDE = CASE_SIDE_ROLES
SUPERVISORS = (Role.SUPERVISOR,)
PARTNERS = (Role.PARTNER,)
CasePath = FromPath[UUID]
ReferralPath = FromPath[UUID]
COMMAND: dict[str, Any] = {"tags": ["case commands"], "sync_to_thread": True}
ON_CASE: dict[str, Any] = {
    **COMMAND, "status_code": 200, "response_headers": ANSWER_HEADERS,
    "responses": problems(400, 401, 403, 404, 409, 412, 413, 422),
}


def case_body(result: CommandResult) -> CaseOut:
    return case_out(result.case, referral_id=result.referral_id)


def assessment_of(data: AssessmentIn) -> Assessment:
    return Assessment(risk=data.risk, needs=tuple(data.needs), notes=data.notes,
                      plan=data.plan, follow_up_due=data.follow_up_due)


def intake_of(data: OpenCaseIn) -> OpenCase:
    resident = data.resident
    contact = resident.emergency_contact
    return OpenCase(
        team=data.team, channel=data.channel,
        profile=ResidentProfile(
            birth_year=resident.birth_year, gender=resident.gender,
            district=resident.address.district, street=resident.address.street,
            community=resident.address.community, lives_alone=resident.lives_alone),
        details=ResidentDetails(
            name=resident.name, phone=resident.phone, id_number=resident.id_number,
            address_detail=resident.address.detail,
            emergency_contact_name=contact.name if contact else None,
            emergency_contact_phone=contact.phone if contact else None,
            emergency_contact_relation=contact.relation if contact else None),
        request=data.request, vulnerabilities=tuple(data.vulnerabilities),
        needs=tuple(data.needs),
        consent=Consent(given=data.consent.given, method=data.consent.method),
        assessment=assessment_of(data.assessment) if data.assessment else None,
    )


# intake ------------------------------------------------------------------------
@post("/api/v1/cases", guards=[allow(*CASE_SIDE)],
      operation_id="openCase", **COMMAND, status_code=201,
      response_headers=CREATED_HEADERS,
      responses=problems(400, 401, 403, 409, 413, 422),
      summary="Open a case (intake)",
      description="201 with `Location`, `ETag` and `X-Position`. `possible_duplicates` lists "
                  "open cases of the caller's team with the same phone or ID number. With "
                  "an `assessment` (hotline triage) the case starts `assessed`.")
def open_case(commanding: CommandingDependency, data: JSONBody[OpenCaseIn]) -> Response[CaseOut]:
    caller, container = commanding.caller, commanding.container

    def render(result: CommandResult) -> CaseOut:
        found = container.queries.possible_duplicates(
            caller, data.resident.phone, data.resident.id_number, exclude=result.case.id)
        return msgspec.structs.replace(case_body(result), possible_duplicates=[
            DuplicateOut(id=row.case_id, reference=row.reference) for row in found])

    return commanding.run("open_case", data, lambda: intake_of(data), render, status=201,
                   locate=lambda r: f"/api/v1/cases/{r.case.id}", conditional=False)


# the case's life -------------------------------------------------------------------
@post("/api/v1/cases/{case_id:uuid}/assess", guards=[allow(*CASE_SIDE)],
      operation_id="assessCase", **ON_CASE,
      summary="Assess: risk, confirmed needs, plan and next follow-up")
def assess(commanding: CommandingDependency, case_id: CasePath,
           data: JSONBody[AssessmentIn]) -> Response[CaseOut]:
    return commanding.run("assess", data, lambda: Assess(case_id, assessment_of(data)),
                   case_body)


@post("/api/v1/cases/{case_id:uuid}/assign", guards=[allow(*SUPERVISORS)],
      operation_id="assignCase", **ON_CASE,
      summary="Assign or reassign to a worker of the case's team (supervisor)",
      description="A reassignment names a reason.")
def assign(commanding: CommandingDependency, case_id: CasePath,
           data: JSONBody[AssignIn]) -> Response[CaseOut]:
    return commanding.run("assign", data,
                   lambda: Assign(case_id, data.worker_id, data.reason), case_body)


@post("/api/v1/cases/{case_id:uuid}/claim", guards=[allow(*CASE_SIDE)],
      operation_id="claimCase", **ON_CASE,
      summary="Take an unassigned, assessed case of your team",
      description="The body is empty: `{}` or none.")
def claim(commanding: CommandingDependency, case_id: CasePath,
          data: JSONBody[EmptyIn | None] = None) -> Response[CaseOut]:
    return commanding.run("claim", data or EmptyIn(), lambda: Claim(case_id), case_body)


@post("/api/v1/cases/{case_id:uuid}/notes", guards=[allow(*CASE_SIDE)],
      operation_id="addNote", **ON_CASE,
      summary="Add a note")
def add_note(commanding: CommandingDependency, case_id: CasePath,
             data: JSONBody[NoteIn]) -> Response[CaseOut]:
    return commanding.run("add_note", data, lambda: AddNote(case_id, data.text), case_body)


@post("/api/v1/cases/{case_id:uuid}/follow-up-done", guards=[allow(*CASE_SIDE)],
      operation_id="markFollowUpDone",
      **ON_CASE, summary="Mark the planned follow-up done and set the next one",
      description="An assessed or active case; `next_follow_up_due` is not in the past and "
                  "within a year.")
def mark_follow_up_done(commanding: CommandingDependency, case_id: CasePath,
                        data: JSONBody[FollowUpDoneIn]) -> Response[CaseOut]:
    return commanding.run("follow_up_done", data, lambda: MarkFollowUpDone(
        case_id, data.next_follow_up_due, data.note), case_body)


@post("/api/v1/cases/{case_id:uuid}/services", guards=[allow(*CASE_SIDE)],
      operation_id="logService", **ON_CASE,
      summary="Log a service delivered: kind, description, when, minutes")
def log_service(commanding: CommandingDependency, case_id: CasePath,
                data: JSONBody[ServiceIn]) -> Response[CaseOut]:
    return commanding.run("log_service", data, lambda: LogService(
        case_id, data.kind, data.description, data.delivered_at, data.minutes), case_body)


@post("/api/v1/cases/{case_id:uuid}/referrals", guards=[allow(*CASE_SIDE)],
      operation_id="sendReferral",
      **{**ON_CASE, "status_code": 201, "response_headers": CREATED_HEADERS},
      summary="Refer the case to an organisation",
      description="201 with `referral_id` and the case; `Location` is the referral. Needs "
                  "the resident's consent to share. The partner answers by its "
                  "`respond_by`: `respond_within_hours` (1–720) after sending, or the "
                  "team's reply time (72 hours unless set otherwise).")
def send_referral(commanding: CommandingDependency, case_id: CasePath,
                  data: JSONBody[ReferralIn]) -> Response[CaseOut]:
    within = (timedelta(hours=data.respond_within_hours)
              if data.respond_within_hours is not None else None)
    return commanding.run("send_referral", data, lambda: SendReferral(
        case_id, data.organisation_id, data.service, data.note, within), case_body, status=201,
        locate=lambda r: f"/api/v1/referrals/{r.referral_id}")


@post("/api/v1/cases/{case_id:uuid}/close", guards=[allow(*CASE_SIDE)],
      operation_id="closeCase", **ON_CASE,
      summary="Close, or request closure of a high/critical case (worker)",
      description="A worker closing a `high` or `critical` case leaves it `pending_closure` "
                  "for a supervisor's decision. `duplicate_of` links the original of a "
                  "`duplicate`.")
def close(commanding: CommandingDependency, case_id: CasePath,
          data: JSONBody[CloseIn]) -> Response[CaseOut]:
    return commanding.run("close", data, lambda: Close(
        case_id, data.outcome, data.summary, data.duplicate_of), case_body)


@post("/api/v1/cases/{case_id:uuid}/closure-decision", guards=[allow(*SUPERVISORS)],
      operation_id="decideClosure",
      **ON_CASE, summary="Approve or reject a requested closure (supervisor)")
def decide_closure(commanding: CommandingDependency, case_id: CasePath,
                   data: JSONBody[ClosureDecisionIn]) -> Response[CaseOut]:
    return commanding.run("decide_closure", data, lambda: DecideClosure(
        case_id, data.approve, data.comment), case_body)


@post("/api/v1/cases/{case_id:uuid}/reopen", guards=[allow(*SUPERVISORS)],
      operation_id="reopenCase", **ON_CASE,
      summary="Reopen a closed case, with a reason (supervisor)")
def reopen(commanding: CommandingDependency, case_id: CasePath,
           data: JSONBody[ReasonIn]) -> Response[CaseOut]:
    return commanding.run("reopen", data, lambda: Reopen(case_id, data.reason), case_body)


@post("/api/v1/cases/{case_id:uuid}/erase", guards=[allow(*SUPERVISORS)],
      operation_id="eraseCase", **ON_CASE,
      summary="Erase the resident's personal data for good, with a reason (supervisor)",
      description="Crypto-shredding: the case's data key is destroyed, so its personal "
                  "data cannot be read from any event, view or backup again; the case and "
                  "its non-personal history stay, personal values read `[erased]`. The "
                  "reason is kept in the history: it must not name the resident.")
def erase(commanding: CommandingDependency, case_id: CasePath,
          data: JSONBody[ReasonIn]) -> Response[CaseOut]:
    return commanding.run("erase", data, lambda: EraseCase(case_id, data.reason), case_body)


@post("/api/v1/cases/{case_id:uuid}/consent", guards=[allow(*CASE_SIDE)],
      operation_id="recordConsent", **ON_CASE,
      summary="Record consent to share (`given: true` with a method) or withdraw it",
      description="Withdrawing consent withdraws the case's open referrals.")
def record_consent(commanding: CommandingDependency, case_id: CasePath,
                   data: JSONBody[ConsentIn]) -> Response[CaseOut]:
    return commanding.run("record_consent", data, lambda: RecordConsent(
        case_id, data.given, data.method), case_body)


@post("/api/v1/cases/{case_id:uuid}/transfer", guards=[allow(*SUPERVISORS)],
      operation_id="requestTransfer", **ON_CASE,
      summary="Request the case's transfer to another team (supervisor)")
def request_transfer(commanding: CommandingDependency, case_id: CasePath,
                     data: JSONBody[TransferIn]) -> Response[CaseOut]:
    return commanding.run("request_transfer", data, lambda: RequestTransfer(
        case_id, data.to_team, data.reason), case_body)


@post("/api/v1/cases/{case_id:uuid}/transfer-decision", guards=[allow(*SUPERVISORS)],
      operation_id="decideTransfer",
      **ON_CASE, summary="Accept or decline a transfer (supervisor of the receiving team)")
def decide_transfer(commanding: CommandingDependency, case_id: CasePath,
                    data: JSONBody[TransferDecisionIn]) -> Response[CaseOut]:
    return commanding.run("decide_transfer", data, lambda: DecideTransfer(
        case_id, data.accept, data.comment), case_body)


# referrals -------------------------------------------------------------------------
def referral_body(commanding: Commanding) -> Render:
    """A partner sees its view of the referral; the case's side sees the case."""
    caller = commanding.caller
    if caller.role is not Role.PARTNER:
        return case_body
    queries = commanding.container.queries

    def render(result: CommandResult) -> ReferralOut:
        assert result.referral is not None
        return seen_by(caller, queries, result.referral)

    return render


REFERRAL_ANSWER = "The case (the case's side), or the partner's view of the referral."


@post("/api/v1/referrals/{referral_id:uuid}/accept", guards=[allow(*PARTNERS)],
      operation_id="acceptReferral",
      **ON_CASE, summary="Accept a referral (the receiving organisation)",
      description=REFERRAL_ANSWER)
def accept_referral(commanding: CommandingDependency, referral_id: ReferralPath,
                    data: JSONBody[EmptyIn | None] = None) -> Response[CaseOut | ReferralOut]:
    return commanding.run("accept_referral", data or EmptyIn(),
                   lambda: AcceptReferral(referral_id),
                   referral_body(commanding))


@post("/api/v1/referrals/{referral_id:uuid}/decline", guards=[allow(*PARTNERS)],
      operation_id="declineReferral",
      **ON_CASE, summary="Decline a referral, with a reason (the receiving organisation)",
      description=REFERRAL_ANSWER)
def decline_referral(commanding: CommandingDependency, referral_id: ReferralPath,
                     data: JSONBody[ReasonIn]) -> Response[CaseOut | ReferralOut]:
    return commanding.run("decline_referral", data,
                   lambda: DeclineReferral(referral_id, data.reason),
                   referral_body(commanding))


@post("/api/v1/referrals/{referral_id:uuid}/complete", guards=[allow(*PARTNERS)],
      operation_id="completeReferral",
      **ON_CASE, summary="Complete an accepted referral with its outcome (the organisation)",
      description=REFERRAL_ANSWER)
def complete_referral(commanding: CommandingDependency, referral_id: ReferralPath,
                      data: JSONBody[CompleteIn]) -> Response[CaseOut | ReferralOut]:
    return commanding.run("complete_referral", data, lambda: CompleteReferral(
        referral_id, data.outcome, data.delivered, Decimal(data.value_cny),
        data.people_helped), referral_body(commanding))


@post("/api/v1/referrals/{referral_id:uuid}/withdraw", guards=[allow(*CASE_SIDE)],
      operation_id="withdrawReferral",
      **ON_CASE, summary="Withdraw a referral, with a reason (the case's side)")
def withdraw_referral(commanding: CommandingDependency, referral_id: ReferralPath,
                      data: JSONBody[ReasonIn]) -> Response[CaseOut]:
    return commanding.run("withdraw_referral", data,
                   lambda: WithdrawReferral(referral_id, data.reason), case_body)


# Routers only to declare the If-Match and Idempotency-Key headers on their routes (a
# route handler itself takes no `parameters`).
HANDLERS: list[Any] = [
    Router(path="/", parameters=ON_NEW, dependencies=COMMANDING,
           route_handlers=[open_case, reassign_cases]),
    Router(path="/", parameters=ON_A_CASE, dependencies=COMMANDING, route_handlers=[
        assess, assign, claim, add_note, log_service, send_referral, close, decide_closure,
        reopen, erase, record_consent, request_transfer, decide_transfer, accept_referral,
        decline_referral, complete_referral, withdraw_referral, mark_follow_up_done,
    ]),
]
