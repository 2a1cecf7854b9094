"""The log-in page (a wrong password is refused in words) and the switch to English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import People, Server, log_in, screenshot
from tests.e2e.story import main

pytestmark = pytest.mark.e2e


def test_a_wrong_password_is_refused_in_chinese(people: People, server: Server) -> None:
    page = people.new_page()
    page.goto(server.url("/work"))
    expect(page).to_have_url(server.url("/login?next=/work"))
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    screenshot(page, "login")

    log_in(page, "jb.worker1", "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    expect(page.get_by_label("用户名")).to_have_value("jb.worker1")
    expect(page.get_by_label("密码")).to_have_value("")


def test_a_worker_switches_to_english_and_back(people: People) -> None:
    page = people.page("jb.worker2", "/work")
    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My cases")
    expect(page.get_by_role("heading", level=2, name="My caseload")).to_be_visible()
    expect(page.get_by_role("heading", level=2,
                            name="Intake queue · 江北区社工服务团队")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    for link in ("My cases", "New case", "Find a case"):
        expect(nav.get_by_role("link", name=link)).to_be_visible()
    caseload = page.get_by_role("table", name="My caseload")
    for column in ("Case", "Next follow-up", "Risk", "Status", "Needs"):
        expect(caseload.get_by_role("columnheader", name=column)).to_be_visible()
    expect(caseload).to_contain_text("In service")  # 田桂兰's home care, assigned to 赵敏
    expect(caseload).to_contain_text("Home care")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "english-caseload")

    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的工作台")
    expect(main(page).get_by_role("table", name="我负责的个案")).to_contain_text("服务中")
