"""The export routes of SPEC §6: `GET /api/v1/exports/cases` and
`GET /api/v1/exports/referrals`, CSV by default or XLSX (`?format=xlsx`), the list as
filtered and minimised per role, each case in the file recorded in the access log."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.datastructures import State
from litestar.openapi import ResponseSpec
from litestar.params import QueryParameter
from litestar.response import Stream

from adapters.http.api.reading import CASE_READERS, REFERRAL_READERS, allow
from adapters.http.auth import actor, container_of
from adapters.http.case_filters import NAMES, case_query
from adapters.http.errors import problems
from adapters.http.exports import CSV, XLSX, case_columns, download, referral_columns
from adapters.http.ui.i18n import LANGUAGES, Translator, negotiate, supported
from adapters.http.ui.names import Names
from domain.vocabulary import ReferralStatus, Role
from service.exports import Exports

TAGS = ["exports"]
FILE = ResponseSpec(data_container=bytes, media_type=CSV, generate_examples=False,
                    description="The file: CSV (UTF-8 with a byte-order mark), or XLSX "
                                f"(`{XLSX}`) with `format=xlsx`; an attachment, not cached.")
Format = Annotated[str, QueryParameter(
    pattern=r"^(csv|xlsx)$", description="`csv` (UTF-8 with a byte-order mark) or `xlsx`.")]
Lang = Annotated[str | None, QueryParameter(
    pattern=r"^(zh-CN|en)$", description="The language of the columns and the values "
                                         "(default: the request's Accept-Language).")]
Many = Annotated[list[str] | None, QueryParameter(
    description="One or more values, repeated or comma-separated.")]
One = Annotated[str | None, QueryParameter(max_length=100)]


def _translator(request: Request[Any, Any, State], lang: str | None) -> Translator:
    chosen = supported(lang) if lang else None
    if chosen not in LANGUAGES:
        chosen = negotiate(request.headers.get("accept-language"))
    return Translator(chosen, container_of(request).settings.tz)


@get("/api/v1/exports/cases", operation_id="exportCases", tags=TAGS, sync_to_thread=True,
     guards=[allow(*CASE_READERS)], responses={**problems(400, 401, 403, 422), 200: FILE},
     media_type=CSV,
     summary="The case list as filtered, as a CSV or XLSX file (workers, supervisors, "
             "auditors)",
     description="The filters of `GET /api/v1/cases` (`q`, `status`, `risk`, `need`, "
                 "`vulnerability`, `worker_id`, `team` for auditors) and those behind the "
                 "dashboard's figures: `channel`, `street`, `community`, `assigned` "
                 "(`yes`/`no`), `unassessed` (`1`), `deadline` (`breached`: the time to "
                 "assign has run out; `overdue`: the follow-up was due before today). "
                 "Newest first, every case in scope that matches (no paging): reference, "
                 "team, status, risk, channel, area, birth year, vulnerabilities, needs, "
                 "worker, times, outcome; no resident's name, phone, ID number or address "
                 "detail. Each case in the file is recorded in its access log as "
                 "`case_export`.")
def export_cases(request: Request[Any, Any, State], format: Format = "csv",
                 lang: Lang = None, q: One = None, status: Many = None, risk: Many = None,
                 need: Many = None, vulnerability: Many = None, channel: Many = None,
                 worker_id: One = None, team: One = None, street: One = None,
                 community: One = None, assigned: One = None, unassessed: One = None,
                 deadline: One = None) -> Stream:
    caller = actor(request)
    container = container_of(request)
    params = {name: request.query_params.getall(name) for name in NAMES
              if name in request.query_params}
    query = case_query(params, now=container.clock.now(), today=container.queries.today(),
                       may_choose_team=caller.role is Role.AUDITOR)
    if q:
        query = replace(query, q=q)
    tr = _translator(request, lang)
    rows = Exports(container.queries, container.access_log, container.clock).cases(
        caller, query)
    return download(tr, case_columns(tr, Names(container.identity, "system")), rows,
                    fmt=format, name=f"cases-{container.queries.today().isoformat()}")


@get("/api/v1/exports/referrals", operation_id="exportReferrals", tags=TAGS,
     sync_to_thread=True, guards=[allow(*REFERRAL_READERS)],
     responses={**problems(400, 401, 403, 404, 422), 200: FILE}, media_type=CSV,
     summary="The referrals the caller may see, one de-identified line each, as a CSV or "
             "XLSX file",
     description="A partner: its organisation's referrals; a worker or supervisor: their "
                 "team's; an auditor: every one (or `organisation_id`'s). Newest first. "
                 "Each line: the referral's id, organisation, team, district, age band, "
                 "vulnerabilities, needs, status, times, outcome, value and people helped; "
                 "no name, phone, ID number, address, case reference or free text. Each "
                 "case in the file is recorded in its access log as `referral_export`.")
def export_referrals(request: Request[Any, Any, State], format: Format = "csv",
                     lang: Lang = None,
                     status: Annotated[list[ReferralStatus] | None, QueryParameter()] = None,
                     organisation_id: Annotated[UUID | None, QueryParameter()] = None
                     ) -> Stream:
    caller = actor(request)
    container = container_of(request)
    tr = _translator(request, lang)
    rows = Exports(container.queries, container.access_log, container.clock).referrals(
        caller, status=tuple(status or ()), organisation_id=organisation_id)
    return download(tr, referral_columns(tr, Names(container.identity, "system")), rows,
                    fmt=format, name=f"referrals-{container.queries.today().isoformat()}")


HANDLERS: list[Any] = [export_cases, export_referrals]
