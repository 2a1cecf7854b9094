"""The import report as a file (CSV, or XLSX by the name's extension) and as lines of
words: one line per reason a row did not go in — row number, column, status, case,
the reason in Chinese and English. It holds no resident data."""

from __future__ import annotations

import csv
import io
from datetime import UTC
from pathlib import Path

from adapters.http.ui.i18n import EN, ZH, Translator
from service.import_rows import Problem
from service.imports import ImportReport, RowOutcome, RowStatus

HEADER = ["row", "column", "status", "case", "reason_zh", "reason_en"]


def reason(tr: Translator, problem: Problem) -> str:
    """A problem in words: `import.<code>`, else the domain's `input.<code>` or
    `rule.<code>`, filled with the problem's values."""
    for prefix in ("import", "input", "rule"):
        key = f"{prefix}.{problem.code}"
        if tr.t(key) != key:  # the catalog has it
            return tr.t(key, **problem.params)
    return problem.code


def report_rows(report: ImportReport) -> list[list[str]]:
    """One row per problem of every row that did not go in, and one per row imported
    before (with its case), in row order."""
    zh, en = Translator(ZH, UTC), Translator(EN, UTC)
    lines = []
    for number in sorted(report.outcomes):
        outcome: RowOutcome = report.outcomes[number]
        if outcome.status in (RowStatus.CREATED, RowStatus.WOULD_CREATE):
            continue
        status = outcome.status.value
        if not outcome.problems:
            lines.append([str(number), "", status, outcome.reference or "",
                          zh.t(f"import.status.{status}"), en.t(f"import.status.{status}")])
        for problem in outcome.problems:
            lines.append([str(number), problem.column, status, outcome.reference or "",
                          reason(zh, problem), reason(en, problem)])
    return lines


def report_csv(report: ImportReport) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(report_rows(report))
    return ("\ufeff" + out.getvalue()).encode()


def report_xlsx(report: ImportReport) -> bytes:
    from openpyxl import Workbook  # only here: a slow import the servers rarely need

    book = Workbook(write_only=True)
    sheet = book.create_sheet("report")
    sheet.append(HEADER)
    for line in report_rows(report):
        sheet.append([int(line[0]), *line[1:]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_report(report: ImportReport, path: Path) -> None:
    data = report_xlsx(report) if path.suffix.lower() == ".xlsx" else report_csv(report)
    path.write_bytes(data)
