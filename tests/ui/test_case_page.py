"""What the case page shows: a duplicate's original case by its reference (a link for
those who may open it), follow-ups overdue only while the case is open, the message
after closing, and its tables stacked on a phone like the queues."""

from __future__ import annotations

import re

from domain.vocabulary import ClosureOutcome, Risk
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import settle

STYLES = "/static/casework.css"


def cells(html: str, section_id: str) -> list[tuple[str, str]]:
    """(data-label, text) of each body cell of the table in the section `section_id`."""
    start = html.index(f'id="{section_id}"')
    body = html[html.index("<tbody>", start):html.index("</tbody>", start)]
    return [(label, text_of(text)) for label, text in re.findall(
        r'<td data-label="([^"]*)">(.*?)</td>', body, flags=re.S)]


@SQLITE_ONLY
class TestADuplicate:
    def test_the_original_case_is_named_by_its_reference_and_linked(
            self, ui: Ui, world: World) -> None:
        original = world.open_case(world.jb_worker).case
        duplicate = world.open_case(world.jb_colleague).case
        settle(world)
        browser = ui.as_("jb-wang")

        closed = browser.post(f"/cases/{duplicate.id}/close", {
            "version": str(duplicate.version), "outcome": "duplicate",
            "duplicate_of": original.reference.lower(), "summary": "同一位老人,两次来电"})

        page = browser.follow(closed).text
        timeline = page[page.index('id="h-timeline"'):]
        assert f"原个案 {original.reference}" in text_of(timeline)
        assert str(original.id) not in text_of(page)  # no raw id anywhere
        link = f'<a href="/cases/{original.id}">{original.reference}</a>'
        assert link in timeline
        assert link in page[:page.index('id="h-timeline"')]  # also in the closure panel
        auditor = ui.as_("mca-auditor").get(f"/cases/{duplicate.id}").text
        assert link in auditor

    def test_an_unknown_reference_is_no_such_case(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        other_team = world.open_case(world.pd_worker).case
        browser = ui.as_("jb-wang")
        form = {"version": str(case.version), "outcome": "duplicate", "summary": "重复"}

        unknown = browser.post(f"/cases/{case.id}/close",
                               {**form, "duplicate_of": "JB-2022-09999"})
        hidden = browser.post(f"/cases/{case.id}/close",
                              {**form, "duplicate_of": other_team.reference})
        browser.post("/language", {"lang": "en", "next": "/work"})
        english = browser.post(f"/cases/{case.id}/close", {**form, "duplicate_of": "JB-0"})

        assert unknown.status_code == hidden.status_code == 422
        for answer in (unknown, hidden):
            assert "原个案编号:没有该编号的个案" in text_of(answer.text)
            assert "没有该选项" not in text_of(answer.text)
        assert "Duplicate of: there is no case with this reference" in text_of(english.text)


@SQLITE_ONLY
class TestFollowUps:
    def test_a_closed_case_is_not_overdue(self, ui: Ui, world: World) -> None:
        open_case = world.active_case(world.jb_worker, world.jb_supervisor)  # due tomorrow
        closed = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.close(world.jb_worker, closed.id, ClosureOutcome.RESOLVED, "药已送到")
        world.later(days=3)
        browser = ui.as_("jb-wang")

        assert "回访逾期" in text_of(browser.get(f"/cases/{open_case.id}").text)
        page = text_of(browser.get(f"/cases/{closed.id}").text)
        assert "已结案" in page
        assert "回访逾期" not in page


@SQLITE_ONLY
class TestClosing:
    def test_the_message_says_the_case_is_closed(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.MEDIUM)
        browser = ui.as_("jb-wang")

        answer = browser.post(f"/cases/{case.id}/close", {
            "version": str(case.version), "outcome": "resolved", "summary": "药已送到"})

        page = text_of(browser.follow(answer).text)
        assert f"个案 {case.reference} 已结案。" in page
        assert "或" not in page[:page.index("已结案。")]

    def test_the_message_says_the_closure_awaits_approval(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor, Risk.HIGH)
        browser = ui.as_("jb-wang")
        browser.post("/language", {"lang": "en", "next": "/work"})

        answer = browser.post(f"/cases/{case.id}/close", {
            "version": str(case.version), "outcome": "resolved", "summary": "Delivered"})

        page = text_of(browser.follow(answer).text)
        assert (f"The closure of case {case.reference} is requested; it awaits the "
                "supervisor's approval.") in page
        assert "is closed" not in page


@SQLITE_ONLY
class TestOnAPhone:
    def test_referrals_and_services_stack_with_their_column_names(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.send_referral(world.jb_worker, case.id, world.foundation, "送药", None)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case.id}").text
        logged = browser.post(f"/cases/{case.id}/service", {
            "kind": "home_visit", "description": "送药上门,量了血压",
            "delivered_at": world.clock.now().astimezone(world.container.settings.tz)
            .strftime("%Y-%m-%dT%H:%M"), "minutes": "45"})
        page = browser.follow(logged).text

        referrals = cells(page, "h-referrals")
        services = cells(page, "h-services")
        assert [label for label, _ in referrals] == [
            "合作机构", "服务需求", "状态", "转介时间", "答复期限", "服务成效"]
        assert ("合作机构", "Bright Light Foundation") in referrals
        assert services == [("服务类型", "入户探访"), ("服务内容", "送药上门,量了血压"),
                            ("服务时间", services[2][1]), ("用时(分钟)", "45"),
                            ("记录人", "Jb-Wang")]
        # On a narrow screen these tables are cards, one line per cell, as the queues are.
        assert page.count('<table class="stack"') == 2
        styles = browser.get(STYLES).text
        narrow = styles[styles.index("@media (max-width: 40rem)"):]
        assert re.search(r"table\.stack td \{ display: block;", narrow)
        assert re.search(r"table\.stack td\[data-label\]::before", narrow)
