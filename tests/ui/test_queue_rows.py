"""Queues and lists people can read (issue 12 item 3): each row names the resident and
the first line of the request, an erased case says so, teams by name; a supervisor
assigns from the intake queue, choosing among the team's workers with their open
caseloads beside them."""

from __future__ import annotations

import re

from domain.vocabulary import ClosureOutcome, Risk
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, table_rows, text_of
from tests.ui.test_worker_pages import settle

REQUEST = "Insulin-dependent, out of medicine\nSon is abroad; neighbour has a key"


def assign_select(page: str, case_id: object) -> str:
    found = re.search(rf'<select id="assign-{case_id}".*?</select>', page, flags=re.S)
    assert found is not None, "no assign control on the row"
    return found.group(0)


@SQLITE_ONLY
class TestQueueRows:
    def test_rows_name_the_resident_and_the_request(self, ui: Ui, world: World) -> None:
        waiting = world.open_case(world.jb_worker, request=REQUEST,
                                  assessment=world.assessment(Risk.CRITICAL)).case
        mine = world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)
        page = ui.as_("jb-wang").get("/work").text

        intake = table_rows(page, "intake")
        assert len(intake) == 1
        assert "宋老师" in intake[0]
        assert "Insulin-dependent, out of medicine" in intake[0]
        assert "Son is abroad" not in intake[0]  # the first line only
        caseload = table_rows(page, "caseload")
        assert "宋老师" in caseload[0]
        assert "Monthly special prescription" in caseload[0]
        assert "江北社工站" in text_of(page)  # the team's name, not "JB"
        assert waiting.reference in intake[0]
        assert mine.reference in caseload[0]

    def test_an_erased_case_shows_erased_and_no_name(self, ui: Ui, world: World) -> None:
        case = world.assessed_case(world.jb_worker)
        world.cases.erase(world.jb_supervisor, case.id, "asked by the resident")
        settle(world)
        row = table_rows(ui.as_("jb-wang").get("/work").text, "intake")[0]
        assert "已删除" in row
        assert "宋老师" not in row
        assert "prescription" not in row

    def test_the_auditor_list_masks_the_name(self, ui: Ui, world: World) -> None:
        world.open_case(world.jb_worker, request="宋老师 needs insulin, call 13800000001")
        settle(world)
        words = text_of(ui.as_("mca-auditor").get("/cases").text)
        assert "宋**" in words
        assert "宋老师" not in words
        assert "13800000001" not in words
        assert "needs insulin" in words
        assert "江北社工站" in words  # another team's case: its team by name

    def test_closures_to_approve_name_the_resident(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.HIGH)
        world.cases.close(world.jb_worker, case.id, ClosureOutcome.RESOLVED, "Delivered")
        settle(world)
        words = text_of(ui.as_("jb-lead").get("/team/approvals").text)
        assert "宋老师" in words
        assert "Monthly special prescription" in words

    def test_a_long_first_line_is_shortened(self, ui: Ui, world: World) -> None:
        world.assessed_case(world.jb_worker)
        world.open_case(world.jb_worker, request="缺药" * 80)
        settle(world)
        rows = table_rows(ui.as_("jb-wang").get("/work").text, "intake")
        assert any(("缺药" * 29) + "缺…" in row for row in rows)


@SQLITE_ONLY
class TestAssignFromIntake:
    def test_the_choice_shows_caseloads_with_the_supervisor_last(self, ui: Ui,
                                                                   world: World) -> None:
        world.active_case(world.jb_worker, world.jb_supervisor)
        world.active_case(world.jb_worker, world.jb_supervisor)
        waiting = world.assessed_case(world.jb_worker)
        settle(world)
        select = assign_select(ui.as_("jb-lead").get("/work").text, waiting.id)

        options = [text_of(o) for o in re.findall(r"<option[^>]*>.*?</option>", select)]
        assert options[0] == "请选择社工…"  # nobody chosen beforehand
        assert "selected" not in select
        assert options[1:] == ["Jb-Li · 在办 0 件", "Jb-Wang · 在办 2 件",
                               "Jb-Lead(督导)· 在办 0 件"]
        # a worker sees no assign control (only a supervisor assigns)
        assert f'id="assign-{waiting.id}"' not in ui.as_("jb-wang").get("/work").text

    def test_assigning_from_the_queue_goes_back_to_the_queue(self, ui: Ui,
                                                             world: World) -> None:
        waiting = world.assessed_case(world.jb_worker)
        settle(world)
        lead = ui.as_("jb-lead")
        answer = lead.post(f"/cases/{waiting.id}/assign", {
            "worker_id": str(world.jb_colleague.id), "version": str(waiting.version),
            "back": "work"})
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/work")
        words = text_of(lead.follow(answer).text)
        assert "暂无待分派个案" in words  # the queue, emptied
        assert "个案已分派" in words  # the message
        assert world.cases.get_case(world.jb_supervisor, waiting.id).assigned_worker_id \
            == world.jb_colleague.id

    def test_a_stale_row_is_refused_in_words(self, ui: Ui, world: World) -> None:
        waiting = world.assessed_case(world.jb_worker)
        settle(world)
        lead = ui.as_("jb-lead")
        seen = assign_select(lead.get("/work").text, waiting.id)  # the page as it was
        assert seen
        world.cases.claim(world.jb_colleague, waiting.id)  # meanwhile, someone claims it
        answer = lead.post(f"/cases/{waiting.id}/assign", {
            "worker_id": str(world.jb_worker.id), "version": str(waiting.version),
            "back": "work"})
        assert answer.status_code in (409, 412)
        assert "其他人修改了该个案" in text_of(answer.text)  # why, in words
        assert world.cases.get_case(world.jb_supervisor, waiting.id).assigned_worker_id \
            == world.jb_colleague.id  # nothing changed
