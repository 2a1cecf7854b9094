"""Who may call what (docs/domain.md §1, §4), as one table: every API operation × every role ×
in scope / out of scope → the status the server answers.

- anonymous: 401 on every route but the public ones;
- a role that may never call a route: 403, whatever the target (it learns nothing);
- out of scope (another team's case, another organisation's referral): 404, the same
  answer as for an id that does not exist, so existence never leaks;
- in scope: the route's success status (the target is put in the state the command needs);
- a volunteer (issue 14) never sees a case: every route under /api/v1/cases answers them
  404, in scope or not, and the case side's other routes (queues but today's list,
  referrals, reports, exports, imports, campaigns, the directory but teams) 403; their
  tasks are in scope as a team's case is to its workers.

"In scope" targets are the JB team's case and its referral to the Bright Light
Foundation (the partner `bright-light`); "out of scope" ones are a PD case and its
referral to Riverside Volunteers. A list answers 200 either way: for a list, the table's
200 means the target is listed and 404 that it is not (it is invisible, as if it did not
exist). A report or caseload names the other team, worker or organisation in its query.
A route with no scope (`getMe`, administration, the public routes) has one call per role;
the directory lists (teams, organisations, users) answer every signed-in role, and which
accounts each one sees is tests/http/test_admin_api.py's concern.

Deny by default: every operation of the OpenAPI document must have a row here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.bootstrap import build
from adapters.imports.sheets import read_sheet
from adapters.settings import Settings
from adapters.storage.ratelimit import LoginRateLimiter
from domain.checkins import Every
from domain.values import Actor
from domain.vocabulary import ClosureOutcome, Risk, Role, TaskKind
from service.clock import FixedClock
from service.commands import (
    AcceptTask,
    CommandContext,
    CreateTask,
    OfferTask,
    SetFollowUpPlan,
)
from service.identity import OPERATOR
from tests.http.conftest import Api, serving
from tests.http.spec_client import assessment, intake
from tests.integration.conftest import CHEAP_HASHER, PASSWORD, START, World, make_world

# The table --------------------------------------------------------------------------
TEAM = (200, 404)     # its own team's case or organisation's referral; another's is 404
NEW = (201, 404)      # the same, for a command that creates something
ALL = (200, 200)      # sees every team (auditors) or the call has no scope
NEVER = 403           # a role that may never call the route, in scope or not
ANON = 401            # no token
OPEN = 200            # a public route answers everyone
HIDDEN = 404          # a volunteer never sees a case: every case route, in scope or not
ROLES = ("worker", "supervisor", "partner", "auditor", "admin", "anonymous", "volunteer")
USERS = {"worker": "jb-wang", "supervisor": "jb-lead", "partner": "bright-light",
         "auditor": "mca-auditor", "admin": "sys-admin", "anonymous": None,
         "volunteer": "jb-volunteer"}

Expect = int | tuple[int, int]
MATRIX: dict[str, tuple[Expect, Expect, Expect, Expect, Expect, Expect, Expect]] = {
    # operation            worker      supervisor  partner  auditor  admin   anonymous volunteer
    "login":              (OPEN,       OPEN,       OPEN,    OPEN,    OPEN,   OPEN, OPEN),
    "healthz":            (OPEN,       OPEN,       OPEN,    OPEN,    OPEN,   OPEN, OPEN),
    "readyz":             (OPEN,       OPEN,       OPEN,    OPEN,    OPEN,   OPEN, OPEN),
    "metrics":            (OPEN,       OPEN,       OPEN,    OPEN,    OPEN,   OPEN, OPEN),
    "getMe":              (200,        200,        200,     200,     200,    ANON, 200),
    # a wrong current password: each may try to change their own, nobody's changes here
    "changeOwnPassword":  (422,        422,        422,     422,     422,    ANON, 422),
    # cases: reads
    "listCases":          (TEAM,       TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "getCase":            (TEAM,       TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "getCase?as_of":      (NEVER,      TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "getCaseHistory":     (NEVER,      TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "getCaseAccessLog":   (NEVER,      TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "getCaseDiff":        (NEVER,      TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "exportCaseHistoryJson": (NEVER,   TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "exportCaseHistoryCsv": (NEVER,    TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    # cases: commands (an intake for another team is refused outright: 403)
    "openCase":           ((201, 403), (201, 403), NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "assessCase":         (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "claimCase":          (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "addNote":            (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "markFollowUpDone":   (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "setFollowUpPlan":    (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "checkInDone":        (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "skipCheckIn":        (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "rescheduleCheckIn":  (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "getCaseCheckIns":    (TEAM,       TEAM,       NEVER,   ALL,     NEVER,  ANON, HIDDEN),
    "logService":         (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "recordConsent":      (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "sendReferral":       (NEW,        NEW,        NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "closeCase":          (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "assignCase":         (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "decideClosure":      (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "reopenCase":         (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "eraseCase":          (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "requestTransfer":    (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    # in scope: a PD case offered to JB; out: a PD case offered to a third team
    "decideTransfer":     (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    # one status per case in a 200 answer: the table reads the case's own status
    "reassignCases":      (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    # tasks (decision 0032): the target is a task of the side's team's case (a volunteer:
    # a task in their team's pool, or one they hold; another team's is 404)
    "createTask":         (NEW,        NEW,        NEVER,   NEVER,   NEVER,  ANON, HIDDEN),
    "offerTask":          (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "cancelTask":         (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "acceptTask":         (NEVER,      NEVER,      NEVER,   NEVER,   NEVER,  ANON, TEAM),
    "declineTask":        (NEVER,      NEVER,      NEVER,   NEVER,   NEVER,  ANON, TEAM),
    "handOverTask":       (NEVER,      NEVER,      NEVER,   NEVER,   NEVER,  ANON, TEAM),
    "completeTask":       (NEVER,      NEVER,      NEVER,   NEVER,   NEVER,  ANON, TEAM),
    "listTasks":          (TEAM,       TEAM,       NEVER,   ALL,     NEVER,  ANON, TEAM),
    "getTask":            (TEAM,       TEAM,       NEVER,   ALL,     NEVER,  ANON, TEAM),
    "getTaskCandidates":  (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    # volunteer hours: a supervisor's own team (another team named: 404), an auditor any,
    # a volunteer their own hours in a team of theirs
    "getVolunteerHours":  (NEVER,      TEAM,       NEVER,   ALL,     NEVER,  ANON, TEAM),
    # queues
    "getIntakeQueue":     (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    # a worker reads only their own caseload; a supervisor their team's workers'
    "getCaseload":        ((200, 403), TEAM,       NEVER,   ALL,     NEVER,  ANON, NEVER),
    # the caller's own check-ins and tasks of today: no target
    "getToday":           (200,        200,        NEVER,   NEVER,   NEVER,  ANON, 200),
    # referrals
    "listReferrals":      (TEAM,       TEAM,       TEAM,    ALL,     NEVER,  ANON, NEVER),
    "getReferral":        (TEAM,       TEAM,       TEAM,    ALL,     NEVER,  ANON, NEVER),
    "acceptReferral":     (NEVER,      NEVER,      TEAM,    NEVER,   NEVER,  ANON, NEVER),
    "declineReferral":    (NEVER,      NEVER,      TEAM,    NEVER,   NEVER,  ANON, NEVER),
    "completeReferral":   (NEVER,      NEVER,      TEAM,    NEVER,   NEVER,  ANON, NEVER),
    "withdrawReferral":   (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    # reports
    # out of scope: another organisation (the case's side: their team's referrals to it)
    "getOutcomeReport":   (ALL,        ALL,        TEAM,    ALL,     NEVER,  ANON, NEVER),
    "getDashboard":       (NEVER,      TEAM,       NEVER,   ALL,     NEVER,  ANON, NEVER),
    # exports: scoped like the lists (tests/ui/test_exports_and_print.py, tests/http)
    "exportCases":        (200,        200,        NEVER,   200,     NEVER,  ANON, NEVER),
    "exportReferrals":    (200,        200,        200,     200,     NEVER,  ANON, NEVER),
    # imports: a supervisor into their own team (another team's: 403, its imports: 404)
    "startImport":        (NEVER,      (202, 403), NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "getImport":          (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    # outreach campaigns (decision 0029): a worker outside the team is 404 before 403
    "createCampaign":     ((403, 404), NEW,        NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "listCampaigns":      (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "loadCampaignContacts": ((403, 404), TEAM,     NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "nextContacts":       (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "recordCall":         (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "campaignReport":     (TEAM,       TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "campaignUnreachable": (NEVER,     TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    "closeCampaign":      (NEVER,      TEAM,       NEVER,   NEVER,   NEVER,  ANON, NEVER),
    # administration
    "listTeams":          (200,        200,        200,     200,     200,    ANON, 200),
    "createTeam":         (NEVER,      NEVER,      NEVER,   NEVER,   201,    ANON, NEVER),
    "listOrganisations":  (200,        200,        200,     200,     200,    ANON, NEVER),
    "createOrganisation": (NEVER,      NEVER,      NEVER,   NEVER,   201,    ANON, NEVER),
    "listUsers":          (200,        200,        200,     200,     200,    ANON, NEVER),
    "createUser":         (NEVER,      NEVER,      NEVER,   NEVER,   201,    ANON, NEVER),
    "deactivateUser":     (NEVER,      NEVER,      NEVER,   NEVER,   200,    ANON, NEVER),
    "setUserPassword":    (NEVER,      NEVER,      NEVER,   NEVER,   200,    ANON, NEVER),
    "changeUserMembership": (NEVER,    NEVER,      NEVER,   NEVER,   200,    ANON, NEVER),
    "setTeamDutyPhone":   (NEVER,      NEVER,      NEVER,   NEVER,   200,    ANON, NEVER),
    "setTeamDeadlines":   (NEVER,      NEVER,      NEVER,   NEVER,   200,    ANON, NEVER),
    # volunteers (issue 14): an admin records a volunteer's profile; a volunteer pauses
    "setVolunteerProfile": (NEVER,     NEVER,      NEVER,   NEVER,   200,    ANON, NEVER),
    "setOwnAvailability": (NEVER,      NEVER,      NEVER,   NEVER,   NEVER,  ANON, 200),
    "setTeamParent":      (NEVER,      NEVER,      NEVER,   NEVER,   200,    ANON, NEVER),
    # notifications: everyone has their own; one that is not the caller's is 404
    "listNotifications":  (200,        200,        200,     200,     200,    ANON, 200),
    "markNotificationRead": (404,      404,        404,     404,     404,    ANON, 404),
    "markAllNotificationsRead": (200,  200,        200,     200,     200,    ANON, 200),
}


# How each operation is called -------------------------------------------------------
PLANNED_DAY = "2022-04-10"  # START's day in Shanghai: a "planned" case's first check-in
@dataclass(frozen=True)
class Target:
    case_id: UUID
    reference: str
    referral_id: UUID | None = None


@dataclass(frozen=True)
class Side:
    """What "in scope" (JB, the foundation) or "out of scope" (PD, Riverside) names."""

    inside: bool
    team: str
    worker_id: UUID
    other_worker_id: UUID
    organisation_id: UUID


@dataclass(frozen=True)
class Call:
    method: str
    path: str                                    # {case} and {referral} are the target's
    given: str | None = None                     # the state the target must be in
    body: Callable[[Side], Any] | None = None
    query: Callable[[Side], dict[str, Any]] | None = None
    scoped: bool = True                          # False: one call, no out-of-scope variant
    lists: tuple[str, str] | None = None         # a list: (item key, target field)


def _unique(prefix: str) -> str:
    return f"{prefix}{uuid4().hex[:6]}"


CALLS: dict[str, Call] = {
    "login": Call("POST", "/api/v1/auth/login", scoped=False),  # body: the caller's own log-in
    "healthz": Call("GET", "/healthz", scoped=False),
    "readyz": Call("GET", "/readyz", scoped=False),
    "metrics": Call("GET", "/metrics", scoped=False),
    "getMe": Call("GET", "/api/v1/me", scoped=False),
    "changeOwnPassword": Call("POST", "/api/v1/me/password", scoped=False, body=lambda s: {
        "current_password": "not the password", "new_password": "a new password 1"}),
    "listCases": Call("GET", "/api/v1/cases", "active", query=lambda s: {"q": "{reference}"},
                      lists=("id", "case_id")),
    "getCase": Call("GET", "/api/v1/cases/{case}", "active"),
    "getCase?as_of": Call("GET", "/api/v1/cases/{case}", "active",
                          query=lambda s: {"as_of": (START + timedelta(hours=1)).isoformat()}),
    "getCaseHistory": Call("GET", "/api/v1/cases/{case}/history", "active"),
    "getCaseAccessLog": Call("GET", "/api/v1/cases/{case}/access-log", "active"),
    "getCaseDiff": Call("GET", "/api/v1/cases/{case}/diff", "active",
                        query=lambda s: {"from": 1, "to": 2}),
    "exportCaseHistoryJson": Call("GET", "/api/v1/cases/{case}/history.json", "active"),
    "exportCaseHistoryCsv": Call("GET", "/api/v1/cases/{case}/history.csv", "active"),
    "openCase": Call("POST", "/api/v1/cases", body=lambda s: intake(s.team)),
    "assessCase": Call("POST", "/api/v1/cases/{case}/assess", "intake",
                       body=lambda s: assessment("medium", START.date() + timedelta(days=1))),
    "claimCase": Call("POST", "/api/v1/cases/{case}/claim", "assessed", body=lambda s: {}),
    "addNote": Call("POST", "/api/v1/cases/{case}/notes", "active",
                    body=lambda s: {"text": "Phoned the pharmacy"}),
    "markFollowUpDone": Call("POST", "/api/v1/cases/{case}/follow-up-done", "active",
                             body=lambda s: {"next_follow_up_due": (
                                 START.date() + timedelta(days=7)).isoformat()}),
    "setFollowUpPlan": Call("PUT", "/api/v1/cases/{case}/follow-up-plan", "active",
                            body=lambda s: {"every": "day", "at": "10:00"}),
    "checkInDone": Call("POST", f"/api/v1/cases/{{case}}/check-ins/{PLANNED_DAY}/done",
                        "planned", body=lambda s: {"note": "体温正常"}),
    "skipCheckIn": Call("POST", f"/api/v1/cases/{{case}}/check-ins/{PLANNED_DAY}/skip",
                        "planned", body=lambda s: {"reason": "住院"}),
    "rescheduleCheckIn": Call(
        "POST", f"/api/v1/cases/{{case}}/check-ins/{PLANNED_DAY}/reschedule", "planned",
        body=lambda s: {"to": (START + timedelta(hours=3)).isoformat()}),
    "getCaseCheckIns": Call("GET", "/api/v1/cases/{case}/check-ins", "planned"),
    "getToday": Call("GET", "/api/v1/queues/today", scoped=False),
    "logService": Call("POST", "/api/v1/cases/{case}/services", "active", body=lambda s: {
        "kind": "medical_escort", "description": "Escort to the clinic",
        "delivered_at": START.isoformat(), "minutes": 90}),
    "recordConsent": Call("POST", "/api/v1/cases/{case}/consent", "active",
                          body=lambda s: {"given": False, "method": None}),
    "sendReferral": Call("POST", "/api/v1/cases/{case}/referrals", "active", body=lambda s: {
        "organisation_id": str(s.organisation_id), "service": "Food parcel"}),
    "closeCase": Call("POST", "/api/v1/cases/{case}/close", "active",
                      body=lambda s: {"outcome": "resolved", "summary": "Medicine delivered"}),
    "assignCase": Call("POST", "/api/v1/cases/{case}/assign", "assessed",
                       body=lambda s: {"worker_id": str(s.worker_id), "reason": None}),
    "decideClosure": Call("POST", "/api/v1/cases/{case}/closure-decision", "pending_closure",
                          body=lambda s: {"approve": True, "comment": None}),
    "reopenCase": Call("POST", "/api/v1/cases/{case}/reopen", "closed",
                       body=lambda s: {"reason": "She called again"}),
    "eraseCase": Call("POST", "/api/v1/cases/{case}/erase", "closed",
                      body=lambda s: {"reason": "The resident asked (PIPL art. 47)"}),
    "requestTransfer": Call("POST", "/api/v1/cases/{case}/transfer", "active",
                            body=lambda s: {"to_team": "XH", "reason": "She moved"}),
    "decideTransfer": Call("POST", "/api/v1/cases/{case}/transfer-decision", "offered",
                           body=lambda s: {"accept": True, "comment": None}),
    "reassignCases": Call("POST", "/api/v1/cases/reassign", "active", body=lambda s: {
        "case_ids": ["{case}"], "to_worker_id": str(s.other_worker_id), "reason": "Leave"}),
    "createTask": Call("POST", "/api/v1/cases/{case}/tasks", "active", body=lambda s: {
        "kind": "delivery", "description": "Fetch the 特病药",
        "due_by": (START + timedelta(days=2)).isoformat(), "place": None}),
    "offerTask": Call("POST", "/api/v1/tasks/{referral}/offer", "task",
                      body=lambda s: {"pool": True}),
    "cancelTask": Call("POST", "/api/v1/tasks/{referral}/cancel", "task",
                       body=lambda s: {"reason": "The family will go"}),
    "acceptTask": Call("POST", "/api/v1/tasks/{referral}/accept", "pooled",
                       body=lambda s: {}),
    "declineTask": Call("POST", "/api/v1/tasks/{referral}/decline", "direct",
                        body=lambda s: {"reason": "Away"}),
    "handOverTask": Call("POST", "/api/v1/tasks/{referral}/hand-over", "held",
                         body=lambda s: {"pool": True, "reason": "Ill"}),
    "completeTask": Call("POST", "/api/v1/tasks/{referral}/complete", "held",
                         body=lambda s: {"minutes": 60, "note": None}),
    "listTasks": Call("GET", "/api/v1/tasks", "pooled", query=lambda s: {"limit": 200},
                      lists=("id", "referral_id")),
    "getTask": Call("GET", "/api/v1/tasks/{referral}", "pooled"),
    "getTaskCandidates": Call("GET", "/api/v1/tasks/{referral}/candidates", "task"),
    "getVolunteerHours": Call("GET", "/api/v1/reports/volunteer-hours",
                              query=lambda s: {"team": s.team}),
    "getIntakeQueue": Call("GET", "/api/v1/queues/intake", "assessed",
                           query=lambda s: {"limit": 200}, lists=("case_id", "case_id")),
    "getCaseload": Call("GET", "/api/v1/queues/caseload",
                        query=lambda s: {"worker_id": str(s.worker_id)}),
    "listReferrals": Call("GET", "/api/v1/referrals", "referred",
                          query=lambda s: {"limit": 200}, lists=("id", "referral_id")),
    "getReferral": Call("GET", "/api/v1/referrals/{referral}", "referred"),
    "acceptReferral": Call("POST", "/api/v1/referrals/{referral}/accept", "referred",
                           body=lambda s: {}),
    "declineReferral": Call("POST", "/api/v1/referrals/{referral}/decline", "referred",
                            body=lambda s: {"reason": "No volunteers in that district"}),
    "completeReferral": Call("POST", "/api/v1/referrals/{referral}/complete", "accepted",
                             body=lambda s: {"outcome": "service_provided",
                                             "delivered": "Two food parcels",
                                             "value_cny": "300.00", "people_helped": 2}),
    "withdrawReferral": Call("POST", "/api/v1/referrals/{referral}/withdraw", "referred",
                             body=lambda s: {"reason": "The family found help"}),
    "getOutcomeReport": Call("GET", "/api/v1/referrals/outcomes",
                             query=lambda s: {"organisation_id": str(s.organisation_id)}),
    "getDashboard": Call("GET", "/api/v1/dashboard", query=lambda s: {"team": s.team}),
    "exportCases": Call("GET", "/api/v1/exports/cases", scoped=False),
    "exportReferrals": Call("GET", "/api/v1/exports/referrals", scoped=False),
    "startImport": Call("POST", "/api/v1/imports"),  # multipart: see send()
    "getImport": Call("GET", "/api/v1/imports/{import}"),
    "createCampaign": Call("POST", "/api/v1/campaigns", body=lambda s: {
        "team": s.team, "title": "80岁以上老人电话排查", "description": None}),
    "listCampaigns": Call("GET", "/api/v1/campaigns", "campaign",
                          lists=("id", "case_id")),
    "loadCampaignContacts": Call("POST", "/api/v1/campaigns/{case}/contacts", "campaign"),
    "nextContacts": Call("POST", "/api/v1/campaigns/{case}/next", "campaign",
                         body=lambda s: {"count": 1}),
    "recordCall": Call("POST", "/api/v1/contacts/{case}/calls", "contact",
                       body=lambda s: {"outcome": "reached_no_need", "note": None}),
    "campaignReport": Call("GET", "/api/v1/campaigns/{case}/report", "campaign"),
    "campaignUnreachable": Call("GET", "/api/v1/campaigns/{case}/unreachable", "campaign"),
    "closeCampaign": Call("POST", "/api/v1/campaigns/{case}/close", "campaign"),
    "listTeams": Call("GET", "/api/v1/teams", scoped=False),
    "createTeam": Call("POST", "/api/v1/teams", scoped=False, body=lambda s: {
        "code": _unique("T").upper(), "name": "新社工站", "district": "江北区"}),
    "listOrganisations": Call("GET", "/api/v1/organisations", scoped=False),
    "createOrganisation": Call("POST", "/api/v1/organisations", scoped=False,
                               body=lambda s: {"name": "Warm Meals", "kind": "ngo"}),
    "listUsers": Call("GET", "/api/v1/users", scoped=False),
    "createUser": Call("POST", "/api/v1/users", scoped=False, body=lambda s: {
        "username": _unique("new-"), "password": PASSWORD, "display_name": "New Worker",
        "role": "worker", "team": "JB", "organisation_id": None}),
    "deactivateUser": Call("POST", "/api/v1/users/{user}/deactivate", scoped=False,
                           body=lambda s: {}),
    "setUserPassword": Call("POST", "/api/v1/users/{user}/password", scoped=False,
                            body=lambda s: {"password": "a new long secret"}),
    "changeUserMembership": Call("POST", "/api/v1/users/{user}/membership", scoped=False,
                                 body=lambda s: {"role": "auditor"}),
    "setTeamDutyPhone": Call("POST", "/api/v1/teams/XH/duty-phone", scoped=False,
                             body=lambda s: {"duty_phone": "021-5888 0101"}),
    "setVolunteerProfile": Call("PUT", "/api/v1/users/{user}/volunteer", scoped=False,
                                body=lambda s: {"teams": ["JB", "XH"], "available": False}),
    "setOwnAvailability": Call("PUT", "/api/v1/me/availability", scoped=False,
                               body=lambda s: {"available": True}),
    "setTeamDeadlines": Call("PUT", "/api/v1/teams/XH/deadlines", scoped=False,
                             body=lambda s: {"assign_critical_minutes": 60}),
    "setTeamParent": Call("PUT", "/api/v1/teams/XH/parent", scoped=False,
                          body=lambda s: {"parent": None}),
    "listNotifications": Call("GET", "/api/v1/notifications", scoped=False),
    "markNotificationRead": Call("POST", f"/api/v1/notifications/{uuid4()}/read",
                                 scoped=False, body=lambda s: {}),
    "markAllNotificationsRead": Call("POST", "/api/v1/notifications/read", scoped=False,
                                     body=lambda s: {}),
}


# The world the calls run in ------------------------------------------------------------
class Given:
    """Targets in the states the commands need, in scope (JB) or out (PD)."""

    def __init__(self, world: World, third_team: str, volunteers: dict[str, Actor]) -> None:
        self.world = world
        self.third_team = third_team
        self.volunteers = volunteers  # a volunteer of JB (in scope) and of PD (out)
        self.shared: dict[tuple[str, bool], Target] = {}

    def side(self, inside: bool) -> Side:
        w = self.world
        if inside:
            return Side(True, "JB", w.jb_worker.id, w.jb_colleague.id, w.foundation)
        organisation = w.other_partner.organisation_id
        assert organisation is not None
        return Side(False, "PD", w.pd_worker.id, w.pd_worker.id, organisation)

    def target(self, state: str, inside: bool, *, fresh: bool) -> Target:
        """A target in the state; one shared per state for calls that change nothing."""
        key = (state, inside)
        if fresh or key not in self.shared:
            built = self.build(state, inside)
            # As a client passing `min_position`: the views have what was just built.
            assert self.world.container.runner.wait_for(self.world.stored_position(), 10)
            if fresh:
                return built
            self.shared[key] = built
        return self.shared[key]

    def build(self, state: str, inside: bool) -> Target:
        w = self.world
        worker, lead = ((w.jb_worker, w.jb_supervisor) if inside
                        else (w.pd_worker, w.pd_supervisor))
        partner = w.partner if inside else w.other_partner
        if state == "intake":
            case = w.open_case(worker).case
        elif state == "assessed":
            case = w.assessed_case(worker)
        elif state == "offered":  # a PD case offered to JB (in scope) or a third team (out)
            case = w.active_case(w.pd_worker, w.pd_supervisor)
            w.cases.request_transfer(w.pd_supervisor, case.id,
                                     "JB" if inside else self.third_team, "She moved")
        elif state == "pending_closure":
            case = w.active_case(worker, lead, Risk.HIGH)
            w.cases.close(worker, case.id, ClosureOutcome.RESOLVED, "Medicine delivered")
        elif state == "closed":
            case = w.active_case(worker, lead)
            w.cases.close(worker, case.id, ClosureOutcome.RESOLVED, "Medicine delivered")
        elif state == "active":
            case = w.active_case(worker, lead)
        elif state == "planned":  # a daily check-in at 23:00, from today
            case = w.active_case(worker, lead)
            w.cases.handle(SetFollowUpPlan(case.id, Every.DAY, time(23)),
                           CommandContext(worker))
        elif state in ("task", "pooled", "direct", "held"):
            # an active case with a task (its id as the referral's): made; offered to the
            # team's pool; offered to the team's volunteer; or accepted by them
            case = w.active_case(worker, lead)
            made = w.cases.handle(CreateTask(case.id, TaskKind.DELIVERY, "Fetch the 特病药",
                                             START + timedelta(days=2)),
                                  CommandContext(worker))
            assert made.task is not None
            volunteer = self.volunteers["JB" if inside else "PD"]
            if state != "task":
                w.cases.handle(OfferTask(made.task.id, None if state == "pooled"
                                         else volunteer.id), CommandContext(worker))
            if state == "held":
                w.cases.handle(AcceptTask(made.task.id), CommandContext(volunteer))
            return Target(case.id, case.reference, made.task.id)
        elif state in ("campaign", "contact"):  # a campaign of one contact
            return self.campaign(state, lead)
        else:
            return self.referral(state, worker, lead, partner)
        return Target(case.id, case.reference)

    def campaign(self, state: str, lead: Actor) -> Target:
        campaigns = self.world.container.campaigns
        assert campaigns is not None
        assert lead.team is not None
        campaign = campaigns.create(lead, lead.team, "独居老人电话排查", "")
        campaigns.load_contacts(lead, campaign.id, read_sheet(CONTACTS_SHEET, "list.csv"))
        contact = campaigns.index.contacts(campaign.id)[0].id
        return Target(contact if state == "contact" else campaign.id, "", campaign.id)

    def referral(self, state: str, worker: Actor, lead: Actor, partner: Actor) -> Target:
        w = self.world
        case = w.active_case(worker, lead)
        assert partner.organisation_id is not None
        sent = w.cases.send_referral(worker, case.id, partner.organisation_id,
                                     "Food parcel", None)
        assert sent.referral_id is not None
        if state == "accepted":
            w.cases.accept_referral(partner, sent.referral_id)
        else:
            assert state == "referred", state
        return Target(case.id, case.reference, sent.referral_id)


@dataclass
class Matrix:
    api: Api
    given: Given


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    """One world for the whole table (SQLite): targets are built as rows need them."""
    data_dir: Path = tmp_path_factory.mktemp("matrix") / "var"
    clock = FixedClock(START)
    container = build(Settings(data_dir=data_dir, demo=False), clock=clock,
                      hasher=CHEAP_HASHER)
    try:
        world = make_world(container, clock)
        world.identity.create_team(OPERATOR, "XH", "徐汇社工站", "徐汇区")
        volunteers = {team: world.identity.create_user(
            OPERATOR, f"{team.lower()}-volunteer", PASSWORD, f"{team}-Volunteer",
            Role.VOLUNTEER, team=team).actor for team in ("JB", "PD")}
        with serving(world) as api:
            # Every role logs in from the one test address; the limit of 5 a minute is
            # the log-in tests' concern, not this table's.
            api.app.state["login_limiter"] = LoginRateLimiter(container.views.db, limit=100)
            yield Matrix(api, Given(world, "XH", volunteers))
    finally:
        container.close()


def _fill(value: Any, target: Target | None) -> Any:
    """Put the target's ids where a call names `{case}`, `{referral}` or `{reference}`."""
    if isinstance(value, str) and target is not None:
        value = value.replace("{case}", str(target.case_id))
        value = value.replace("{reference}", target.reference)
        return value.replace("{referral}", str(target.referral_id))
    if isinstance(value, list):
        return [_fill(item, target) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, target) for key, item in value.items()}
    return value


