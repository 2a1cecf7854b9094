"""`casework import FILE --team CODE [--dry-run] [--report OUT]` and
`casework import --template zh|en` (SPEC §5, §6; docs/guide-supervisor.md)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from adapters.logging import configure_logging
from adapters.settings import Settings
from domain.errors import InvalidInput
from domain.values import Actor
from domain.vocabulary import Channel, Role
from service.identity import IdentityService
from service.import_rows import template_rows
from service.imports import ImportReport, ImportState

BAR_WIDTH = 30


class ProgressBar:
    """A simple bar on stderr, redrawn at most every 1 % of the rows."""

    def __init__(self, total: int, label: str) -> None:
        self.total = max(total, 1)
        self.label = label
        self.shown = -1

    def __call__(self, report: ImportReport) -> None:
        percent = report.done * 100 // self.total
        if percent == self.shown and report.done != report.total:
            return
        self.shown = percent
        filled = BAR_WIDTH * report.done // self.total
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                         f"{report.done}/{report.total} rows")
        if report.done >= report.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _importer(identity: IdentityService, team: str, username: str | None) -> Actor:
    """The supervisor the import is recorded as: `--user`, or the team's only one."""
    if username is not None:
        user = identity.user_by_name(username)
        if user is None or not user.active:
            raise click.ClickException(f"no active user {username}")
        return user.actor
    supervisors = [u for u in identity.users()
                   if u.active and u.role is Role.SUPERVISOR and u.team == team]
    if len(supervisors) != 1:
        raise click.ClickException(
            f"team {team} has {len(supervisors)} active supervisors: name one with --user")
    return supervisors[0].actor


@click.command("import")
@click.argument("file", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--team", metavar="CODE", help="The team whose cases the rows become.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; save nothing.")
@click.option("--report", "report_path", metavar="OUT",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report there: XLSX if OUT ends in .xlsx, else CSV.")
@click.option("--user", metavar="USERNAME",
              help="The supervisor of the team the cases are recorded as opened by "
                   "(default: the team's only active supervisor).")
@click.option("--channel", default=Channel.COMMUNITY_COMMITTEE.value, show_default=True,
              type=click.Choice([c.value for c in Channel]),
              help="Where the list came from: the channel of every case.")
@click.option("--template", type=click.Choice(["zh", "en"]),
              help="Print the CSV template (header row and one example row) and stop.")
def import_cases(file: Path | None, team: str | None, dry_run: bool,
                 report_path: Path | None, user: str | None, channel: str,
                 template: str | None) -> None:
    """Bulk intake from a CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX sheet.

    Every row becomes a case of the team through the usual intake, recorded as opened
    by the supervisor via import. Rows with problems, likely duplicates of open cases and
    rows imported before are left out and listed with their row number, column and
    reason. Running the same file again creates nothing twice, so an import stopped
    half-way is resumed by running it again.
    """
    if template is not None:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(template_rows(template))
        return
    if file is None or team is None:
        raise click.UsageError("give FILE and --team CODE (or --template zh|en)")
    # Imported here: every other command (the projector process too) starts without
    # the spreadsheet readers and the web UI's words.
    from adapters.bootstrap import build
    from adapters.imports.sheets import read_sheet
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    try:
        sheet = read_sheet(file.read_bytes(), file.name)
    except InvalidInput as error:
        raise click.ClickException(f"{file.name}: {error.reason}") from None
    container = build(settings)
    try:
        actor = _importer(container.identity, team, user)
        bar = ProgressBar(len(sheet.rows), "checking" if dry_run else "importing")
        report = container.imports.import_sheet(actor, team, sheet, dry_run=dry_run,
                                                channel=Channel(channel), progress=bar)
    finally:
        container.close()
    _summarise(report, report_path)


def _summarise(report: ImportReport, report_path: Path | None) -> None:
    from adapters.http.ui.import_report import report_rows, write_report
    counts = report.counts
    click.echo(f"{'dry run: ' if report.dry_run else ''}{report.total} rows: "
               f"{counts['created']} created, {counts['would_create']} would be created, "
               f"{counts['already_imported']} imported before, "
               f"{counts['duplicate']} likely duplicates, {counts['refused']} refused")
    if report_path is not None:
        write_report(report, report_path)
        click.echo(f"report: {report_path}")
    else:
        for line in report_rows(report)[:20]:
            click.echo(f"  row {line[0]} {line[1]}: {line[5]}")
    if report.state is not ImportState.FINISHED:
        raise click.ClickException("the import stopped; run it again to resume")
