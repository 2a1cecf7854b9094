"""Bulk intake from spreadsheets (service/imports.py): a generated 5,000-row sheet with
deliberate faults, in GB18030 CSV and in XLSX, through the composition root's service."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.bootstrap import Container
from adapters.imports.sheets import read_sheet
from domain.case import Case
from domain.values import ResidentDetails
from domain.vocabulary import Channel, Via
from service.imports import ImportReport, ImportState, RowStatus
from tests.integration.conftest import World
from tests.integration.import_sheet import Expected, csv_bytes, generate, phone, xlsx_bytes

OPENED = "domain.case:Case.Opened"
pytestmark = pytest.mark.long


def opened_cases(container: Container) -> list[Any]:
    return list(container.cases_app.recorder.select_notifications(
        start=1, limit=1_000_000, topics=[OPENED]))


def head(container: Container) -> int:
    return container.cases_app.recorder.max_notification_id() or 0


def check_row_by_row(report: ImportReport, expected: Expected, *, dry_run: bool) -> None:
    created = "would_create" if dry_run else "created"
    assert report.total == len(expected.status)
    for row, status in expected.status.items():
        outcome = report.outcomes[row]
        assert outcome.status.value == (created if status == "created" else status), row
        if row in expected.problem:
            column, code = expected.problem[row]
            assert [(p.column, p.code) for p in outcome.problems] == [(column, code)], row
        else:
            assert outcome.problems == (), row


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
class TestImportASheet:
    def test_gb18030_csv_goes_in_row_by_row_and_again_creates_nothing(
            self, world: World, container: Container) -> None:
        supervisor = world.jb_supervisor
        rows, expected = generate()
        # an open case already holds the phone of data row 10 (sheet row 12)
        existing = world.cases.open_case(world.jb_worker, world.intake(
            "JB", details=ResidentDetails(name="早已登记", phone=phone(10))))
        expected.status[12] = "duplicate"
        expected.problem[12] = ("电话", "likely_duplicate")
        sheet = read_sheet(csv_bytes(rows), "名单.csv")
        before = len(opened_cases(container))

        report = container.imports.import_sheet(supervisor, "JB", sheet)

        assert report.state is ImportState.FINISHED
        check_row_by_row(report, expected, dry_run=False)
        assert report.outcomes[12].problems[0].params == {
            "references": existing.case.reference}
        good = expected.rows("created")
        assert report.count(RowStatus.CREATED) == len(good) > 4700
        assert len(opened_cases(container)) - before == len(good)
        # every case records the channel, via=import and the importing supervisor
        full_width_row = world.cases.get_case(supervisor, _case_id(container, report, 4))
        assert full_width_row.personal["phone"] == "13900020002"
        case = container.cases_app.repository.get(_case_id(container, report, 4))
        assert isinstance(case, Case)
        opened = next(iter(container.cases_app.events.get(case.id)))
        assert opened.via is Via.IMPORT
        assert opened.actor.id == supervisor.id
        assert case.channel is Channel.COMMUNITY_COMMITTEE

        again = container.imports.import_sheet(supervisor, "JB", sheet)

        assert again.count(RowStatus.CREATED) == 0
        assert again.count(RowStatus.ALREADY_IMPORTED) == len(good)
        assert again.outcomes[4].reference == report.outcomes[4].reference
        assert len(opened_cases(container)) - before == len(good)

    def test_xlsx_dry_run_changes_nothing_and_a_stopped_import_resumes_exactly_once(
            self, world: World, container: Container) -> None:
        supervisor = world.jb_supervisor
        rows, expected = generate(broken_line_at=None)
        sheet = read_sheet(xlsx_bytes(rows), "名单.xlsx")
        at_start = head(container)

        dry = container.imports.import_sheet(supervisor, "JB", sheet, dry_run=True)

        assert head(container) == at_start
        check_row_by_row(dry, expected, dry_run=True)

        class Killed(Exception):
            pass

        def kill_after_1000(report: ImportReport) -> None:
            if report.count(RowStatus.CREATED) >= 1000:
                raise Killed

        with pytest.raises(Killed):
            container.imports.import_sheet(supervisor, "JB", sheet, progress=kill_after_1000)
        halfway = len(opened_cases(container))
        assert 1000 <= halfway < len(expected.rows("created"))

        resumed = container.imports.import_sheet(supervisor, "JB", sheet)

        good = expected.rows("created")
        done = resumed.count(RowStatus.CREATED) + resumed.count(RowStatus.ALREADY_IMPORTED)
        assert done == len(good)
        assert resumed.count(RowStatus.ALREADY_IMPORTED) == halfway
        assert len(opened_cases(container)) == len(good)
        references = [resumed.outcomes[r].reference for r in good]
        assert len(set(references)) == len(good)


def _case_id(container: Container, report: ImportReport, row: int) -> Any:
    reference = report.outcomes[row].reference
    for item in opened_cases(container):
        case = container.cases_app.repository.get(item.originator_id)
        if case.reference == reference:
            return case.id
    raise AssertionError(reference)
