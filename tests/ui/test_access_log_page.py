"""The access log people can use (issue 12, item 11): filtered by person, case and time,
across cases for an auditor and within the team for a supervisor, times to the second,
and repeated reads of one page by one person within a few minutes as one line."""

from __future__ import annotations

import re

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of
from tests.ui.test_worker_pages import settle


def lines(page: str) -> list[str]:
    """The rows of the access log table, as text."""
    if "<tbody>" not in page:
        return []
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]


@SQLITE_ONLY
class TestAccessLogPage:
    def test_repeated_reads_are_one_line_with_a_count_and_times_to_the_second(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)
        wang = ui.as_("jb-wang")
        for _ in range(3):  # three reloads within two minutes
            wang.get(f"/cases/{case.id}")
            world.later(seconds=50)
        world.later(minutes=30)
        wang.get(f"/cases/{case.id}")  # a read half an hour later: a line of its own
        world.later(seconds=7)
        ui.as_("jb-lead").get(f"/cases/{case.id}/print")

        shown = lines(ui.as_("jb-lead").get(f"/access-log?case={case.reference}").text)

        assert len(shown) == 3
        assert "Jb-Lead" in shown[0]
        assert "打印个案记录表" in shown[0]
        assert "Jb-Wang" in shown[1]
        assert shown[1].endswith("查看个案 1")
        assert "Jb-Wang" in shown[2]
        assert shown[2].endswith("查看个案 3")
        # 09:00:00, 09:00:50 and 09:01:40 on 10 April 2022 (Shanghai): one line, 3 times
        assert "3 次,2022年4月10日 09:00:00 至 2022年4月10日 09:01:40" in shown[2]
        assert "2022年4月10日 09:32:30" in shown[1]

    def test_an_auditor_filters_by_person_and_time_across_cases(
            self, ui: Ui, world: World) -> None:
        jb = world.active_case(world.jb_worker, world.jb_supervisor)
        pd = world.open_case(world.pd_worker).case
        settle(world)
        ui.as_("jb-wang").get(f"/cases/{jb.id}")
        ui.as_("pd-zhao").get(f"/cases/{pd.id}")
        world.later(days=2)
        ui.as_("pd-zhao").get(f"/cases/{pd.id}/print")
        auditor = ui.as_("mca-auditor")

        everyone = lines(auditor.get("/access-log").text)
        assert len(everyone) == 3
        assert any(jb.reference in line for line in everyone)
        assert any(pd.reference in line for line in everyone)

        zhao = lines(auditor.get("/access-log?person=pd-zhao").text)
        assert len(zhao) == 2
        assert all("Pd-Zhao" in line for line in zhao)

        today = world.today().isoformat()
        recent = lines(auditor.get(f"/access-log?person=pd-zhao&from={today}&to={today}").text)
        assert len(recent) == 1
        assert "打印个案记录表" in recent[0]

        page = text_of(auditor.get("/access-log?person=nobody-here").text)
        assert "没有用户名为 nobody-here 的用户" in page
        assert "请按 年-月-日 格式填写日期" in text_of(auditor.get("/access-log?from=10/04").text)

    def test_a_supervisor_sees_their_teams_cases_only(self, ui: Ui, world: World) -> None:
        jb = world.active_case(world.jb_worker, world.jb_supervisor)
        pd = world.open_case(world.pd_worker).case
        settle(world)
        ui.as_("jb-wang").get(f"/cases/{jb.id}")
        ui.as_("pd-zhao").get(f"/cases/{pd.id}")
        lead = ui.as_("jb-lead")

        shown = lines(lead.get("/access-log").text)
        assert len(shown) == 1
        assert jb.reference in shown[0]
        assert lead.get(f"/access-log?case_id={pd.id}").status_code == 404
        assert "没有您可查看的个案" in text_of(lead.get(f"/access-log?case={pd.reference}").text)
        assert ui.as_("jb-wang").get("/access-log").status_code == 403
        assert ui.as_("bright-light").get("/access-log").status_code == 403

    def test_the_history_page_links_to_the_cases_filtered_log(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        settle(world)
        lead = ui.as_("jb-lead")

        history = lead.get(f"/cases/{case.id}/history").text

        assert f'href="/access-log?case_id={case.id}"' in history
        shown = lines(lead.get(f"/access-log?case_id={case.id}").text)
        assert [line.split(" ")[-2] for line in shown] == ["查看个案", "查看个案历史"]
        assert all(case.reference in line for line in shown)
