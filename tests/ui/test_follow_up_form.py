"""The case page's "Mark the follow-up done" form: offered on an active case, it records the
follow-up and shows the next date; not offered on a case not yet assessed."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.conftest import World
from tests.ui.conftest import Ui, text_of


class TestFollowUpForm:
    def test_a_worker_marks_the_follow_up_done(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        assert 'id="form-follow_up_done"' in browser.get(f"/cases/{case.id}").text
        next_due = world.today() + timedelta(days=7)

        answer = browser.post(f"/cases/{case.id}/follow-up-done", {
            "version": str(case.version), "next_follow_up_due": next_due.isoformat(),
            "note": "血压平稳"})

        assert answer.status_code == 303
        words = text_of(browser.follow(answer).text)
        assert "随访已记录,已设定下次随访日期。" in words
        assert "完成了随访" in words
        assert "血压平稳" in words
        assert world.cases.get_case(world.jb_worker, case.id).follow_up_due == next_due

    def test_not_offered_before_an_assessment(self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        page = ui.as_("jb-wang").get(f"/cases/{case.id}").text
        assert 'id="form-follow_up_done"' not in page
