"""Bulk import page (批量导入) for supervisors: upload a sheet → a dry run shows the first
rows and every problem → confirm → the import runs, its progress polled by HTMX. The
same service as the API and `casework import` (service/imports.py). The file stays in the
browser's form between the preview and the confirmation: nothing is kept on the server
but the report (no resident data)."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Template

from adapters.http.ui.feedback import explain
from adapters.http.ui.import_report import reason, report_csv
from adapters.http.ui.pages import Ui, fragment, page, signed_in
from adapters.imports.sheets import read_sheet
from adapters.imports.uploads import MAX_UPLOAD, begin
from domain.errors import DomainError, InvalidInput
from domain.vocabulary import Channel, Role
from service.import_rows import template_rows
from service.imports import ImportReport, ImportState, RowStatus

PREVIEW_ROWS = 5
SHOWN_PROBLEMS = 200
POLL_MS = 500


def _report_context(ui: Ui, report: ImportReport) -> dict[str, Any]:
    problems = [(o.row, p.column, ui.tr.t(f"import.status.{o.status.value}"), o.reference,
                 reason(ui.tr, p))
                for _, o in sorted(report.outcomes.items()) for p in o.problems]
    return {"report": report, "running": report.state is ImportState.RUNNING,
            "failed": report.state is ImportState.FAILED, "counts": report.counts,
            "problems": problems[:SHOWN_PROBLEMS],
            "more_problems": max(0, len(problems) - SHOWN_PROBLEMS), "poll_ms": POLL_MS,
            "can_confirm": (report.dry_run and report.state is ImportState.FINISHED
                            and report.count(RowStatus.WOULD_CREATE) > 0)}


@get("/team/import", name="ui-import", sync_to_thread=True)
def import_page(request: Request[Any, Any, Any]) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    return page(ui, "import.html", title=ui.tr.t("import.title"),
                channels=[(c.value, ui.tr.label("channel", c)) for c in Channel],
                channel=Channel.COMMUNITY_COMMITTEE.value)


@get("/team/import/template.csv", name="ui-import-template", sync_to_thread=True)
def import_template(request: Request[Any, Any, Any],
                    lang: Annotated[str, QueryParameter(name="lang")] = "zh") -> Response[bytes]:
    signed_in(request, Role.SUPERVISOR)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(template_rows("en" if lang == "en" else "zh"))
    return Response(("\ufeff" + out.getvalue()).encode(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="casework-import-{lang}.csv"'})


@post("/team/import", name="ui-import-post", sync_to_thread=True, status_code=200,
      request_max_body_size=MAX_UPLOAD)
def import_upload(request: Request[Any, Any, Any], data: Annotated[
        dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    upload = data.get("file")
    dry_run = str(data.get("dry_run", "1")) != "0"
    preview: list[list[str]] = []
    headers: list[str] = []
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("file", "required")
        content = upload.file.read()
        channel = Channel(str(data.get("channel") or Channel.COMMUNITY_COMMITTEE.value))
        sheet = read_sheet(content, upload.filename)
        headers = sheet.headers
        preview = [cells or [] for _, cells in sheet.rows[:PREVIEW_ROWS]]
        report = begin(ui.container.imports, ui.actor, content, upload.filename,
                       ui.actor.team or "", dry_run=dry_run, channel=channel)
    except (DomainError, ValueError) as error:
        problem = explain(ui.tr, error if isinstance(error, DomainError)
                          else InvalidInput("channel", "unknown_choice"))
        return _fragment_or_page(ui, problem=problem, status=problem.status)
    return _fragment_or_page(ui, headers=headers, preview=preview,
                             preview_rows=[n for n, _ in sheet.rows[:PREVIEW_ROWS]],
                             **_report_context(ui, report))


def _fragment_or_page(ui: Ui, *, status: int = 200, **extra: Any) -> Template:
    """HTMX swaps the result under the form (which keeps the chosen file); without
    scripts the whole page comes back."""
    if ui.request.headers.get("hx-request") == "true":
        return fragment(ui, "partials/import_result.html", **extra)
    return page(ui, "import.html", status=status, title=ui.tr.t("import.title"),
                channels=[(c.value, ui.tr.label("channel", c)) for c in Channel],
                channel=Channel.COMMUNITY_COMMITTEE.value, result=True, full_page=True,
                **extra)


@get("/team/import/{import_id:uuid}", name="ui-import-status", sync_to_thread=True)
def import_status(request: Request[Any, Any, Any], import_id: FromPath[UUID]) -> Template:
    ui = signed_in(request, Role.SUPERVISOR)
    report = ui.container.imports.get(ui.actor, import_id)
    return fragment(ui, "partials/import_status.html", **_report_context(ui, report))


@get("/team/import/{import_id:uuid}/report.csv", name="ui-import-report",
     sync_to_thread=True)
def import_report(request: Request[Any, Any, Any],
                  import_id: FromPath[UUID]) -> Response[bytes]:
    ui = signed_in(request, Role.SUPERVISOR)
    report = ui.container.imports.get(ui.actor, import_id)
    return Response(report_csv(report), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="import-report-{report.id}.csv"'})


HANDLERS: list[Any] = [import_page, import_template, import_upload, import_status,
                       import_report]
