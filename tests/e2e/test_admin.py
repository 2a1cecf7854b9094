"""The administrator's pages in a real browser (issue 12 item 1): an account created
and deactivated through the forms, teams and organisations, at desktop and phone width,
in Chinese and English, with no axe-core violation; the supervisor then sees the
account deactivated among the team's members."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import violations
from tests.e2e.conftest import DESKTOP, PHONE, People, screenshot

pytestmark = pytest.mark.e2e


def no_violations(page: Page) -> None:
    found = violations(page)
    assert found == [], f"{page.url}: {found}"


def test_an_admin_creates_and_deactivates_an_account_on_desktop_and_phone(
        people: People) -> None:
    page = people.page("admin", "/admin/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("用户账号")
    accounts = page.get_by_role("table", name="用户账号")
    expect(accounts.get_by_role("row").filter(has_text="jb.worker2")).to_contain_text("在用")
    no_violations(page)

    # A new account: refused without a team (the input stays), then created.
    form = page.get_by_role("form", name="新建账号")
    form.get_by_label("用户名").fill("jb.leaver")
    form.get_by_label("显示姓名").fill("陈离")
    form.get_by_label("角色", exact=True).select_option(label="社工")
    form.get_by_label("临时密码").fill("a temporary secret")
    form.get_by_role("button", name="创建账号").click()
    expect(page.get_by_role("alert")).to_contain_text("服务团队")
    form = page.get_by_role("form", name="新建账号")
    expect(form.get_by_label("用户名")).to_have_value("jb.leaver")
    form.get_by_label("服务团队(社工、督导、志愿者填写)").select_option("JB")
    form.get_by_label("临时密码").fill("a temporary secret")
    form.get_by_role("button", name="创建账号").click()
    expect(page.get_by_role("status")).to_have_text("账号 jb.leaver 已创建,密码为临时密码。")
    no_violations(page)

    # Deactivated from its page.
    deactivate = page.get_by_role("form", name="停用账号")
    deactivate.get_by_label("已核对,停用该账号").check()
    deactivate.get_by_role("button", name="停用账号").click()
    expect(page.get_by_role("status")).to_have_text("账号 jb.leaver 已停用。")

    page.goto(people.server.url("/admin/users?team=JB"))
    expect(page.get_by_role("row").filter(has_text="jb.leaver")).to_contain_text("已停用")
    screenshot(page, "admin-users")

    for path, heading in (("/admin/teams", "服务团队"), ("/admin/organisations", "合作机构")):
        page.goto(people.server.url(path))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        no_violations(page)

    # At phone width, in English: cards labelled by their column, nothing wider than the
    # screen, and still no violation.
    page.set_viewport_size(PHONE)
    try:
        page.goto(people.server.url("/admin/users"))
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Accounts")
        status = page.get_by_role("row").filter(has_text="jb.leaver").locator(
            "td[data-label='Status']")
        expect(status).to_have_text("Deactivated")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        no_violations(page)
        page.goto(people.server.url("/admin/teams"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Teams")
        no_violations(page)
    finally:
        page.get_by_role("button", name="中文").click()
        page.set_viewport_size(DESKTOP)

    # The team's supervisor sees that the account is deactivated.
    supervisor = people.page("jb.supervisor", "/team/members")
    expect(supervisor.get_by_role("row").filter(has_text="jb.leaver")).to_contain_text("已停用")
    no_violations(supervisor)
