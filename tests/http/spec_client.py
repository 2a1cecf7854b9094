"""A client of the command API written from the product contract alone (docs/domain.md §4
and the routes of docs/api.md): paths, bodies and headers as the contract states them,
with intent-named helpers (`open_case`, `assess`, `refer` ...).

`Caseworker(api.as_("jb-wang"))` sends as that user. Every helper takes `headers=` for
If-Match and Idempotency-Key, and returns the raw HTTP response.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest

from tests.http.conftest import Api, As

SQLITE_ONLY = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
Headers = dict[str, str] | None


def intake(team: str, **changes: Any) -> dict[str, Any]:
    """The body of `POST /api/v1/cases` for the prescription story, with fields replaced
    (`resident=` replaces resident fields one by one)."""
    resident = {
        "name": "宋老师", "phone": "138 0000 0001", "id_number": None, "birth_year": 1952,
        "gender": "female",
        "address": {"district": "江北区", "street": "观音桥街道", "community": "建新社区",
                    "detail": "3-2-201"},
        "lives_alone": False, "emergency_contact": None,
    }
    resident.update(changes.pop("resident", {}))
    body: dict[str, Any] = {
        "team": team, "channel": "community_committee", "resident": resident,
        "vulnerabilities": ["older_person", "chronic_illness"], "needs": ["medication"],
        "request": "Monthly special prescription to fetch from the neurology clinic",
        "consent": {"given": True, "method": "verbal"}, "assessment": None,
    }
    body.update(changes)
    return body


def assessment(risk: str, follow_up_due: date, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "risk": risk, "needs": ["medication", "medical_escort"],
        "notes": "Alone with her granddaughter; compound sealed",
        "plan": "Escort to the neurology clinic tomorrow morning",
        "follow_up_due": follow_up_due.isoformat(),
    }
    body.update(changes)
    return body


def if_match(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


def keyed(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def etag_version(response: Any) -> int:
    """The version in a response's ETag (`"7"`)."""
    tag = response.headers["etag"]
    assert tag.startswith('"'), tag
    assert tag.endswith('"'), tag
    return int(tag[1:-1])


class Caseworker:
    """The API as one user sees it."""

    def __init__(self, session: As) -> None:
        self.session = session

    def _case(self, case_id: UUID | str, action: str, body: Any, headers: Headers) -> Any:
        return self.session.post(f"/api/v1/cases/{case_id}/{action}", body, headers=headers)

    def _referral(self, referral_id: UUID | str, action: str, body: Any,
                  headers: Headers) -> Any:
        return self.session.post(f"/api/v1/referrals/{referral_id}/{action}", body,
                                 headers=headers)

    # the case's side ------------------------------------------------------------------
    def open_case(self, body: dict[str, Any], *, headers: Headers = None) -> Any:
        return self.session.post("/api/v1/cases", body, headers=headers)

    def assess(self, case_id: UUID | str, body: dict[str, Any], *,
               headers: Headers = None) -> Any:
        return self._case(case_id, "assess", body, headers)

    def assign(self, case_id: UUID | str, worker_id: UUID, reason: str | None = None, *,
               headers: Headers = None) -> Any:
        return self._case(case_id, "assign", {"worker_id": str(worker_id), "reason": reason},
                          headers)

    def claim(self, case_id: UUID | str, *, headers: Headers = None) -> Any:
        return self._case(case_id, "claim", {}, headers)

    def note(self, case_id: UUID | str, text: str, *, headers: Headers = None) -> Any:
        return self._case(case_id, "notes", {"text": text}, headers)

    def follow_up_done(self, case_id: UUID | str, next_due: date, note: str | None = None, *,
                       headers: Headers = None) -> Any:
        return self._case(case_id, "follow-up-done", {
            "next_follow_up_due": next_due.isoformat(), "note": note}, headers)

    def log_service(self, case_id: UUID | str, kind: str, description: str,
                    delivered_at: datetime, minutes: int, *, headers: Headers = None) -> Any:
        return self._case(case_id, "services", {
            "kind": kind, "description": description,
            "delivered_at": delivered_at.isoformat(), "minutes": minutes}, headers)

    def refer(self, case_id: UUID | str, organisation_id: UUID, service: str,
              note: str | None = None, *, headers: Headers = None) -> Any:
        return self._case(case_id, "referrals", {
            "organisation_id": str(organisation_id), "service": service, "note": note},
            headers)

    def close(self, case_id: UUID | str, outcome: str, summary: str, *,
              duplicate_of: UUID | str | None = None, headers: Headers = None) -> Any:
        body: dict[str, Any] = {"outcome": outcome, "summary": summary}
        if duplicate_of is not None:
            body["duplicate_of"] = str(duplicate_of)
        return self._case(case_id, "close", body, headers)

    def decide_closure(self, case_id: UUID | str, approve: bool, comment: str | None = None,
                       *, headers: Headers = None) -> Any:
        return self._case(case_id, "closure-decision",
                          {"approve": approve, "comment": comment}, headers)

    def reopen(self, case_id: UUID | str, reason: str, *, headers: Headers = None) -> Any:
        return self._case(case_id, "reopen", {"reason": reason}, headers)

    def erase(self, case_id: UUID | str, reason: str, *, headers: Headers = None) -> Any:
        return self._case(case_id, "erase", {"reason": reason}, headers)

    def consent(self, case_id: UUID | str, given: bool, method: str | None = None, *,
                headers: Headers = None) -> Any:
        return self._case(case_id, "consent", {"given": given, "method": method}, headers)

    def transfer(self, case_id: UUID | str, to_team: str, reason: str, *,
                 headers: Headers = None) -> Any:
        return self._case(case_id, "transfer", {"to_team": to_team, "reason": reason}, headers)

    def decide_transfer(self, case_id: UUID | str, accept: bool, comment: str | None = None,
                        *, headers: Headers = None) -> Any:
        return self._case(case_id, "transfer-decision",
                          {"accept": accept, "comment": comment}, headers)

    def reassign(self, body: dict[str, Any], *, headers: Headers = None) -> Any:
        return self.session.post("/api/v1/cases/reassign", body, headers=headers)

    def withdraw(self, referral_id: UUID | str, reason: str, *, headers: Headers = None) -> Any:
        return self._referral(referral_id, "withdraw", {"reason": reason}, headers)

    # the receiving organisation ---------------------------------------------------------
    def accept(self, referral_id: UUID | str, *, headers: Headers = None) -> Any:
        return self._referral(referral_id, "accept", {}, headers)

    def decline(self, referral_id: UUID | str, reason: str, *, headers: Headers = None) -> Any:
        return self._referral(referral_id, "decline", {"reason": reason}, headers)

    def complete(self, referral_id: UUID | str, outcome: str, delivered: str, value_cny: str,
                 people_helped: int, *, headers: Headers = None) -> Any:
        return self._referral(referral_id, "complete", {
            "outcome": outcome, "delivered": delivered, "value_cny": value_cny,
            "people_helped": people_helped}, headers)


def caseworker(api: Api, username: str) -> Caseworker:
    return Caseworker(api.as_(username))


def body_of(response: Any, status: int = 200) -> Any:
    """The JSON body of a response that must have the given status."""
    assert response.status_code == status, response.text
    return response.json()


def start_projections(api: Api) -> Api:
    """Run the projection runner, as a server does, so that views follow the commands."""
    api.world.container.runner.start()
    return api
