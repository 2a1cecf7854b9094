"""Bulk intake from a spreadsheet (SPEC §5, §6 `casework import`, `POST /api/v1/imports`).

Two passes over the rows read by the adapters (adapters/imports/sheets.py):

1. Check, in order, without writing: each row is read (service/import_rows.py) and
   checked by the domain exactly as its intake would be (Case.open on a case never
   saved); a row identical to an earlier one is a duplicate row; a row imported before
   (its identity recorded) is answered with the earlier case; a row sharing a phone or
   ID number with an earlier row of the file, or with an open case of the team, is a
   likely duplicate and is not created.
2. Create the rows left, through `CaseService.handle` — the one command path — with
   `via=import` and the importing user as actor, several at a time so that the team's
   intakes are saved together (service/intake.py).

A row's identity is an idempotency record (service/idempotency.py) whose id derives from
the team and a keyed hash of the row's normalised content: saved in the same write as
its case, so an import stopped half-way and run again creates each good row exactly
once, and the same file imported again creates nothing. The record holds no personal
data, and neither does the report: row numbers, column names, codes and references.

A dry run does the first pass only and reports what would be created.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from domain import policy
from domain.case import Case
from domain.errors import DomainError, InvalidInput, NotFound, NotPermitted, RuleViolated
from domain.values import Actor
from domain.vocabulary import Channel, Role, Via
from service.applications import find
from service.cases import CaseService
from service.commands import CommandContext
from service.idempotency import Idempotency, lookup
from service.import_reports import (
    ImportJobs,
    ImportReport,
    ImportState,
    RowOutcome,
    RowStatus,
    Sheet,
)
from service.import_rows import Mapped, Problem, RowReader
from service.queries import CaseQueries

_NAMESPACE = uuid5(NAMESPACE_URL, "https://casework.invalid/imports")
MAX_ROWS = 50_000
PARALLEL = 8  # intakes in flight at once: the team's sequence saves them together
SAVE_EVERY = 250  # rows between two saves of the import's progress

Progress = Callable[[ImportReport], None]


@dataclass(frozen=True)
class _Planned:
    mapped: Mapped
    idempotency: Idempotency
    reader: RowReader


class ImportService:
    def __init__(self, cases: CaseService, queries: CaseQueries, row_key: bytes,
                 jobs: ImportJobs | None = None) -> None:
        self.cases = cases
        self.queries = queries
        self._row_key = row_key
        self.jobs = jobs

    # who may ------------------------------------------------------------------
    def require_importer(self, actor: Actor, team: str) -> None:
        """Supervisors of the team import into it (SPEC §6); nobody else."""
        if actor.role is not Role.SUPERVISOR:
            raise NotPermitted("only a supervisor imports cases")
        self.cases.require_team("team", team)
        if actor.team != team:
            raise NotPermitted("a supervisor imports cases into their own team only")

    # the file ---------------------------------------------------------------------
    def reader(self, sheet: Sheet, team: str, channel: Channel) -> RowReader:
        """The sheet's columns; refused (422) when it has no rows or lacks a required
        column, before any row is looked at."""
        if not sheet.rows:
            raise InvalidInput("file", "empty_file")
        if len(sheet.rows) > MAX_ROWS:
            raise InvalidInput("file", "file_too_large", {"max": MAX_ROWS})
        reader = RowReader(sheet.headers, team=team, channel=channel)
        if reader.missing:
            raise InvalidInput("file", "missing_columns",
                               {"columns": ", ".join(reader.missing)})
        return reader

    def start(self, actor: Actor, team: str, sheet: Sheet, *, dry_run: bool,
              channel: Channel = Channel.COMMUNITY_COMMITTEE) -> ImportReport:
        """Check the caller and the file, and keep a new import's report (running)."""
        self.require_importer(actor, team)
        self.reader(sheet, team, channel)
        report = ImportReport(uuid4(), team, actor.id, dry_run, self.cases.clock.now(),
                              len(sheet.rows), channel)
        self._save(report)
        return report

    def get(self, actor: Actor, import_id: UUID) -> ImportReport:
        """An import's report, for a supervisor of its team (others: 404)."""
        report = self.jobs.get(import_id) if self.jobs is not None else None
        if (report is None or actor.role is not Role.SUPERVISOR
                or not policy.can_read_case(actor, report.team)):
            raise NotFound("no such import")
        return report

    def run(self, actor: Actor, report: ImportReport, sheet: Sheet, *,
            progress: Progress | None = None) -> ImportReport:
        """Check every row, then create the good ones (unless a dry run). An error
        stops the import as FAILED with what it did so far; run the file again."""
        try:
            self._run(actor, report, sheet, progress)
        except BaseException:
            report.state = ImportState.FAILED
            report.finished_at = self.cases.clock.now()
            self._save(report)
            raise
        report.state = ImportState.FINISHED
        report.finished_at = self.cases.clock.now()
        self._save(report)
        if progress is not None:
            progress(report)
        return report

    def import_sheet(self, actor: Actor, team: str, sheet: Sheet, *, dry_run: bool = False,
                     channel: Channel = Channel.COMMUNITY_COMMITTEE,
                     progress: Progress | None = None) -> ImportReport:
        """`start` and `run` in one call (the command line, tests)."""
        report = self.start(actor, team, sheet, dry_run=dry_run, channel=channel)
        return self.run(actor, report, sheet, progress=progress)

    # the two passes ---------------------------------------------------------------
    def _run(self, actor: Actor, report: ImportReport, sheet: Sheet,
             progress: Progress | None) -> None:
        reader = self.reader(sheet, report.team, report.channel)
        planned = []
        for n, outcome in enumerate(self._check(actor, reader, sheet), start=1):
            if isinstance(outcome, RowOutcome):
                self._finish(report, outcome, progress)
            else:
                planned.append(outcome)
            if n % SAVE_EVERY == 0:
                self._save(report)
        if report.dry_run:
            for plan in planned:
                self._finish(report, RowOutcome(plan.mapped.row, RowStatus.WOULD_CREATE),
                             progress)
            return
        with ThreadPoolExecutor(PARALLEL, thread_name_prefix="import") as pool:
            for start in range(0, len(planned), PARALLEL * 4):
                chunk = planned[start:start + PARALLEL * 4]
                for outcome in pool.map(lambda p: self._create(actor, p), chunk):
                    self._finish(report, outcome, progress)
                if (start // (PARALLEL * 4)) % 4 == 3:
                    self._save(report)

    def _check(self, actor: Actor, reader: RowReader,
               sheet: Sheet) -> Iterator[RowOutcome | _Planned]:
        tokenizer = self.queries.tokenizer
        read: list[tuple[int, Mapped | RowOutcome, tuple[str, ...]]] = []
        for row, cells in sheet.rows:
            if cells is None:
                read.append((row, RowOutcome(row, RowStatus.REFUSED, problems=(
                    Problem(row, "", "bad_encoding"),)), ()))
                continue
            mapped = reader.read(row, cells)
            if mapped.command is None:
                read.append((row, RowOutcome(row, RowStatus.REFUSED,
                                             problems=mapped.problems), ()))
                continue
            refused = self._domain_check(actor, mapped, reader)
            read.append((row, refused or mapped,
                         tokenizer.match_tokens(mapped.phone, mapped.id_number)))
        open_cases = self.queries.duplicates_finder(
            actor, [t for _, _, match in read for t in match])
        seen: dict[str, int] = {}  # row identity → first row
        tokens: dict[str, int] = {}  # phone/ID token → first row that goes (or went) in
        for row, mapped_or_refused, match in read:
            if isinstance(mapped_or_refused, RowOutcome):
                yield mapped_or_refused
                continue
            mapped = mapped_or_refused
            digest = self._digest(reader.team, mapped.canonical)
            if digest in seen:
                yield RowOutcome(row, RowStatus.DUPLICATE, problems=(
                    Problem(row, "", "duplicate_row", {"row": seen[digest]}),))
                continue
            seen[digest] = row
            idempotency = Idempotency(uuid5(_NAMESPACE, f"{reader.team}\n{digest}"), digest,
                                      201)
            earlier = self._earlier(actor, idempotency)
            if earlier is not None:
                tokens.update({t: row for t in match if t not in tokens})
                yield RowOutcome(row, RowStatus.ALREADY_IMPORTED, earlier)
                continue
            first = next((tokens[t] for t in match if t in tokens), None)
            if first is not None:
                yield RowOutcome(row, RowStatus.DUPLICATE, problems=(
                    Problem(row, reader.column("phone"), "likely_duplicate_row",
                            {"row": first}),))
                continue
            found = open_cases(match)
            if found:
                yield RowOutcome(row, RowStatus.DUPLICATE, problems=(
                    Problem(row, reader.column("phone"), "likely_duplicate",
                            {"references": ", ".join(r.reference for r in found)}),))
                continue
            tokens.update({t: row for t in match if t not in tokens})
            yield _Planned(mapped, idempotency, reader)

    def _domain_check(self, actor: Actor, mapped: Mapped,
                      reader: RowReader) -> RowOutcome | None:
        """The domain's checks of an intake, on a case that is never saved."""
        command = mapped.command
        assert command is not None
        try:
            Case.open(case_id=uuid4(), reference="-", team=command.team,
                      channel=command.channel, profile=command.profile,
                      details=command.details, request=command.request,
                      vulnerabilities=command.vulnerabilities, needs=command.needs,
                      consent=command.consent, assessment=None, actor=actor, via=Via.IMPORT,
                      at=self.cases.clock.now())
        except InvalidInput as error:
            return RowOutcome(mapped.row, RowStatus.REFUSED, problems=(
                _problem(mapped.row, reader, error),))
        return None

    def _earlier(self, actor: Actor, idempotency: Idempotency) -> str | None:
        """The reference of the case this row was imported as before, if it was."""
        record = lookup(self.cases.app, idempotency)
        if record is None or record.case_id is None:
            return None
        row = self.queries.reader.case_row(record.case_id)  # no need to decrypt the case
        if row is not None:
            return row.reference
        case = find(self.cases.app, record.case_id, Case)  # not yet in the views
        return case.reference if case is not None else "-"

    def _create(self, actor: Actor, plan: _Planned) -> RowOutcome:
        row = plan.mapped.row
        assert plan.mapped.command is not None
        try:
            result = self.cases.handle(plan.mapped.command, CommandContext(
                actor, Via.IMPORT, None, plan.idempotency))
        except (InvalidInput, RuleViolated) as error:
            if isinstance(error, InvalidInput):
                return RowOutcome(row, RowStatus.REFUSED, problems=(
                    _problem(row, plan.reader, error),))
            return RowOutcome(row, RowStatus.REFUSED, problems=(
                Problem(row, "", "refused", {"message": error.message}),))
        except DomainError as error:
            return RowOutcome(row, RowStatus.REFUSED, problems=(
                Problem(row, "", "refused", {"message": error.message}),))
        status = RowStatus.ALREADY_IMPORTED if result.replayed else RowStatus.CREATED
        return RowOutcome(row, status, result.case.reference)

    # helpers ------------------------------------------------------------------------
    def _digest(self, team: str, canonical: str) -> str:
        mac = hmac.new(self._row_key, f"import\n{team}\n".encode(), hashlib.sha256)
        mac.update(canonical.encode())
        return mac.hexdigest()

    def _finish(self, report: ImportReport, outcome: RowOutcome,
                progress: Progress | None) -> None:
        report.outcomes[outcome.row] = outcome
        report.done = len(report.outcomes)
        if progress is not None:
            progress(report)

    def _save(self, report: ImportReport) -> None:
        if self.jobs is not None:
            self.jobs.save(replace(report, outcomes=dict(report.outcomes)))


# Fields of the intake command → the sheet's column they come from.
_FIELD_COLUMNS = {"resident.name": "name", "resident.phone": "phone",
                  "resident.id_number": "id_number", "resident.birth_year": "birth_year",
                  "request": "request", "resident.address.detail": "address",
                  "resident.address.district": "district",
                  "resident.address.street": "street",
                  "resident.address.community": "community"}


def _problem(row: int, reader: RowReader, error: InvalidInput) -> Problem:
    name = _FIELD_COLUMNS.get(error.field, error.field)
    return Problem(row, reader.column(name), error.code, error.params)


__all__ = ["ImportJobs", "ImportReport", "ImportService", "ImportState", "RowOutcome",
           "RowStatus", "Sheet"]
