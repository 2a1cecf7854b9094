"""The supervisor's dashboard leads to the cases behind a figure, and a case prints as its
record sheet (issue 12, items 9 and 10), in Chromium at desktop width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import People, screenshot
from tests.e2e.story import REFERENCE

pytestmark = pytest.mark.e2e


def test_a_dashboard_figure_opens_its_cases_and_a_case_prints(people: People) -> None:
    page = people.page("jb.supervisor", "/team")
    breakdowns = page.get_by_role("region", name=re.compile("在办个案分布"))
    breakdowns.scroll_into_view_if_needed()
    expect(breakdowns.get_by_role("heading", name="按困难类型")).to_be_visible()
    by_community = breakdowns.get_by_role("region", name="按社区")
    first = by_community.get_by_role("table").get_by_role("row").nth(1)
    community = first.get_by_role("cell").first.inner_text()
    figure = first.get_by_role("link")
    count = int(figure.inner_text())
    screenshot(page, "dashboard-breakdowns")

    figure.click()
    expect(page).to_have_url(re.compile(r"/cases\?status=intake,assessed,active,"
                                        r"pending_closure&community="))
    expect(page.get_by_text("筛选条件")).to_contain_text(community)
    results = page.get_by_role("table", name=f"共 {count} 个个案")
    expect(results.get_by_role("row")).to_have_count(count + 1)  # and its header
    expect(page.get_by_role("link", name="CSV(Excel)")).to_have_attribute(
        "href", re.compile(r"^/cases/export\?status=.*&community=.*&format=csv$"))

    results.get_by_role("link", name=REFERENCE).first.click()
    page.get_by_role("link", name="打印个案记录表").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("个案记录表")
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.locator("form")).to_have_count(0)
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    for section in ("服务对象", "需求评估与服务计划", "服务记录", "个案记录", "转介", "签名"):
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
    screenshot(page, "case-print")
