"""Queues people can read and a search that survives Back (issue 12 items 3 and 4), in one
walk as 何勇, the Nan'an supervisor: his intake queue names 彭永贵 and the request
("胰岛素…"), each assessed row offers to assign it with the workers' open caseloads beside
their names (not him first); a search by a name goes by an opaque id, a result opens,
Back shows the results again without sending the form again, and a reload too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from adapters.demo.residents import RESIDENTS
from tests.e2e.conftest import People, screenshot
from tests.e2e.story import field

pytestmark = pytest.mark.e2e


def test_the_intake_queue_names_people_and_search_survives_back(people: People) -> None:
    insulin = RESIDENTS["na_insulin"].name  # 彭永贵, critical, assessed, unassigned
    page = people.page("na.supervisor", "/work")
    queue = page.get_by_role("table", name="待分派个案 · 南岸区社工服务团队")
    row = queue.get_by_role("row").filter(has_text=insulin)
    expect(row).to_contain_text("胰岛素依赖型糖尿病")
    choice = row.get_by_role("combobox")
    expect(choice.locator("option").first).to_have_text("请选择社工…")
    expect(choice).to_have_value("")  # nobody chosen beforehand
    expect(choice.locator("option").last).to_contain_text("何勇(督导)· 在办")
    expect(choice.locator("option").nth(1)).to_contain_text("在办")
    queue.scroll_into_view_if_needed()
    screenshot(page, "intake-queue")

    page.goto(people.server.url("/cases"))
    search = page.get_by_role("search", name="查询")
    field(search, "个案编号、姓名或电话").fill(insulin)
    search.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"/cases\?search=[A-Za-z0-9_-]{20,}$"))
    results_url = page.url
    assert insulin not in results_url
    assert "%E5" not in results_url
    results = page.get_by_role("table", name="共 1 个个案")
    expect(results).to_contain_text(insulin)
    results.get_by_role("link", name=re.compile(r"^NA-")).click()
    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}$"))

    page.go_back()  # no "Confirm form resubmission": the results are a plain GET
    expect(page).to_have_url(results_url)
    expect(page.get_by_role("table", name="共 1 个个案")).to_contain_text(insulin)
    page.reload()
    expect(page.get_by_role("table", name="共 1 个个案")).to_contain_text(insulin)
    words = field(page.get_by_role("search", name="查询"), "个案编号、姓名或电话")
    expect(words).to_have_value(insulin)
