"""A volunteer does an errand on a phone (issue 14): 360 px wide, in Chinese. The case's
side puts a task in the team's pool (through the API: its pages are another's work); the
volunteer takes it (接单), finds the resident's phone, completes it with the time spent
(完成) and sees the hours in 服务时长 and on the certificate — and no page is wider than
the screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import APIRequestContext, Page, ViewportSize, expect

from tests.e2e.axe import violations
from tests.e2e.conftest import People, screenshot

pytestmark = pytest.mark.e2e

NARROW_PHONE = ViewportSize(width=360, height=740)
ERRAND = "代取降压药,送到家"


def api_call(api: APIRequestContext, token: str, method: str, path: str,
             body: dict[str, Any] | None = None) -> Any:
    answer = api.fetch(path, method=method, data=body,
                       headers={"Authorization": f"Bearer {token}"})
    assert answer.ok, answer.text()
    return answer.json()


def a_pool_task(page: Page, people: People) -> None:
    """jb.supervisor makes a delivery task on an active case of Jiangbei, for the pool."""
    api = page.context.request
    login = api.post(people.server.url("/api/v1/auth/login"), data={
        "username": "jb.supervisor", "password": people.server.demo_password})
    assert login.ok, login.text()
    token = login.json()["token"]
    cases = api_call(api, token, "GET", people.server.url("/api/v1/cases?status=active"))
    case_id = cases["items"][0]["id"]
    due = (datetime.now(tz=UTC) + timedelta(days=2)).isoformat()
    task = api_call(api, token, "POST", people.server.url(f"/api/v1/cases/{case_id}/tasks"),
                    {"kind": "delivery", "description": ERRAND, "due_by": due})
    api_call(api, token, "POST", people.server.url(f"/api/v1/tasks/{task['id']}/offer"),
             {"pool": True})


def fits(page: Page) -> None:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW_PHONE["width"], f"{page.url} is {width} px wide"


def test_a_volunteer_takes_a_pool_task_and_completes_it_on_a_phone(people: People) -> None:
    page = people.page("jb.volunteer1", "/volunteer")
    a_pool_task(page, people)
    page.set_viewport_size(NARROW_PHONE)
    page.reload()
    pool = page.get_by_role("region", name="任务池")
    card = pool.get_by_role("listitem").filter(has_text=ERRAND)
    expect(card).to_contain_text("物资配送")
    fits(page)
    screenshot(page, "volunteer-tasks-phone")
    card.get_by_role("button", name="接单").click()

    expect(page.get_by_role("status")).to_contain_text("接单成功")
    call = page.locator("a[href^='tel:']")
    expect(call).to_be_visible()
    expect(call).to_contain_text("拨打")
    fits(page)
    assert violations(page) == []
    call.scroll_into_view_if_needed()
    screenshot(page, "volunteer-task-phone")

    page.get_by_label("分钟").fill("90")
    page.get_by_label("简短说明(选填)").fill("药已送到,老人精神不错")
    page.get_by_role("button", name="完成", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("任务已完成")
    expect(page.locator("main")).to_contain_text("已完成:用时 90 分钟")
    expect(page.locator("a[href^='tel:']")).to_have_count(0)
    fits(page)

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="服务时长").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("服务时长")
    expect(page.get_by_role("region", name="合计")).to_contain_text("共 1.5 小时,1 次服务")
    fits(page)

    page.get_by_role("link", name="打印志愿服务证明").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("志愿服务证明")
    expect(page.locator("#cert-hours")).to_have_text("1.5 小时")
    expect(page.get_by_role("navigation")).to_have_count(0)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    screenshot(page, "volunteer-certificate")
    page.emulate_media(media="screen")
