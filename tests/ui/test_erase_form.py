"""The case page's erasure form: offered to the team's supervisor with what will be lost;
afterwards the page shows 已删除 where the resident's data was, and keeps the history."""

from __future__ import annotations

from tests.integration.conftest import World
from tests.ui.conftest import Ui, text_of

NOTE = "女儿在陆家嘴上夜班"


class TestEraseForm:
    def test_a_supervisor_erases_from_the_case_page(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.add_note(world.jb_worker, case.id, NOTE)
        browser = ui.as_("jb-lead")
        page = browser.get(f"/cases/{case.id}").text
        assert 'id="form-erase"' in page
        assert "此操作无法撤销" in text_of(page)
        assert 'id="form-erase"' not in ui.as_("jb-wang").get(f"/cases/{case.id}").text

        answer = browser.post(f"/cases/{case.id}/erase", {
            "version": str(case.version + 1), "reason": "本人申请删除", "confirm": "yes"})

        assert answer.status_code == 303
        words = text_of(browser.follow(answer).text)
        assert "服务对象的个人信息已删除。" in words
        assert "已删除" in words
        assert "宋老师" not in words
        assert NOTE not in words
        assert "删除了服务对象的个人信息" in words  # the history says who erased it
        assert "[erased]" not in words
