"""A supervisor's pages: the dashboard and its charts, assigning, closure approval,
bulk reassignment, incoming transfers and the case history with its past states."""

from __future__ import annotations

import json
import re

from domain.vocabulary import ClosureOutcome, Risk, Status
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, table_rows, text_of
from tests.ui.test_worker_pages import settle


def chart(html: str, name: str) -> dict[str, object]:
    found = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', html,
                      flags=re.S)
    assert found, name
    data: dict[str, object] = json.loads(found.group(1))
    return data


@SQLITE_ONLY
class TestDashboard:
    def test_the_dashboard_counts_the_teams_work(self, ui: Ui, world: World) -> None:
        lead = world.jb_supervisor
        world.active_case(world.jb_worker, lead)
        world.active_case(world.jb_worker, lead)
        world.active_case(world.jb_colleague, lead)
        world.assessed_case(world.jb_worker, Risk.CRITICAL)
        world.open_case(world.jb_worker)
        settle(world)

        page = ui.as_("jb-lead").get("/team").text

        workers = chart(page, "chart-workers-data")
        assert workers["data"] == {"labels": ["Jb-Wang", "Jb-Li"], "datasets": [
            {"label": "在办个案", "data": [2, 1], "backgroundColor": "#0b4f8a"},
            {"label": "回访逾期", "data": [0, 0], "backgroundColor": "#a4161a"}]}
        unassigned = chart(page, "chart-unassigned-data")
        assert unassigned["data"]["datasets"][0]["data"] == [1, 1, 0, 0, 0]  # type: ignore[index]
        days = chart(page, "chart-days-data")
        assert days["data"]["datasets"][0]["data"][-1] == 5  # type: ignore[index]
        assert 'src="/static/chart.umd.min.js"' in page
        assert "2 个个案待分派" in text_of(page)

    def test_the_dashboard_refreshes_by_itself(self, ui: Ui, world: World) -> None:
        browser = ui.as_("jb-lead")
        assert 'hx-get="/team/panel"' in browser.get("/team").text

        world.open_case(world.jb_worker)
        settle(world)
        panel = browser.get("/team/panel", headers={"hx-request": "true"}).text

        assert "1 个个案待分派" in text_of(panel)
        assert "<html" not in panel

    def test_the_totals_agree_with_their_figure(self, ui: Ui, world: World) -> None:
        world.active_case(world.jb_worker, world.jb_supervisor)  # follow-up tomorrow
        world.later(days=3)
        world.assessed_case(world.jb_worker, Risk.LOW)
        settle(world)
        browser = ui.as_("jb-lead")
        browser.post("/language", {"lang": "en", "next": "/team"})

        one = text_of(browser.get("/team").text)
        world.active_case(world.jb_colleague, world.jb_supervisor)
        world.later(days=3)
        world.assessed_case(world.jb_worker, Risk.LOW)
        settle(world)
        two = text_of(browser.get("/team").text)

        assert "1 follow-up overdue" in one
        assert "1 case waits for a worker" in one
        assert "follow-ups overdue" not in one
        assert "2 follow-ups overdue" in two
        assert "2 cases wait for a worker" in two

    def test_the_report_says_hours_without_a_stray_space(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        referral = world.cases.send_referral(world.jb_worker, case.id, world.foundation,
                                             "送药", None)
        world.later(hours=5)
        world.cases.accept_referral(world.partner, referral.referral_id)
        settle(world)

        page = text_of(ui.as_("jb-lead").get("/report").text)

        assert "中位数 5.0 小时,90% 在 5.0 小时内" in page

    def test_a_worker_has_no_dashboard(self, ui: Ui) -> None:
        assert ui.as_("jb-wang").get("/team").status_code == 403


@SQLITE_ONLY
class TestDecisions:
    def test_assigning_from_the_case_page(self, ui: Ui, world: World) -> None:
        case = world.assessed_case(world.jb_worker)
        browser = ui.as_("jb-lead")
        page = browser.get(f"/cases/{case.id}").text
        assert f'<option value="{world.jb_colleague.id}"' in page

        answer = browser.post(f"/cases/{case.id}/assign", {
            "version": str(case.version), "worker_id": str(world.jb_colleague.id)})

        assert "Jb-Lead 将个案分派给 Jb-Li" in text_of(browser.follow(answer).text)

    def test_approving_a_closure_from_the_approvals_list(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.HIGH)
        requested = world.cases.close(world.jb_worker, case.id, ClosureOutcome.RESOLVED,
                                      "Medicine delivered").case
        settle(world)
        browser = ui.as_("jb-lead")

        listed = browser.get("/team/approvals").text
        assert case.reference in " ".join(table_rows(listed, "main"))

        answer = browser.post(f"/cases/{case.id}/closure-decision", {
            "version": str(requested.version), "decision": "approve", "comment": "OK"})

        page = text_of(browser.follow(answer).text)
        assert "已批准结案" in page
        assert "Jb-Lead 批准结案" in page
        assert world.cases.get_case(world.jb_worker, case.id).status is Status.CLOSED

    def test_bulk_reassignment_moves_the_chosen_cases(self, ui: Ui, world: World) -> None:
        lead = world.jb_supervisor
        first = world.active_case(world.jb_worker, lead)
        second = world.active_case(world.jb_worker, lead)
        kept = world.active_case(world.jb_worker, lead)
        settle(world)
        browser = ui.as_("jb-lead")
        listed = browser.get(f"/team/reassign?from={world.jb_worker.id}").text
        assert all(c.reference in listed for c in (first, second, kept))

        answer = browser.post("/team/reassign", {
            "from_worker": str(world.jb_worker.id), "case_ids": [str(first.id), str(second.id)],
            "to_worker": str(world.jb_colleague.id), "reason": "王磊病假"})

        assert answer.status_code == 200
        page = text_of(answer.text)
        assert f"{first.reference}: 已改派" in page
        assert f"{second.reference}: 已改派" in page
        moved = {world.cases.get_case(lead, c.id).assigned_worker_id for c in (first, second)}
        assert moved == {world.jb_colleague.id}
        assert world.cases.get_case(lead, kept.id).assigned_worker_id == world.jb_worker.id

    def test_a_bulk_reassignment_without_a_reason_is_refused(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)

        answer = ui.as_("jb-lead").post("/team/reassign", {
            "from_worker": str(world.jb_worker.id), "case_ids": [str(case.id)],
            "to_worker": str(world.jb_colleague.id), "reason": " "})

        assert answer.status_code == 422
        assert "原因:改派须填写原因" in text_of(answer.text)

    def test_a_transfer_waits_for_the_receiving_team(self, ui: Ui, world: World) -> None:
        case = world.assessed_case(world.pd_worker)
        world.cases.request_transfer(world.pd_supervisor, case.id, "JB", "Lives in Jiangbei")
        settle(world)
        browser = ui.as_("jb-lead")

        listed = browser.get("/team/transfers").text
        assert case.reference in listed
        assert "浦东社工站 (PD)" in text_of(listed)
        assert "转移原因 Lives in Jiangbei" in text_of(listed)
        assert "申请人 Pd-Lead" in text_of(listed)

        answer = browser.post(f"/team/transfers/{case.id}", {
            "version": str(case.version + 1), "decision": "accept"})

        page = text_of(browser.follow(answer).text)
        assert f"个案 {case.reference} 已转入本团队" in page
        assert world.cases.get_case(world.jb_supervisor, case.id).team == "JB"


@SQLITE_ONLY
class TestHistory:
    def test_the_case_as_it_stood_and_who_read_it(self, ui: Ui, world: World) -> None:
        case = world.assessed_case(world.jb_worker, Risk.MEDIUM)
        before = world.clock.now().astimezone(world.container.settings.tz)
        world.later(hours=1)
        world.cases.assess(world.jb_worker, case.id, world.assessment(Risk.CRITICAL))
        world.cases.get_case(world.jb_worker, case.id)
        browser = ui.as_("jb-lead")

        page = browser.get(f"/cases/{case.id}/history",
                           params={"as_of": before.strftime("%Y-%m-%dT%H:%M")}).text

        words = text_of(page)
        assert "历史状态(截至 2022年4月10日 09:00)" in words
        start = words.index("历史状态(截至")
        as_of = words[start:words.index("个案历史", start)]
        assert "风险等级 中" in as_of
        assert "Jb-Wang 将个案评估为紧急风险" in words
        access = words[words.index("查阅记录"):]
        assert "Jb-Wang (社工) 查看个案" in access
        assert "Jb-Lead (督导) 查看历史状态" in access

    def test_a_worker_cannot_read_the_history_page(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case

        assert ui.as_("jb-wang").get(f"/cases/{case.id}/history").status_code == 403
