"""The case page as a day's work needs it (issue 12): the timeline newest first, with a
link to turn it round; the case's version number only for those who compare versions
(supervisors and auditors); the triage and the assessment say which fields are required."""

from __future__ import annotations

import re

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of


def timeline_sentences(page: str) -> list[str]:
    start = page.index('<ol class="timeline">')
    items = re.findall(r"<span>(.*?)</span>", page[start:page.index("</ol>", start)],
                       flags=re.S)
    return [text_of(item) for item in items]


@SQLITE_ONLY
class TestTheTimeline:
    def test_is_newest_first_and_turns_round_on_request(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.add_note(world.jb_worker, case.id, "Called her at 5")
        browser = ui.as_("jb-wang")

        newest = browser.get(f"/cases/{case.id}").text
        oldest = browser.get(f"/cases/{case.id}?order=oldest").text

        assert "添加了个案记录" in timeline_sentences(newest)[0]
        assert "登记" in timeline_sentences(oldest)[0]
        assert timeline_sentences(oldest) == timeline_sentences(newest)[::-1]
        assert "最新的在前" in text_of(newest)
        assert f'href="/cases/{case.id}?order=oldest#h-timeline">改为最早的在前' in newest
        assert f'href="/cases/{case.id}#h-timeline">改为最新的在前' in oldest


@SQLITE_ONLY
class TestTheVersion:
    def test_is_shown_to_a_supervisor_and_an_auditor_not_to_a_worker(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        shown = f"版本 {case.version}"

        assert shown not in text_of(ui.as_("jb-wang").get(f"/cases/{case.id}").text)
        assert shown in text_of(ui.as_("jb-lead").get(f"/cases/{case.id}").text)
        assert shown in text_of(ui.as_("mca-auditor").get(f"/cases/{case.id}").text)


@SQLITE_ONLY
class TestRequiredFields:
    def test_the_triage_marks_what_assessing_now_requires(self, ui: Ui) -> None:
        page = ui.as_("jb-wang").get("/cases/new").text

        triage = page[page.index('name="triage"') - 200:]
        assert "勾选“立即评估”后,标有「(立即评估时必填)」的项目必须填写。" in text_of(page)
        assert 'data-requires="intake-risk intake-plan intake-follow_up_due"' in triage
        for label in ("风险等级", "服务计划", "下次回访日期"):
            assert re.search(rf">{label}</label> <span class=\"req\" aria-hidden=\"true\">"
                             r"\(立即评估时必填\)</span>", triage), label
        assert "标有「(必填)」的项目必须填写。" in text_of(page)
        assert re.search(r'id="intake-name" name="name" type="text" value="" required', page)

    def test_the_assessment_marks_its_required_fields_and_says_so(
            self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        page = ui.as_("jb-wang").get(f"/cases/{case.id}").text

        form = page[page.index('id="form-assess"'):]
        form = form[:form.index("</form>")]
        assert "标有「(必填)」的项目必须填写。" in text_of(form)
        assert "(至少选一项)" in text_of(form)
        for name in ("risk", "plan", "follow_up_due"):
            assert re.search(rf'id="assess-{name}" name="{name}"[^>]* required', form), name
