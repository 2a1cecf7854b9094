"""A tab left open while the case moved on still takes a note (issue 12 item 8), at phone
width in English (an assessment from such a tab is still refused: tests/ui/
test_stale_tab.py). The supervisor then finds the worker's reads of the case in the
access log, filtered by its reference, timed to the second."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, People
from tests.e2e.story import field, main, open_action, reference_of

pytestmark = pytest.mark.e2e

USER = "pd.worker1"  # no other browser test uses this account
FIRST = "Called her daughter: the medicine arrives on Friday."
SECOND = "Neighbour Mr Liu will keep the spare key."


def test_a_stale_tab_still_takes_a_note(people: People) -> None:
    stale = people.page(USER, "/work")
    stale.set_viewport_size(PHONE)
    stale.get_by_role("button", name="English").click()
    try:
        case_url = people.server.url(
            stale.locator("#caseload a[href^='/cases/']").first.get_attribute("href") or "")
        stale.goto(case_url)
        reference = reference_of(stale)

        # The same worker, another tab: a note moves the case to its next version.
        fresh = stale.context.new_page()
        fresh.goto(case_url + "#form-note")
        form = fresh.get_by_role("form", name="Add a case note")
        field(form, "Note").fill(FIRST)
        form.get_by_role("button", name="Add a case note").click()
        expect(fresh.get_by_role("status").filter(has_text="added")).to_be_visible()
        fresh.close()

        # The stale tab's note goes in all the same, after the other one.
        stale_form = open_action(stale, "Add a case note")  # not reloaded: still stale
        field(stale_form, "Note").fill(SECOND)
        stale_form.get_by_role("button", name="Add a case note").click()
        expect(stale.get_by_role("status").filter(has_text="added")).to_be_visible()
        timeline = main(stale).locator("ol.timeline")
        expect(timeline.locator("li").nth(0)).to_contain_text(SECOND)
        expect(timeline.locator("li").nth(1)).to_contain_text(FIRST)
        assert stale.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        stale.goto(people.server.url("/work"))
        stale.get_by_role("button", name="中文").click()
        stale.set_viewport_size(DESKTOP)

    # The team's supervisor finds who read the case, to the second, by its reference.
    supervisor = people.page("pd.supervisor", "/access-log")
    supervisor.get_by_label("个案编号", exact=True).fill(reference)
    supervisor.get_by_role("button", name="查询", exact=True).click()
    rows = supervisor.locator("main table tbody tr")
    expect(rows.first).to_contain_text(re.compile(r"\d{2}:\d{2}:\d{2}"))
    expect(rows.filter(has_text="吴昊").first).to_be_visible()
