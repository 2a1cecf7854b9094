"""The CRUD twin: the same endpoints as Casework's surge traffic, done the plain way.

The same Litestar, the same msgspec request schemas (so validation is identical), a signed
JWT verified and the account looked up per request; one row per case in SQLite, updated in
place under a version check. What it leaves out is what event sourcing adds: no event
history, no projections, no encryption of personal data, no idempotency records, no
access log, no log-in rate limit.

    uvicorn tests.benchmarks.surge.crud_twin:app_from_env --factory   (SURGE_TWIN_DB,
    SURGE_TWIN_SECRET)
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from argon2.exceptions import VerificationError
from litestar import Litestar, Request, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.exceptions import ClientException, NotAuthorizedException, NotFoundException
from litestar.params import FromPath, JSONBody
from litestar.security.jwt import JWTAuth, Token

from adapters.http.api.reading import Limit
from adapters.http.schemas.requests import AssessmentIn, LoginIn, NoteIn, OpenCaseIn
from domain.deadlines import assign_due
from domain.vocabulary import Risk
from service.identity import password_hasher
from tests.benchmarks.surge import twin_reads as reads
from tests.benchmarks.surge.twin_store import TRIAGE, TwinStore, t

AnyRequest = Request[Any, Any, State]
CONFLICT_RETRIES = 60
HASHER = password_hasher()  # the same parameters as Casework
ENV_DB = "SURGE_TWIN_DB"
ENV_SECRET = "SURGE_TWIN_SECRET"


class Conflict(ClientException):
    status_code = 409


def store_of(connection: ASGIConnection[Any, Any, Any, Any]) -> TwinStore:
    store: TwinStore = connection.app.state["store"]
    return store


def retrieve_user(token: Token, connection: ASGIConnection[Any, Any, Any, Any]
                  ) -> dict[str, Any] | None:
    row = store_of(connection).db().execute(
        "SELECT id, username, role, team FROM users WHERE id = ? AND active = 1",
        (token.sub,)).fetchone()
    return dict(row) if row is not None else None


def caller(request: AnyRequest) -> dict[str, Any]:
    user = request.scope.get("user")
    if not isinstance(user, dict):
        raise NotAuthorizedException()
    return user


@post("/api/v1/auth/login", opt={"exclude_from_auth": True}, sync_to_thread=True,
      status_code=200)
def login(request: AnyRequest, data: JSONBody[LoginIn]) -> dict[str, Any]:
    row = store_of(request).db().execute(
        "SELECT id, username, role, team, password_hash FROM users WHERE username = ?",
        (data.username,)).fetchone()
    try:
        HASHER.verify(row["password_hash"] if row else HASHER.hash("x"), data.password)
    except VerificationError:
        raise NotAuthorizedException("the username or password is wrong") from None
    if row is None:
        raise NotAuthorizedException("the username or password is wrong")
    jwt_auth: JWTAuth[dict[str, Any], Token] = request.app.state["jwt_auth"]
    token = jwt_auth.create_token(identifier=row["id"], token_expiration=timedelta(hours=1))
    return {"token": token, "user": {k: row[k] for k in ("id", "username", "role", "team")}}


@post("/api/v1/cases", sync_to_thread=True, status_code=201)
def open_case(request: AnyRequest, data: JSONBody[OpenCaseIn]) -> dict[str, Any]:
    user = caller(request)
    if user["team"] != data.team:
        raise NotFoundException()
    at = now()
    res = data.resident
    resident = {"name": res.name, "phone": res.phone, "id_number": res.id_number,
                "birth_year": res.birth_year, "gender": res.gender.value,
                "address": {"district": res.address.district, "street": res.address.street,
                            "community": res.address.community, "detail": res.address.detail},
                "lives_alone": res.lives_alone}
    risk = data.assessment.risk.value if data.assessment else None
    case_id = str(uuid4())
    store = store_of(request)
    with store.write() as db:
        found = db.execute("UPDATE counters SET last = last + 1 WHERE team = ? AND year = ? "
                           "RETURNING last", (data.team, at.year)).fetchone()
        number = found[0] if found else 1
        if found is None:
            db.execute("INSERT INTO counters VALUES (?, ?, 1)", (data.team, at.year))
        db.execute(
            "INSERT INTO cases VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "NULL, ?, ?, ?, ?)",
            (case_id, f"{data.team}-{at.year}-{number:05d}", data.team,
             "assessed" if risk else "intake", data.channel.value, res.name, res.phone,
             res.id_number, json.dumps(resident), json.dumps(data.vulnerabilities),
             json.dumps(data.needs), data.request, json.dumps({"given": data.consent.given}),
             risk, TRIAGE[risk], data.assessment.plan if data.assessment else None,
             data.assessment.follow_up_due.isoformat() if data.assessment else None, t(at),
             t(at), t(assign_due(at, Risk(risk) if risk else None)), t(at)))
        row = db.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    # As Casework: after the save, open cases of the team with the same phone or ID number.
    found = reads.duplicates(store.db(), data.team, res.phone, res.id_number, case_id)
    return {**reads.case_out(row), "possible_duplicates": found}


def update(request: AnyRequest, case_id: UUID, allowed: tuple[str, ...], assignments: str,
           params: tuple[object, ...], note: str | None = None) -> dict[str, Any]:
    """Read the row, check the rule, update it in place if nobody moved it meanwhile."""
    user = caller(request)
    store = store_of(request)
    for _ in range(CONFLICT_RETRIES):
        row = store.db().execute("SELECT version, team, status FROM cases WHERE id = ?",
                                 (str(case_id),)).fetchone()
        if row is None or row["team"] != user["team"]:
            raise NotFoundException()
        if row["status"] not in allowed:
            raise Conflict(f"a case in {row['status']} cannot do this")
        with store.write() as db:
            changed = db.execute(
                f"UPDATE cases SET {assignments}, version = version + 1, updated_at = ? "
                "WHERE id = ? AND version = ?",
                (*params, t(now()), str(case_id), row["version"])).rowcount
            if changed:
                if note is not None:
                    db.execute("INSERT INTO notes (case_id, text, actor_id, at) "
                               "VALUES (?, ?, ?, ?)", (str(case_id), note, user["id"], t(now())))
                return reads.case_out(db.execute("SELECT * FROM cases WHERE id = ?",
                                           (str(case_id),)).fetchone())
    raise Conflict("the case kept changing; try again")


@post("/api/v1/cases/{case_id:uuid}/notes", sync_to_thread=True, status_code=200)
def add_note(request: AnyRequest, case_id: FromPath[UUID],
             data: JSONBody[NoteIn]) -> dict[str, Any]:
    return update(request, case_id, ("intake", "assessed", "active", "pending_closure"),
                  "status = status", (), note=data.text)


@post("/api/v1/cases/{case_id:uuid}/assess", sync_to_thread=True, status_code=200)
def assess(request: AnyRequest, case_id: FromPath[UUID],
           data: JSONBody[AssessmentIn]) -> dict[str, Any]:
    return update(
        request, case_id, ("intake", "assessed", "active"),
        "status = CASE status WHEN 'intake' THEN 'assessed' ELSE status END, risk = ?, "
        "triage_rank = ?, needs = ?, plan = ?, follow_up_due = ?, "
        "assign_due = CASE WHEN assigned_worker_id IS NULL THEN ? ELSE NULL END",
        (data.risk.value, TRIAGE[data.risk.value], json.dumps(data.needs), data.plan,
         data.follow_up_due.isoformat(), t(assign_due(now(), data.risk))))


@get("/api/v1/queues/intake", sync_to_thread=True)
def intake_queue(request: AnyRequest, limit: Limit = None) -> dict[str, Any]:
    user = caller(request)
    return reads.intake_queue(store_of(request).db(), user["team"], min(limit or 50, 200),
                              now())


@get("/api/v1/cases", sync_to_thread=True)
def search(request: AnyRequest, q: str | None = None, limit: Limit = None) -> dict[str, Any]:
    user = caller(request)
    return reads.search(store_of(request).db(), user["team"], q, min(limit or 50, 200))


@get("/readyz", opt={"exclude_from_auth": True})
async def readyz() -> dict[str, str]:
    return {"status": "ok"}


def now() -> datetime:
    return datetime.now(tz=UTC)


def create_app(db_path: Path, secret: str) -> Litestar:
    jwt_auth = JWTAuth[dict[str, Any], Token](
        retrieve_user_handler=retrieve_user, token_secret=secret,
        exclude_opt_key="exclude_from_auth")
    return Litestar(
        route_handlers=[login, open_case, add_note, assess, intake_queue, search, readyz],
        state=State({"store": TwinStore(db_path), "jwt_auth": jwt_auth}),
        on_app_init=[jwt_auth.on_app_init], request_max_body_size=64 * 1024,
        openapi_config=None)


def app_from_env() -> Litestar:
    return create_app(Path(os.environ[ENV_DB]), os.environ[ENV_SECRET])
