"""The team's task board, overdue tasks on the worker's desk and today's page, and the
volunteer hours report with its files (issue 14)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from domain.vocabulary import TaskKind
from projections.interfaces import CaseQuery
from service.commands import CancelTask, OfferTask
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, table_rows, text_of
from tests.ui.task_support import (
    NAMES,
    NEAR,
    STREET,
    accept_and_complete,
    make_task,
    run,
    song_case,
    volunteers,
)


def settle(world: World) -> None:
    """The views have applied every event stored so far."""
    assert world.container.runner.wait_for(world.stored_position(), 5)


def board_tasks(world: World) -> None:
    """Song Laoshi's tasks: one overdue (not offered), one offered, one cancelled."""
    cast = volunteers(world)
    case_id = song_case(world)
    make_task(world, case_id, days=1 / 24, kind=TaskKind.HAIRCUT)
    offered = make_task(world, case_id, days=3, kind=TaskKind.PARCELS)
    run(world, world.jb_worker, OfferTask(offered, cast[NEAR].id))
    cancelled = make_task(world, case_id, days=4, kind=TaskKind.LAUNDRY)
    run(world, world.jb_worker, CancelTask(cancelled, "家属已代办"))
    world.later(hours=2)
    settle(world)


@SQLITE_ONLY
class TestTheTaskBoard:
    def test_open_tasks_by_default_overdue_first_with_counts(self, ui: Ui,
                                                           world: World) -> None:
        board_tasks(world)
        page = ui.as_("jb-wang").get("/team/tasks").text
        rows = table_rows(page, "board")
        assert len(rows) == 2
        assert "理发" in rows[0]
        assert "已逾期" in rows[0]
        assert "代收快递" in rows[1]
        assert NAMES[NEAR] in rows[1]
        counts = text_of(page[page.index('id="h-counts"'):page.index("</section>")])
        assert "待派单 : 1 已派单 : 1 已接单 : 0 已完成 : 0 已取消 : 1" in counts

    def test_filtered_by_a_status(self, ui: Ui, world: World) -> None:
        board_tasks(world)
        rows = table_rows(ui.as_("jb-lead").get("/team/tasks?status=cancelled").text, "board")
        assert len(rows) == 1
        assert "代洗衣物" in rows[0]
        assert len(table_rows(ui.as_("jb-lead").get("/team/tasks?status=all").text,
                              "board")) == 3

    def test_an_unknown_status_is_refused_and_another_team_sees_none(
            self, ui: Ui, world: World) -> None:
        board_tasks(world)
        assert ui.as_("jb-wang").get("/team/tasks?status=lost").status_code == 422
        assert "暂无任务" in text_of(ui.as_("pd-zhao").get("/team/tasks").text)

    def test_not_for_auditors_nor_partners(self, ui: Ui, world: World) -> None:
        assert ui.as_("mca-auditor").get("/team/tasks").status_code == 403
        assert ui.as_("bright-light").get("/team/tasks").status_code == 403


@SQLITE_ONLY
class TestOverdueTasksOnTheDesk:
    def test_the_caseload_shows_the_overdue_tasks(self, ui: Ui, world: World) -> None:
        board_tasks(world)
        page = ui.as_("jb-wang").get("/work").text
        assert "任务逾期 1" in text_of(page)

    def test_today_lists_the_tasks_due(self, ui: Ui, world: World) -> None:
        board_tasks(world)
        page = ui.as_("jb-wang").get("/today").text
        section = text_of(page[page.index('id="today-tasks"'):])
        assert "理发" in section
        assert "已逾期" in section
        assert "代收快递" not in section  # due in three days


def hours_story(world: World) -> None:
    """Two volunteers' completed errands: 90 minutes and 60 minutes."""
    cast = volunteers(world)
    case_id = song_case(world)
    for who, minutes, kind in ((NEAR, 90, TaskKind.PURCHASE_ON_BEHALF),
                               (STREET, 60, TaskKind.HAIRCUT)):
        task_id = make_task(world, case_id, kind=kind)
        run(world, world.jb_worker, OfferTask(task_id, cast[who].id))
        accept_and_complete(world, cast[who], task_id, minutes)
    world.later(minutes=5)
    settle(world)


@SQLITE_ONLY
class TestTheHoursReport:
    def test_the_figures_add_up(self, ui: Ui, world: World) -> None:
        hours_story(world)
        page = ui.as_("jb-lead").get("/reports/volunteer-hours").text
        assert "合计:2.5 小时,2 个任务" in text_of(page)
        assert 'href="/reports/volunteer-hours/export?format=xlsx&amp;from=&amp;to=&amp;team="' \
            in page
        assert table_rows(page, "by-volunteer") == [f"{NAMES[NEAR]} 1.5 1",
                                                    f"{NAMES[STREET]} 1.0 1"]
        assert table_rows(page, "by-team") == ["江北社工站 (JB) 2.5 2"]
        assert table_rows(page, "by-street") == ["观音桥街道 2.5 2"]
        assert table_rows(page, "by-kind") == ["代购代办 1.5 1", "理发 1.0 1"]
        assert len(table_rows(page, "by-month")) in (1, 2)

    def test_a_period_without_tasks_and_a_bad_date(self, ui: Ui, world: World) -> None:
        hours_story(world)
        browser = ui.as_("jb-lead")
        empty = browser.get("/reports/volunteer-hours?from=2020-01-01&to=2020-01-31").text
        assert "该期间无已完成任务" in text_of(empty)
        assert browser.get("/reports/volunteer-hours?from=2020-13-01").status_code == 422

    def test_another_teams_supervisor_and_a_worker(self, ui: Ui, world: World) -> None:
        hours_story(world)
        assert ui.as_("pd-lead").get("/reports/volunteer-hours?team=JB").status_code == 404
        assert ui.as_("jb-wang").get("/reports/volunteer-hours").status_code == 403
        page = ui.as_("mca-auditor").get("/reports/volunteer-hours").text
        assert "合计:2.5 小时,2 个任务" in text_of(page)

    def test_the_files_hold_the_same_figures_and_are_logged(self, ui: Ui,
                                                           world: World) -> None:
        hours_story(world)
        browser = ui.as_("jb-lead")
        answer = browser.get("/reports/volunteer-hours/export?format=csv")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/csv")
        lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert lines[0] == ["分类", "名称", "时长(小时)", "任务数"]
        assert ["按志愿者", NAMES[NEAR], "1.5", "1"] in lines
        assert ["按服务类型", "理发", "1.0", "1"] in lines
        book = browser.get("/reports/volunteer-hours/export?format=xlsx")
        sheet = load_workbook(io.BytesIO(book.content)).active
        assert sheet is not None
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        assert ["按团队", "江北社工站 (JB)", 2.5, 2] in cells
        [case] = world.container.queries.search(world.jb_supervisor, CaseQuery(),
                                                limit=5).items
        logged = [e.what for e, _ in world.container.access_log.entries(case.case_id, 50,
                                                                          None)]
        assert logged.count("hours_export") == 2
