"""Story 3's older man in quarantine (demo, Nan'an): his NGO referral expired, so 冯雪 calls
him herself every day. She sets a daily check-in plan on his case, finds it in 今日回访
from her work page, and records the call (decision 0028)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from adapters.demo.residents import RESIDENTS
from tests.e2e.conftest import People, screenshot
from tests.e2e.story import field, flash, main, now_local, open_action, region, timeline_says

pytestmark = pytest.mark.e2e


def test_a_daily_check_in_from_plan_to_today_to_done(people: People) -> None:
    elder = RESIDENTS["na_lonely"].name
    page = people.page("na.worker1", "/work")
    caseload = page.get_by_role("table", name="我负责的个案")
    caseload.get_by_role("row").filter(has_text=elder).get_by_role(
        "link", name=re.compile(r"^NA-")).click()
    expect(main(page).get_by_role("heading", level=1)).to_contain_text("NA-")

    form = open_action(page, "设定回访计划")
    field(form, "重复").select_option(label="每天")
    field(form, "时间").fill("23:59")  # still ahead today: today's call is the first
    form.get_by_role("button", name="设定回访计划").click()
    flash(page, "回访计划已设定。")
    section = region(page, "定期回访")
    expect(section).to_contain_text("每天 23:59, 至结案")
    expect(section.get_by_role("row").nth(1)).to_contain_text("待回访")
    timeline_says(page, "冯雪 设定了回访计划")
    section.scroll_into_view_if_needed()
    screenshot(page, "check-ins-plan")

    page.goto(people.server.url("/work"))
    page.get_by_role("link", name=re.compile(r"^今日回访:待回访 \d+ 个")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("今日回访")
    today_list = page.get_by_role("table", name="今日回访")
    row = today_list.get_by_role("row").filter(has_text=elder)
    expect(row).to_contain_text("每天")
    expect(row).to_contain_text("待回访")
    screenshot(page, "check-ins-today")

    row.get_by_role("link").first.click()
    day = now_local().date().isoformat()
    page.locator(f"#form-checkin-{day}-done > summary").click()
    done = page.get_by_role("form", name="完成回访")
    field(done, "记录内容").fill("电话陪伴十分钟,情绪平稳,蔬菜还够两天。")
    done.get_by_role("button", name="完成回访").click()
    flash(page, "回访已记录。")
    expect(region(page, "定期回访").get_by_role("row").nth(1)).to_contain_text("已完成")
