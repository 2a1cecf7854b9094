"""A tab left open while the case moved on (issue 12, item 8): a note or a service record
conflicts with nothing, so the page sends no version with them and they are accepted; an
assessment, an assignment or a closure still names the version it was made from. (The
API honours If-Match on every command: tests/http/test_concurrency_headers.py.)"""

from __future__ import annotations

import re

from tests.integration.conftest import World
from tests.ui.conftest import SQLITE_ONLY, Ui, text_of


def form_of(page: str, name: str) -> str:
    start = page.index(f'id="form-{name}"')
    return page[start:page.index("</form>", start)]


@SQLITE_ONLY
class TestAStaleTab:
    def test_a_note_and_a_service_are_recorded_on_a_case_that_moved_on(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        page = browser.get(f"/cases/{case.id}").text
        world.cases.add_note(world.jb_colleague, case.id, "Neighbour called")
        now = world.clock.now().astimezone(world.container.settings.tz)

        noted = browser.post(f"/cases/{case.id}/note", {"text": "Will call at 5"})
        served = browser.post(f"/cases/{case.id}/service", {
            "kind": "home_visit", "description": "Brought insulin",
            "delivered_at": now.strftime("%Y-%m-%dT%H:%M"), "minutes": "30"})

        assert (noted.status_code, served.status_code) == (303, 303)
        assert "name=\"version\"" not in form_of(page, "note")
        assert "name=\"version\"" not in form_of(page, "service")
        shown = text_of(browser.follow(served).text)
        assert "Will call at 5" in shown
        assert "Brought insulin" in shown
        assert world.cases.get_case(world.jb_worker, case.id).notes_count == 2

    def test_even_a_version_sent_by_an_old_page_does_not_refuse_a_note(
            self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        world.cases.add_note(world.jb_colleague, case.id, "Neighbour called")

        noted = ui.as_("jb-wang").post(f"/cases/{case.id}/note", {
            "version": str(case.version), "text": "Will call at 5"})

        assert noted.status_code == 303

    def test_an_assessment_and_a_closure_still_carry_the_version_shown(
            self, ui: Ui, world: World) -> None:
        case = world.open_case(world.jb_worker).case
        page = ui.as_("jb-wang").get(f"/cases/{case.id}").text

        for name in ("assess", "close"):
            assert re.search(rf'name="version" value="{case.version}"', form_of(page, name))
