"""The case list page (docs/domain.md §3 case list and search): by name, phone or reference, sent
as a form and redirected (303) to the results' address, so that no name or phone ends up
in an address; by status, risk, need, vulnerability and worker."""

from __future__ import annotations

import re
from dataclasses import replace

from domain.vocabulary import Vulnerability
from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Browser, Ui, text_of
from tests.ui.test_worker_pages import settle


def listed(browser: Browser, **form: str) -> set[str]:
    page = browser.follow(browser.post("/cases", form))
    assert page.status_code == 200, page.text
    return set(re.findall(r'href="/cases/([0-9a-f-]{36})"', page.text))


@SQLITE_ONLY
class TestSearchPage:
    def test_by_name_phone_or_the_number_of_the_reference(self, ui: Ui, world: World) -> None:
        song = world.open_case(world.jb_worker).case  # 宋老师, 138 0000 0001
        other = world.cases.open_case(world.jb_worker, replace(
            world.intake("JB"), details=replace(world.intake("JB").details, name="王建国",
                                                phone="139 2233 4455"))).case
        settle(world)
        browser = ui.as_("jb-wang")

        assert listed(browser, q="宋老师") == {str(song.id)}
        assert listed(browser, q="13922334455") == {str(other.id)}
        assert listed(browser, q=song.reference.split("-")[-1]) == {str(song.id)}

    def test_by_vulnerability_and_by_worker(self, ui: Ui, world: World) -> None:
        mine = world.active_case(world.jb_worker, world.jb_supervisor)
        child = world.cases.open_case(world.jb_worker, replace(
            world.intake("JB"), vulnerabilities=(Vulnerability.CHILD,))).case
        settle(world)
        browser = ui.as_("jb-lead")

        assert listed(browser, vulnerability="child") == {str(child.id)}
        assert listed(browser, worker_id=str(world.jb_worker.id)) == {str(mine.id)}
        page = browser.get("/cases").text
        assert f'<option value="{world.jb_worker.id}">' in page  # the team's workers

    def test_a_worker_id_not_from_the_list_is_refused_in_words(self, ui: Ui,
                                                              world: World) -> None:
        page = ui.as_("jb-lead").get("/cases?worker_id=not-an-id")
        assert page.status_code == 200
        alert = re.search(r'<p class="problem" role="alert">(.*?)</p>', page.text)
        assert alert is not None
        assert "没有该选项" in text_of(alert.group(1))
