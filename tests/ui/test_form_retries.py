"""A form sent twice (a double click, a reload after a lost answer) does its command once:
every form carries a fresh request key, handed to the service as an idempotency key."""

from __future__ import annotations

import re

from tests.integration.conftest import World
from tests.ui.conftest import Ui


def request_key_on(page: str) -> str:
    found = re.search(r'name="request_key" value="([0-9a-f]{32})"', page)
    assert found, "every form carries a request key"
    return found.group(1)


class TestFormRetries:
    def test_a_note_sent_twice_is_added_once(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        form = {"version": str(case.version), "text": "Called her at 5",
                "request_key": request_key_on(browser.get(f"/cases/{case.id}").text)}

        first = browser.post(f"/cases/{case.id}/note", form)
        again = browser.post(f"/cases/{case.id}/note", form)

        assert (first.status_code, again.status_code) == (303, 303)
        assert again.headers["location"] == first.headers["location"]
        assert world.cases.get_case(world.jb_worker, case.id).notes_count == 1

    def test_the_same_key_with_another_text_is_refused(self, ui: Ui, world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-wang")
        key = request_key_on(browser.get(f"/cases/{case.id}").text)
        browser.post(f"/cases/{case.id}/note", {"version": str(case.version),
                                                "text": "First", "request_key": key})

        other = browser.post(f"/cases/{case.id}/note", {"version": str(case.version),
                                                        "text": "Second", "request_key": key})

        assert other.status_code == 422
        assert world.cases.get_case(world.jb_worker, case.id).notes_count == 1

    def test_a_bulk_reassignment_sent_twice_moves_each_case_once(self, ui: Ui,
                                                                 world: World) -> None:
        case = world.active_case(world.jb_worker, world.jb_supervisor)
        browser = ui.as_("jb-lead")
        page = browser.get(f"/team/reassign?from={world.jb_worker.id}").text
        form = {"from_worker": str(world.jb_worker.id), "case_ids": str(case.id),
                "to_worker": str(world.jb_colleague.id), "reason": "Wang is on leave",
                "request_key": request_key_on(page)}

        first = browser.post("/team/reassign", form)
        position = world.stored_position()
        again = browser.post("/team/reassign", form)

        assert (first.status_code, again.status_code) == (200, 200)
        assert world.stored_position() == position
        moved = world.cases.get_case(world.jb_supervisor, case.id)
        assert (moved.assigned_worker_id, moved.version) == (world.jb_colleague.id,
                                                             case.version + 1)
