"""The web UI under its Content-Security-Policy (issue 11, item 7): the main pages of
each role load, draw their charts and refresh their lists without a single violation
(no inline script or style, no eval), and every page is sent with the policy."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.e2e.conftest import DESKTOP, TIMEZONE, People, Server, log_in

pytestmark = pytest.mark.e2e

# Records every violation the browser reports, from the first script of each page on.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " +
                              e.sourceFile + ":" + e.lineNumber);
});
"""

PAGES = {
    "jb.worker2": ["/work", "/cases/new", "/cases", "first-case"],
    "jb.supervisor": ["/team", "/team/reassign", "/team/transfers", "/team/approvals",
                      "/report"],
    "foundation.partner": ["/referrals", "/report"],
}


def _watched_page(people: People, console: list[str]) -> Page:
    context = people.browser.new_context(locale="zh-CN", viewport=DESKTOP,
                                         timezone_id=TIMEZONE)
    context.add_init_script(WATCH)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in (
                message.text):
            console.append(message.text)

    page.on("console", on_console)
    return page


def _visit(page: Page, server: Server, path: str) -> Any:
    if path == "first-case":  # the first case of the caseload
        page.goto(server.url("/work"))
        href = page.locator("#caseload a[href^='/cases/']").first.get_attribute("href")
        assert href
        return page.goto(server.url(href))
    return page.goto(server.url(path))


@pytest.mark.parametrize("username", sorted(PAGES))
def test_the_main_pages_report_no_policy_violation(people: People, server: Server,
                                                   username: str) -> None:
    console: list[str] = []
    page = _watched_page(people, console)
    page.goto(server.url("/login"))
    log_in(page, username, server.demo_password)
    expect(page).not_to_have_url(server.url("/login"))
    visited = {}
    for path in PAGES[username]:
        answer = _visit(page, server, path)
        assert answer is not None, path
        assert answer.ok, path
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        visited[path] = page.evaluate("window.__cspViolations")
    assert {path: found for path, found in visited.items() if found} == {}
    assert console == []
    page.context.close()