def expectation(operation: str, role: str, inside: bool) -> int:
    expected = MATRIX[operation][ROLES.index(role)]
    if isinstance(expected, tuple):
        return expected[0] if inside else expected[1]
    return expected


def send(matrix: Matrix, operation: str, role: str, inside: bool, *,
         target: Target | None = None) -> tuple[Any, Target | None]:
    """Call the operation as the role, on an in-scope or out-of-scope target."""
    call = CALLS[operation]
    side = matrix.given.side(inside)
    if target is None and call.given is not None:
        # A call that may change its target gets its own; refusals share one per state.
        expected = expectation(operation, role, inside)
        changes = call.method in ("POST", "PUT") and expected in (200, 201, 409)
        target = matrix.given.target(call.given, inside, fresh=changes)
    username = USERS[role]
    session = matrix.api.as_(username) if username else matrix.api.anonymous
    path = _fill(call.path, target)
    if "{user}" in path:  # an account of its own: a deactivation cannot be undone
        user = matrix.given.world.identity.create_user(
            OPERATOR, _unique("leaver-"), PASSWORD, "Leaver",
            Role.VOLUNTEER if "Volunteer" in operation else Role.WORKER, team="JB")
        path = path.replace("{user}", str(user.id))
    query = _fill(call.query(side), target) if call.query else None
    if operation == "startImport":
        return session.post(path, data={"team": side.team},
                            files={"file": ("list.csv", IMPORT_SHEET, "text/csv")}), target
    if operation == "loadCampaignContacts":
        return session.post(path, files={"file": ("list.csv", CONTACTS_SHEET,
                                                  "text/csv")}), target
    if operation == "recordCall" and inside and target is not None and role in (
            "worker", "supervisor"):  # the caller takes the contact first
        campaigns = matrix.given.world.container.campaigns
        assert campaigns is not None
        assert target.referral_id is not None
        caller = matrix.given.world.jb_worker if role == "worker" else \
            matrix.given.world.jb_supervisor
        assert campaigns.next(caller, target.referral_id, 1)
    if "{import}" in path:  # an import of the side's team, or nothing (a random id)
        path = path.replace("{import}", str(target.case_id if target else
                                            _import_of(matrix.given.world, inside)))
    if call.method == "GET":
        return session.get(path, params=query), target
    if operation == "login":
        body: Any = {"username": username or "jb-li", "password": PASSWORD}
    else:
        body = _fill(call.body(side), target) if call.body else None
    if call.method == "PUT":
        return session.client.put(path, json=body, headers=session.headers), target
    return session.post(path, body, params=query), target


