"""Tasks on the case page (issue 14): a worker makes a task, offers it to the nearest
volunteer or the team's pool, cancels it with a reason; the refusals in words."""

from __future__ import annotations

import re
from datetime import timedelta

from domain.vocabulary import TaskStatus
from service.commands import OfferTask
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.task_support import (
    FAR,
    NAMES,
    NEAR,
    PAUSED,
    STREET,
    make_task,
    run,
    song_case,
    volunteers,
)


def local(world: World, **delta: float) -> str:
    moment = (world.clock.now() + timedelta(**delta)).astimezone(world.container.settings.tz)
    return moment.strftime("%Y-%m-%dT%H:%M")


def tasks_section(html: str) -> str:
    start = html.index('id="tasks"')
    return html[start:html.index("</section>", start)]


@SQLITE_ONLY
class TestTheCasePagesTasks:
    def test_a_worker_makes_a_task_and_sees_it_waiting_to_be_offered(
            self, ui: Ui, world: World) -> None:
        case_id = song_case(world)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case_id}").text
        assert 'action="/cases/' + str(case_id) + '/tasks"' in page
        assert 'value="haircut"' in page
        assert "理发" in page
        made = browser.post(f"/cases/{case_id}/tasks", {
            "kind": "purchase_on_behalf", "description": "代配特病药",
            "due_by": local(world, days=3), "place": "区人民医院", "repeat": "month"})
        shown = browser.follow(made).text
        assert "任务已创建" in text_of(shown)
        section = text_of(tasks_section(shown))
        assert "代购代办 · 每月" in section
        assert "代配特病药" in section
        assert "区人民医院" in section
        assert "待派单" in section

    def test_every_problem_of_the_form_is_named_at_its_field(self, ui: Ui,
                                                             world: World) -> None:
        case_id = song_case(world)
        answer = ui.as_("jb-wang").post(f"/cases/{case_id}/tasks", {
            "kind": "", "description": " ", "due_by": local(world, days=-1), "repeat": "none"})
        assert answer.status_code == 422
        assert 'id="task-kind-error"' in answer.text
        assert 'id="task-description-error"' in answer.text
        assert 'id="task-due_by-error"' in answer.text
        assert world.cases.get_case(world.jb_worker, case_id).tasks == ()

    def test_candidates_nearest_first_and_a_paused_volunteer_not_listed(
            self, ui: Ui, world: World) -> None:
        volunteers(world)
        case_id = song_case(world)
        make_task(world, case_id)
        section = text_of(tasks_section(ui.as_("jb-wang").get(f"/cases/{case_id}").text))
        near, street, far = (section.index(f"{NAMES[n]} · {w}") for n, w in (
            (NEAR, "同社区"), (STREET, "同街道"), (FAR, "同区")))
        assert near < street < far
        assert NAMES[PAUSED] not in section
        assert "派到任务池" in section

    def test_offered_to_the_nearest_candidate(self, ui: Ui, world: World) -> None:
        cast = volunteers(world)
        case_id = song_case(world)
        task_id = make_task(world, case_id)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case_id}").text
        volunteer_ids = re.findall(r'name="volunteer_id" value="([0-9a-f-]+)"', page)
        assert volunteer_ids[0] == str(cast[NEAR].id)
        version = re.search(r'name="version" value="(\d+)"', page)
        assert version is not None
        offered = browser.post(f"/cases/{case_id}/tasks/{task_id}/offer", {
            "version": version.group(1), "volunteer_id": volunteer_ids[0]})
        shown = text_of(tasks_section(browser.follow(offered).text))
        assert "已派单" in shown
        assert NAMES[NEAR] in shown
        [task] = world.cases.get_case(world.jb_worker, case_id).tasks
        assert (task.status, task.offered_to) == (TaskStatus.OFFERED, cast[NEAR].id)

    def test_offered_to_the_pool(self, ui: Ui, world: World) -> None:
        case_id = song_case(world)
        task_id = make_task(world, case_id)
        browser = ui.as_("jb-wang")
        shown = browser.follow(browser.post(f"/cases/{case_id}/tasks/{task_id}/offer",
                                            {"pool": "1"})).text
        assert "已派到任务池" in text_of(shown)
        assert "已派单 · 任务池" in text_of(tasks_section(shown))

    def test_a_volunteer_paused_since_the_page_was_shown_is_a_clear_refusal(
            self, ui: Ui, world: World) -> None:
        cast = volunteers(world)
        case_id = song_case(world)
        task_id = make_task(world, case_id)
        world.identity.set_own_availability(cast[NEAR], False)
        answer = ui.as_("jb-wang").post(f"/cases/{case_id}/tasks/{task_id}/offer",
                                        {"volunteer_id": str(cast[NEAR].id)})
        assert answer.status_code == 409
        assert "该志愿者已暂停接单,不能派给其新任务。" in text_of(answer.text)

    def test_a_cancel_needs_a_reason(self, ui: Ui, world: World) -> None:
        cast = volunteers(world)
        case_id = song_case(world)
        task_id = make_task(world, case_id)
        run(world, world.jb_worker, OfferTask(task_id, cast[NEAR].id))
        browser = ui.as_("jb-wang")
        refused = browser.post(f"/cases/{case_id}/tasks/{task_id}/cancel", {"reason": " "})
        assert refused.status_code == 422
        assert f'id="cancel-{task_id}-reason-error"' in refused.text
        assert f'id="form-cancel-{task_id}" open' in refused.text
        shown = browser.follow(browser.post(f"/cases/{case_id}/tasks/{task_id}/cancel",
                                            {"reason": "家属已代办"})).text
        assert "任务已取消" in text_of(shown)
        assert "已取消" in text_of(tasks_section(shown))
        assert f"/tasks/{task_id}/offer" not in shown

    def test_an_auditor_reads_the_tasks_without_forms(self, ui: Ui, world: World) -> None:
        case_id = song_case(world)
        make_task(world, case_id)
        section = tasks_section(ui.as_("mca-auditor").get(f"/cases/{case_id}").text)
        assert "代配特病药" in text_of(section)
        assert "<form" not in section
