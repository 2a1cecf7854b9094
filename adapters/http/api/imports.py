"""Bulk imports over HTTP (SPEC §6): `POST /api/v1/imports` takes a sheet as multipart
(`file`, `team`, `dry_run`, and `channel`, an extension) and answers 202 with the
import's id at once; the rows are checked and created in the background, through the
same service as `casework import` (service/imports.py). `GET /api/v1/imports/{id}`
answers its progress and report. Supervisors of the team only (docs/api.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from adapters.http.api.reading import allow
from adapters.http.auth import actor, container_of
from adapters.http.errors import problems
from adapters.http.ui.i18n import EN, ZH, Translator
from adapters.http.ui.import_report import reason
from adapters.imports.uploads import MAX_UPLOAD, begin
from domain.vocabulary import Channel, Role
from service.imports import ImportReport, RowStatus

TAGS = ["imports"]


@dataclass
class ImportUpload:
    file: UploadFile
    team: str
    dry_run: bool = False
    channel: Channel = Channel.COMMUNITY_COMMITTEE


class ImportStartedOut(msgspec.Struct, kw_only=True):
    id: UUID
    state: str
    total: int


class ImportProblemOut(msgspec.Struct, kw_only=True):
    column: str
    code: str
    params: dict[str, str]
    reason: str
    reason_zh: str


class ImportRowOut(msgspec.Struct, kw_only=True):
    row: int
    status: str
    reference: str | None
    problems: list[ImportProblemOut]


class ImportOut(msgspec.Struct, kw_only=True):
    id: UUID
    team: str
    dry_run: bool
    channel: Channel
    state: str
    total: int
    done: int
    counts: dict[str, int]
    started_at: datetime
    finished_at: datetime | None
    rows: list[ImportRowOut]


def import_out(report: ImportReport) -> ImportOut:
    """The report: counts, and every row that did not go in (or went in before)."""
    en, zh = Translator(EN, UTC), Translator(ZH, UTC)
    rows = [ImportRowOut(row=o.row, status=o.status.value, reference=o.reference, problems=[
        ImportProblemOut(column=p.column, code=p.code,
                         params={k: str(v) for k, v in p.params.items()},
                         reason=reason(en, p), reason_zh=reason(zh, p)) for p in o.problems])
        for _, o in sorted(report.outcomes.items())
        if o.status not in (RowStatus.CREATED, RowStatus.WOULD_CREATE)]
    return ImportOut(id=report.id, team=report.team, dry_run=report.dry_run,
                     channel=report.channel, state=report.state.value, total=report.total,
                     done=report.done, counts=report.counts, started_at=report.started_at,
                     finished_at=report.finished_at, rows=rows)


@post("/api/v1/imports", guards=[allow(Role.SUPERVISOR)], operation_id="startImport",
      tags=TAGS, status_code=202, sync_to_thread=True, request_max_body_size=MAX_UPLOAD,
      responses=problems(400, 401, 403, 404, 413, 422),
      summary="Import cases from a CSV or XLSX sheet (supervisor)",
      description="multipart: `file` (CSV in UTF-8, UTF-8 with BOM or GB18030, or XLSX), "
                  "`team`, `dry_run` (check and report, save nothing), `channel` (default "
                  "`community_committee`). 202 with the import's id; follow "
                  "`GET /api/v1/imports/{id}`. A file without rows, not a sheet, or "
                  "without the required columns (name, phone, request) answers 422.")
def start_import(request: Request[Any, Any, Any], data: Annotated[
        ImportUpload, Body(media_type=RequestEncodingType.MULTI_PART)]
                 ) -> Response[ImportStartedOut]:
    caller, container = actor(request), container_of(request)
    report = begin(container.imports, caller, data.file.file.read(), data.file.filename,
                   data.team, dry_run=data.dry_run, channel=data.channel)
    return Response(ImportStartedOut(id=report.id, state=report.state.value,
                                     total=report.total), status_code=202,
                    headers={"Location": f"/api/v1/imports/{report.id}"})


@get("/api/v1/imports/{import_id:uuid}", guards=[allow(Role.SUPERVISOR)],
     operation_id="getImport", tags=TAGS, sync_to_thread=True,
     responses=problems(400, 401, 403, 404),
     summary="An import's progress and report (supervisor of its team)",
     description="`state` running, finished or failed (run the same file again to "
                 "resume); `counts` by row status; `rows`: every row not created, with "
                 "its number, status, and per problem its column, code and reason.")
def get_import(request: Request[Any, Any, Any], import_id: FromPath[UUID]) -> ImportOut:
    return import_out(container_of(request).imports.get(actor(request), import_id))


HANDLERS: list[Any] = [start_import, get_import]
