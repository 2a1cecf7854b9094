"""A session that ends in the middle of the work (issue 12, item 2), in a real Chromium:
the note typed when it ended comes back after logging in again, in zh-CN; a warning comes
before the end on a page with input not yet sent. And (item 12) a link to a collapsed
form opens it, on load and when the address's #… changes, in English at phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, People, Server, log_in, screenshot
from tests.e2e.story import field, flash, main

pytestmark = pytest.mark.e2e

USER = "na.worker1"  # no other browser test uses this account: its session is ours to end
NOTE = "下午三点再打电话给她女儿,确认胰岛素今晚能送到。"


def first_case_of_caseload(page: Page, server: Server) -> str:
    href = page.locator("#caseload a[href^='/cases/']").first.get_attribute("href")
    assert href
    return server.url(href)


def end_session(page: Page) -> None:
    """As when it lapsed: the browser no longer holds the session (nor, after a restart,
    the CSRF token's cookie)."""
    page.context.clear_cookies(name="casework_session")
    page.context.clear_cookies(name="casework_csrf")


def test_a_note_typed_as_the_session_ended_comes_back_after_logging_in(
        people: People, server: Server) -> None:
    page = people.page(USER, "/work")
    page.set_viewport_size(DESKTOP)
    case_url = first_case_of_caseload(page, server)
    page.clock.install()
    page.goto(case_url + "#form-note")
    form = page.get_by_role("form", name="添加个案记录")
    expect(form).to_be_visible()  # the link's #form-note opened it
    field(form, "记录内容").fill(NOTE)

    # A few minutes before the session ends, input not yet sent: a warning that offers
    # to keep the session going.
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("11:56:00")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("您的登录将在几分钟后过期")
    expect(warning).to_be_in_viewport()
    screenshot(page, "session-warning")
    warning.get_by_role("button", name="继续保持登录").click()
    expect(warning).to_be_hidden()

    end_session(page)
    form.get_by_role("button", name="添加个案记录").click()

    expect(page).to_have_url(re.compile(r"/login\?next=/cases/[0-9a-f-]+&ended=1$"))
    expect(page.get_by_role("alert")).to_contain_text("您的登录已过期,需要重新登录")
    expect(page.get_by_role("alert")).to_contain_text("已保存在本浏览器中")
    screenshot(page, "session-ended")
    log_in(page, USER, server.demo_password)

    expect(page).to_have_url(case_url)
    expect(page.get_by_role("status").filter(has_text="已恢复")).to_be_visible()
    form = page.get_by_role("form", name="添加个案记录")
    expect(field(form, "记录内容")).to_have_value(NOTE)
    expect(field(form, "记录内容")).to_be_focused()
    screenshot(page, "session-restored")
    form.get_by_role("button", name="添加个案记录").click()

    flash(page, "个案记录已添加。")
    expect(main(page).locator("ol.timeline li").first).to_contain_text(NOTE)
    page.reload()  # sent: the browser forgot it
    expect(page.locator("#draft-restored")).to_be_hidden()
    expect(page.locator("#form-note textarea")).to_have_value("")


def test_a_link_to_a_collapsed_form_opens_it_in_english_on_a_phone(
        people: People, server: Server) -> None:
    page = people.page(USER, "/work")
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="English").click()
    try:
        intake = page.locator("#intake")
        intake.get_by_role("link", name="Assess").first.click()
        expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]+#form-assess$"))
        assess = page.get_by_role("form", name="Assess", exact=True)
        expect(assess).to_be_visible()
        expect(assess).to_contain_text("Fields marked (required) must be filled in.")
        expect(page.get_by_role("form", name="Add a case note")).to_be_hidden()

        page.evaluate("window.location.hash = 'form-note'")  # on the page: hashchange
        expect(page.get_by_role("form", name="Add a case note")).to_be_visible()
        screenshot(page, "case-form-from-link-phone")
    finally:
        page.get_by_role("button", name="中文").click()
        page.set_viewport_size(DESKTOP)