IMPORT_SHEET = "姓名,电话,诉求\n宋老师,13900000001,代配药\n".encode()
CONTACTS_SHEET = "姓名,电话,地址\n宋老师,13900000001,3-2-401\n".encode()


def _import_of(world: World, inside: bool) -> UUID:
    lead = world.jb_supervisor if inside else world.pd_supervisor
    assert lead.team is not None
    return world.container.imports.import_sheet(
        lead, lead.team, read_sheet(IMPORT_SHEET, "list.csv"), dry_run=True).id


def observed(operation: str, response: Any, target: Target | None) -> int:
    """The status the table speaks of: for a list, whether it shows the target; for a
    bulk command, the status of the one case it names."""
    if response.status_code != 200:
        return int(response.status_code)
    lists = CALLS[operation].lists
    if lists is not None:
        key, field = lists
        assert target is not None
        shown = {item[key] for item in response.json()["items"]}
        return 200 if str(getattr(target, field)) in shown else 404
    if operation == "reassignCases":
        return int(response.json()["items"][0]["status"])
    return 200


ROWS = [
    pytest.param(operation, role, inside,
                 id=f"{operation}-{role}-{'in' if inside else 'out'}")
    for operation in MATRIX
    for role in ROLES
    for inside in ((True, False) if CALLS[operation].scoped else (True,))
]


