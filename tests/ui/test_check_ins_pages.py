"""Recurring check-ins in the web UI (decision 0028): the case page's plan form, the
check-ins with their done / skip / reschedule controls, and the worker's "今日回访"
page linked from the work page."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.conftest import World
from tests.ui.conftest import Ui, text_of


def version_of(world: World, case_id: object) -> str:
    return str(world.cases.get_case(world.jb_supervisor, case_id).version)  # type: ignore[arg-type]


class TestCheckInPages:
    def test_a_worker_plans_daily_check_ins_and_works_them_from_today(self, ui: Ui,
                                                                      world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case.id}").text
        assert 'id="form-follow_up_plan"' in page
        assert "暂无回访计划" in text_of(page)

        answer = browser.post(f"/cases/{case.id}/follow-up-plan", {
            "version": str(case.version), "every": "day", "at": "10:00", "starts": "",
            "until": "", "day_of_month": ""})
        assert answer.status_code == 303
        words = text_of(browser.follow(answer).text)
        assert "回访计划已设定。" in words
        assert "每天 10:00, 至结案" in words
        assert "待回访" in words  # today's, at 10:00 (the clock says 09:00)
        assert "设定了回访计划" in words  # the timeline

        work = text_of(browser.get("/work").text)
        assert "今日回访:待回访 1 个,逾期 0 个" in work
        today = browser.get("/today").text
        assert case.reference in today
        assert f'href="/cases/{case.id}#check-ins"' in today

        day = world.today().isoformat()
        done = browser.post(f"/cases/{case.id}/check-ins/{day}/done", {
            "version": version_of(world, case.id), "note": "体温正常"})
        assert done.status_code == 303
        words = text_of(browser.follow(done).text)
        assert "回访已记录。" in words
        assert "已完成" in words
        assert "体温正常" in words
        assert "今天没有待回访。" in text_of(browser.get("/today").text)

    def test_a_refused_plan_keeps_the_input_and_says_why(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        answer = browser.post(f"/cases/{case.id}/follow-up-plan", {
            "version": str(case.version), "every": "month", "at": "09:30",
            "day_of_month": "", "starts": "", "until": ""})
        assert answer.status_code == 422
        words = text_of(answer.text)
        assert "按月回访须填写每月几号" in words
        assert 'value="09:30"' in answer.text  # what was entered stays
        assert world.cases.get_case(world.jb_worker, case.id).follow_up_plan is None

    def test_skip_and_reschedule_then_stop(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        browser.post(f"/cases/{case.id}/follow-up-plan", {
            "version": str(case.version), "every": "day", "at": "10:00"})
        tomorrow = (world.today() + timedelta(days=1)).isoformat()
        skipped = browser.post(f"/cases/{case.id}/check-ins/{tomorrow}/skip", {
            "version": version_of(world, case.id), "reason": "复诊住院"})
        assert "已跳过本次回访。" in text_of(browser.follow(skipped).text)
        moved = browser.post(f"/cases/{case.id}/check-ins/{world.today()}/reschedule", {
            "version": version_of(world, case.id), "to": f"{world.today()}T16:00"})
        words = text_of(browser.follow(moved).text)
        assert "本次回访已改期。" in words
        assert "将一次回访改期" in words  # the timeline, with the new time
        assert "新的时间" in words
        assert "已改期" in words
        later = (world.today() + timedelta(days=2)).isoformat()
        empty = browser.post(f"/cases/{case.id}/check-ins/{later}/skip", {
            "version": version_of(world, case.id), "reason": ""})
        assert empty.status_code == 422
        stopped = browser.post(f"/cases/{case.id}/follow-up-plan", {
            "version": version_of(world, case.id), "stop": "1"})
        assert "回访计划已停止。" in text_of(browser.follow(stopped).text)
        assert world.cases.get_case(world.jb_worker, case.id).follow_up_plan is None

    def test_not_offered_before_an_assessment(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        page = ui.as_("jb-wang").get(f"/cases/{case.id}").text
        assert 'id="form-follow_up_plan"' not in page
