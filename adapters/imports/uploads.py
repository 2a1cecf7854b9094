"""Starting an uploaded import, for the API and the web UI alike: check the caller and
the file, keep the import's report, run it on a thread of its own (its progress is saved
as it goes, so any server process can answer for it)."""

from __future__ import annotations

import threading

from adapters.imports.sheets import read_sheet
from adapters.logging import get_logger
from domain.values import Actor
from domain.vocabulary import Channel
from service.imports import ImportReport, ImportService, Sheet

log = get_logger(__name__)
MAX_UPLOAD = 20 * 1024 * 1024  # a 50,000-row sheet; the JSON routes keep 64 KiB


def run_in_background(imports: ImportService, caller: Actor, report: ImportReport,
                      sheet: Sheet) -> None:
    """Run the import on a thread of its own; its progress is saved as it goes."""

    def work() -> None:
        try:
            imports.run(caller, report, sheet)
        except Exception as error:  # saved as FAILED by the service; the log says why
            log.error("import_failed", import_id=str(report.id), error=type(error).__name__)

    threading.Thread(target=work, name=f"import-{report.id}", daemon=True).start()


def begin(imports: ImportService, caller: Actor, upload: bytes, filename: str | None,
          team: str, *, dry_run: bool, channel: Channel) -> ImportReport:
    """Check the caller, read and check the file, start the import in the background."""
    imports.require_importer(caller, team)
    sheet = read_sheet(upload, filename)
    report = imports.start(caller, team, sheet, dry_run=dry_run, channel=channel)
    run_in_background(imports, caller, report, sheet)
    return report