@pytest.mark.parametrize(("operation", "role", "inside"), ROWS)
def test_each_role_gets_the_status_of_the_table(matrix: Matrix, operation: str, role: str,
                                               inside: bool) -> None:
    response, target = send(matrix, operation, role, inside)

    assert observed(operation, response, target) == expectation(operation, role, inside), \
        response.text
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")


PATH_ROWS = [
    pytest.param(operation, role, id=f"{operation}-{role}")
    for operation, call in CALLS.items()
    for role in ROLES
    if "{" in call.path and expectation(operation, role, False) == 404
]


@pytest.mark.parametrize(("operation", "role"), PATH_ROWS)
def test_out_of_scope_answers_as_if_nothing_were_there(matrix: Matrix, operation: str,
                                                       role: str) -> None:
    outside, _ = send(matrix, operation, role, inside=False)
    nowhere, _ = send(matrix, operation, role, inside=False,
                      target=Target(uuid4(), "JB-2022-99999", uuid4()))

    assert outside.status_code == nowhere.status_code == 404
    assert outside.json()["detail"] == nowhere.json()["detail"]


def test_every_operation_of_the_api_has_a_row(matrix: Matrix) -> None:
    document = matrix.api.anonymous.get("/schema/openapi.json").json()
    published = {operation["operationId"] for methods in document["paths"].values()
                 for operation in methods.values()}
    in_table = {name.split("?")[0] for name in MATRIX}

    assert published - in_table == set(), "a route without a row in the table"
    assert in_table - published == set(), "a row for a route that does not exist"
    assert set(CALLS) == set(MATRIX)
