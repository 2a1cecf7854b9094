"""A volunteer's tasks in the web UI (issue 14): the cards of /volunteer, a task's page,
接单, 婉拒 with a reason, 转交 back to the pool (a reason required), 完成 with the time
spent; the phone and address only while the task is theirs; nothing else of the case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.vocabulary import TaskStatus
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.task_cast import CONTACT_ONLY, LI, SONG_SECRETS, ZHOU, Cast


@pytest.fixture
def cast(world: World) -> Cast:
    return Cast(world)


def section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return text_of(html[start:html.index("</section>", start)])



@SQLITE_ONLY
class TestMyTasks:
    def test_the_cards_offered_held_pool_and_done(self, ui: Ui, cast: Cast) -> None:
        offered = cast.task(to=ZHOU, description="代缴电费")
        cast.task(description="代取快递")  # the pool
        late = cast.task(to=ZHOU, description="陪同复诊", due_in=timedelta(hours=1))
        done = cast.task(to=ZHOU, description="理发")
        cast.done(ZHOU, done, 45)
        cast.task(to=LI, description="别人的任务")
        cast.world.later(hours=2)  # `late` is overdue now

        page = ui.as_(ZHOU).get("/volunteer")
        assert page.status_code == 200
        mine = section(page.text, "my-tasks")
        assert "代缴电费" in mine
        assert mine.index("陪同复诊") < mine.index("代缴电费")  # the overdue first
        assert "已超时" in mine
        assert "宋老师" in mine
        assert "代取快递" in section(page.text, "pool-tasks")
        assert "代取快递" not in mine
        recent = section(page.text, "recent-tasks")
        assert "理发" in recent
        assert "已完成" in recent
        assert "45 分钟" in recent
        words = text_of(page.text)
        assert "别人的任务" not in words
        assert f'action="/volunteer/tasks/{offered}/accept"' in page.text
        assert f'href="/volunteer/tasks/{late}#decline"' in page.text
        for secret in (*SONG_SECRETS, *CONTACT_ONLY):
            assert secret not in page.text, secret

    def test_nothing_yet_says_so(self, ui: Ui, cast: Cast) -> None:
        words = text_of(ui.as_(ZHOU).get("/volunteer").text)
        assert "目前没有派给您的任务" in words
        assert "任务池中暂无任务" in words

    def test_a_pool_task_accepted_shows_the_phone_and_address(self, ui: Ui,
                                                              cast: Cast) -> None:
        task_id = cast.task()
        browser = ui.as_(ZHOU)
        before = browser.get(f"/volunteer/tasks/{task_id}").text
        assert "13800000001" not in before
        assert "3-2-201" not in before
        assert "接单" in text_of(before)

        accepted = browser.follow(browser.post(f"/volunteer/tasks/{task_id}/accept", {}))
        assert accepted.url.path == f"/volunteer/tasks/{task_id}"
        assert "接单成功" in text_of(accepted.text)
        assert 'href="tel:13800000001"' in accepted.text
        assert "3-2-201" in accepted.text
        for secret in SONG_SECRETS:
            assert secret not in accepted.text, secret
        assert "宋老师" in accepted.text
        held = ui.as_(ZHOU).get("/volunteer").text
        assert str(task_id) in section(held, "held-tasks") or \
            f"/volunteer/tasks/{task_id}" in held
        assert "13800000001" not in held  # never in a list

    def test_another_volunteer_sees_the_pool_task_taken(self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task()
        ui.as_(ZHOU).post(f"/volunteer/tasks/{task_id}/accept", {})
        page = ui.as_(LI).get(f"/volunteer/tasks/{task_id}")
        assert page.status_code == 200
        assert "该任务已由其他志愿者接单" in text_of(page.text)
        assert "13800000001" not in page.text
        late = ui.as_(LI).post(f"/volunteer/tasks/{task_id}/accept", {})
        assert late.status_code == 409
        assert "13800000001" not in late.text

    def test_decline_with_a_reason(self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task(to=ZHOU)
        browser = ui.as_(ZHOU)
        page = browser.get(f"/volunteer/tasks/{task_id}").text
        assert 'id="decline"' in page
        declined = browser.follow(browser.post(f"/volunteer/tasks/{task_id}/decline",
                                               {"reason": "这周出差"}))
        assert declined.url.path == "/volunteer"
        assert "已婉拒该任务" in text_of(declined.text)
        view = cast.world.container.tasks.task(cast.world.jb_worker, task_id)
        assert view.status is TaskStatus.OFFERED or view.status is TaskStatus.OPEN
        assert getattr(view, "reason", None) == "这周出差"
        assert browser.get(f"/volunteer/tasks/{task_id}").status_code == 404

    def test_hand_over_needs_a_reason_at_the_field(self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task(to=ZHOU)
        browser = ui.as_(ZHOU)
        browser.post(f"/volunteer/tasks/{task_id}/accept", {})
        refused = browser.post(f"/volunteer/tasks/{task_id}/hand-over", {"reason": "  "})
        assert refused.status_code == 422
        assert 'id="hand_over-reason-error"' in refused.text
        assert 'aria-invalid="true"' in refused.text
        view = cast.world.container.tasks.task(cast.volunteer(ZHOU), task_id)
        assert view.status is TaskStatus.ACCEPTED

        handed = browser.follow(browser.post(f"/volunteer/tasks/{task_id}/hand-over",
                                             {"reason": "腿伤了,走不了远路"}))
        assert "任务已转交回任务池" in text_of(handed.text)
        assert f"/volunteer/tasks/{task_id}/accept" in handed.text  # in the pool again
        again = browser.get(f"/volunteer/tasks/{task_id}").text
        assert "13800000001" not in again

    @pytest.mark.parametrize("spent", [{"minutes": "0"}, {"minutes": "1441"},
                                       {"hours": "24", "minutes": "30"}, {},
                                       {"minutes": "一小时"}])
    def test_complete_refuses_a_time_out_of_range_at_the_field(
            self, ui: Ui, cast: Cast, spent: dict[str, str]) -> None:
        task_id = cast.task(to=ZHOU)
        browser = ui.as_(ZHOU)
        browser.post(f"/volunteer/tasks/{task_id}/accept", {})
        refused = browser.post(f"/volunteer/tasks/{task_id}/complete",
                               {**spent, "note": "送到了"})
        assert refused.status_code == 422
        assert ('id="complete-minutes-error"' in refused.text
                or 'id="complete-hours-error"' in refused.text)
        assert "送到了" in refused.text  # the form filled again
        view = cast.world.container.tasks.task(cast.volunteer(ZHOU), task_id)
        assert view.status is TaskStatus.ACCEPTED

    def test_complete_with_hours_and_minutes(self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task(to=ZHOU)
        browser = ui.as_(ZHOU)
        browser.post(f"/volunteer/tasks/{task_id}/accept", {})
        completed = browser.follow(browser.post(f"/volunteer/tasks/{task_id}/complete", {
            "hours": "1", "minutes": "20", "note": "药已送到"}))
        words = text_of(completed.text)
        assert "辛苦了" in words
        assert "已完成:用时 80 分钟" in words
        assert "13800000001" not in completed.text  # no longer theirs to call
        assert "3-2-201" not in completed.text
        assert 'action="/volunteer/tasks/' not in completed.text

    def test_a_form_sent_twice_completes_once(self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task(to=ZHOU)
        browser = ui.as_(ZHOU)
        browser.post(f"/volunteer/tasks/{task_id}/accept", {})
        form = {"minutes": "30", "request_key": "k-1"}
        first = browser.post(f"/volunteer/tasks/{task_id}/complete", form)
        second = browser.post(f"/volunteer/tasks/{task_id}/complete", form)
        assert (first.status_code, second.status_code) == (303, 303)

    def test_a_volunteers_action_does_not_need_the_cases_version(
            self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task(to=ZHOU)
        cast.task(to=LI)  # the case has moved on since
        answer = ui.as_(ZHOU).post(f"/volunteer/tasks/{task_id}/accept", {"version": "1"})
        assert answer.status_code == 303


@SQLITE_ONLY
class TestNotTheirs:
    def test_a_task_of_another_volunteer_is_404(self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task(to=LI)
        browser = ui.as_(ZHOU)
        answer = browser.get(f"/volunteer/tasks/{task_id}")
        assert answer.status_code == 404
        assert "取特病药" not in answer.text
        assert browser.post(f"/volunteer/tasks/{task_id}/accept", {}).status_code == 404

    def test_a_task_of_another_team_is_404(self, ui: Ui, cast: Cast, world: World) -> None:
        other = world.open_case(world.pd_worker, assessment=world.assessment()).case
        world.cases.assign(world.pd_supervisor, other.id, world.pd_worker.id, None)
        task_id = cast.task(case_id=other.id, by=world.pd_worker)
        assert ui.as_(LI).get(f"/volunteer/tasks/{task_id}").status_code == 404
        # 周敏 is of PD too: the pool of PD is hers
        assert ui.as_(ZHOU).get(f"/volunteer/tasks/{task_id}").status_code == 200

    def test_an_unknown_task_is_404(self, ui: Ui, cast: Cast) -> None:
        answer = ui.as_(ZHOU).get("/volunteer/tasks/00000000-0000-4000-8000-000000000000")
        assert answer.status_code == 404

    def test_the_case_side_does_not_use_these_pages(self, ui: Ui, cast: Cast) -> None:
        task_id = cast.task()
        assert ui.as_("jb-wang").get(f"/volunteer/tasks/{task_id}").status_code == 403
        assert ui.as_("jb-wang").post(f"/volunteer/tasks/{task_id}/accept",
                                      {}).status_code == 403
