"""A volunteer on a phone (issue 14): 360 px wide, in Chinese, lands on their page, pauses
and resumes taking errands, and finds no case page."""

from __future__ import annotations

import pytest
from playwright.sync_api import ViewportSize, expect

from tests.e2e.axe import violations
from tests.e2e.conftest import People, screenshot

pytestmark = pytest.mark.e2e

NARROW_PHONE = ViewportSize(width=360, height=740)


def test_a_volunteer_pauses_and_resumes_on_a_phone(people: People) -> None:
    page = people.page("jb.volunteer1", "/volunteer")
    page.set_viewport_size(NARROW_PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的任务")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="我的任务")).to_be_visible()
    expect(nav.get_by_role("link", name="服务时长")).to_have_attribute("href",
                                                                     "/volunteer/hours")
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    teams = page.get_by_role("region", name="我所在的团队")
    expect(teams).to_contain_text("江北区社工服务团队")
    expect(teams).to_contain_text("建新社区")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]
    assert violations(page) == []
    screenshot(page, "volunteer-phone")

    page.get_by_role("button", name="暂停接单").click()
    expect(page.get_by_role("status")).to_have_text("已暂停接单,不会再收到新的派单。")
    availability = page.get_by_role("region", name="接单状态")
    expect(availability).to_contain_text("您已暂停接单")
    page.get_by_role("button", name="恢复接单").click()
    expect(page.get_by_role("status")).to_have_text("已恢复接单。")
    expect(page.get_by_role("region", name="接单状态")).to_contain_text("您正在接单")

    answer = page.goto(people.server.url("/cases"))
    assert answer is not None
    assert answer.status == 404
