"""The pages a full working day added (issue 12: notifications, the access log, the team's
members, imports, today's check-ins, the filtered case list, the case record sheet) and a
volunteer's own (issue 14: my tasks, a task, my hours, the certificate) pass
axe-core, at desktop width in Chinese and at phone width in English, and at phone width
nothing is wider than the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import violations
from tests.e2e.conftest import DESKTOP, PHONE, People

pytestmark = pytest.mark.e2e

PAGES = {
    "jb.supervisor": ("/notifications", "/access-log", "/team/members", "/team/import",
                      "/cases?status=active,pending_closure&deadline=overdue", "/team"),
    "na.worker1": ("/today", "/notifications"),
    "ngo.partner": ("/notifications",),
    "auditor": ("/access-log", "/cases?risk=high,critical"),
    # a volunteer's own pages (issue 14); a task's page is added when one is listed
    "jb.volunteer1": ("/volunteer", "/volunteer/hours", "/volunteer/hours/certificate"),
}


def checked(page: Page, where: str) -> None:
    expect(page.locator("main h1")).to_be_visible()
    found = violations(page)
    assert found == [], f"{where} {page.url}: {found}"


def wider_than(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


def print_sheet(page: Page, people: People) -> str:
    """The address of the record sheet of the first case in the supervisor's list."""
    page.goto(people.server.url("/cases?status=active"))
    first = page.locator("main table a[href^='/cases/']").first
    href = first.get_attribute("href")
    assert href is not None
    assert re.fullmatch(r"/cases/[0-9a-f-]{36}", href), href
    return f"{href}/print"


def volunteer_task(page: Page) -> list[str]:
    """The page of the first task on the volunteer's page, if there is one."""
    link = page.locator("main .task-card h3 a").first
    if link.count() == 0:
        return []
    href = link.get_attribute("href")
    assert href is not None
    assert re.fullmatch(r"/volunteer/tasks/[0-9a-f-]{36}", href), href
    return [href]


@pytest.mark.parametrize("username", sorted(PAGES))
def test_the_new_pages_pass_axe_in_both_languages_and_widths(people: People,
                                                            username: str) -> None:
    page = people.page(username, PAGES[username][0])
    paths = list(PAGES[username])
    if username == "jb.supervisor":
        paths.append(print_sheet(page, people))
    if username == "jb.volunteer1":
        paths.extend(volunteer_task(page))
    for path in paths:
        page.goto(people.server.url(path))
        checked(page, f"{username}, zh-CN, desktop:")

    page.set_viewport_size(PHONE)
    try:
        page.goto(people.server.url(paths[0]))
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        for path in paths:
            page.goto(people.server.url(path))
            checked(page, f"{username}, English, phone:")
            assert wider_than(page) <= PHONE["width"], f"{path} is wider than a phone"
    finally:
        page.goto(people.server.url(paths[0]))  # the record sheet has no language switch
        page.get_by_role("button", name="中文").click()
        page.set_viewport_size(DESKTOP)
