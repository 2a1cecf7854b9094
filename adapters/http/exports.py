"""The export files (SPEC §6): CSV (UTF-8 with a byte-order mark, so that Excel reads the
Chinese) or XLSX, with the columns and the vocabulary in the reader's language.

Rows come from service/exports.py a page at a time and leave as they come: a CSV is
written out in chunks; an XLSX is written by openpyxl's write-only workbook (rows go to
a temporary file, not to a tree in memory) and streamed from a spooled file."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any

from litestar.response import Stream
from openpyxl import Workbook

from adapters.http.ui.i18n import Translator
from adapters.http.ui.names import Names

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
CHUNK_ROWS = 500
CHUNK_BYTES = 64 * 1024
SPOOL_BYTES = 4 * 1024 * 1024  # an XLSX larger than this waits on disk, not in memory
# A cell a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None
Column = tuple[str, Callable[[Any], Cell]]


def _text(value: Cell) -> Cell:
    """A text cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def _moment(tr: Translator, value: datetime | None) -> str:
    """Local time to the second, in a form spreadsheets sort: `2022-04-10 09:05:02`."""
    return value.astimezone(tr.timezone).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def case_columns(tr: Translator, names: Names) -> list[Column]:
    """The case list's columns: what a report counts by, no resident's name or contact."""
    return [
        ("export.reference", lambda r: r.reference),
        ("export.team", lambda r: names.team(r.team)),
        ("export.status", lambda r: tr.label("status", r.status)),
        ("export.risk", lambda r: tr.label("risk", r.risk) if r.risk else ""),
        ("export.channel", lambda r: tr.label("channel", r.channel)),
        ("export.district", lambda r: r.district),
        ("export.street", lambda r: r.street),
        ("export.community", lambda r: r.community),
        ("export.birth_year", lambda r: r.birth_year),
        ("export.vulnerabilities", lambda r: tr.labels("vulnerability", r.vulnerabilities)),
        ("export.needs", lambda r: tr.labels("need", r.needs)),
        ("export.worker", lambda r: names.person(r.assigned_worker_id)
         if r.assigned_worker_id else ""),
        ("export.opened_at", lambda r: _moment(tr, r.opened_at)),
        ("export.follow_up_due", lambda r: _day(r.follow_up_due)),
        ("export.closed_at", lambda r: _moment(tr, r.closed_at)),
        ("export.outcome", lambda r: tr.label("closure_outcome", r.outcome)
         if r.outcome else ""),
    ]


def referral_columns(tr: Translator, names: Names) -> list[Column]:
    """One de-identified line per referral (service/exports.py ReferralLine)."""
    return [
        ("export.referral_id", lambda r: str(r.referral_id)),
        ("export.organisation", lambda r: names.organisation(r.organisation_id)),
        ("export.team", lambda r: names.team(r.team)),
        ("export.district", lambda r: r.district),
        ("export.age_band", lambda r: r.age_band or ""),
        ("export.vulnerabilities", lambda r: tr.labels("vulnerability", r.vulnerabilities)),
        ("export.needs", lambda r: tr.labels("need", r.needs)),
        ("export.referral_status", lambda r: tr.label("referral_status", r.status)),
        ("export.sent_at", lambda r: _moment(tr, r.sent_at)),
        ("export.accepted_at", lambda r: _moment(tr, r.accepted_at)),
        ("export.completed_at", lambda r: _moment(tr, r.completed_at)),
        ("export.referral_outcome", lambda r: tr.label("referral_outcome", r.outcome)
         if r.outcome else ""),
        ("export.value_cny", lambda r: f"{r.value_cny:.2f}" if r.value_cny is not None else ""),
        ("export.people_helped", lambda r: r.people_helped),
    ]


# Each export's columns read their own row type (cases, referral lines, a volunteer's
# tasks, the hours report's lines).
Rows = Iterable[Any]


def volunteer_task_columns(tr: Translator) -> list[Column]:
    """A volunteer's own completed errands (their hours' detail): the resident as the
    volunteer saw them (宋老师), never more."""
    return [
        ("vhours.done_at", lambda v: _moment(tr, v.completed_at)),
        ("vhours.kind", lambda v: tr.label("task_kind", v.kind)),
        ("vtask.resident", lambda v: v.resident),
        ("vtask.area", lambda v: v.community or v.street),
        ("vhours.minutes", lambda v: v.minutes),
    ]


def _table(tr: Translator, columns: list[Column], rows: Rows) -> Iterator[list[Cell]]:
    yield [tr.t(key) for key, _ in columns]
    for row in rows:
        yield [_text(value(row)) for _, value in columns]


def csv_chunks(table: Iterator[list[Cell]]) -> Iterator[bytes]:
    """The table as CSV, a few hundred rows per chunk; the first chunk opens with the
    UTF-8 byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out)
    prefix = "\ufeff"
    for count, row in enumerate(table, start=1):
        writer.writerow(["" if cell is None else cell for cell in row])
        if count % CHUNK_ROWS == 0:
            yield (prefix + out.getvalue()).encode("utf-8")
            prefix = ""
            out.seek(0)
            out.truncate()
    yield (prefix + out.getvalue()).encode("utf-8")


def xlsx_file(table: Iterator[list[Cell]], sheet: str) -> IO[bytes]:
    """The table as an XLSX workbook in a spooled file (memory while small, then disk),
    rewound for reading."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    for row in table:
        ws.append(row)
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - streamed, then closed
    book.save(spooled)
    spooled.seek(0)
    return spooled


def _read(file: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
    finally:
        file.close()


def download(tr: Translator, columns: list[Column], rows: Rows, *, fmt: str,
             name: str) -> Stream:
    """The file as an attachment `name.csv` or `name.xlsx`, never cached."""
    headers = {"Cache-Control": "no-store",
               "Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    table = _table(tr, columns, rows)
    if fmt == "xlsx":
        return Stream(_read(xlsx_file(table, name)), media_type=XLSX, headers=headers)
    return Stream(csv_chunks(table), media_type=CSV, headers=headers)
